package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

var postForm = regexp.MustCompile(`<form[^>]*method="post"[^>]*action="([^"]*)"`)

// No page an auditor sees offers an action: the only form that posts is
// signing out. (The authorization matrix shows that every changing route
// refuses auditors.)
func TestAuditor_PagesOfferNoAction(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	if _, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, ""); err != nil {
		t.Fatal(err)
	}
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	for _, path := range []string{"/", "/cases", "/cases/" + f.ID, "/cases/" + f.ID + "/dossier", "/cases/" + f.ID + "/assessment",
		"/audit", "/audit/verify", "/products", "/licences", "/control-list", "/countries", "/countries/IR", "/red-flags",
		"/lists", "/training", "/training/courses", "/training/matrix", "/commitment", "/commitment/acknowledgements", "/organisation"} {
		res := auditor.get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		for _, m := range postForm.FindAllStringSubmatch(res.Body, -1) {
			if m[1] != "/signout" {
				t.Errorf("%s offers the auditor a form posting to %s", path, m[1])
			}
		}
	}
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
