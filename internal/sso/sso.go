// Package sso is single sign-on through an OpenID Connect provider: the
// authorization code flow with PKCE, the checks of state, nonce and the ID
// token, and the mapping of the provider's groups to Vigil's roles. What a
// verified identity does to users and sessions is auth's (SignInExternal).
// It serves no HTTP; the web layer passes in what the browser brought back.
package sso

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Config is how Vigil is registered at the provider.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Name is the provider's name for people: "Sign in with <Name>".
	Name string
	// RolesClaim names the ID token claim that carries the person's groups.
	RolesClaim string
	RoleMap    RoleMap
}

// Enabled reports whether single sign-on is configured.
func (c Config) Enabled() bool { return c.Issuer != "" }

// RoleMap maps a group at the provider to the Vigil roles it grants.
type RoleMap map[string][]auth.Role

// ParseRoleMap reads "group=role,group=role"; a group may be named more
// than once to grant several roles. Errors name the pair at fault.
func ParseRoleMap(s string) (RoleMap, error) {
	m := RoleMap{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		group, role, ok := strings.Cut(pair, "=")
		group, role = strings.TrimSpace(group), strings.TrimSpace(role)
		switch {
		case !ok || group == "":
			return nil, fmt.Errorf("%q is not group=role", strings.TrimSpace(pair))
		case !auth.Role(role).Valid():
			return nil, fmt.Errorf("%q is not a role (one of %s)", role, auth.JoinRoles(auth.Roles))
		}
		if !slices.Contains(m[group], auth.Role(role)) {
			m[group] = append(m[group], auth.Role(role))
		}
	}
	return m, nil
}

// Roles returns the roles the groups grant, sorted, without repeats.
func (m RoleMap) Roles(groups []string) []auth.Role {
	var out []auth.Role
	for _, g := range groups {
		for _, r := range m[g] {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return auth.SortRoles(out)
}

// Groups reads the groups claim: a list of names, or one name as a string.
// A missing claim is no group; any other shape is an error.
func Groups(claim any) ([]string, error) {
	switch v := claim.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, g := range v {
			s, ok := g.(string)
			if !ok {
				return nil, fmt.Errorf("a group is %T, not a string", g)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("the claim is %T, not a list of groups", claim)
}
