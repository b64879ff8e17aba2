// Package hrdd renders a case's human-rights assessment (sections saved one
// at a time, progress, the proposed risk and the sign-off) and the printable
// notification to the competent authority.
package hrdd

import (
	"time"

	model "github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/templates/components"
)

// Option is a choice in a select.
type Option = components.Option

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Page is the assessment page, or one version of it.
type Page struct {
	CaseID      string
	Reference   string
	Title       string
	CaseVersion int64
	CaseStatus  string

	Version  int // 0: nothing saved yet
	Versions []int
	Latest   bool
	CanEdit  bool
	Status   string // for people: "Draft", "Signed", "Signature void"

	Required     bool
	Reasons      []string
	Destination  model.Destination
	CountryName  string // the destination's name in the site's country list
	Countries    *components.Choices
	EndUserTypes []Option
	RedFlags     []model.RedFlag
	Answers      model.Answers
	Proposal     model.Proposal

	// The section that came back from a save: with its errors, or saved.
	Section, Error string
	Errors         map[string]string
	Saved          bool

	// Art5 is what of the case Art. 5 concerns; National the legal basis of
	// the exporter's national rule under Art. 5(3), "" when none.
	Art5     model.Scope
	National string
	Rules    []string // the rules the signed conclusion applied, in words

	Sign         SignPanel
	Notification string // the authority record's title, when there is one
}

// SignPanel is the sign-off part of the page.
type SignPanel struct {
	Missing  []string
	Signed   bool
	Void     bool // signed once, answers changed since
	SignedBy string
	SignedAt time.Time
	Hash     string
	CanSign  bool
	WhyNot   string // why the viewer may not sign, when they hold the right
	Error    string // a refused signature
}

// E returns the error of a field when the section that came back is section.
func (p Page) E(section, field string) string {
	if p.Section != section {
		return ""
	}
	return p.Errors[field]
}

// ReadOnly reports whether the page shows answers without forms.
func (p Page) ReadOnly() bool { return !p.CanEdit || !p.Latest }

// Notice is the printable authority record: the notification under Art.
// 5(2), or the licence required under Art. 5(1) or 5(3).
type Notice struct {
	CaseID      string
	CaseVersion int64
	Kind        string // hrdd.KindNotification ...
	Title       string
	Created     time.Time
	Snapshot    model.Snapshot
	SentOn      string // YYYY-MM-DD, "" until recorded
	SentBy      string
	Sent        Form // sent_on
	CanSend     bool
	Reply       Form // reply_date, reply_reference, reply_decision, licence_number
	Replied     bool
	RecordedBy  string
	RecordedAt  time.Time
	CanReply    bool
	Decisions   []Option
}

// Notifies reports whether the record is a notification the exporter sends.
func (n Notice) Notifies() bool { return n.Kind == model.KindNotification }
