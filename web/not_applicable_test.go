package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// demoListRecommended makes the demonstration list recommended, not
// required: a match on it may then be decided not applicable.
func demoListRecommended(t *testing.T, app *testutil.App) {
	t.Helper()
	_, err := app.Screening.Lists.SetPolicy(app.SignedIn(t, "officer@example.com"),
		[]screening.RuleInput{{Source: watchlist.Demo, Requirement: string(screening.Recommended), MaxAgeDays: "90"}})
	if err != nil {
		t.Fatal(err)
	}
}

// awaitingNotApplicable opens a case whose end user matches a demonstration
// entry and has decider, a compliance officer, decide that the list does
// not apply: it waits for a second one.
func awaitingNotApplicable(t *testing.T, app *testutil.App, endUser, decider string) (*cases.Case, string) {
	t.Helper()
	demoListRecommended(t, app)
	f := caseWithEndUser(t, app, endUser)
	st, err := app.Screening.ForCase(app.SignedIn(t, "manager@example.com"), f)
	if err != nil || len(st.Parties) != 1 || len(st.Parties[0].Hits) == 0 {
		t.Fatalf("no hit for %s: %v", endUser, err)
	}
	hit := st.Parties[0].Hits[0].ID
	f, err = app.Screening.Decide(app.SignedIn(t, decider), f.ID, f.Version, hit, screening.NotApplicable,
		"The listing binds US persons only; nothing on this case is subject to US export rules.")
	if err != nil {
		t.Fatalf("decide %s not applicable: %v", endUser, err)
	}
	return f, hit
}

// TestNotApplicable_DecidedAndConfirmedThroughTheCasePage: two compliance
// officers, each through the case page; the decision, the reason and the
// confirmer are on the case and its timeline.
func TestNotApplicable_DecidedAndConfirmedThroughTheCasePage(t *testing.T) {
	app, ts := newServer(t)
	second := secondOfficer(t, app)
	demoListRecommended(t, app)
	f := caseWithEndUser(t, app, "Taiga Precision Instruments JSC")
	page := "/cases/" + f.ID
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	m := hitID.FindStringSubmatch(officer.get(page).Body)
	if m == nil {
		t.Fatal("no hit form on the case page")
	}
	const reason = "The listing binds US persons only; nothing on this case is subject to US export rules."
	res := officer.form(page+"/hits/"+m[1]+"/decision", map[string][]string{"version": {v(f)}, "verdict": {"not_applicable"}, "reason": {reason}})
	if !res.redirectsTo(page) {
		t.Fatalf("decide not applicable: %d %s", res.StatusCode, section(res.Body, "screening"))
	}
	body := officer.get(page).Body
	if !strings.Contains(body, "Match, list not applicable to this transaction, awaiting a second compliance officer") ||
		strings.Contains(body, `data-testid="confirm-not-applicable"`) {
		t.Errorf("the deciding officer's page: no waiting status, or a confirm button")
	}
	if check := section(body, "readiness"); !strings.Contains(check, "A second compliance officer confirms") {
		t.Errorf("readiness while waiting does not name the confirmation")
	}

	manager := newVisitor(t, ts)
	manager.signIn("manager2@example.com")
	if res := manager.form(page+"/hits/"+m[1]+"/not-applicable/confirm", map[string][]string{"version": {v(current(t, app, f.ID))}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an export manager confirmed: %d", res.StatusCode)
	}
	other := newVisitor(t, ts)
	other.signIn(second)
	if !strings.Contains(other.get(page).Body, `data-testid="confirm-not-applicable"`) {
		t.Fatal("no confirm button for the second officer")
	}
	res = other.form(page+"/hits/"+m[1]+"/not-applicable/confirm", map[string][]string{"version": {v(current(t, app, f.ID))}})
	if !res.redirectsTo(page) {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	st, err := app.Screening.ForCase(app.SignedIn(t, "officer@example.com"), current(t, app, f.ID))
	if err != nil {
		t.Fatal(err)
	}
	if h := st.Parties[0].Hits[0]; h.Status != screening.NotApplicableHit || h.Decision.Reason != reason || h.Decision.ConfirmedBy == nil {
		t.Fatalf("stored hit %+v", h)
	}
	body = officer.get(page).Body
	for _, want := range []string{"Confirmed by Otto Officer", reason, "confirmed that the list does not apply to this transaction (decided by Olga Officer"} {
		if !strings.Contains(body, want) {
			t.Errorf("the case page does not show %q", want)
		}
	}
	if dossier := officer.get(page + "/dossier").Body; !strings.Contains(dossier, "confirmed by Otto Officer") {
		t.Errorf("the dossier does not show the confirmer")
	}
}
