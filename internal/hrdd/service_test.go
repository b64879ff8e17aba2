package hrdd_test

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// highTier is reference data that rates every destination high.
type highTier struct{}

func (highTier) Destination(_ context.Context, code string) (hrdd.Destination, error) {
	return hrdd.Destination{Code: code, Name: code, Tier: "high"}, nil
}
func (highTier) Standing(_ context.Context, code string) (hrdd.Destination, error) {
	return hrdd.Destination{Code: code, Name: code, Tier: "high"}, nil
}
func (highTier) RedFlags(context.Context) ([]hrdd.RedFlag, error) { return nil, nil }

func TestService_VersionsEditorsAndVoidedSignature(t *testing.T) {
	d, cs, svc := assessing(t)
	manager := testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager)
	officer := testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	officer2 := testutil.NewUser(t, d, "o2@example.com", "Oscar Officer", auth.RoleComplianceOfficer)
	f, err := cs.Create(manager, cases.Input{Title: "Probe", Destination: "DE", EndUserType: "private_company", EndUse: "Network monitoring"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.Get(manager, f.ID, 0)
	if err != nil || !st.Required || st.Current != nil {
		t.Fatalf("a high-tier destination needs the assessment, none started: %+v %v", st, err)
	}
	save := func(ctx context.Context, in hrdd.SectionAnswers) {
		t.Helper()
		if _, err := svc.SaveSection(ctx, f.ID, in); err != nil {
			t.Fatalf("save %s: %v", in.SectionName(), err)
		}
	}
	for _, in := range lowRiskAnswers() {
		save(manager, in)
	}
	save(officer, hrdd.Conclusion{Level: "low", Rationale: "Nothing found.", Aware: "no"})

	f, _ = cs.Get(manager, f.ID)
	if _, err := svc.Sign(manager, f.ID, f.Version); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("an export manager signing: %v, want Forbidden", err)
	}
	if _, err := svc.Sign(officer, f.ID, f.Version); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("an officer who wrote the conclusion signing: %v, want Forbidden", err)
	}
	if f, err = svc.Sign(officer2, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	if st, _ = svc.Get(manager, f.ID, 0); !st.Signed() || hrdd.WhyNotReady(st) != "" {
		t.Fatalf("signed assessment not ready: %q", hrdd.WhyNotReady(st))
	}
	// A changed answer voids the signature.
	save(manager, hrdd.MitigationSection{Measures: []string{"audit_logging"}})
	if st, _ = svc.Get(manager, f.ID, 0); st.Signed() || st.Current.SignedHash == "" {
		t.Errorf("the signature still holds after a change")
	}
	// A material change of the case starts version 2; version 1 stays.
	if _, err := cs.AddItem(manager, f.ID, f.Version, cases.ItemInput{Description: "Probe", Quantity: "1", Unit: "pcs", Value: "1", Currency: "EUR", Classification: "5A001.j"}); err != nil {
		t.Fatal(err)
	}
	st, _ = svc.Get(manager, f.ID, 0)
	old, _ := svc.Get(manager, f.ID, 1)
	if st.Current.Version != 2 || st.Current.Status != hrdd.StatusDraft || len(st.Versions) != 2 || old.Current.Version != 1 || old.Latest {
		t.Errorf("after the item: current v%d (%s), versions %v, old v%d", st.Current.Version, st.Current.Status, st.Versions, old.Current.Version)
	}
	if len(st.Editors) != 2 {
		t.Errorf("version 2 editors %v, want the two of version 1", st.Editors)
	}
}
