package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Filter narrows and orders the case list. Zero fields match everything.
type Filter struct {
	Status      Status
	Destination string
	OwnerID     string
	Risk        string
	Query       string // reference, title or a party's name
	Sort        string // one of SortOrders' keys
	Page        int    // from 1
	PageSize    int
}

// SortOrders are the orders the list offers.
var SortOrders = vocab.Terms[string]{
	{Value: "updated", Label: "Last changed"},
	{Value: "reference", Label: "Reference"},
	{Value: "title", Label: "Title"},
	{Value: "status", Label: "Status"},
}

var sortSQL = map[string]string{
	"updated":   "cases.updated_at DESC, cases.id DESC",
	"reference": "cases.reference DESC",
	"title":     "cases.title, cases.id",
	"status":    "cases.status, cases.updated_at DESC",
}

// Row is one line of the case list.
type Row struct {
	ID, Reference, Title string
	Status               Status
	Destination          string // country name
	OwnerName            string
	RiskLevel            string
	UpdatedAt            time.Time
}

// List is a page of cases with the counts per status of the whole filter
// (ignoring its status).
type List struct {
	Epoch    int64 // the case epoch it was read at
	Rows     []Row
	Total    int64
	Counts   map[Status]int64
	Page     int
	PageSize int
}

// Pages is the number of pages.
func (l *List) Pages() int {
	if l.Total == 0 {
		return 1
	}
	return int((l.Total + int64(l.PageSize) - 1) / int64(l.PageSize))
}

// List returns one page of cases, the last one when f.Page is beyond it; the
// result is shared with other readers: treat it as read-only.
// Errors: Forbidden, Invalid (search text too long).
func (s *Service) List(ctx context.Context, f Filter) (*List, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	if err := db.CheckSearch("q", f.Query); err != nil {
		return nil, err
	}
	f = f.withDefaults()
	var epoch int64
	if err := s.db.QueryRow(ctx, "SELECT n FROM case_epoch WHERE id = 1").Scan(&epoch); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%+v", epoch, f)
	if l, ok := s.lists.Get(key); ok {
		return l, nil
	}
	out := &List{Epoch: epoch, Counts: map[Status]int64{}, Page: f.Page, PageSize: f.PageSize}
	base := f.where(s.db.Gorm.WithContext(ctx).Table("cases"))
	if err := out.count(base.Session(&gorm.Session{}), f.Status); err != nil {
		return nil, err
	}
	out.Page = min(out.Page, out.Pages())
	rows := base.Session(&gorm.Session{})
	if f.Status != "" {
		rows = rows.Where("cases.status = ?", f.Status)
	}
	order, ok := sortSQL[f.Sort]
	if !ok {
		order = sortSQL["updated"]
	}
	if err := rowColumns(rows).Order(order).Limit(f.PageSize).Offset((out.Page - 1) * f.PageSize).Scan(&out.Rows).Error; err != nil {
		return nil, err
	}
	s.lists.Add(key, out)
	return out, nil
}

// withDefaults fills in the page size (25, at most 200) and the first page.
func (f Filter) withDefaults() Filter {
	if f.PageSize <= 0 || f.PageSize > 200 {
		f.PageSize = 25
	}
	if f.Page < 1 {
		f.Page = 1
	}
	return f
}

// where narrows q to the cases the filter matches, whatever their status.
func (f Filter) where(q *gorm.DB) *gorm.DB {
	if f.Destination != "" {
		q = q.Where("cases.destination = ?", strings.ToUpper(f.Destination))
	}
	if f.OwnerID != "" {
		q = q.Where("cases.owner_id = ?", f.OwnerID)
	}
	if f.Risk != "" {
		q = q.Where("cases.risk_level = ?", f.Risk)
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		like := "%" + db.EscapeLike(strings.ToLower(text)) + "%"
		q = q.Where(`(LOWER(cases.reference) LIKE ? ESCAPE '\' OR LOWER(cases.title) LIKE ? ESCAPE '\' OR EXISTS (
			SELECT 1 FROM case_parties cp JOIN parties p ON p.id = cp.party_id
			WHERE cp.case_id = cases.id AND cp.removed_at IS NULL AND p.search_name LIKE ? ESCAPE '\'))`,
			like, like, "%"+db.EscapeLike(reference.Fold(text))+"%")
	}
	return q
}

// count fills in the counts per status of the cases q matches, and the total
// of those in status ("": all).
func (l *List) count(q *gorm.DB, status Status) error {
	var counts []struct {
		Status Status
		N      int64
	}
	if err := q.Select("cases.status AS status, COUNT(*) AS n").Group("cases.status").Scan(&counts).Error; err != nil {
		return err
	}
	for _, c := range counts {
		l.Counts[c.Status] = c.N
		if status == "" || status == c.Status {
			l.Total += c.N
		}
	}
	return nil
}

// rowColumns selects what a Row shows, with the destination's and owner's names.
func rowColumns(q *gorm.DB) *gorm.DB {
	return q.Select(`cases.id, cases.reference, cases.title, cases.status, cases.risk_level, cases.updated_at,
			COALESCE(countries.name, '') AS destination, users.name AS owner_name`).
		Joins("LEFT JOIN countries ON countries.code = cases.destination").
		Joins("JOIN users ON users.id = cases.owner_id")
}

// Attention is what needs a person's attention on the export desk.
type Attention struct {
	Drafts  []Row // my cases still in draft
	Waiting []Row // submitted by others, which I may decide on
	Decided []Row // my cases decided recently
}

// AttentionFor returns the actor's drafts, the submitted cases of others they
// are independent of, and their recently decided cases. Errors: Forbidden.
func (s *Service) AttentionFor(ctx context.Context, limit int) (*Attention, error) {
	actor, err := auth.Require(ctx, auth.PermReadCases)
	if err != nil {
		return nil, err
	}
	q := func(where string, args ...any) ([]Row, error) {
		var rows []Row
		err := rowColumns(s.db.Gorm.WithContext(ctx).Table("cases").Where(where, args...)).
			Order("cases.updated_at DESC").Limit(limit).Scan(&rows).Error
		return rows, err
	}
	a := &Attention{}
	if a.Drafts, err = q("cases.owner_id = ? AND cases.status = ?", actor.UserID, Draft); err != nil {
		return nil, err
	}
	if actor.Can(auth.PermSignOffCases) {
		if a.Waiting, err = q(`cases.status = ? AND cases.owner_id <> ? AND NOT EXISTS (
				SELECT 1 FROM case_editors e WHERE e.case_id = cases.id AND e.user_id = ?)`, Submitted, actor.UserID, actor.UserID); err != nil {
			return nil, err
		}
	}
	a.Decided, err = q("cases.owner_id = ? AND cases.status IN ?", actor.UserID, []Status{Approved, Rejected, OnHold, Blocked})
	return a, err
}
