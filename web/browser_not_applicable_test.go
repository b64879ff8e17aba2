package web_test

// Browser journey of a match on a list that does not bind the transaction:
// one compliance officer decides "list not applicable" with the reason,
// another confirms it; the decision, the reason and the confirmer show on
// the case and in its timeline, and the screening gate turns green.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestBrowser_ListNotApplicableByTwoOfficers(t *testing.T) {
	app, base := uiServeApp(t)
	second := secondOfficer(t, app)
	demoListRecommended(t, app)
	const reason = "The listing binds US persons only; nothing on this case is subject to US export rules."

	mgr := uiBrowserAs(t, base, "manager@example.com")
	if _, err := uiOpenCase(mgr, "Survey instruments", "Survey instruments for a mining company."); err != nil {
		t.Fatal(err)
	}
	if err := uiAddNewParty(mgr, "end_user", "Taiga Precision Instruments JSC"); err != nil {
		t.Fatal(err)
	}
	caseURL, err := chromedp.Run(mgr, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	caseURL = strings.SplitN(caseURL, "#", 2)[0]

	// 1. The first officer decides: list not applicable, with the reason.
	officer := uiBrowserAs(t, base, "officer@example.com")
	err = chromedp.Do(officer,
		chromedp.Navigate(caseURL),
		uiWaitFor("case"),
		uiExpand("decide-hit"),
		uiWaitFor("hit-form"),
		uiClickSel(uiTestID("verdict-not_applicable")),
		chromedp.SendKeys(uiCSS(uiTestID("hit-form")+" textarea[name=reason]"), reason),
	)
	if err != nil {
		t.Fatalf("fill in the decision: %v", err)
	}
	if items, err := uiText(officer, "us-items"); err != nil || !strings.Contains(items, "No item on this case is marked subject to US export rules.") {
		t.Errorf("the form's note on US items = %q (err %v)", items, err)
	}
	if err := uiCaseSubmit(officer, "save-hit-decision"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(officer, "flash", "Hit decided: match, list not applicable to this transaction."); err != nil {
		t.Fatal(err)
	}
	if got, err := uiHitStatuses(officer); err != nil || len(got) != 1 || !strings.Contains(got[0], "awaiting a second compliance officer") {
		t.Errorf("hit status = %q (err %v)", got, err)
	}
	if check, err := uiScreeningCheck(officer); err != nil || !strings.Contains(check, "A second compliance officer confirms") {
		t.Errorf("screening check while waiting = %q (err %v)", check, err)
	}
	uiCheckAxe(t, officer, "case page with a decision waiting for a second officer")

	// 2. The second officer confirms it.
	other := uiBrowserAs(t, base, second)
	if err := chromedp.Do(other, chromedp.Navigate(caseURL), uiWaitFor("confirm-not-applicable")); err != nil {
		t.Fatalf("no confirm button for the second officer: %v", err)
	}
	if err := uiCaseSubmit(other, "confirm-not-applicable"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(other, "flash", "Confirmed: the list does not apply to this transaction."); err != nil {
		t.Fatal(err)
	}
	if got, err := uiHitStatuses(other); err != nil || len(got) != 1 || got[0] != "Match, list not applicable to this transaction" {
		t.Errorf("hit status after the confirmation = %q (err %v)", got, err)
	}
	decision, err := uiText(other, "hit-decision")
	if err != nil || !strings.Contains(decision, "Olga Officer") || !strings.Contains(decision, reason) || !strings.Contains(decision, "Confirmed by Otto Officer") {
		t.Errorf("decision = %q (err %v), want the decider, the reason and the confirmer", decision, err)
	}
	if check, err := uiScreeningCheck(other); err != nil || !strings.Contains(check, "✓") {
		t.Errorf("screening check after the confirmation = %q (err %v), want ✓", check, err)
	}
	timeline, err := uiText(other, "timeline")
	if err != nil || !strings.Contains(timeline, "match, list not applicable to this transaction — "+reason) ||
		!strings.Contains(timeline, "confirmed that the list does not apply to this transaction (decided by Olga Officer") {
		t.Errorf("timeline = %q (err %v), want both steps", timeline, err)
	}
	uiTrainingShot(t, other, "list-not-applicable")
	uiCheckAxe(t, other, "case page with a confirmed not-applicable decision")
}
