package sso_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/sso"
)

func TestParseRoleMap(t *testing.T) {
	tests := []struct {
		in      string
		want    sso.RoleMap
		wantErr string
	}{
		{"", sso.RoleMap{}, ""},
		{"vigil-admins=admin, vigil-officers=compliance_officer", sso.RoleMap{"vigil-admins": {auth.RoleAdmin},
			"vigil-officers": {auth.RoleComplianceOfficer}}, ""},
		{"board=management,board=staff,board=staff,", sso.RoleMap{"board": {auth.RoleManagement, auth.RoleStaff}}, ""},
		{"CN=Export Desk,OU=Groups=export_manager", nil, `"Export Desk" is not a role`}, // a group name holds no comma
		{"vigil-admins", nil, `"vigil-admins" is not group=role`},
		{"=admin", nil, "is not group=role"},
		{"vigil-admins=root", nil, `"root" is not a role`},
	}
	for _, tc := range tests {
		got, err := sso.ParseRoleMap(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseRoleMap(%q): %v, want an error with %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseRoleMap(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestRoleMap_Roles(t *testing.T) {
	m, err := sso.ParseRoleMap("vigil-admins=admin,vigil-officers=compliance_officer,vigil-officers=staff,all=staff")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		groups []string
		want   []auth.Role
	}{
		{"no group", nil, nil},
		{"unknown groups only", []string{"Domain Users", "VIGIL-ADMINS"}, nil}, // names match exactly
		{"one group", []string{"vigil-admins"}, []auth.Role{auth.RoleAdmin}},
		{"several, roles once each", []string{"all", "vigil-officers", "x"}, []auth.Role{auth.RoleComplianceOfficer, auth.RoleStaff}},
	}
	for _, tc := range tests {
		if got := m.Roles(tc.groups); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Roles(%v) = %v, want %v", tc.name, tc.groups, got, tc.want)
		}
	}
}

func TestGroups_ListOrString(t *testing.T) {
	tests := []struct {
		name    string
		claim   any
		want    []string
		wantErr bool
	}{
		{"missing", nil, nil, false},
		{"one name as a string", "vigil-admins", []string{"vigil-admins"}, false},
		{"a list", []any{"a", "b"}, []string{"a", "b"}, false},
		{"an empty list", []any{}, []string{}, false},
		{"a list with a number", []any{"a", 7.0}, nil, true},
		{"an object", map[string]any{"a": true}, nil, true},
		{"a boolean", true, nil, true},
	}
	for _, tc := range tests {
		got, err := sso.Groups(tc.claim)
		if (err != nil) != tc.wantErr || (!tc.wantErr && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("%s: Groups(%v) = %v, %v; want %v (error: %v)", tc.name, tc.claim, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestConfig_Identity(t *testing.T) {
	m, _ := sso.ParseRoleMap("vigil-officers=compliance_officer")
	cfg := sso.Config{Name: "Corp", RolesClaim: "roles", RoleMap: m}
	yes, no := true, false
	base := func(extra map[string]any) map[string]any {
		c := map[string]any{"iss": "https://idp", "sub": "u1", "email": "Ana@Example.com", "roles": []any{"vigil-officers"}}
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	tests := []struct {
		name    string
		claims  map[string]any
		want    auth.ExternalIdentity
		wantErr string
	}{
		{"no email_verified claim, no name", base(nil), auth.ExternalIdentity{Provider: "Corp", Issuer: "https://idp", Subject: "u1",
			Email: "Ana@Example.com", Roles: []auth.Role{auth.RoleComplianceOfficer}}, ""},
		{"verified, name", base(map[string]any{"email_verified": true, "name": " Ana Lima "}), auth.ExternalIdentity{Provider: "Corp",
			Issuer: "https://idp", Subject: "u1", Email: "Ana@Example.com", EmailVerified: &yes, Name: "Ana Lima",
			Roles: []auth.Role{auth.RoleComplianceOfficer}}, ""},
		{"not verified, given and family name", base(map[string]any{"email_verified": false, "given_name": "Ana", "family_name": "Lima"}),
			auth.ExternalIdentity{Provider: "Corp", Issuer: "https://idp", Subject: "u1", Email: "Ana@Example.com", EmailVerified: &no,
				Name: "Ana Lima", Roles: []auth.Role{auth.RoleComplianceOfficer}}, ""},
		{"user name only, groups as a string, unmapped", base(map[string]any{"preferred_username": "ana", "roles": "sales"}),
			auth.ExternalIdentity{Provider: "Corp", Issuer: "https://idp", Subject: "u1", Email: "Ana@Example.com", Name: "ana"}, ""},
		{"email_verified as a string", base(map[string]any{"email_verified": "true"}), auth.ExternalIdentity{}, "email_verified"},
		{"roles claim of another shape", base(map[string]any{"roles": 3.0}), auth.ExternalIdentity{}, "claim roles"},
	}
	for _, tc := range tests {
		got, err := cfg.Identity(tc.claims)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v, %v\nwant %+v", tc.name, got, err, tc.want)
		}
	}
}
