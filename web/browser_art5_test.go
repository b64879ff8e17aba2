package web_test

// Browser journey of Art. 5(2): a case holding unlisted monitoring software;
// the assessment says the exporter is aware of the uses; signing blocks the
// case; the notification prints with the exporter and the authority; the
// authority's reply grants a licence, which returns the case to draft; it
// is submitted again and two people approve it.

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
)

// uiStatus is the case's status as its page shows it.
func uiStatus(ctx context.Context) (string, error) {
	s, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("case-status"))))
	return strings.TrimSpace(s), err
}

func TestBrowser_Art5NotificationLicenceAndTwoApprovals(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL
	f := monitoringCase(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	fillSections(t, manager, f.ID)

	// The manager answers the three questions of Art. 5.
	mgr := uiBrowserAs(t, base, "manager@example.com")
	if err := chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID+"/assessment"), uiWaitFor("art5-questions")); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(mgr, chromedp.SendKeys(uiCSS("#sec-conclusion textarea[name=rationale]"), "The police force watches journalists with it."),
		chromedp.SendKeys(uiCSS("#sec-conclusion textarea[name=override_justification]"), "Reports of 2025 name this end user."))
	if err == nil {
		err = uiClickAll(mgr, "level-high", "informed-no", "aware-yes")
	}
	if err == nil {
		err = uiSaveSection(mgr, "conclusion")
	}
	if err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, mgr, "assessment with the Art. 5 questions")
	uiTrainingShot(t, mgr, "art5-questions")

	// A compliance officer signs: the case is blocked, and the page says why.
	off := uiBrowserAs(t, base, "officer@example.com")
	err = chromedp.Do(off, chromedp.Navigate(base+"/cases/"+f.ID+"/assessment"), uiPress("sign-assessment"), uiWaitFor("signed"))
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	if rules, err := chromedp.Run(off, chromedp.Text(uiCSS(uiTestID("rules-applied")))); err != nil || !strings.Contains(rules, "Art. 5(2): we are aware") {
		t.Errorf("rules = %q (err %v)", rules, err)
	}
	if got := current(t, app, f.ID); got.Status != cases.Blocked {
		t.Fatalf("after signing the case is %s, want blocked", got.Status)
	}

	// The notification names the exporter and the authority; it is sent.
	if err := chromedp.Do(off, uiClickSel(uiTestID("notification-link")), uiWaitFor("notification")); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"record-exporter": "DE0000DEMO00001", "record-authority": "The competent authority",
		"record-title": "Notification to the competent authority (Art. 5(2))"} {
		if text, err := chromedp.Run(off, chromedp.Text(uiCSS(uiTestID(id)))); err != nil || !strings.Contains(text, want) {
			t.Errorf("%s = %q (err %v), want %q", id, text, err, want)
		}
	}
	uiCheckAxe(t, off, "notification to print")
	uiTrainingShot(t, off, "art5-notification")
	err = chromedp.Do(off, chromedp.SetValue(uiCSS("#sent_on"), "2026-01-02"), uiPress("record-sent"), uiWaitFor("reply-form"))
	if err != nil {
		t.Fatalf("record as sent: %v", err)
	}
	if sent, err := chromedp.Run(off, chromedp.Text(uiCSS(uiTestID("notification-sent")))); err != nil || !strings.Contains(sent, "2026-01-02 by Olga Officer") {
		t.Errorf("sent = %q (err %v)", sent, err)
	}

	// The reply grants a licence: the case is back in draft.
	for _, step := range []struct{ name, value string }{{"reply_date", "2026-02-01"}, {"reply_reference", "BAFA-2026-77"},
		{"reply_decision", "licence_granted"}, {"licence_number", "DE-LIC-0042"}} {
		if err := chromedp.Do(off, chromedp.SetValue(uiCSS("#reply-form [name="+step.name+"]"), step.value)); err != nil {
			t.Fatalf("fill %s: %v", step.name, err)
		}
	}
	if err := chromedp.Do(off, uiPress("save-reply"), uiWaitFor("reply-recorded")); err != nil {
		t.Fatalf("record the reply: %v", err)
	}
	if got := current(t, app, f.ID); got.Status != cases.Draft {
		t.Fatalf("after the licence the case is %s, want draft", got.Status)
	}
	uiTrainingShot(t, off, "art5-reply")

	// Submitted again, it needs two approvals (high risk, one by a
	// compliance officer); the manager who wrote the assessment gives none.
	if err := chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	if err := uiCaseSubmit(mgr, "submit-case"); err != nil {
		t.Fatal(err)
	}
	for _, approver := range []context.Context{uiBrowserAs(t, base, "manager2@example.com"), off} {
		if err := chromedp.Do(approver, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
			t.Fatal(err)
		}
		if err := uiCaseSubmit(approver, "decide-approve"); err != nil {
			t.Fatal(err)
		}
	}
	uiTrainingShot(t, off, "art5-approved-case")
	if status, err := uiStatus(off); err != nil || status != "Approved" {
		t.Errorf("status = %q (err %v), want Approved", status, err)
	}
	if got := current(t, app, f.ID); got.Status != cases.Approved || len(got.ValidApprovals()) != 2 {
		t.Errorf("stored: %s with %d approvals, want approved with two", got.Status, len(got.ValidApprovals()))
	}
	timeline, err := chromedp.Run(off, chromedp.Text(uiCSS(uiTestID("timeline"))))
	if err != nil || !strings.Contains(timeline, "licence granted") || !strings.Contains(timeline, "returns to draft") {
		t.Errorf("timeline = %q (err %v)", timeline, err)
	}
}
