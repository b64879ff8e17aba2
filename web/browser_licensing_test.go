package web_test

// Browser journey of the licence determination: a product classified by one
// person and confirmed by another, used on a case; the case page explains
// which licence covers it; the case is approved, a shipment recorded, and
// the licence has less left.

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiText is the text of the element with this data-testid.
func uiText(ctx context.Context, id string) (string, error) {
	s, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID(id))))
	return strings.TrimSpace(s), err
}

// uiAddProduct adds the catalogue product with this id to the case shown,
// as a person does from its Items section.
func uiAddProduct(ctx context.Context, productID, quantity, value string) error {
	return chromedp.Do(ctx, uiPress("add-product"), uiWaitFor("catalogue-item-form"),
		chromedp.SetValue(uiCSS("#product_id"), productID),
		chromedp.SendKeys(uiCSS("#quantity"), quantity), chromedp.SendKeys(uiCSS("#value"), value),
		uiPress("save-catalogue-item"), uiWaitFor("licensing"))
}

// uiAnswerArt4 answers the Art. 4 questions of the case shown, each "no".
func uiAnswerArt4(ctx context.Context) error {
	err := uiClickAll(ctx, "art4_wmd-no", "art4_military_embargo-no", "art4_military_parts-no")
	if err == nil {
		err = uiCaseSubmit(ctx, "save-art4")
	}
	return err
}

