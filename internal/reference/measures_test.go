package reference_test

import (
	"slices"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
)

// The case page reads the measures in force alone: lifted ones do not count.
func TestStanding_LeavesOutLiftedMeasures(t *testing.T) {
	_, s, as := setUp(t)
	officer, auditor := as[auth.RoleComplianceOfficer], as[auth.RoleAuditor]
	added, err := s.AddMeasure(officer, "LY", goodMeasure)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndMeasure(officer, "LY", "seed-LY", "2025-01-01"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule, code string
		want       []string
	}{
		{"the measure in force, the lifted one left out, the code in any case", "ly", []string{added.ID}},
		{"a country with none has none", "DE", nil},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			got, err := s.Standing(auditor, tc.code)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range got.Measures {
				ids = append(ids, m.ID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("Standing(%s).Measures = %v, want %v", tc.code, ids, tc.want)
			}
		})
	}
}
