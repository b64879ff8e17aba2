package web_test

// Browser journey of the trained-signers rule: the demo export manager whose
// mandatory course has lapsed opens a case another manager submitted and
// tries to approve it; the page refuses in words, names the course and links
// to it, and nothing is recorded.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
)

func TestBrowser_LapsedManagerIsRefusedTheApproval(t *testing.T) {
	app, base := uiServeApp(t)
	f := submittedCase(t, app, "manager@example.com")
	basics := demo.Courses[0].Title

	ctx := uiBrowser(t)
	if err := uiSignIn(ctx, base, demo.LapsedManager, demo.Password); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, ctx, "submitted case seen by the lapsed manager")
	if err := chromedp.Do(ctx, uiClickSel(uiTestID("decide-approve")), uiWaitFor("error-page")); err != nil {
		t.Fatalf("approve: no refusal shown: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("error-page")+" p")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "not completed the mandatory training “"+basics+"”") || !strings.Contains(msg, "lapsed") {
		t.Errorf("the refusal says %q, want it to name %q", msg, basics)
	}
	link := uiCSS(uiTestID("error-links") + " a")
	text, err := chromedp.Run(ctx, chromedp.Text(link))
	if err != nil || text != basics {
		t.Fatalf("the refusal links %q (err %v), want the course %q", text, err, basics)
	}
	uiCheckAxe(t, ctx, "refused approval")
	if got := current(t, app, f.ID); got.Status != cases.Submitted || len(got.SignOffs) != 0 {
		t.Errorf("after the refusal the case is %s with %d sign-offs", got.Status, len(got.SignOffs))
	}

	// The link leads to the course.
	if err := chromedp.Do(ctx, chromedp.Click(link), uiWaitFor("course")); err != nil {
		t.Fatalf("follow the course link: %v", err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("course")+" h1"))); err != nil || !strings.Contains(title, basics) {
		t.Errorf("the course page is titled %q (err %v), want %q", title, err, basics)
	}
}
