package auth

import (
	"strings"
	"testing"
)

// TestPlanExternal reads as the rules of a sign-in through the identity
// provider: who is created, linked, updated or refused, and why.
func TestPlanExternal(t *testing.T) {
	yes, no := true, false
	officer := []Role{RoleComplianceOfficer}
	active, inactive := &User{ID: "u1", Active: true}, &User{ID: "u2", Active: false}
	id := func(email string, verified *bool, roles []Role) ExternalIdentity {
		return ExternalIdentity{Provider: "Corp", Issuer: "https://idp", Subject: "s", Email: email, EmailVerified: verified, Roles: roles}
	}
	tests := []struct {
		name    string
		id      ExternalIdentity
		m       externalMatch
		want    externalStep
		wantWhy string
	}{
		{"a new person with a mapped group is created", id("a@x", &yes, officer), externalMatch{}, externalCreate, ""},
		{"a provider that says nothing of verification may create", id("a@x", nil, officer), externalMatch{}, externalCreate, ""},
		{"an unverified email creates nobody", id("a@x", &no, officer), externalMatch{}, externalRefuse, "not verified"},
		{"no email creates nobody", id("", &yes, officer), externalMatch{}, externalRefuse, "did not give your email"},
		{"no mapped group is refused", id("a@x", &yes, nil), externalMatch{}, externalRefuse, "no group that gives a role"},
		{"a linked user is updated", id("a@x", &no, officer), externalMatch{Linked: active}, externalUpdate, ""},
		{"a linked user with no mapped group left is refused", id("a@x", &yes, nil), externalMatch{Linked: active}, externalRefuse, "no group"},
		{"a deactivated linked user stays refused", id("a@x", &yes, officer), externalMatch{Linked: inactive}, externalRefuse, "deactivated"},
		{"a local user with the verified email is linked", id("a@x", &yes, officer), externalMatch{SameEmail: active}, externalLink, ""},
		{"not linked when the provider does not say the email is verified", id("a@x", nil, officer), externalMatch{SameEmail: active},
			externalRefuse, "cannot be joined"},
		{"not linked when the email is unverified", id("a@x", &no, officer), externalMatch{SameEmail: active}, externalRefuse, "not verified"},
		{"not linked when the local user has another identity", id("a@x", &yes, officer), externalMatch{SameEmail: active, SameEmailLink: true},
			externalRefuse, "belongs to another sign-in"},
		{"a deactivated local user is not linked", id("a@x", &yes, officer), externalMatch{SameEmail: inactive}, externalRefuse, "deactivated"},
	}
	for _, tc := range tests {
		got, why := planExternal(tc.id, tc.m)
		if got != tc.want || (tc.wantWhy == "") != (why == "") || !strings.Contains(why, tc.wantWhy) {
			t.Errorf("%s: got step %d %q, want %d %q", tc.name, got, why, tc.want, tc.wantWhy)
		}
	}
}
