package concerns

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of what a report and its follow-up may carry.
const (
	MaxSubject       = 200
	MaxText          = 10000
	MaxCaseReference = 40
	MaxReference     = 100 // the authority's reference of a disclosure
)

// Input is a report as its reporter files it.
type Input struct {
	Subject, Body, CaseReference string
	Anonymous                    bool
}

// validate trims the input and says what is wrong with it, by field.
func (in *Input) validate() map[string]string {
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	in.CaseReference = strings.TrimSpace(in.CaseReference)
	errs := map[string]string{}
	textField(errs, "subject", in.Subject, MaxSubject, "Say in a few words what the report is about.")
	textField(errs, "body", in.Body, MaxText, "Describe what happened.")
	if utf8.RuneCountInString(in.CaseReference) > MaxCaseReference {
		errs["case_reference"] = "A case reference has at most 40 characters."
	}
	return errs
}

// textField records in errs why value, which must be given and at most max
// characters long, is refused.
func textField(errs map[string]string, field, value string, limit int, need string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		errs[field] = need
	case n > limit:
		errs[field] = "This is too long: at most " + strconv.Itoa(limit) + " characters."
	}
}

// Step is a triage step of an officer.
type Step string

const (
	Acknowledge Step = "acknowledge"
	Investigate Step = "investigate"
	Close       Step = "close"
)

// transitions are the triage steps: the statuses each is taken from, the
// status it leads to and the history entry it leaves.
var transitions = map[Step]struct {
	from []Status
	to   Status
	kind Kind
}{
	Acknowledge: {[]Status{Received}, Acknowledged, KindAcknowledged},
	Investigate: {[]Status{Received, Acknowledged}, Investigating, KindInvestigated},
	Close:       {[]Status{Received, Acknowledged, Investigating}, Closed, KindClosed},
}

// next returns the status step leads to from, or why it may not be taken.
func next(from Status, step Step, outcome string) (Status, Kind, map[string]string, string) {
	t, ok := transitions[step]
	if !ok {
		return "", "", map[string]string{"step": "Choose acknowledge, investigate or close."}, ""
	}
	if !slices.Contains(t.from, from) {
		return "", "", nil, "A report that is " + strings.ToLower(from.Label()) + " cannot be taken there."
	}
	if step == Close {
		errs := map[string]string{}
		if textField(errs, "outcome", outcome, MaxText, "Closing a report needs its outcome."); len(errs) > 0 {
			return "", "", errs, ""
		}
	}
	return t.to, t.kind, nil, ""
}

// Disclosure is a voluntary disclosure to the competent authority.
type Disclosure struct{ Date, Reference string }

// validate trims d and says what is wrong with it, by field. The date may
// not lie after today.
func (d *Disclosure) validate(today time.Time) map[string]string {
	d.Date, d.Reference = strings.TrimSpace(d.Date), strings.TrimSpace(d.Reference)
	errs := map[string]string{}
	if on, err := time.Parse(time.DateOnly, d.Date); err != nil {
		errs["disclosed_on"] = "Give the date of the disclosure as YYYY-MM-DD."
	} else if on.After(today) {
		errs["disclosed_on"] = "The date cannot be in the future."
	}
	textField(errs, "disclosure_reference", d.Reference, MaxReference, "Give the authority's reference of the disclosure.")
	return errs
}

// code is the alphabet of references and receipt codes: letters and digits
// that survive being read aloud or copied by hand.
var code = base32.StdEncoding.WithPadding(base32.NoPadding)

// randomCode returns n random bytes in the code alphabet.
func randomCode(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return code.EncodeToString(b)
}

// newReceipt returns a report's reference (8 characters) and the receipt
// code its anonymous reporter keeps: the reference and an 80-bit secret.
func newReceipt() (reference, receipt string) {
	reference = randomCode(5)
	return reference, reference + "-" + randomCode(10)
}

// splitReceipt returns the reference and the secret of a receipt code as
// typed: case and surrounding blanks do not matter.
func splitReceipt(receipt string) (reference, secret string) {
	reference, secret, _ = strings.Cut(strings.ToUpper(strings.TrimSpace(receipt)), "-")
	return reference, secret
}

// hashSecret is what is stored of a receipt code's secret.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// secretMatches compares a secret with the stored hash in constant time.
func secretMatches(secret, stored string) bool {
	return subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(stored)) == 1
}

func trim(s string) string { return strings.TrimSpace(s) }
