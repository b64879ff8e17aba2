package exporter_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var good = exporter.Input{Name: "Exporter GmbH", Address: "Street 1, Berlin", EORI: "de 1234567890", MemberState: "de",
	AuthorityName: "Federal Office", AuthorityAddress: "Frankfurter Str. 29, Eschborn"}

func TestSave_Validation(t *testing.T) {
	d := testutil.NewDB(t)
	svc := exporter.NewService(d)
	admin := testutil.NewUser(t, d, "a@example.com", "Ada Admin", auth.RoleAdmin)
	for _, tc := range []struct {
		name  string
		edit  func(*exporter.Input)
		field string
	}{
		{"EORI without a country code", func(in *exporter.Input) { in.EORI = "1234567890" }, "eori"},
		{"EORI too long", func(in *exporter.Input) { in.EORI = "DE1234567890123456" }, "eori"},
		{"EORI with punctuation", func(in *exporter.Input) { in.EORI = "DE-123" }, "eori"},
		{"not a Member State", func(in *exporter.Input) { in.MemberState = "CH" }, "member_state"},
		{"national rule without its basis", func(in *exporter.Input) { in.Art53 = true }, "art53_basis"},
		{"national rule without a Member State", func(in *exporter.Input) { in.Art53, in.Art53Basis, in.MemberState = true, "Act § 1", "" }, "member_state"},
		{"name too long", func(in *exporter.Input) { in.Name = strings.Repeat("ß", 301) }, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			_, err := svc.Save(admin, in)
			if apperr.FieldsOf(err)[tc.field] == "" {
				t.Fatalf("no message for %s: %v", tc.field, err)
			}
			if p, _ := exporter.ProfileTx(context.Background(), d.Gorm); p.Name != "" {
				t.Errorf("refused settings were stored: %+v", p.Settings)
			}
		})
	}
}

func TestSave_StoresAuditsAndKeepsTheRulePerMemberState(t *testing.T) {
	d := testutil.NewDB(t)
	svc := exporter.NewService(d)
	admin := testutil.NewUser(t, d, "a@example.com", "Ada Admin", auth.RoleAdmin)
	officer := testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	if _, err := svc.Save(officer, good); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("officer saves the exporter settings: %v", err)
	}
	in := good
	in.Art53, in.Art53Basis = true, "Außenwirtschaftsverordnung § 9 (example)"
	p, err := svc.Save(admin, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.EORI != "DE1234567890" || p.MemberState != "DE" || p.NationalRule == nil || len(p.Missing()) != 0 {
		t.Fatalf("stored %+v rule %+v", p.Settings, p.NationalRule)
	}
	in.MemberState, in.Art53 = "AT", false
	if p, err = svc.Save(admin, in); err != nil || p.NationalRule != nil {
		t.Fatalf("Austria has no rule: %+v %v", p, err)
	}
	in.MemberState = "DE"
	in.Art53 = true
	if p, err = svc.Save(admin, in); err != nil || p.NationalRule == nil {
		t.Fatalf("Germany's rule: %+v %v", p, err)
	}
	events, err := audit.List(context.Background(), d.Gorm, audit.Filter{Action: "exporter.update"})
	if err != nil || len(events) != 3 || !strings.Contains(events[0].Summary, "national rule under Art. 5(3)") {
		t.Errorf("audit: %+v %v", events, err)
	}
}
