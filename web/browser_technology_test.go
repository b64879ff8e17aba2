package web_test

// Browser journey of the technology register: an export manager on an
// entry's access list tries to send it to the United States without cover
// and is refused with the reason, then names the licence and the transfer
// is recorded.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestBrowser_TechnologyTransfer(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL
	item, _ := technologyEntry(t, app)
	licence := technologyLicence(t, app)

	mgr := uiBrowserAs(t, base, "manager@example.com")
	err := chromedp.Do(mgr, chromedp.Navigate(base+"/programme"), uiClickSel(`a[href="/technology"]`), uiWaitFor("technology-row"))
	if err != nil {
		t.Fatalf("the register from the programme page: %v", err)
	}
	uiTrainingShot(t, mgr, "technology-register")
	err = chromedp.Do(mgr, uiClickSel(`[data-testid="technology-row"] a`), uiWaitFor("transfer-form"),
		chromedp.SetValue(uiCSS("#channel"), "email"),
		chromedp.SendKeys(uiCSS("#recipient_name"), "Jane Roe"),
		chromedp.SendKeys(uiCSS("#recipient_org"), "Acme Research Inc."),
		chromedp.SetValue(uiCSS("#destination"), "US"),
		chromedp.SetValue(uiCSS("#on"), "2026-06-01"),
		chromedp.SetValue(uiCSS("#transferred_by"), userID(t, app, "manager@example.com")),
		uiPress("save-transfer"), uiWaitFor("form-error"))
	if err != nil {
		t.Fatalf("transfer without cover: %v", err)
	}
	msg, err := uiText(mgr, "form-error")
	if err != nil || !strings.Contains(msg, "Transfer refused") || !strings.Contains(msg, "needs an authorisation") {
		t.Fatalf("the refusal reads %q (%v)", msg, err)
	}
	kept, err := chromedp.Run(mgr, chromedp.Value(uiCSS("#recipient_org")))
	if err != nil || kept != "Acme Research Inc." {
		t.Errorf("the form lost the organisation: %q (%v)", kept, err)
	}
	uiTrainingShot(t, mgr, "technology-refused")
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_transfers"); n != 0 {
		t.Fatalf("%d transfers stored after the refusal", n)
	}

	err = chromedp.Do(mgr, chromedp.SetValue(uiCSS("#cover"), "licence:"+licence), uiPress("save-transfer"), uiWaitFor("transfer-row"))
	if err != nil {
		t.Fatalf("transfer under the licence: %v", err)
	}
	cover, err := uiText(mgr, "transfer-cover")
	if err != nil || !strings.Contains(cover, "DE-TECH-1") {
		t.Errorf("the transfer's cover reads %q (%v)", cover, err)
	}
	uiCheckIDs(t, mgr, "technology item page")
	uiCheckAxe(t, mgr, "technology item page")
	uiTrainingShot(t, mgr, "technology-item")
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_transfers WHERE item_id = ? AND cover_ref = ?", item, licence); n != 1 {
		t.Errorf("%d transfers stored under the licence, want 1", n)
	}
}
