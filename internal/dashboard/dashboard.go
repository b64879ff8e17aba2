// Package dashboard is how the internal compliance programme performs (ICP
// core element 5, performance review): the figures of the dashboard that
// management, compliance officers and auditors read, and the yearly ICP
// review report. It only reads: every figure is an aggregate query over the
// records the other parts of the programme keep, never the audit trail.
//
// The dashboard is an ordered list of charts and the report an ordered list
// of sections; a new part of the programme adds its chart to charts and its
// section to sections, one function each.
package dashboard

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/programme"
)

// Kind is how a chart draws its numbers.
type Kind string

const (
	Bars    Kind = "bars"    // one horizontal bar a category
	Columns Kind = "columns" // one column a month, oldest first
	Shares  Kind = "shares"  // each bar a part (Value) of a whole (Of)
	HeatMap Kind = "heatmap" // the risk register's 5 × 5 grid
)

// Tone is the colour of a bar, named by what it means; the page maps it to
// the application's palette.
type Tone string

const (
	Neutral Tone = "neutral"
	Good    Tone = "good"
	Active  Tone = "active"
	Waiting Tone = "waiting"
	Bad     Tone = "bad"
	Done    Tone = "done"
)

// Bar is one number of a chart.
type Bar struct {
	Key   string // the category's value ("approved", "2026-03"), stable for tests and links
	Label string
	Value int64
	Of    int64  // Shares: the whole Value is part of
	Text  string // how the number reads when it is not a plain count ("EUR 600.00 of EUR 1,000.00")
	Tone  Tone
}

// Chart is one figure of the dashboard.
type Chart struct {
	ID      string // stable: tests and the page's anchors name it
	Title   string
	Element string // the ICP core element it reports on
	Text    string // what the numbers count, in a sentence
	Kind    Kind
	// Category names what a bar stands for ("Status"), Unit what its
	// number counts ("Cases"): the headings of the chart's table.
	Category, Unit string
	Bars           []Bar
	Grid           programme.HeatMap // HeatMap only
}

// Figure is a headline number.
type Figure struct {
	ID, Label string
	Value     int64
}

// Overview is the dashboard at one moment.
type Overview struct {
	At      time.Time
	Figures []Figure
	Charts  []Chart
}

// Service reads the programme's figures.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// reader is one request's queries, at one moment.
type reader struct {
	g   *gorm.DB
	pg  bool
	now time.Time
	// figures are the headline numbers the charts found on the way.
	figures []Figure
}

// charts are the dashboard's charts in the order the page shows them; each
// function adds the charts of one part of the programme.
var charts = []func(r *reader) ([]Chart, error){
	selfAssessCharts, caseCharts, screeningCharts, trainingCharts, riskCharts, licenceCharts, actionCharts, concernCharts,
}

// Overview returns the dashboard now: its headline figures and its charts.
// Errors: Unauthenticated, Forbidden.
func (s *Service) Overview(ctx context.Context) (*Overview, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	r := s.reader(ctx)
	out := &Overview{At: r.now}
	for _, add := range charts {
		cs, err := add(r)
		if err != nil {
			return nil, err
		}
		out.Charts = append(out.Charts, cs...)
	}
	out.Figures = r.figures
	return out, nil
}

func (s *Service) reader(ctx context.Context) *reader {
	return &reader{g: s.db.Gorm.WithContext(ctx), pg: s.db.Dialect == db.Postgres, now: s.db.Now().UTC()}
}

// month is the SQL of a timestamp column's month, "2006-01".
func (r *reader) month(col string) string {
	if r.pg {
		return "to_char(" + col + ", 'YYYY-MM')"
	}
	return "substr(" + col + ", 1, 7)" // SQLite keeps timestamps as text, "2006-01-02 15:04:05…"
}

// counted is one row of a GROUP BY count.
type counted struct {
	K string
	N int64
}

// countBy runs query, which selects a key as k and a count as n, and
// returns the counts by key.
func (r *reader) countBy(query string, args ...any) (map[string]int64, error) {
	var rows []counted
	if err := r.g.Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, row := range rows {
		out[row.K] += row.N
	}
	return out, nil
}

// months are the first days of the last n months, the current one last.
func months(now time.Time, n int) []time.Time {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]time.Time, n)
	for i := range out {
		out[i] = first.AddDate(0, i-n+1, 0)
	}
	return out
}

// byMonth counts the rows of table whose column col falls in the last 12
// months, month by month, oldest first.
func (r *reader) byMonth(table, col string) ([]Bar, error) {
	ms := months(r.now, 12)
	n, err := r.countBy("SELECT "+r.month(col)+" AS k, COUNT(*) AS n FROM "+table+" WHERE "+col+" >= ? GROUP BY 1", ms[0])
	if err != nil {
		return nil, err
	}
	bars := make([]Bar, len(ms))
	for i, m := range ms {
		k := m.Format("2006-01")
		bars[i] = Bar{Key: k, Label: m.Format("Jan 2006"), Value: n[k], Tone: Active}
	}
	return bars, nil
}

// sum adds the values of bars.
func sum(bars []Bar) int64 {
	var n int64
	for _, b := range bars {
		n += b.Value
	}
	return n
}
