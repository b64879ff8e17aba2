package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// dashboardCharts is how many charts the dashboard draws.
const dashboardCharts = 11

// sqlCount runs a query that selects one count.
func sqlCount(t *testing.T, app *testutil.App, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := app.DB.Gorm.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// share is how the dashboard writes part of whole.
func share(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%d %%", (100*part+whole/2)/whole)
}

// dashboardWant is every chart's table as counted here in SQL, by chart.
func dashboardWant(t *testing.T, app *testutil.App) map[string][][]string {
	now := app.DB.Now()
	want := map[string][][]string{}
	n := func(q string, args ...any) string { return strconv.FormatInt(sqlCount(t, app, q, args...), 10) }
	for _, st := range cases.Statuses {
		want["cases-by-state"] = append(want["cases-by-state"], []string{st.Label(), n("SELECT COUNT(*) FROM cases WHERE status = ?", st)})
	}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	for m := first; m.Before(now); m = m.AddDate(0, 1, 0) {
		want["cases-opened"] = append(want["cases-opened"], []string{m.Format("Jan 2006"),
			n("SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?", m, m.AddDate(0, 1, 0))})
		want["hits-decided"] = append(want["hits-decided"], []string{m.Format("Jan 2006"),
			n("SELECT COUNT(*) FROM hit_decisions WHERE decided_at >= ? AND decided_at < ?", m, m.AddDate(0, 1, 0))})
	}
	for _, v := range screening.Verdicts {
		want["hits-by-decision"] = append(want["hits-by-decision"], []string{v.Label,
			n("SELECT COUNT(*) FROM hit_decisions WHERE decision = ? AND decided_at >= ?", v.Value, first)})
	}
	want["training-completion"] = trainingWant(t, app)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	want["risk-reviews"] = [][]string{{"On schedule", n("SELECT COUNT(*) FROM risks WHERE status = 'open' AND next_review_on >= ?", today)},
		{"Review overdue", n("SELECT COUNT(*) FROM risks WHERE status = 'open' AND next_review_on < ?", today)}}
	for l := 5; l >= 1; l-- {
		row := []string{strconv.Itoa(l)}
		for i := 1; i <= 5; i++ {
			row = append(row, n("SELECT COUNT(*) FROM risks WHERE status = 'open' AND residual_likelihood = ? AND residual_impact = ?", l, i))
		}
		want["risk-heat-map"] = append(want["risk-heat-map"], row)
	}
	want["licence-use"] = licencesWant(t, app, today)
	for _, st := range []concerns.Status{concerns.Received, concerns.Acknowledged, concerns.Investigating, concerns.Closed} {
		want["concerns-by-status"] = append(want["concerns-by-status"], []string{st.Label(), n("SELECT COUNT(*) FROM concern_reports WHERE status = ?", st)})
	}
	want["actions-by-status"] = actionsWant(t, app)
	want["self-assessment-maturity"] = maturityWant(t, app)
	return want
}

// actionsWant counts the corrective actions by status.
func actionsWant(t *testing.T, app *testutil.App) [][]string {
	var rows [][]string
	for _, st := range findings.ActionStatuses {
		rows = append(rows, []string{st.Label(), strconv.FormatInt(sqlCount(t, app, "SELECT COUNT(*) FROM corrective_actions WHERE status = ?", st), 10)})
	}
	return rows
}

// maturityWant is each element's mean maturity in the newest period.
func maturityWant(t *testing.T, app *testutil.App) [][]string {
	const newest = "(SELECT id FROM selfassess_periods ORDER BY from_on DESC LIMIT 1)"
	var rows [][]string
	for _, e := range icp.Elements {
		key := strconv.Itoa(e.Number) + ".%"
		sum := sqlCount(t, app, "SELECT COALESCE(SUM(maturity), 0) FROM selfassess_answers WHERE period_id = "+newest+" AND question_key LIKE ?", key)
		n := sqlCount(t, app, "SELECT COUNT(*) FROM selfassess_answers WHERE period_id = "+newest+" AND question_key LIKE ?", key)
		text := fmt.Sprintf("%d of %d questions answered", n, len(selfassess.QuestionsOf(e.Number)))
		if n > 0 {
			text = fmt.Sprintf("%.1f of 4 (%s)", float64(sum)/float64(n), text)
		}
		rows = append(rows, []string{e.Label(), text, share(sum, 4*n)})
	}
	return rows
}

// licencesWant is the use of each limit of the licences valid on today.
func licencesWant(t *testing.T, app *testutil.App, today time.Time) [][]string {
	var licences []struct {
		Number, Authority, Currency, Unit string
		LimitMinor, LimitMilli            *int64
		UsedMinor, UsedMilli              int64
	}
	if err := app.DB.Gorm.Raw(`SELECT number, authority, currency, unit, limit_minor, limit_milli, reserved_minor + drawn_minor AS used_minor,
		reserved_milli + drawn_milli AS used_milli FROM licences WHERE valid_until >= ? ORDER BY number, id`, today).Scan(&licences).Error; err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, l := range licences {
		if l.LimitMinor != nil {
			rows = append(rows, []string{l.Number + " (" + l.Authority + "), value",
				licensing.Money(l.UsedMinor, l.Currency) + " of " + licensing.Money(*l.LimitMinor, l.Currency), share(l.UsedMinor, *l.LimitMinor)})
		}
		if l.LimitMilli != nil {
			rows = append(rows, []string{l.Number + " (" + l.Authority + "), quantity",
				licensing.Quantity(l.UsedMilli, l.Unit) + " of " + licensing.Quantity(*l.LimitMilli, l.Unit), share(l.UsedMilli, *l.LimitMilli)})
		}
	}
	if len(rows) != 2 {
		t.Errorf("the world should hold one licence limited in value and quantity: %q", rows)
	}
	return rows
}

// trainingWant counts each course's current assignments of active people
// and those completed within the course's recurrence.
func trainingWant(t *testing.T, app *testutil.App) [][]string {
	var courses []struct {
		ID, Title string
		Months    int
	}
	if err := app.DB.Gorm.Raw(`SELECT c.id, v.title, c.recurrence_months AS months FROM courses c
		JOIN course_versions v ON v.course_id = c.id AND v.version = c.version ORDER BY v.title`).Scan(&courses).Error; err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, c := range courses {
		const current = `SELECT COUNT(*) FROM assignments a JOIN users u ON u.id = a.user_id AND u.active = ?
			WHERE a.course_id = ? AND a.superseded_by IS NULL`
		since := app.DB.Now().AddDate(0, -c.Months, 0)
		if c.Months == 0 {
			since = time.Time{}
		}
		of := sqlCount(t, app, current, true, c.ID)
		done := sqlCount(t, app, current+" AND EXISTS (SELECT 1 FROM completions k WHERE k.assignment_id = a.id AND k.completed_at > ?)", true, c.ID, since)
		rows = append(rows, []string{c.Title, fmt.Sprintf("%d of %d", done, of), share(done, of)})
	}
	return rows
}

func TestDashboard_EveryChartShowsTheNumbersOfTheDatabase(t *testing.T) {
	app, ts := newDashboardWorld(t)
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	res := board.get("/dashboard")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", res.StatusCode)
	}
	want := dashboardWant(t, app)
	for chart, rows := range want {
		if got := tableOf(t, res.Body, "table-"+chart); !slices.EqualFunc(got, rows, slices.Equal) {
			t.Errorf("%s:\n got %q\nwant %q", chart, got, rows)
		}
	}
	if n := strings.Count(res.Body, `data-testid="chart"`); n != len(want) || n != dashboardCharts {
		t.Errorf("%d charts on the page, %d checked", n, len(want))
	}
	// Each chart is an image with a title and a description.
	for _, mark := range []string{`role="img"`, `<title id="`, `<desc id="`} {
		if n := strings.Count(res.Body, mark); n != len(want) {
			t.Errorf("%d charts carry %s, want %d", n, mark, len(want))
		}
	}
	if c := want["hits-by-decision"][0]; c[1] != "1" {
		t.Errorf("the world should hold one hit decided false positive: %q", c)
	}
	figures := map[string]int64{
		"cases-in-progress":    sqlCount(t, app, "SELECT COUNT(*) FROM cases WHERE status IN ('draft', 'submitted', 'on_hold')"),
		"hits-open":            openHitsWant(t, app),
		"risk-reviews-overdue": sqlCount(t, app, "SELECT COUNT(*) FROM risks WHERE status = 'open' AND next_review_on < ?", app.DB.Now().Truncate(24*time.Hour)),
		"concerns-open":        sqlCount(t, app, "SELECT COUNT(*) FROM concern_reports WHERE status <> 'closed'"),
		"actions-overdue": sqlCount(t, app, "SELECT COUNT(*) FROM corrective_actions WHERE status <> 'closed' AND due_on < ?",
			app.DB.Now().Truncate(24*time.Hour)),
	}
	for id, n := range figures {
		if got := textOf(t, res.Body, "figure-"+id); !strings.HasPrefix(got, strconv.FormatInt(n, 10)+" ") {
			t.Errorf("figure %s reads %q, want %d", id, got, n)
		}
	}
	if figures["hits-open"] != 1 || figures["risk-reviews-overdue"] != 1 || figures["actions-overdue"] == 0 {
		t.Errorf("the world should hold one open hit and one overdue review: %v", figures)
	}
}

// openHitsWant counts the hits of the parties' newest screenings on the
// cases in progress that no decision on the same entry answers (the world
// has no party changed since its screening and no decision "not applicable").
func openHitsWant(t *testing.T, app *testutil.App) int64 {
	return sqlCount(t, app, `SELECT COUNT(DISTINCT h.id) FROM screening_hits h JOIN screenings s ON s.id = h.screening_id
		JOIN case_parties cp ON cp.party_id = s.party_id AND cp.removed_at IS NULL
		JOIN cases c ON c.id = cp.case_id AND c.status IN ('draft', 'submitted', 'on_hold', 'approved')
		WHERE s.screened_at = (SELECT MAX(x.screened_at) FROM screenings x WHERE x.party_id = s.party_id)
		AND NOT EXISTS (SELECT 1 FROM hit_decisions d WHERE d.party_id = h.party_id AND d.source = h.source
			AND d.source_id = h.source_id AND d.entry_hash = h.entry_hash)`)
}
