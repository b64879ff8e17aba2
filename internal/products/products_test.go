package products_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestPropose_Validation(t *testing.T) {
	d := testutil.NewDB(t)
	svc := products.NewService(d)
	manager := testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager)
	p, err := svc.Create(manager, products.Input{Name: "IP probe X1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		in    products.ClassificationInput
		field string
	}{
		{"no entry code", products.ClassificationInput{Rationale: "Layer 7 analysis."}, "entry_code"},
		{"two entry codes", products.ClassificationInput{EntryCode: "5A001.j; 5A002.a", Rationale: "Both."}, "entry_code"},
		{"words around the code", products.ClassificationInput{EntryCode: "probably 5A001.j", Rationale: "Layer 7."}, "entry_code"},
		{"no rationale", products.ClassificationInput{EntryCode: "5A001.j"}, "rationale"},
		{"not listed without rationale", products.ClassificationInput{NotListed: true, Rationale: "  "}, "rationale"},
		{"US ECCN too long", products.ClassificationInput{EntryCode: "5A001.j", Rationale: "Layer 7.", USECCN: strings.Repeat("5", 21)}, "us_eccn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Propose(manager, p.ID, tc.in)
			if apperr.FieldsOf(err)[tc.field] == "" {
				t.Fatalf("no message for %s: %v", tc.field, err)
			}
			if got, _ := svc.Get(manager, p.ID); len(got.Classifications) != 0 {
				t.Error("a refused classification was stored")
			}
		})
	}
	got, err := svc.Propose(manager, p.ID, products.ClassificationInput{EntryCode: " 5a001.J ", Rationale: "Layer 7 analysis, hard selectors."})
	if err != nil || got.Pending() == nil || got.Pending().EntryCode != "5A001.j" {
		t.Fatalf("proposal %+v %v", got, err)
	}
}

func TestCheckConfirmer_AnotherComplianceOfficer(t *testing.T) {
	c := &products.Classification{ProposedBy: "u-officer"}
	for _, tc := range []struct {
		name  string
		actor auth.Actor
		want  apperr.Code
	}{
		{"the proposer, a compliance officer", auth.Actor{UserID: "u-officer", Roles: []auth.Role{auth.RoleComplianceOfficer}}, apperr.Forbidden},
		{"another compliance officer", auth.Actor{UserID: "u-officer2", Roles: []auth.Role{auth.RoleComplianceOfficer}}, ""},
		{"an export manager", auth.Actor{UserID: "u-manager", Roles: []auth.Role{auth.RoleExportManager}}, apperr.Forbidden},
		{"an administrator", auth.Actor{UserID: "u-admin", Roles: []auth.Role{auth.RoleAdmin}}, apperr.Forbidden},
		{"an auditor", auth.Actor{UserID: "u-auditor", Roles: []auth.Role{auth.RoleAuditor}}, apperr.Forbidden},
	} {
		if got := apperr.CodeOf(products.CheckConfirmer(c, &tc.actor)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Classified by one person, confirmed by a compliance officer who is someone
// else; a reclassification keeps the confirmed one holding until it is
// confirmed itself; every classification is kept and audited.
func TestClassification_TwoPeopleAndEveryVersionKept(t *testing.T) {
	d := testutil.NewDB(t)
	svc := products.NewService(d)
	manager := testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager)
	officer := testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	officer2 := testutil.NewUser(t, d, "o2@example.com", "Oscar Officer", auth.RoleComplianceOfficer)
	p, err := svc.Create(manager, products.Input{Name: "Monitoring suite", Description: "Collects public posts."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(officer, products.Input{Name: "Monitoring suite"}); apperr.FieldsOf(err)["name"] == "" {
		t.Errorf("a second product of the same name: %v", err)
	}
	p = must(t)(svc.Propose(manager, p.ID, products.ClassificationInput{NotListed: true, Cyber: true,
		Rationale: "No Annex I parameter met; designed for covert collection on chosen people."}))
	first := p.Pending().ID
	if _, err := svc.Propose(officer, p.ID, products.ClassificationInput{EntryCode: "5D001.e", Rationale: "x"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a second proposal while one waits: %v", err)
	}
	if _, err := svc.Confirm(manager, p.ID, first); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a manager confirms: %v", err)
	}
	p = must(t)(svc.Confirm(officer, p.ID, first))
	if cur := p.Current(); cur == nil || cur.ID != first || cur.Listed() || !cur.Cyber {
		t.Fatalf("current %+v", cur)
	}
	p = must(t)(svc.Propose(officer, p.ID, products.ClassificationInput{EntryCode: "5D001.e", Rationale: "Handover-interface searches."}))
	second := p.Pending().ID
	if _, err := svc.Confirm(officer, p.ID, second); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the proposer confirms: %v", err)
	}
	if cur := p.Current(); cur.ID != first {
		t.Errorf("the new proposal holds before it is confirmed")
	}
	if _, err := svc.Decline(officer2, p.ID, second, " "); apperr.FieldsOf(err)["reason"] == "" {
		t.Errorf("decline without a reason: %v", err)
	}
	p = must(t)(svc.Decline(officer2, p.ID, second, "It has no handover interface."))
	p = must(t)(svc.Propose(manager, p.ID, products.ClassificationInput{EntryCode: "5D001.e", Rationale: "Handover interface after all."}))
	p = must(t)(svc.Confirm(officer2, p.ID, p.Pending().ID))
	if cur := p.Current(); cur.EntryCode != "5D001.e" || len(p.Classifications) != 3 {
		t.Errorf("current %+v of %d", cur, len(p.Classifications))
	}
	events, err := audit.List(context.Background(), d.Gorm, audit.Filter{ObjectType: "product", ObjectID: p.ID})
	if err != nil || len(events) != 7 {
		t.Fatalf("%d events (%v), want 7: create, 3 proposals, 2 confirmations, 1 decline", len(events), err)
	}
	if !strings.Contains(events[2].Summary, "declined because: It has no handover interface.") {
		t.Errorf("decline event: %q", events[2].Summary)
	}
}

func must(t *testing.T) func(*products.Product, error) *products.Product {
	return func(p *products.Product, err error) *products.Product {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
}
