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

// Within one request (Remembering) a country's standing is read once, so
// the parts of a page agree; the next request sees the change.
func TestStanding_RememberedForOneRequest(t *testing.T) {
	_, s, as := setUp(t)
	request := reference.Remembering(as[auth.RoleAuditor])
	if _, err := s.Standing(request, "RU"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetTier(as[auth.RoleComplianceOfficer], "RU", "high", "Arms embargo and repression."); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Standing(request, " ru"); err != nil || st.Tier != "" {
		t.Errorf("the same request: tier %q (err %v), want the one it read first", st.Tier, err)
	}
	if st, err := s.Standing(reference.Remembering(as[auth.RoleAuditor]), "RU"); err != nil || st.Tier != "high" {
		t.Errorf("the next request: tier %q (err %v), want high", st.Tier, err)
	}
}
