package licensing_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// routerCase is a submitted case exporting encrypting routers worth value
// to Brazil, which only the company's licence covers.
func routerCase(t *testing.T, app *testutil.App, value string) *cases.Case {
	t.Helper()
	f := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details = cases.Input{Title: "Routers", Destination: "BR", EndUserType: "private_company", EndUse: "Branch network encryption."}
		s.Parties = []cases.PartyInput{{Role: "consignee", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"},
			{Role: "end_user", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"}}
		s.Items = []cases.ItemInput{{Description: "Encrypting router", Quantity: "6", Unit: "pcs", Value: value, Currency: "EUR",
			Classification: "5A002.a"}}
	})
	f, err := app.Cases.Submit(app.SignedIn(t, "manager@example.com"), f.ID, f.Version)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// routerLicence is a licence for the routers, limited to EUR 10,000.00 and
// 10 pcs.
func routerLicence(t *testing.T, app *testutil.App) *licensing.Licence {
	return routerLicenceOf(t, app, "DE-BR-1", "10")
}

// routerLicenceOf is a licence numbered number for quantity routers worth
// EUR 10,000.00.
func routerLicenceOf(t *testing.T, app *testutil.App, number, quantity string) *licensing.Licence {
	t.Helper()
	doc := app.StoreDocument(t, "licence.txt", "Export authorisation "+number)
	l, err := app.Licensing.Create(app.SignedIn(t, "officer@example.com"), licensing.LicenceInput{Type: "individual",
		Number: number, Authority: "BAFA", ValidFrom: "2026-01-01", ValidUntil: "2027-12-31", Destinations: "BR",
		EntryCodes: "5A002.a", Limit: "10,000", Currency: "EUR", Quantity: quantity, Unit: "pcs", Document: &doc})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Two cases whose approvals each need EUR 6,000.00 of a licence with EUR
// 10,000.00 are approved at once: one is, the other is refused with what
// the licence has left, and the licence holds one reservation.
func TestApproval_TwoCasesRaceForTheLastValue(t *testing.T) {
	app := testutil.NewApp(t)
	l := routerLicence(t, app)
	fs := []*cases.Case{routerCase(t, app, "6,000"), routerCase(t, app, "6,000")}
	approver := app.SignedIn(t, "manager2@example.com")
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() { _, errs[i] = app.Cases.Decide(approver, f.ID, f.Version, cases.Approve, "") })
	}
	wg.Wait()
	won, lost := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case (apperr.CodeOf(err) == apperr.Conflict || apperr.CodeOf(err) == apperr.Invalid) && strings.Contains(err.Error(), "EUR 4,000.00 left"):
			lost++
		default:
			t.Errorf("unexpected refusal: %v", err)
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("%d approved, %d refused (%v), want one each", won, lost, errs)
	}
	b, err := app.Licensing.Remaining(approver, l.ID)
	if err != nil || b.Value.Reserved != 600_000 || b.Value.Remain != 400_000 || b.Quantity.Reserved != 6_000 {
		t.Errorf("balance %+v (err %v), want EUR 6,000.00 and 6 pcs reserved", b, err)
	}
	var approved int
	for _, f := range fs {
		if got, _ := app.Cases.Get(approver, f.ID); got.Status == cases.Approved {
			approved++
		}
	}
	if approved != 1 {
		t.Errorf("%d cases approved, want 1", approved)
	}
}

// Two shipments of the last quantity of an approved case are recorded at
// once: one is, the other is refused, and the licence is drawn down once.
// A later one asking for more than is left is refused with what is left.
func TestShipments_TwoRaceForTheLastQuantity(t *testing.T) {
	app := testutil.NewApp(t)
	l := routerLicence(t, app)
	f := routerCase(t, app, "6,000")
	f, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, "")
	if err != nil {
		t.Fatal(err)
	}
	manager, item := app.SignedIn(t, "manager@example.com"), f.Items[0].ID
	ship := func(version int64, mrn, qty string) error {
		_, err := app.Licensing.RecordShipment(manager, f.ID, version, licensing.ShipmentInput{ExportedOn: "2026-12-01", MRN: mrn,
			Quantities: map[string]string{item: qty}, Values: map[string]string{item: "1,000"}})
		return err
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, mrn := range []string{"26DE000000000000A1", "26DE000000000000A2"} {
		wg.Go(func() { errs[i] = ship(f.Version, mrn, "6") })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("errors %v, want exactly one shipment recorded", errs)
	}
	for _, err := range errs {
		if err != nil && apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the refused shipment: %v, want a conflict", err)
		}
	}
	b, err := app.Licensing.Remaining(manager, l.ID)
	if err != nil || b.Quantity.Drawn != 6_000 || b.Quantity.Reserved != 0 || b.Value.Drawn != 100_000 {
		t.Errorf("balance %+v (err %v), want 6 pcs and EUR 1,000.00 drawn", b, err)
	}
	err = ship(app.Case(t, f.ID).Version, "26DE000000000000A3", "1")
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.FieldsOf(err)["quantity_"+item], "Only 0 pcs of this item is left to ship.") {
		t.Errorf("shipping more than is left: %v %v", err, apperr.FieldsOf(err))
	}
}

// Two instances on one database approve eight cases at once, four each,
// every one needing EUR 2,000.00 of a licence with EUR 10,000.00: five are
// approved, three refused, and the licence holds exactly the five's
// reservations. The reservation is a conditional update of the licence row,
// not a read and a write in Go, so separate connection pools cannot both
// take the same remainder.
func TestApproval_TwoInstancesShareALicence(t *testing.T) {
	app := testutil.NewApp(t)
	other := app.Instance(t)
	l := routerLicenceOf(t, app, "DE-BR-2", "1000")
	fs := make([]*cases.Case, 8)
	for i := range fs {
		fs[i] = routerCase(t, app, "2,000")
	}
	approver := app.SignedIn(t, "manager2@example.com")
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		svc := app.Cases
		if i%2 == 1 {
			svc = other.Cases
		}
		wg.Go(func() { _, errs[i] = svc.Decide(approver, f.ID, f.Version, cases.Approve, "") })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case apperr.CodeOf(err) != apperr.Conflict && apperr.CodeOf(err) != apperr.Invalid:
			t.Errorf("case %d: unexpected refusal: %v", i, err)
		}
	}
	var approved, reserved int64
	if err := app.DB.Gorm.Raw("SELECT COUNT(*) FROM cases WHERE status = ?", cases.Approved).Scan(&approved).Error; err != nil {
		t.Fatal(err)
	}
	if err := app.DB.Gorm.Raw("SELECT COALESCE(SUM(value_minor), 0) FROM licence_reservations WHERE licence_id = ?", l.ID).Scan(&reserved).Error; err != nil {
		t.Fatal(err)
	}
	b, err := app.Licensing.Remaining(approver, l.ID)
	if won != 5 || approved != 5 || reserved != 1_000_000 || err != nil || b.Value.Reserved != 1_000_000 || b.Value.Remain != 0 {
		t.Errorf("%d approvals answered, %d cases approved, %d reserved in reservations, balance %+v (%v); want 5, 5 and EUR 10,000.00 reserved, none left",
			won, approved, reserved, b, err)
	}
}
