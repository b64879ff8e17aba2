package auth

import "testing"

// Every permission a role holds has a purpose, so that refusing it says
// what it is for, and every permission with a purpose is held by a role.
func TestPermissions_EachHasAPurposeAndHolders(t *testing.T) {
	granted := map[Permission]bool{}
	for _, ps := range grants {
		for _, p := range ps {
			granted[p] = true
			if purposes[p] == "" {
				t.Errorf("%s has no purpose", p)
			}
		}
	}
	for p := range purposes {
		if !granted[p] {
			t.Errorf("%s is held by no role", p)
		}
	}
	for _, r := range Roles {
		if roleNames[r].one == "" || roleNames[r].several == "" {
			t.Errorf("role %s has no names", r)
		}
	}
}
