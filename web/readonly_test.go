package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var postForm = regexp.MustCompile(`<form[^>]*method="post"[^>]*action="([^"]*)"`)

// No page an auditor sees offers an action: the only forms that post are
// signing out and recording a finding (on its own page and on a report of
// concern), the one thing an auditor writes. (The authorization matrix
// shows that every other changing route refuses auditors.)
func TestAuditor_PagesOfferNoAction(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	if _, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, ""); err != nil {
		t.Fatal(err)
	}
	finding, concern := findingWithActions(t, app)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	allowed := map[string]int{"/signout": 0, "/findings": 0, "/concerns/" + concern + "/findings": 0}
	for _, path := range []string{"/", "/cases", "/cases/" + f.ID, "/cases/" + f.ID + "/dossier", "/cases/" + f.ID + "/assessment",
		"/audit", "/audit/verify", "/products", "/licences", "/control-list", "/countries", "/countries/IR", "/red-flags",
		"/lists", "/training", "/training/courses", "/training/matrix", "/programme", "/risks", "/concerns", "/concerns/" + concern,
		"/findings", "/findings/new", "/findings/" + finding, "/commitment", "/commitment/acknowledgements", "/organisation"} {
		res := auditor.get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		for _, m := range postForm.FindAllStringSubmatch(res.Body, -1) {
			if _, ok := allowed[m[1]]; !ok {
				t.Errorf("%s offers the auditor a form posting to %s", path, m[1])
			}
			allowed[m[1]]++
		}
	}
	for action, n := range allowed {
		if n == 0 {
			t.Errorf("no page offers the auditor the form posting to %s", action)
		}
	}
}

// findingWithActions records a finding from a report of concern by staff@,
// with actions of manager@'s open, in progress, done and closed, and
// returns the ids of the finding and the report.
func findingWithActions(t *testing.T, app *testutil.App) (string, string) {
	t.Helper()
	officer, manager := app.SignedIn(t, "officer@example.com"), app.SignedIn(t, "manager@example.com")
	r, _, err := concerns.NewService(app.DB).File(app.SignedIn(t, "staff@example.com"), concerns.Input{Subject: "Relabelled goods", Body: "Before export."})
	if err != nil {
		t.Fatal(err)
	}
	f, err := app.Findings.Record(officer, findings.Input{Source: findings.FromConcern, SourceRef: r.ID, Title: "Goods relabelled", Severity: "high"})
	if err != nil {
		t.Fatal(err)
	}
	proof := findings.Evidence{Note: "Done.", Link: "https://example.com/proof"}
	for _, steps := range [][]func(id string) (*findings.Action, error){
		{},
		{func(id string) (*findings.Action, error) { return app.Findings.Start(manager, id) }},
		{func(id string) (*findings.Action, error) { return app.Findings.MarkDone(manager, id, proof) }},
		{func(id string) (*findings.Action, error) { return app.Findings.MarkDone(manager, id, proof) },
			func(id string) (*findings.Action, error) {
				return app.Findings.Review(officer, id, findings.SignOff, "")
			}},
	} {
		a, err := app.Findings.AddAction(officer, f.ID, findings.ActionInput{What: "Check the labels", OwnerID: userID(t, app, "manager@example.com"),
			Due: app.DB.Now().AddDate(0, 1, 0).Format("2006-01-02")})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range steps {
			if _, err := step(a.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f.ID, r.ID
}

// A tampered event shows on the verification page as the first broken link.
func TestAuditVerify_PageNamesTheBrokenLink(t *testing.T) {
	app, ts := newServer(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if page := auditor.get("/audit/verify").Body; !strings.Contains(page, "chain intact") || !strings.Contains(page, "Checked ") {
		t.Fatalf("before: no intact chain with the time checked")
	}
	stmts := []string{"DROP TRIGGER audit_events_no_update", "UPDATE audit_events SET summary = 'Nothing happened' WHERE seq = 3"}
	if app.DB.Dialect == db.Postgres {
		stmts = []string{"ALTER TABLE audit_events DISABLE TRIGGER USER", stmts[1], "ALTER TABLE audit_events ENABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if err := app.DB.Gorm.Exec(s).Error; err != nil {
			t.Fatal(err)
		}
	}
	page := auditor.get("/audit/verify").Body
	if !strings.Contains(page, "chain broken at event 3: its content does not match its hash") || !strings.Contains(page, "flash-error") {
		t.Errorf("after tampering: the page does not name event 3")
	}
}
