package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var sampled = regexp.MustCompile(`data-testid="sample-case"><a href="/cases/[^/]+/dossier">(EXP-\d{4}-\d{5})`)

// The auditor searches by party, item, person and period, sees why each
// case matched, and draws a sample whose seed draws it again; the draw is
// recorded.
func TestCases_SearchShowsWhyAndSamples(t *testing.T) {
	app, ts := newServer(t)
	probes := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) { s.Items[0].Classification = "5A001.j" })
	routers := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details.Title = "Routers"
		s.Items[0].Description = "Encrypting router"
	})
	approved := submittedCase(t, app, "manager@example.com")
	if _, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), approved.ID, approved.Version, cases.Approve, ""); err != nil {
		t.Fatal(err)
	}
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	list := auditor.get("/cases?item=5a001.j").Body
	if !strings.Contains(list, probes.Reference) || strings.Contains(list, routers.Reference) || !strings.Contains(list, "matched: item Probe appliance (5A001.j)") {
		t.Errorf("the search by classification does not find the probes alone, with why")
	}
	list = auditor.get("/cases?q=acme+networks").Body
	if !strings.Contains(list, "matched: party Acme Networks AG") {
		t.Errorf("the search by a party's name does not say it matched the party")
	}
	mia := app.Case(t, approved.ID).SignOffs[0].UserID
	list = auditor.get("/cases?person=" + mia).Body
	if !strings.Contains(list, approved.Reference) || strings.Contains(list, probes.Reference) {
		t.Errorf("the search by the person who signed off does not find the approved case alone")
	}
	if res := auditor.get("/cases?from=tomorrow"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed day: %d", res.StatusCode)
	}

	first := auditor.get("/cases/sample?n=2&seed=42")
	again := auditor.get("/cases/sample?n=2&seed=42")
	refs := sampled.FindAllStringSubmatch(first.Body, -1)
	if first.StatusCode != http.StatusOK || len(refs) != 2 || !slices.Equal(sampled.FindAllString(first.Body, -1), sampled.FindAllString(again.Body, -1)) {
		t.Fatalf("sample: %d, %d cases, the same seed drawing the same: %v", first.StatusCode, len(refs), refs)
	}
	if res := auditor.get("/cases/sample?n=0"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a sample of none: %d", res.StatusCode)
	}
	searches, err := app.Audit.List(app.SignedIn(t, "auditor@example.com"), audit.Filter{Action: "audit.search"})
	if err != nil || len(searches) != 3 || searches[len(searches)-1].ObjectID != "/cases?item=5a001.j" {
		t.Errorf("the auditor's searches on the record: %d, %v", len(searches), err)
	}
	draws, err := app.Audit.List(app.SignedIn(t, "auditor@example.com"), audit.Filter{Action: "audit.sample"})
	if err != nil || len(draws) != 2 || !strings.Contains(draws[0].Summary, "seed 42") || !strings.Contains(draws[0].Summary, refs[0][1]) {
		t.Errorf("the draws' records: %+v %v", draws, err)
	}
}
