package web_test

// Browser journey of a corrective action closed by two people: officer@
// records a finding and gives manager@ an action; manager@ marks it done
// with evidence and may not sign it off; officer@ signs it off and it shows
// closed; then the finding closes.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestBrowser_ActionClosedByTwoPeople(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL

	// officer@ records a finding and gives manager@ an action.
	off := uiBrowserAs(t, base, "officer@example.com")
	if err := chromedp.Do(off, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(off, chromedp.Navigate(base+"/findings/new"), uiWaitFor("finding-form"),
		chromedp.SendKeys(uiCSS("#source_ref"), "Internal audit 2026"),
		chromedp.SendKeys(uiCSS("#title"), "Screening hits decided without a reason"),
		chromedp.SendKeys(uiCSS("#description"), "Three of twenty sampled decisions give no reason."),
		chromedp.SetValue(uiCSS("#element"), "4"), chromedp.SetValue(uiCSS("#severity"), "high"),
		uiPress("record-finding"), uiWaitFor("finding"))
	if err != nil {
		t.Fatalf("record the finding: %v", err)
	}
	uiActionClosedByTwo(t, app, base, off)
	if err := chromedp.Do(off, chromedp.Navigate(base+"/findings"), uiWaitFor("findings")); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, off, "findings-list")
}

// uiActionClosedByTwo walks the finding off shows from its first action to
// its closing: officer@ (off) gives manager@ an action, manager@ marks it
// done with evidence and is not offered the sign-off, officer@ signs it off,
// then closes the finding.
func uiActionClosedByTwo(t *testing.T, app *testutil.App, base string, off context.Context) {
	t.Helper()
	due := app.DB.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	err := chromedp.Do(off, chromedp.SendKeys(uiCSS("#what"), "Retrain the deciders and check ten decisions"),
		chromedp.SetValue(uiCSS("#owner_id"), userID(t, app, "manager@example.com")), chromedp.SetValue(uiCSS("#due"), due),
		uiPress("save-action"), uiWaitFor("action"))
	if err != nil {
		t.Fatalf("give the action: %v", err)
	}
	if err := uiWaitText(off, "action-status", "Open"); err != nil {
		t.Fatal(err)
	}
	page, err := chromedp.Run(off, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	page, _, _ = strings.Cut(page, "#")
	uiCheckAxe(t, off, "finding with an open action")

	// manager@ marks it done with evidence, and may not sign it off.
	mgr := uiBrowserAs(t, base, "manager@example.com")
	if err := chromedp.Do(mgr, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(mgr, chromedp.Navigate(page), uiWaitFor("evidence-form"),
		chromedp.SendKeys(uiCSS(uiTestID("evidence-form")+" textarea[name=note]"), "Four deciders retrained; ten decisions checked."),
		chromedp.SendKeys(uiCSS(uiTestID("evidence-form")+" input[name=link]"), "https://intranet.example.com/training/2026-03"),
		uiPress("mark-done"))
	if err != nil {
		t.Fatalf("mark done: %v", err)
	}
	if err := uiWaitText(mgr, "action-status", "Done — awaiting sign-off"); err != nil {
		t.Fatal(err)
	}
	if n, err := uiCount(mgr, uiTestID("sign-off")); err != nil || n != 0 {
		t.Errorf("the owner is offered the sign-off (%d, %v)", n, err)
	}
	uiTrainingShot(t, mgr, "finding-owner-done")

	// officer@ signs it off: closed, then the finding closes.
	if err := chromedp.Do(off, chromedp.Navigate(page), uiWaitFor("review-form")); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, off, "finding-to-sign-off")
	uiCheckAxe(t, off, "finding with an action to sign off")
	if err := chromedp.Do(off, uiPress("sign-off")); err != nil {
		t.Fatalf("sign off: %v", err)
	}
	if err := uiWaitText(off, "action-status", "Closed"); err != nil {
		t.Fatal(err)
	}
	if h, err := uiText(off, "action-history"); err != nil || !strings.Contains(h, "Signed off and closed — Olga Officer") ||
		!strings.Contains(h, "Marked done — Max Manager") {
		t.Errorf("history %q (err %v)", h, err)
	}
	uiTrainingShot(t, off, "finding-action-closed")
	err = chromedp.Do(off, chromedp.SendKeys(uiCSS("#closing_note"), "Deciders retrained; sample clean."),
		uiPress("close-finding-submit"), uiWaitFor("finding-closed"))
	if err != nil {
		t.Fatalf("close the finding: %v", err)
	}
	if err := uiWaitText(off, "finding-status", "closed"); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, off, "closed finding")
	uiTrainingShot(t, off, "finding-closed")
}
