package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// secondOfficer adds a second compliance officer, trained, and returns their
// email: a correction of a confirmed match takes two.
func secondOfficer(t *testing.T, app *testutil.App) string {
	t.Helper()
	const email = "officer2@example.com"
	_, err := app.Auth.CreateUser(app.SignedIn(t, "admin@example.com"), auth.NewUser{Email: email, Name: "Otto Officer",
		Roles: []auth.Role{auth.RoleComplianceOfficer}, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	app.Train(t, email)
	return email
}

// confirmedMatch opens, as manager@, a draft whose end user is named like an
// entry of the demonstration list, and has manager2@ confirm the match: the
// case is blocked. It returns the case and the hit.
func confirmedMatch(t *testing.T, app *testutil.App, endUser string) (*cases.Case, string) {
	t.Helper()
	f := caseWithEndUser(t, app, endUser)
	st, err := app.Screening.ForCase(app.SignedIn(t, "manager@example.com"), f)
	if err != nil || len(st.Parties) != 1 || len(st.Parties[0].Hits) == 0 {
		t.Fatalf("no hit for %s: %v", endUser, err)
	}
	hit := st.Parties[0].Hits[0].ID
	f, err = app.Screening.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, hit, screening.Confirmed,
		"Same name and the same registration number.")
	if err != nil || f.Status != cases.Blocked {
		t.Fatalf("confirm the match of %s: %v", endUser, err)
	}
	return f, hit
}

func TestCorrection_ProposedAndConfirmedThroughTheCasePage(t *testing.T) {
	app, ts := newServer(t)
	second := secondOfficer(t, app)
	f, hit := confirmedMatch(t, app, "Northstar Signal Trading L.L.C.")
	correction := "/cases/" + f.ID + "/hits/" + hit + "/correction"

	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if page := officer.get("/cases/" + f.ID); !strings.Contains(page.Body, `action="`+correction+`"`) {
		t.Fatal("no correction form for the compliance officer on the blocked case")
	}
	res := officer.form(correction, url.Values{"version": {v(f)}, "reason": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the reason the match was wrong") {
		t.Fatalf("correction without reason: %d", res.StatusCode)
	}
	why := "Our customer is Northstar Signal Trading GmbH of Bremen, registration HRB 4711; the listed company is in Dubai."
	if res = officer.form(correction, url.Values{"version": {v(f)}, "reason": {why}}); !res.redirectsTo("/cases/" + f.ID + "#screening") {
		t.Fatalf("proposal: %d %s", res.StatusCode, res.Body)
	}
	var stored []screening.Correction
	if err := app.DB.Gorm.Find(&stored).Error; err != nil || len(stored) != 1 || stored[0].Status != screening.CorrectionPending ||
		stored[0].Reason != why || stored[0].ProposedBy != userID(t, app, "officer@example.com") || stored[0].CaseID != f.ID {
		t.Fatalf("corrections %+v (%v)", stored, err)
	}
	page := officer.get("/cases/" + f.ID)
	if strings.Contains(page.Body, `data-testid="confirm-correction"`) || !strings.Contains(page.Body, "a second compliance officer confirms or declines it") {
		t.Error("the proposer is offered to confirm their own correction")
	}

	checker := newVisitor(t, ts)
	checker.signIn(second)
	if page := checker.get("/cases/" + f.ID); !strings.Contains(page.Body, `data-testid="confirm-correction"`) || !strings.Contains(page.Body, why) {
		t.Fatal("the second officer is not offered the waiting correction")
	}
	if res := checker.form(correction+"/confirm", url.Values{"version": {v(f)}}); res.StatusCode != http.StatusConflict {
		t.Errorf("confirmation from a stale page: %d", res.StatusCode)
	}
	f = current(t, app, f.ID)
	if res := checker.form(correction+"/confirm", url.Values{"version": {v(f)}}); !res.redirectsTo("/cases/" + f.ID + "#screening") {
		t.Fatalf("confirmation: %d %s", res.StatusCode, res.Body)
	}

	var decisions []screening.Decision
	if err := app.DB.Gorm.Order("decided_at, id").Find(&decisions).Error; err != nil || len(decisions) != 2 ||
		decisions[0].Verdict != screening.Confirmed || decisions[1].Verdict != screening.FalsePositive || decisions[1].Reason != why ||
		decisions[1].CorrectionID == nil || *decisions[1].CorrectionID != stored[0].ID {
		t.Fatalf("decisions %+v (%v)", decisions, err)
	}
	if f = current(t, app, f.ID); f.Status != cases.Draft {
		t.Errorf("case %s after the correction", f.Status)
	}
	page = checker.get("/cases/" + f.ID)
	history := section(page.Body, "screening")
	i := strings.Index(history, `data-testid="hit-history"`)
	if i < 0 {
		t.Fatal("no decision history on the case page")
	}
	history = history[i:]
	first, corrected := strings.Index(history, "Same name and the same registration number"), strings.Index(history, why)
	if first < 0 || corrected < first || !strings.Contains(history, "Confirmed match</strong> — Mia Manager") {
		t.Errorf("the decision history does not show the first decision before the correction: %s", history)
	}
	for _, want := range []string{"correction proposed", "correction confirmed", "the case returns to draft"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the case page's timeline lacks %q", want)
		}
	}
}