func TestBrowser_ClassifyDetermineApproveShip(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL
	doc := app.StoreDocument(t, "licence.txt", "Individual export authorisation BR-2026-17")
	lic, err := app.Licensing.Create(app.SignedIn(t, "officer@example.com"), licensing.LicenceInput{Type: "individual",
		Number: "DE-BR-2026-17", Authority: "BAFA", ValidFrom: "2026-01-01", ValidUntil: "2027-12-31", Destinations: "BR",
		EndUsers: "Rede Segura Ltda", EntryCodes: "5A002.a", Limit: "100,000.00", Currency: "EUR", Document: &doc})
	if err != nil {
		t.Fatal(err)
	}
	f := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details = cases.Input{Title: "Encrypting routers for São Paulo", Destination: "BR", EndUserType: "private_company",
			EndUse: "Site-to-site encryption of a bank's branch network."}
		s.Parties = []cases.PartyInput{{Role: "consignee", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"},
			{Role: "end_user", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"}}
		s.Items = []cases.ItemInput{{Description: "Rack cables", Quantity: "10", Unit: "pcs", Value: "200", Currency: "EUR"}}
	})

	// The manager adds the product and proposes its classification.
	mgr := uiBrowserAs(t, base, "manager@example.com")
	err = chromedp.Do(mgr, chromedp.Navigate(base+"/products"), uiExpand("new-product"),
		chromedp.SendKeys(uiCSS("#name"), "Encrypting router ER-4"), uiPress("save-product"), uiWaitFor("classify-form"),
		chromedp.SendKeys(uiCSS("#entry_code"), "5A002.a"),
		chromedp.SendKeys(uiCSS("#rationale"), "Symmetric encryption of more than 56 bits as its primary function."),
		uiPress("propose-classification"), uiWaitFor("pending-classification"))
	if err != nil {
		t.Fatalf("classify: %v", err)
	}
	productPath, err := chromedp.Run(mgr, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := uiCount(mgr, uiTestID("confirm-classification")); n != 0 {
		t.Error("the proposer is offered to confirm their own classification")
	}

	// Another person, a compliance officer, confirms it.
	off := uiBrowserAs(t, base, "officer@example.com")
	if err := chromedp.Do(off, chromedp.Navigate(base+productPath), uiPress("confirm-classification"), uiWaitFor("holds")); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	uiCheckAxe(t, off, "product with its confirmed classification")

	// The manager uses it on the case: the determination names the licence.
	productID := strings.TrimPrefix(productPath, "/products/")
	if err := chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	if err := uiAddProduct(mgr, productID, "4", "40000"); err != nil {
		t.Fatalf("add the product: %v", err)
	}
	rows, err := chromedp.Run(mgr, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="determination-row"]'), r => r.innerText)`))
	if err != nil || len(rows) != 2 {
		t.Fatalf("determination rows %q (err %v), want two", rows, err)
	}
	for _, want := range []string{"Encrypting router ER-4", "5A002.a", "Covered by a licence", "DE-BR-2026-17",
		"the control list: its export needs an authorisation", "Licence DE-BR-2026-17 (BAFA) covers it", "Left on the licence: EUR 100,000.00 of EUR 100,000.00"} {
		if !strings.Contains(rows[1], want) {
			t.Errorf("determination %q does not say %q", rows[1], want)
		}
	}
	if !strings.Contains(rows[0], "No licence needed") {
		t.Errorf("the unlisted cables: %q, want no licence needed", rows[0])
	}
	uiCheckAxe(t, mgr, "case page with the determination")
	if left := licenceLeft(t, mgr, base, lic.ID); left != "EUR 100,000.00 of EUR 100,000.00" {
		t.Errorf("before the approval the licence has %q left, want all of it", left)
	}
	if err := chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, mgr, "licence-determination")

	// Submitted and approved by another manager: the approval reserves.
	if err := uiCaseSubmit(mgr, "submit-case"); err != nil {
		t.Fatal(err)
	}
	mgr2 := uiBrowserAs(t, base, "manager2@example.com")
	if err := chromedp.Do(mgr2, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	if err := uiCaseSubmit(mgr2, "decide-approve"); err != nil {
		t.Fatal(err)
	}
	if status, err := uiStatus(mgr2); err != nil || status != "Approved" {
		t.Fatalf("status %q (err %v), want Approved", status, err)
	}
	if left := licenceLeft(t, mgr, base, lic.ID); left != "EUR 60,000.00 of EUR 100,000.00" {
		t.Errorf("after the approval the licence has %q left, want EUR 60,000.00 (40,000 reserved)", left)
	}

	// The shipment draws the reservation down.
	router := current(t, app, f.ID).Items[1]
	err = chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID), uiExpand("add-shipment"), uiWaitFor("shipment-form"),
		chromedp.SetValue(uiCSS("#exported_on"), app.DB.Now().Format("2006-01-02")),
		chromedp.SendKeys(uiCSS("#mrn"), "26DE123456789012A1"),
		chromedp.SendKeys(uiCSS("#quantity_"+router.ID), "4"), chromedp.SendKeys(uiCSS("#value_"+router.ID), "40000"))
	if err == nil {
		err = uiCaseSubmit(mgr, "save-shipment")
	}
	if err != nil {
		t.Fatalf("record the shipment: %v", err)
	}
	if sh, err := uiText(mgr, "shipment"); err != nil || !strings.Contains(sh, "26DE123456789012A1") || !strings.Contains(sh, "Encrypting router ER-4: 4 pcs, EUR 40,000.00") {
		t.Errorf("shipment %q (err %v)", sh, err)
	}
	if first, err := uiText(mgr, "first-export"); err != nil || !strings.Contains(first, "Art. 27(3)") {
		t.Errorf("first export %q (err %v)", first, err)
	}
	if n, _ := uiCount(mgr, uiTestID("add-shipment")); n != 1 {
		t.Errorf("%d shipment forms while the cables are not shipped yet, want 1", n)
	}
	uiCheckAxe(t, mgr, "approved case with a shipment")
	uiTrainingShot(t, mgr, "licence-shipment")
	if left := licenceLeft(t, mgr, base, lic.ID); left != "EUR 60,000.00 of EUR 100,000.00" {
		t.Errorf("after the shipment the licence has %q left, want EUR 60,000.00", left)
	}
	// The timeline loads what an event changed when opened: field by field.
	err = chromedp.Do(mgr, chromedp.Navigate(base+"/cases/"+f.ID), uiWaitFor("timeline"),
		uiClickSel(uiTestID("event-diff")+" summary"), uiWaitFor("changes"))
	if err != nil {
		t.Errorf("open what an event changed: %v", err)
	} else if changes, _ := uiText(mgr, "changes"); !strings.Contains(changes, "content_hash") || !strings.Contains(changes, "title") {
		t.Errorf("the first event's changes: %q", changes)
	}
	uiCheckAxe(t, mgr, "case page with an event's changes open")
	uiTrainingShot(t, mgr, "event-changes")
	entries, err := app.Licensing.Entries(app.SignedIn(t, "auditor@example.com"), lic.ID)
	if err != nil || len(entries) != 2 || entries[0].Kind != licensing.Reserved || entries[1].Kind != licensing.Drawn ||
		entries[1].ValueMinor != 4_000_000 {
		t.Errorf("ledger %+v (err %v), want the reservation then the draw-down of EUR 40,000.00", entries, err)
	}
}

// licenceLeft is what the licence page says the licence has left.
func licenceLeft(t *testing.T, ctx context.Context, base, id string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/licences/"+id), uiWaitFor("licence-left")); err != nil {
		t.Fatal(err)
	}
	left, err := uiText(ctx, "licence-left")
	if err != nil {
		t.Fatal(err)
	}
	return left
}
