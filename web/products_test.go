package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/products"
)

// A product is added and classified by an export manager and confirmed by a
// compliance officer; bad input comes back beside its field, kept; the
// proposer cannot confirm; the page shows the history.
func TestProducts_ClassifiedByOneConfirmedByAnother(t *testing.T) {
	app, ts := newServer(t)
	manager, officer := newVisitor(t, ts), newVisitor(t, ts)
	manager.signIn("manager@example.com")
	officer.signIn("officer@example.com")
	if res := manager.form("/products", url.Values{"name": {" "}, "description": {"kept description"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="name-error"`) || !strings.Contains(res.Body, "kept description") {
		t.Fatalf("product without a name: %d", res.StatusCode)
	}
	res := manager.form("/products", url.Values{"name": {"Probe P7"}, "description": {"Carrier-class IP probe."}})
	if !res.redirectsTo("/products/") {
		t.Fatalf("add: %d", res.StatusCode)
	}
	all, err := app.Products.List(app.SignedIn(t, "auditor@example.com"))
	if err != nil || len(all) != 1 {
		t.Fatalf("products %+v %v", all, err)
	}
	id := all[0].ID
	bad := url.Values{"entry_code": {"probably 5A001"}, "rationale": {"Layer 7 analysis and hard selectors."}}
	if res := manager.form("/products/"+id+"/classifications", bad); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="entry_code-error"`) || !strings.Contains(res.Body, "Layer 7 analysis and hard selectors.") {
		t.Fatalf("bad entry code: %d", res.StatusCode)
	}
	bad.Set("entry_code", "5A001.j")
	if res := manager.form("/products/"+id+"/classifications", bad); !res.redirectsTo("/products/" + id) {
		t.Fatalf("propose: %d %s", res.StatusCode, res.Body)
	}
	p, _ := app.Products.Get(app.SignedIn(t, "auditor@example.com"), id)
	pending := p.Pending()
	if pending == nil || pending.EntryCode != "5A001.j" || p.Current() != nil {
		t.Fatalf("stored %+v", p.Classifications)
	}
	if res := manager.form("/products/"+id+"/classifications/"+pending.ID+"/confirm", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the manager confirms: %d", res.StatusCode)
	}
	if res := officer.form("/products/"+id+"/classifications/"+pending.ID+"/confirm", url.Values{}); !res.redirectsTo("/products/" + id) {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	p, _ = app.Products.Get(app.SignedIn(t, "auditor@example.com"), id)
	if cur := p.Current(); cur == nil || cur.Status != products.Confirmed || cur.ID != pending.ID {
		t.Fatalf("current %+v", cur)
	}
	page := officer.get("/products/" + id).Body
	for _, want := range []string{"5A001.j", "Proposed by Max Manager", "Confirmed by Olga Officer", `data-testid="holds"`} {
		if !strings.Contains(page, want) {
			t.Errorf("product page lacks %q", want)
		}
	}
}

// An item added from the catalogue carries the product's confirmed
// classification; a product not yet confirmed is refused beside its field.
func TestProducts_ItemFromTheCatalogueCarriesItsClassification(t *testing.T) {
	app, ts := newServer(t)
	managerCtx, officerCtx := app.SignedIn(t, "manager@example.com"), app.SignedIn(t, "officer@example.com")
	confirmed, err := app.Products.Create(managerCtx, products.Input{Name: "Probe P7"})
	if err != nil {
		t.Fatal(err)
	}
	confirmed, _ = app.Products.Propose(managerCtx, confirmed.ID, products.ClassificationInput{EntryCode: "5A001.j", Rationale: "Layer 7 analysis."})
	if confirmed, err = app.Products.Confirm(officerCtx, confirmed.ID, confirmed.Pending().ID); err != nil {
		t.Fatal(err)
	}
	unconfirmed, _ := app.Products.Create(managerCtx, products.Input{Name: "Probe P8"})
	f := submittedCase(t, app, "manager@example.com")
	f, err = app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, "return", "Add the probe.")
	if err != nil {
		t.Fatal(err)
	}
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	page := manager.get("/cases/" + f.ID + "/items/catalogue").Body
	if !strings.Contains(page, "Probe P7 — 5A001.j") || strings.Contains(page, "Probe P8") {
		t.Errorf("the catalogue page does not offer exactly the confirmed product")
	}
	form := url.Values{"version": {v(f)}, "product_id": {unconfirmed.ID}, "quantity": {"2"}, "unit": {"pcs"}, "value": {"900"}, "currency": {"EUR"}}
	if res := manager.form("/cases/"+f.ID+"/items", form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="product_id-error"`) || !strings.Contains(res.Body, "no confirmed classification") {
		t.Fatalf("unconfirmed product: %d", res.StatusCode)
	}
	form.Set("product_id", confirmed.ID)
	if res := manager.form("/cases/"+f.ID+"/items", form); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("add the product: %d %s", res.StatusCode, res.Body)
	}
	f = current(t, app, f.ID)
	it := f.Items[len(f.Items)-1]
	if it.Description != "Probe P7" || it.Classification != "5A001.j" || it.ProductID == nil || *it.ProductID != confirmed.ID ||
		it.ClassificationID == nil || *it.ClassificationID != confirmed.Current().ID {
		t.Errorf("stored item %+v", it)
	}
}
