package web_test

// Browser journey of ICP core elements 1 and 2: management publishes and
// signs a new version of the commitment statement; staff see it on their
// home page, acknowledge it, and the card goes; the compliance officer
// reads the acknowledgement log; the organisation page names the holders.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestBrowser_CommitmentAndOrganisation(t *testing.T) {
	base := uiServe(t)
	const text = "We export only what the law allows.\n\nAsk the export control officer when in doubt."

	// 1. board@ publishes and signs version 2.
	board := uiBrowserAs(t, base, "board@example.com")
	err := chromedp.Do(board, chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/commitment"), uiWaitFor("commitment"), uiPress("new-commitment"), uiWaitFor("commitment-form"),
		chromedp.SetValue(uiCSS("#text"), text), uiClickSel("#sign"), uiPress("publish-commitment"),
	)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	if err := uiWaitText(board, "commitment-signature", "Signed by Bea Board"); err != nil {
		t.Fatal(err)
	}
	if got, err := uiText(board, "commitment-text"); err != nil || !strings.Contains(got, "Ask the export control officer when in doubt.") {
		t.Errorf("the statement reads %q (err %v)", got, err)
	}
	if hash, err := uiText(board, "commitment-hash"); err != nil || len(strings.TrimSpace(hash)) != 64 {
		t.Errorf("hash %q (err %v)", hash, err)
	}
	uiTrainingShot(t, board, "commitment")
	uiCheckAxe(t, board, "commitment page")

	// 2. staff@ sees it on the home page, acknowledges it, and the card goes.
	staff := uiBrowserAs(t, base, "staff@example.com")
	if err := chromedp.Do(staff, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(staff, "card-commitment", "Version 2"); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, staff, "home-commitment")
	uiCheckAxe(t, staff, "home page with the commitment and contacts cards")
	err = chromedp.Do(staff, uiClickSel(uiTestID("card-commitment")+" footer a"), uiWaitFor("acknowledge"), uiPress("acknowledge"))
	if err != nil {
		t.Fatalf("acknowledge: %v", err)
	}
	if err := uiWaitText(staff, "commitment-acknowledged", "You acknowledged version 2"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(staff, chromedp.Navigate(base+"/"), uiWaitFor("home")); err != nil {
		t.Fatal(err)
	}
	if n, err := uiCount(staff, uiTestID("card-commitment")); err != nil || n != 0 {
		t.Errorf("%d commitment cards after the acknowledgement (err %v)", n, err)
	}
	if contacts, err := uiText(staff, "card-contacts"); err != nil || !strings.Contains(contacts, "Olga Officer") {
		t.Errorf("contacts card %q (err %v)", contacts, err)
	}
	// The course about the ICP manual names them too.
	err = chromedp.Do(staff, chromedp.Navigate(base+"/training/courses"), uiWaitFor("courses"),
		chromedp.Evaluate[chromedp.Void](`Array.from(document.querySelectorAll('[data-testid="course-row"] a')).find(a => a.textContent.includes('ICP manual')).click()`),
		uiWaitFor("course-organisation"))
	if err != nil {
		t.Fatalf("the ICP manual course shows no organisation: %v", err)
	}
	if got, err := uiText(staff, "course-organisation"); err != nil || !strings.Contains(got, "Mia Manager, Deputy export control officer") {
		t.Errorf("the course names %q (err %v)", got, err)
	}
	uiTrainingShot(t, staff, "manual-course")

	// 3. officer@ reads the log: staff@ and the board have acknowledged version 2.
	officer := uiBrowserAs(t, base, "officer@example.com")
	if err := chromedp.Do(officer, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(officer, chromedp.Navigate(base+"/commitment/acknowledgements"), uiWaitFor("commitment-log")); err != nil {
		t.Fatal(err)
	}
	if share, err := uiText(officer, "commitment-share"); err != nil || !strings.Contains(share, "2 of 8 active users (25 %) acknowledged version 2") {
		t.Errorf("share %q (err %v)", share, err)
	}
	row, err := chromedp.Run(officer, chromedp.Text(uiCSS(`[data-testid="commitment-person"][data-email="staff@example.com"]`)))
	if err != nil || strings.Contains(row, "not yet") || !strings.Contains(row, "UTC") {
		t.Errorf("staff's row %q (err %v)", row, err)
	}
	uiTrainingShot(t, officer, "commitment-log")
	uiCheckAxe(t, officer, "acknowledgement log")

	// 4. The organisation page names the holders, with the officer's form.
	if err := chromedp.Do(officer, chromedp.Navigate(base+"/organisation"), uiWaitFor("organisation")); err != nil {
		t.Fatal(err)
	}
	if got, err := uiText(officer, "role-export_control_officer"); err != nil || !strings.Contains(got, "Olga Officer") {
		t.Errorf("export control officer %q (err %v)", got, err)
	}
	uiTrainingShot(t, officer, "organisation")
	uiCheckAxe(t, officer, "organisation page")
}
