package reference_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/reference"
)

// A standing kept for one reader is no one else's to see: each call asks for
// the right to read the reference data, kept or not.
func TestStanding_KeptStandingStillNeedsTheRight(t *testing.T) {
	_, s, as := setUp(t)
	for _, tc := range []struct {
		rule string
		role auth.Role
		code apperr.Code
	}{
		{"an auditor reads Russia's standing, which is then kept", auth.RoleAuditor, ""},
		{"staff may not read the kept standing", auth.RoleStaff, apperr.Forbidden},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			st, err := s.Standing(as[tc.role], "RU")
			if apperr.CodeOf(err) != tc.code {
				t.Fatalf("Standing as %s: error %v, want code %q", tc.role, err, tc.code)
			}
			if err == nil && (st.Tier != "" || len(st.Measures) != 1 || st.Measures[0].Kind != reference.ArmsEmbargo) {
				t.Errorf("Standing(RU) = %+v, want no tier and the seeded arms embargo", st)
			}
		})
	}
}
