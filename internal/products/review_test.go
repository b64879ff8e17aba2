package products_test

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// A new control-list version flags the products whose entry it reworded or
// dropped, or a sub-entry of it; the others stay as they are. (2B001 is in
// neither version, so nothing changed for it.)
func TestControlListChange_FlagsTheProductsItTouches(t *testing.T) {
	d := testutil.NewDB(t)
	svc, list := products.NewService(d), controllist.NewService(d)
	list.SetVersionWatcher(svc.ControlListChanged)
	manager := testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager)
	officer := testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	admin := testutil.NewUser(t, d, "a@example.com", "Ada Admin", auth.RoleAdmin)
	classify := func(name, code string) string {
		t.Helper()
		p := must(t)(svc.Create(manager, products.Input{Name: name}))
		p = must(t)(svc.Propose(manager, p.ID, products.ClassificationInput{EntryCode: code, Rationale: "As measured."}))
		return must(t)(svc.Confirm(officer, p.ID, p.Pending().ID)).ID
	}
	probe, crypto, chem := classify("IP probe", "5A001.j.1"), classify("Crypto box", "5A002.a"), classify("Machine tool", "2B001")
	csv := "code,title,category,cyber_surveillance,parent\n" +
		"1,Special materials and related equipment,1,false,\n" +
		"5,Telecommunications and information security,5,false,\n" +
		"5A001.j,IP network communications surveillance systems (reworded),5,true,5\n"
	if _, err := list.Import(admin, "Test version", "2026-12-01", strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{probe: "5A001.j: its wording changed", crypto: "no longer holds", chem: ""} {
		p := must(t)(svc.Get(officer, id))
		if want == "" && p.ReviewReason != "" || !strings.Contains(p.ReviewReason, want) {
			t.Errorf("%s: review %q, want %q", p.Name, p.ReviewReason, want)
		}
	}
}
