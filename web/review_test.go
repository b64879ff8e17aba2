package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// reviewSections are the review's sections, in their order.
var reviewSections = []string{"self-assessment", "cases", "screening", "training", "risks", "findings", "concerns"}

// reviewWant is the 2026 review's figures, each counted here in SQL.
func reviewWant(t *testing.T, app *testutil.App, from, to time.Time) map[string]int64 {
	in := func(table, col string, more ...string) int64 {
		q := "SELECT COUNT(*) FROM " + table + " WHERE " + col + " >= ? AND " + col + " < ?"
		for _, m := range more {
			q += " AND " + m
		}
		return sqlCount(t, app, q, from, to)
	}
	return map[string]int64{
		"cases-opened":              in("cases", "created_at"),
		"cases-approved":            in("cases", "decided_at", "status IN ('approved', 'closed')"),
		"cases-rejected":            in("cases", "decided_at", "status = 'rejected'"),
		"screening-versions":        in("list_versions", "imported_at"),
		"screening-screenings":      in("screenings", "screened_at"),
		"screening-decided":         in("hit_decisions", "decided_at"),
		"training-assigned":         in("assignments", "assigned_at"),
		"training-completed":        in("completions", "completed_at"),
		"risks-recorded":            in("risks", "created_at"),
		"risks-reviews":             in("risk_reviews", "reviewed_at"),
		"risks-open":                sqlCount(t, app, "SELECT COUNT(*) FROM risks WHERE status = 'open'"),
		"concerns-received":         in("concern_reports", "received_at"),
		"concerns-closed":           sqlCount(t, app, "SELECT COUNT(*) FROM concern_reports WHERE status = 'closed' AND id IN (SELECT report_id FROM concern_entries WHERE kind = 'closed' AND at >= ? AND at < ?)", from, to),
		"self-assessment-completed": in("selfassess_periods", "completed_at"),
		"self-assessment-gaps": sqlCount(t, app, `SELECT COUNT(*) FROM selfassess_answers a JOIN selfassess_periods p ON p.id = a.period_id
			WHERE p.completed_at >= ? AND p.completed_at < ? AND a.maturity < p.target`, from, to),
		"self-assessment-raised": sqlCount(t, app, `SELECT COUNT(*) FROM selfassess_answers a JOIN selfassess_periods p ON p.id = a.period_id
			WHERE p.completed_at >= ? AND p.completed_at < ? AND a.finding_id <> ''`, from, to),
		"findings-recorded":       in("findings", "recorded_at"),
		"findings-closed":         in("findings", "closed_at"),
		"findings-actions-closed": in("corrective_actions", "closed_at"),
		"findings-actions-overdue": sqlCount(t, app, "SELECT COUNT(*) FROM corrective_actions WHERE status <> 'closed' AND due_on < ?",
			app.DB.Now().Truncate(24*time.Hour)),
		"concerns-disclosed": sqlCount(t, app, "SELECT COUNT(*) FROM concern_reports WHERE disclosed_on LIKE ?", strconv.Itoa(from.Year())+"-%"),
	}
}

