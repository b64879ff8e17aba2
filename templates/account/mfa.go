package account

import "time"

// MFA is the second-factor part of "my account".
type MFA struct {
	Enabled      bool
	EnabledAt    time.Time
	RecoveryLeft int64
	// Required is true when the company requires a second factor for one
	// of the user's roles: it cannot be turned off.
	Required bool
	Error    string // why turning it off was refused
}

// Enrolment is the page that sets up an authenticator app: the secret as
// text and as a QR code (a data: URI of a PNG), and the form for its first
// code, posted to Action.
type Enrolment struct {
	Secret string
	QRCode string
	Action string
	Next   string // where a sign-in goes on to
	// Required says the company requires it, for a sign-in that cannot go
	// on without it.
	Required bool
	Error    string
}

// RecoveryCodes are shown once, after which only their hashes are kept.
type RecoveryCodes struct {
	Codes    []string
	Continue string // the page to go on to
}

// SecondStep is the sign-in page asking for a code.
type SecondStep struct {
	Email string
	Next  string
	Error string
}
