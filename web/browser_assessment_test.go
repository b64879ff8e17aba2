package web_test

// Browser journey of the human-rights assessment (acceptance point 4 of the
// due-diligence issue): an export manager fills in the assessment of a case
// with a 5A001.j item to a high-tier destination section by section,
// concludes higher than Vigil proposes and must justify it, and a compliance
// officer signs it; the case then needs two approvals.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
)

// uiSaveSection presses a section's save button and waits until htmx has
// swapped the section back saved.
func uiSaveSection(ctx context.Context, name string) error {
	saved := fmt.Sprintf(`#sec-%s [data-testid="section-saved"]`, name)
	err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('#sec-%s').setAttribute('data-stale', '')`, name)),
		uiClickSel(uiTestID("save-"+name)),
		chromedp.WaitVisible(uiCSS(fmt.Sprintf(`#sec-%s:not([data-stale])`, name))),
	)
	if err != nil {
		return fmt.Errorf("save the section %s: %w", name, err)
	}
	if n, err := uiCount(ctx, saved); err != nil || n != 1 {
		text, _ := chromedp.Run(ctx, chromedp.Text(uiCSS("#sec-"+name)))
		return fmt.Errorf("section %s not saved: %s", name, text)
	}
	return nil
}

// uiClickAll clicks the elements with these data-testids (checkboxes, radios).
func uiClickAll(ctx context.Context, ids ...string) error {
	for _, id := range ids {
		// The element's own click, after it is visible: a click at its
		// coordinates can land elsewhere while the page still scrolls or
		// settles after a swap, and the choice is then lost.
		err := chromedp.Do(ctx, chromedp.WaitVisible(uiCSS(uiTestID(id))),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).click()`, uiTestID(id))))
		if err != nil {
			return fmt.Errorf("click %s: %w", id, err)
		}
	}
	return nil
}

func TestBrowser_AssessmentJourney(t *testing.T) {
	app, base := uiServeApp(t)
	officerCtx := app.SignedIn(t, "officer@example.com")
	if _, err := app.Reference.SetTier(officerCtx, "AE", "high", "Broad surveillance powers without independent oversight."); err != nil {
		t.Fatal(err)
	}
	ctx := app.SignedIn(t, "manager@example.com")
	f, err := app.Cases.Create(ctx, cases.Input{Title: "Network probes for Dubai", Destination: "AE", EndUserType: "private_company",
		EndUse: "Fault monitoring of a telecom operator's network."})
	step := func(g *cases.Case, e error) {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
		f = g
	}
	step(f, err)
	step(app.Cases.AddParty(ctx, f.ID, f.Version, cases.PartyInput{Role: "consignee", Name: "Gulf Integration FZ-LLC", Kind: "company", Country: "AE"}))
	step(app.Cases.AddParty(ctx, f.ID, f.Version, cases.PartyInput{Role: "end_user", Name: "Emirates Telecom Operations", Kind: "company", Country: "AE"}))
	step(app.Cases.AddItem(ctx, f.ID, f.Version, cases.ItemInput{Description: "Network probe", Quantity: "4", Unit: "pcs", Value: "48000", Currency: "EUR", Classification: "5A001.j"}))
	step(app.Cases.AddAttachment(ctx, f.ID, f.Version, "end_use_statement", app.StoreDocument(t, "statement.txt", "We, the end user, declare the end use."), ""))

	// 1. The manager finds the assessment required and opens it.
	mgr := uiBrowser(t)
	if err := uiSignIn(mgr, base, "manager@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(mgr,
		chromedp.Navigate(base+"/cases/"+f.ID),
		uiWaitFor("assessment-box"),
	)
	if err != nil {
		t.Fatal(err)
	}
	box, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("assessment-box"))))
	if err != nil || !strings.Contains(box, "5A001.j") || !strings.Contains(strings.ToLower(box), "high") {
		t.Errorf("assessment box = %q (err %v), want it required for the 5A001.j item and the high-tier destination", box, err)
	}
	uiCheckAxe(t, mgr, "case page that requires an assessment")
	if err := chromedp.Do(mgr, uiClickSel(uiTestID("open-assessment")), uiWaitFor("assessment")); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, mgr, "empty assessment")

	// 2. Section by section, each saved on its own.
	if err := uiClickAll(mgr, "capability-covert_interception", "capability-location_tracking", "use-targeted", "customisation-configuration"); err != nil {
		t.Fatal(err)
	}
	if err := uiSaveSection(mgr, "item"); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(mgr, chromedp.SetValue(uiCSS("#sec-end_user select[name=end_user_type]"), "private_company"))
	if err == nil {
		err = uiClickAll(mgr, "state_link-none", "known_misuse-none", "oversight-effective")
	}
	if err == nil {
		err = uiSaveSection(mgr, "end_user")
	}
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(mgr, chromedp.SendKeys(uiCSS("#sec-end_use textarea[name=purpose]"), "Fault monitoring of the operator's own network."))
	if err == nil {
		err = uiClickAll(mgr, "plausibility-plausible")
	}
	if err == nil {
		err = uiSaveSection(mgr, "end_use")
	}
	if err != nil {
		t.Fatal(err)
	}
	facts, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("destination-facts"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(facts, "high") {
		t.Errorf("destination facts = %q, want the reference data's tier of the case's destination", facts)
	}
	err = chromedp.Do(mgr, chromedp.SetValue(uiCSS("#sec-destination select[name=country]"), "AE"))
	if err == nil {
		err = uiClickAll(mgr, "legal_basis-vague", "judicial_oversight-limited", "remedies-limited")
	}
	if err == nil {
		err = uiSaveSection(mgr, "destination")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := uiSaveSection(mgr, "red_flags"); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(mgr,
		chromedp.SendKeys(uiCSS("#sec-sources input[name=source_title]"), "UN Special Rapporteur, Surveillance and human rights (A/HRC/41/35)"),
		chromedp.SendKeys(uiCSS("#sec-sources input[name=source_url]"), "https://undocs.org/A/HRC/41/35"),
		chromedp.SetValue(uiCSS("#sec-sources input[name=source_date]"), "2026-11-20"),
	)
	if err == nil {
		err = uiSaveSection(mgr, "sources")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := uiClickAll(mgr, "measure-contract_clauses", "measure-end_use_certificate"); err != nil {
		t.Fatal(err)
	}
	if err := uiSaveSection(mgr, "mitigation"); err != nil {
		t.Fatal(err)
	}
	proposed, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("proposal-level"))))
	if err != nil || strings.TrimSpace(proposed) != "medium" {
		t.Fatalf("proposed level = %q (err %v), want medium", proposed, err)
	}
	factors, err := chromedp.Run(mgr, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="factor"]'), r => r.innerText)`))
	if err != nil || len(factors) < 5 {
		t.Errorf("factors = %q (err %v), want each answer's points", factors, err)
	}

	// 3. The conclusion: high, above the proposal. Without a justification
	// it is refused beside the field, and what was typed stays.
	const rationale = "Interception capability to a high-tier destination; the operator is close to the state."
	err = chromedp.Do(mgr, chromedp.SendKeys(uiCSS("#sec-conclusion textarea[name=rationale]"), rationale))
	if err == nil {
		err = uiClickAll(mgr, "level-high")
	}
	if err != nil {
		t.Fatal(err)
	}
	// The item is listed: Art. 5 does not apply, and the page says why.
	if why, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("art5-not-applying")))); err != nil || !strings.Contains(why, "authorisation as listed items") {
		t.Errorf("Art. 5 note = %q (err %v), want that the listed items need an authorisation", why, err)
	}
	err = chromedp.Do(mgr,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#sec-conclusion').setAttribute('data-stale', '')`),
		uiClickSel(uiTestID("save-conclusion")),
		chromedp.WaitVisible(uiCSS(`#sec-conclusion:not([data-stale])`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(mgr, chromedp.Text(uiCSS("#sec-conclusion")))
	if err != nil || !strings.Contains(strings.ToLower(msg), "justif") {
		t.Fatalf("conclusion without justification = %q (err %v), want a message asking for the justification", msg, err)
	}
	if kept, err := chromedp.Run(mgr, chromedp.Value(uiCSS("#sec-conclusion textarea[name=rationale]"))); err != nil || kept != rationale {
		t.Errorf("rationale after the refusal = %q (err %v), want what was typed", kept, err)
	}
	uiCheckAxe(t, mgr, "assessment with a refused conclusion")
	err = chromedp.Do(mgr, chromedp.SendKeys(uiCSS("#sec-conclusion textarea[name=override_justification]"),
		"The operator is partly state-owned and a customisation is planned: we treat it as high."))
	if err == nil {
		err = uiSaveSection(mgr, "conclusion")
	}
	if err != nil {
		t.Fatal(err)
	}
	if n, err := uiCount(mgr, uiTestID("sign-assessment")); err != nil || n != 0 {
		t.Errorf("the export manager who wrote it is offered to sign it (%d, err %v)", n, err)
	}
	uiCheckAxe(t, mgr, "completed assessment")
	if err := uiSignOut(mgr, base); err != nil {
		t.Fatal(err)
	}

	// 4. The compliance officer signs.
	officer := uiBrowser(t)
	if err := uiSignIn(officer, base, "officer@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(officer,
		chromedp.Navigate(base+"/cases/"+f.ID+"/assessment"),
		uiWaitFor("sign-assessment"),
		uiClickSel(uiTestID("sign-assessment")),
		uiWaitFor("signed"),
	)
	if err != nil {
		t.Fatalf("sign the assessment: %v", err)
	}
	uiCheckAxe(t, officer, "signed assessment")
	signed, err := chromedp.Run(officer, chromedp.Text(uiCSS(uiTestID("signed"))))
	if err != nil || !strings.Contains(signed, "Olga Officer") {
		t.Errorf("signature = %q (err %v)", signed, err)
	}

	// 5. The case: the assessment gate passes and HIGH asks for two approvals.
	err = chromedp.Do(officer, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := chromedp.Run(officer, chromedp.Text(uiCSS(uiTestID("case"))))
	if err != nil {
		t.Fatal(err)
	}
	page = strings.Join(strings.Fields(page), " ") // the text for screen readers stands on lines of its own
	uiCheckAxe(t, officer, "case page with a signed assessment")
	for _, want := range []string{"✓ Done: Human-rights assessment", "0 of 2 approvals", "High risk"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page after the signature does not show %q", want)
		}
	}
}
