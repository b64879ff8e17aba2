// Package account renders sign-in and "my account".
package account

import "time"

// SignIn is the sign-in form.
type SignIn struct {
	Email string
	Next  string
	Error string
	SSO   SingleSignOn
}

// Session is one open session of the user.
type Session struct {
	ID        string
	Current   bool
	ClientIP  string
	UserAgent string
	CreatedAt time.Time
	LastSeen  time.Time
}

// Page is "my account".
type Page struct {
	Name, Email       string
	Roles             []string
	PasswordChangedAt time.Time
	Sessions          []Session
	PasswordForm      PasswordForm
	MFA               MFA
}

// PasswordForm is the change-password form with its errors.
type PasswordForm struct {
	Errors map[string]string
	Error  string
}
