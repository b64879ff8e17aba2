package dashboard

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// Review is the yearly ICP review: the year's figures of each part of the
// programme, section by section, for management's review of the programme
// and the auditors.
type Review struct {
	Year     int
	From, To time.Time // the year: From inclusive, To exclusive
	At       time.Time // when it was compiled
	Sections []Section
}

// Section is one part of the programme in the review.
type Section struct {
	ID, Title, Element string
	Text               string // what the section counts
	Figures            []Figure
	Tables             []Table
}

// Table is a table of counts: one row a category, one column a count.
type Table struct {
	ID, Caption string
	Head        []string // the label column's heading, then each count's
	Rows        []Row
}

// Row is one line of a table.
type Row struct {
	Key, Label string
	Values     []int64
}

// period is the year a review covers.
type period struct {
	year     int
	from, to time.Time
}

// sections are the review's sections in the order the report shows them;
// each function compiles one part of the programme for the year.
var sections = []func(r *reader, p period) (Section, error){
	selfAssessSection, casesSection, screeningSection, trainingSection, risksSection, findingsSection, concernsSection,
}

// FirstYear is the earliest year a review may cover.
const FirstYear = 2000

// ParseYear reads the year of a review: four digits, from FirstYear to the
// year of now. Errors: Invalid, NotFound (a year to come).
func ParseYear(text string, now time.Time) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || len(strings.TrimSpace(text)) != 4 || y < FirstYear {
		return 0, apperr.New(apperr.Invalid, "Give the year of the review as four digits, %d or later.", FirstYear)
	}
	if y > now.UTC().Year() {
		return 0, apperr.New(apperr.NotFound, "The review of %d cannot be compiled before the year begins.", y)
	}
	return y, nil
}

// Review compiles the review of year. Errors: Unauthenticated, Forbidden,
// Invalid, NotFound.
func (s *Service) Review(ctx context.Context, year int) (*Review, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	r := s.reader(ctx)
	if _, err := ParseYear(strconv.Itoa(year), r.now); err != nil {
		return nil, err
	}
	p := period{year: year, from: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)}
	out := &Review{Year: year, From: p.from, To: p.to, At: r.now}
	for _, compile := range sections {
		sec, err := compile(r, p)
		if err != nil {
			return nil, err
		}
		out.Sections = append(out.Sections, sec)
	}
	return out, nil
}

// Years returns the years a review may be compiled for, the latest first:
// from the year of the first case (or this year) to this year.
func (s *Service) Years(ctx context.Context) ([]int, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	// The column itself, not MIN(): SQLite types a column's value as a
	// timestamp, not an aggregate's.
	var first []struct{ CreatedAt time.Time }
	if err := s.db.Gorm.WithContext(ctx).Raw("SELECT created_at FROM cases ORDER BY created_at LIMIT 1").Scan(&first).Error; err != nil {
		return nil, err
	}
	now := s.db.Now().UTC().Year()
	from := now
	if len(first) > 0 && first[0].CreatedAt.Year() < now {
		from = max(first[0].CreatedAt.Year(), FirstYear)
	}
	var out []int
	for y := now; y >= from; y-- {
		out = append(out, y)
	}
	return out, nil
}

// count runs a query that selects one count.
func (r *reader) count(query string, args ...any) (int64, error) {
	var n int64
	err := r.g.Raw(query, args...).Scan(&n).Error
	return n, err
}

// counts runs each query of a list with the period's bounds and returns
// the counts as figures.
func (r *reader) counts(p period, fs []Figure, queries []string) ([]Figure, error) {
	for i, q := range queries {
		n, err := r.count(q, p.from, p.to)
		if err != nil {
			return nil, err
		}
		fs[i].Value = n
	}
	return fs, nil
}

// rowsOf turns counts by key into the rows of a table, in the order of keys,
// leaving out those with no count when skipEmpty.
func rowsOf(keys, labels []string, n map[string]int64, skipEmpty bool) []Row {
	var out []Row
	for i, k := range keys {
		if skipEmpty && n[k] == 0 {
			continue
		}
		out = append(out, Row{Key: k, Label: labels[i], Values: []int64{n[k]}})
	}
	return out
}
