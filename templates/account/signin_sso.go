package account

import "net/url"

// SingleSignOn is the sign-in page's way through the identity provider;
// Name is "" when there is none.
type SingleSignOn struct {
	Name string
	Next string
	// PasswordsOff hides the password form: single sign-on is the only way.
	PasswordsOff bool
}

// StartURL is where the button leads, keeping the page asked for.
func (s SingleSignOn) StartURL() string {
	if s.Next == "" {
		return "/signin/oidc"
	}
	return "/signin/oidc?next=" + url.QueryEscape(s.Next)
}
