package sso

import (
	"fmt"
	"strings"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Identity reads the claims of a verified ID token into the person auth
// signs in: who they are at the provider, their email and whether the
// provider verified it, a name, and the roles their groups map to. An
// email_verified claim that is not a boolean, or a groups claim of another
// shape than a list or a string, is an error: guessing would grant or link
// on a claim not understood.
func (c Config) Identity(claims map[string]any) (auth.ExternalIdentity, error) {
	id := auth.ExternalIdentity{Provider: c.Name}
	id.Issuer, _ = claims["iss"].(string)
	id.Subject, _ = claims["sub"].(string)
	id.Email, _ = claims["email"].(string)
	if v, ok := claims["email_verified"]; ok {
		verified, isBool := v.(bool)
		if !isBool {
			return id, fmt.Errorf("email_verified is %T, not a boolean", v)
		}
		id.EmailVerified = &verified
	}
	id.Name = name(claims)
	groups, err := Groups(claims[c.RolesClaim])
	if err != nil {
		return id, fmt.Errorf("claim %s: %w", c.RolesClaim, err)
	}
	id.Roles = c.RoleMap.Roles(groups)
	return id, nil
}

// name is the person's name: the name claim, else given and family name,
// else their user name at the provider; "" when none is given.
func name(claims map[string]any) string {
	text := func(k string) string {
		s, _ := claims[k].(string)
		return strings.TrimSpace(s)
	}
	if n := text("name"); n != "" {
		return n
	}
	if n := strings.TrimSpace(text("given_name") + " " + text("family_name")); n != "" {
		return n
	}
	return text("preferred_username")
}