func TestReview_TheYearsFiguresAreThoseOfTheDatabase(t *testing.T) {
	app, ts := newDashboardWorld(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if res := auditor.get("/programme/review"); !res.redirectsTo("/programme/review/2026") {
		t.Fatalf("the review without a year: %d %s, want this year's", res.StatusCode, res.Header.Get("Location"))
	}
	res := auditor.get("/programme/review/2026")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review: %d", res.StatusCode)
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	want := reviewWant(t, app, from, to)
	for id, n := range want {
		if got := textOf(t, res.Body, "figure-"+id); !strings.HasSuffix(got, " "+strconv.FormatInt(n, 10)) {
			t.Errorf("figure %s reads %q, want %d", id, got, n)
		}
	}
	if n := strings.Count(res.Body, `data-testid="figure-`); n != len(want) {
		t.Errorf("%d figures in the review, %d checked", n, len(want))
	}
	if want["findings-recorded"] == 0 || want["findings-actions-closed"] == 0 {
		t.Errorf("the world's year has no finding or no action signed off: %v", want)
	}
	if want["cases-opened"] != 62 || want["screening-decided"] != 1 || want["concerns-disclosed"] != 1 || want["risks-reviews"] != 1 {
		t.Errorf("the world's year: %v", want)
	}
	checkReviewTables(t, app, res.Body, from, to)
	sections := regexpAll(res.Body, `data-section="([a-z-]+)"`)
	if !slices.Equal(sections, reviewSections) {
		t.Errorf("sections %q", sections)
	}
}

// checkReviewTables compares the review's tables of counts with SQL counts.
func checkReviewTables(t *testing.T, app *testutil.App, body string, from, to time.Time) {
	t.Helper()
	n := func(q string, args ...any) string {
		return strconv.FormatInt(sqlCount(t, app, q, append([]any{from, to}, args...)...), 10)
	}
	for _, row := range tableOf(t, body, "cases-by-destination") {
		var code string
		if err := app.DB.Gorm.Raw("SELECT code FROM countries WHERE name = ?", row[0]).Scan(&code).Error; err != nil || code == "" {
			t.Fatalf("no country %q", row[0])
		}
		if want := n("SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ? AND destination = ?", code); row[1] != want {
			t.Errorf("cases to %s: %s, want %s", code, row[1], want)
		}
	}
	for _, row := range tableOf(t, body, "cases-by-status") {
		if want := n("SELECT COUNT(*) FROM cases c WHERE created_at >= ? AND created_at < ? AND status = ?", statusOf(row[0])); row[1] != want {
			t.Errorf("cases opened, now %s: %s, want %s", row[0], row[1], want)
		}
	}
	for _, row := range tableOf(t, body, "training-by-course") {
		course := "(SELECT course_id FROM course_versions WHERE title = ? LIMIT 1)"
		got := []string{n("SELECT COUNT(*) FROM assignments WHERE assigned_at >= ? AND assigned_at < ? AND course_id = "+course, row[0]),
			n("SELECT COUNT(*) FROM completions WHERE completed_at >= ? AND completed_at < ? AND course_id = "+course, row[0])}
		if !slices.Equal(row[1:], got) {
			t.Errorf("course %s: %q, want %q", row[0], row[1:], got)
		}
	}
	var open []programme.Risk
	if err := app.DB.Gorm.Where("status = 'open'").Find(&open).Error; err != nil {
		t.Fatal(err)
	}
	for _, row := range tableOf(t, body, "open-risks-by-level") {
		level, _, _ := strings.Cut(row[0], " ")
		var residual, inherent int
		for _, r := range open {
			residual += boolInt(string(programme.LevelOf(r.Residual())) == level)
			inherent += boolInt(string(programme.LevelOf(r.Inherent())) == level)
		}
		if got := []string{strconv.Itoa(residual), strconv.Itoa(inherent)}; !slices.Equal(row[1:], got) {
			t.Errorf("open risks %s: %q, want %q", level, row[1:], got)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// statusOf is the status whose label is label.
func statusOf(label string) string {
	return strings.ReplaceAll(strings.ToLower(label), " ", "_")
}

func TestReview_TheYearIsFourDigitsAndNotToCome(t *testing.T) {
	_, ts := newDashboardWorld(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	for path, want := range map[string]int{"/programme/review/20x6": http.StatusUnprocessableEntity,
		"/programme/review/1999": http.StatusUnprocessableEntity, "/programme/review/2027": http.StatusNotFound,
		"/programme/review?year=abc": http.StatusUnprocessableEntity, "/programme/review/2025": http.StatusOK} {
		res := officer.get(path)
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
		}
		if want == http.StatusUnprocessableEntity && !strings.Contains(res.Body, "four digits") {
			t.Errorf("%s does not say what a year must be", path)
		}
	}
	if res := officer.get("/programme/review?year=2025"); !res.redirectsTo("/programme/review/2025") {
		t.Errorf("choosing 2025: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestDashboard_ManagementsHomeLeadsWithIt(t *testing.T) {
	_, ts := newDashboardWorld(t)
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	home := board.get("/")
	if !strings.Contains(home.Body, `data-testid="home-dashboard"`) || strings.Count(home.Body, `data-testid="chart"`) != dashboardCharts {
		t.Errorf("the board's home page does not show the dashboard")
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	home = officer.get("/")
	if strings.Contains(home.Body, `data-testid="home-dashboard"`) || !strings.Contains(textOf(t, home.Body, "card-dashboard"), "export cases in progress") {
		t.Errorf("the officer's home page should carry a card, not the dashboard")
	}
	for _, v := range []*visitor{board, officer} {
		if p := v.get("/programme"); !strings.Contains(p.Body, `href="/dashboard"`) || !strings.Contains(p.Body, `href="/programme/review"`) {
			t.Errorf("the programme page does not list the dashboard and the review")
		}
	}
}

// regexpAll returns the first group of every match of pattern in s.
func regexpAll(s, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
