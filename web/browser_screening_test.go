package web_test

// Browser journey of screening (acceptance point 5 of the screening issue):
// a party named like a listed entity gets a hit on the case, a compliance
// officer marks it a false positive with a reason, the screening gate turns
// green, and a new case with the same party is not asked again.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// uiScreeningCheck returns the readiness line of the screening gate.
func uiScreeningCheck(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('[data-testid="readiness"] li'),
		li => li.innerText).find(t => t.includes('Parties screened')) || ''`))
}

// uiHitStatuses returns the status badge of every hit on the case page.
func uiHitStatuses(ctx context.Context) ([]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="hit"] [data-testid="hit-status"]'), e => e.textContent.trim())`))
}

func TestBrowser_ScreeningJourney(t *testing.T) {
	app, base := uiServeApp(t)
	ctx := systemCtx
	if _, _, err := app.Screening.Lists.Import(ctx, watchlist.UN, watchlist.ParserFor(watchlist.UN), listFiles(t, "un/consolidated.xml")); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Screening.Load(ctx); err != nil {
		t.Fatal(err)
	}
	// Listed by the UN as AL WASEL AND BABEL GENERAL TRADING LLC.
	const party = "Al Wasel & Babel General Trading L.L.C."

	// 1. The manager adds the party to a new case: a hit, and the gate is red.
	mgr := uiBrowser(t)
	if err := uiSignIn(mgr, base, "manager@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	ref, err := uiOpenCase(mgr, "Router spare parts", "Replacement parts for installed routers.")
	if err != nil {
		t.Fatal(err)
	}
	if err := uiAddNewParty(mgr, "end_user", party); err != nil {
		t.Fatal(err)
	}
	hit, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("hit"))))
	if err != nil {
		t.Fatalf("no hit on the case after adding %s: %v", party, err)
	}
	for _, want := range []string{"AL WASEL AND BABEL GENERAL TRADING LLC", "UN Security Council", "To decide", "Matched"} {
		if !strings.Contains(hit, want) {
			t.Errorf("hit %q does not show %q", hit, want)
		}
	}
	if check, err := uiScreeningCheck(mgr); err != nil || !strings.Contains(check, "✗") || !strings.Contains(check, "Decide the open screening hit") {
		t.Errorf("screening check = %q (err %v), want ✗ with the open hit", check, err)
	}
	uiCheckAxe(t, mgr, "case page with an open hit")
	caseURL, err := chromedp.Run(mgr, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	caseURL = strings.SplitN(caseURL, "#", 2)[0]
	if err := uiSignOut(mgr, base); err != nil {
		t.Fatal(err)
	}

	// 2. The compliance officer decides it: a false positive, with a reason.
	officer := uiBrowser(t)
	if err := uiSignIn(officer, base, "officer@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	const reason = "Our customer is registered in Hamburg since 1998 (HRB 12345); the listed company is in Iraq."
	err = chromedp.Do(officer,
		chromedp.Navigate(caseURL),
		uiWaitFor("case"),
		uiExpand("decide-hit"),
		uiWaitFor("hit-form"),
		uiClickSel(uiTestID("verdict-false_positive")),
		chromedp.SendKeys(uiCSS(uiTestID("hit-form")+" textarea[name=reason]"), reason),
	)
	if err != nil {
		t.Fatalf("fill in the decision: %v", err)
	}
	uiCheckAxe(t, officer, "case page with the hit decision form")
	if err := uiCaseSubmit(officer, "save-hit-decision"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(officer, "flash", "Hit decided: false positive."); err != nil {
		t.Fatal(err)
	}
	if got, err := uiHitStatuses(officer); err != nil || fmt.Sprint(got) != "[False positive]" {
		t.Errorf("hit statuses = %q (err %v), want [False positive]", got, err)
	}
	decision, err := chromedp.Run(officer, chromedp.Text(uiCSS(uiTestID("hit-decision"))))
	if err != nil || !strings.Contains(decision, "Olga Officer") || !strings.Contains(decision, "HRB 12345") {
		t.Errorf("decision = %q (err %v), want the officer and the reason", decision, err)
	}
	if check, err := uiScreeningCheck(officer); err != nil || !strings.Contains(check, "✓") {
		t.Errorf("screening check after the decision = %q (err %v), want ✓", check, err)
	}
	uiCheckAxe(t, officer, "case page with a decided hit")
	if err := uiSignOut(officer, base); err != nil {
		t.Fatal(err)
	}

	// 3. Another manager puts the same party on a new case: not asked again.
	mgr2 := uiBrowser(t)
	if err := uiSignIn(mgr2, base, "manager2@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := uiOpenCase(mgr2, "Second order of spare parts", "More replacement parts."); err != nil {
		t.Fatal(err)
	}
	suggestion := uiTestID("party-suggestions") + " " + uiTestID("use-party")
	err = chromedp.Do(mgr2,
		uiExpand("add-party"),
		uiWaitFor("party-search"),
		chromedp.SendKeys(uiCSS(uiTestID("party-search")), "wasel"),
		uiSettled(),
		chromedp.WaitVisible(uiCSS(suggestion)),
		chromedp.SetValue(uiCSS(uiTestID("party-suggestions")+" select[name=role]"), "end_user"),
	)
	if err != nil {
		t.Fatalf("find the known party: %v", err)
	}
	if err := uiCaseSubmit(mgr2, "use-party"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr2, "flash", "Party added."); err != nil {
		t.Fatal(err)
	}
	if got, err := uiHitStatuses(mgr2); err != nil || fmt.Sprint(got) != "[False positive]" {
		t.Errorf("hit statuses on the second case = %q (err %v), want [False positive]", got, err)
	}
	if n, err := uiCount(mgr2, uiTestID("decide-hit")); err != nil || n != 0 {
		t.Errorf("%d hits offered for a decision on the second case (err %v), want none", n, err)
	}
	if check, err := uiScreeningCheck(mgr2); err != nil || !strings.Contains(check, "✓") {
		t.Errorf("screening check on the second case = %q (err %v), want ✓", check, err)
	}
	t.Logf("%s: hit decided once, not asked again on the second case", ref)
}
