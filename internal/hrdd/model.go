// Package hrdd is the human-rights due diligence of an export case
// (Recommendation (EU) 2024/2659 on Art. 5 of Regulation (EU) 2021/821): a
// versioned questionnaire per case, the risk Vigil proposes from it, the
// rule that says when it is required, its sign-off by a compliance officer
// who did not write it, and the notification to the competent authority when
// the exporter becomes aware of a risk of misuse.
package hrdd

import (
	"context"
	"time"

	"github.com/vigil-icp/vigil/internal/vocab"
)

// Destination is what the reference data says of a country. The country
// reference capability provides it; an empty Tier means not rated.
type Destination struct {
	Code, Name  string
	Tier        string // low, medium or high
	ArmsEmbargo bool
	Measures    []string // restrictive measures in force, for people
	Indicators  []string // human-rights indicators with edition and value, for people
	// Restrictions are the restrictive measures in force, each with whether
	// it was confirmed against its legal text: a confirmed one makes the
	// assessment required.
	Restrictions []Restriction
}

// Restriction is a restrictive measure in force on a destination.
type Restriction struct {
	Kind      string // for people: "Arms embargo"
	LegalAct  string
	Scope     string
	Confirmed bool
}

// String names the measure for people: kind, act and scope.
func (r Restriction) String() string {
	return r.Kind + ", " + r.LegalAct + " (scope: " + r.Scope + ")"
}

// RedFlag is one entry of the red-flag catalogue.
type RedFlag struct{ Code, Title string }

// Destinations is the reference data the assessment reads. A nil
// Destinations means none is loaded: the tier is unknown, no measures are
// shown and the built-in red-flag catalogue is used.
type Destinations interface {
	Destination(ctx context.Context, code string) (Destination, error)
	// Standing is the destination's risk tier ("" when not rated) and its
	// restrictive measures in force, alone: the cheap question the gate asks
	// on every case page.
	Standing(ctx context.Context, code string) (Destination, error)
	RedFlags(ctx context.Context) ([]RedFlag, error)
}

// Levels are the conclusions an assessment can reach, least risky first.
var Levels = vocab.Terms[string]{
	{Value: "low", Label: "Low"},
	{Value: "medium", Label: "Medium"},
	{Value: "high", Label: "High"},
	{Value: "unacceptable", Label: "Unacceptable"},
}

// Answers is the questionnaire, one struct per section. It is stored as JSON
// and its hash is what a signature vouches for.
type Answers struct {
	Item        ItemSection        `json:"item"`
	EndUser     EndUserSection     `json:"end_user"`
	EndUse      EndUseSection      `json:"end_use"`
	Destination DestinationSection `json:"destination"`
	RedFlags    RedFlagsSection    `json:"red_flags"`
	Sources     SourcesSection     `json:"sources"`
	Mitigation  MitigationSection  `json:"mitigation"`
	Conclusion  Conclusion         `json:"conclusion"`
	// Done names the sections saved complete.
	Done map[string]bool `json:"done"`
}

// ItemSection is the item's capabilities and potential for misuse.
type ItemSection struct {
	Capabilities  []string `json:"capabilities"`
	Use           string   `json:"use"`           // targeted | mass
	Customisation string   `json:"customisation"` // none | configuration | bespoke
	Notes         string   `json:"notes"`
}

// EndUserSection is who will use the items.
type EndUserSection struct {
	Type        string `json:"type"`         // one of cases.EndUserTypes
	StateLink   string `json:"state_link"`   // none | indirect | direct
	KnownMisuse string `json:"known_misuse"` // none | alleged | documented
	Oversight   string `json:"oversight"`    // effective | limited | none
	Notes       string `json:"notes"`
}

// EndUseSection is what the items will be used for.
type EndUseSection struct {
	Purpose      string   `json:"purpose"`
	Plausibility string   `json:"plausibility"` // plausible | doubtful | implausible
	Targets      []string `json:"targets"`
	Notes        string   `json:"notes"`
}

// DestinationSection is the exporter's judgement of the destination's rule of
// law for surveillance; the facts come from the reference data.
type DestinationSection struct {
	Country           string `json:"country"`
	LegalBasis        string `json:"legal_basis"`        // clear | vague | none
	JudicialOversight string `json:"judicial_oversight"` // independent | limited | none
	Remedies          string `json:"remedies"`           // effective | limited | none
	Notes             string `json:"notes"`
}

// FlagAnswer is a red flag that was raised, with how it was resolved.
type FlagAnswer struct {
	Code       string `json:"code"`
	Resolution string `json:"resolution"`
	Resolved   bool   `json:"resolved"`
}

// RedFlagsSection is the red flags ticked; none ticked means none applies.
type RedFlagsSection struct {
	Flags []FlagAnswer `json:"flags"`
}

// Flag returns the answer for a flag code, if ticked.
func (r RedFlagsSection) Flag(code string) (FlagAnswer, bool) {
	for _, f := range r.Flags {
		if f.Code == code {
			return f, true
		}
	}
	return FlagAnswer{}, false
}

// Source is one source consulted.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  string `json:"date"` // YYYY-MM-DD, when consulted
}

// SourcesSection is the sources consulted.
type SourcesSection struct {
	Sources []Source `json:"sources"`
}

// MitigationSection is the measures agreed to reduce the risk.
type MitigationSection struct {
	Measures []string `json:"measures"`
	Notes    string   `json:"notes"`
}

// Conclusion is the assessor's conclusion and the answers to Art. 5, asked
// only when it applies (Scope.Applies); otherwise they stay empty.
type Conclusion struct {
	Level                 string `json:"level"`
	Rationale             string `json:"rationale"`
	OverrideJustification string `json:"override_justification"`
	// Art. 5(1): informed by the authority (yes | no), with its letter.
	Informed       string `json:"informed,omitempty"`
	InformedLetter string `json:"informed_letter,omitempty"` // reference and date
	Aware          string `json:"aware"`                     // Art. 5(2): yes | no
	Suspect        string `json:"suspect,omitempty"`         // Art. 5(3): yes | no, where national law applies
	// NationalBasis is the national legislation the 5(3) answer was given
	// under, as the exporter settings named it then.
	NationalBasis string `json:"national_basis,omitempty"`
}

// Status of an assessment version.
const (
	StatusDraft  = "draft"
	StatusSigned = "signed"
)

// Assessment is one version of a case's assessment.
type Assessment struct {
	ID                    string     `gorm:"column:id;primaryKey"`
	CaseID                string     `gorm:"column:case_id"`
	Version               int        `gorm:"column:version"`
	AnswersJSON           string     `gorm:"column:answers"`
	Status                string     `gorm:"column:status"`
	AuthorID              string     `gorm:"column:author_id"`
	ProposedLevel         string     `gorm:"column:proposed_level"`
	ConclusionLevel       string     `gorm:"column:conclusion_level"`
	OverrideJustification string     `gorm:"column:override_justification"`
	ContentHash           string     `gorm:"column:content_hash"`
	CaseBasisHash         string     `gorm:"column:case_basis_hash"`
	SignedBy              *string    `gorm:"column:signed_by"`
	SignedAt              *time.Time `gorm:"column:signed_at"`
	SignedHash            string     `gorm:"column:signed_hash"`
	CreatedAt             time.Time  `gorm:"column:created_at"`
	UpdatedAt             time.Time  `gorm:"column:updated_at"`
}

func (Assessment) TableName() string { return "assessments" }

// Signed reports whether a signature vouches for the answers as they are.
func (a *Assessment) Signed() bool {
	return a.Status == StatusSigned && a.SignedHash != "" && a.SignedHash == a.ContentHash
}

type editor struct {
	AssessmentID string `gorm:"column:assessment_id;primaryKey"`
	UserID       string `gorm:"column:user_id;primaryKey"`
}

func (editor) TableName() string { return "assessment_editors" }

// Notification is what a case needs from the competent authority under
// Art. 5 (Kind): our notification under Art. 5(2), or a licence required
// under Art. 5(1) or national law under Art. 5(3); with the authority's
// reply once it comes.
type Notification struct {
	ID              string     `gorm:"column:id;primaryKey"`
	CaseID          string     `gorm:"column:case_id"`
	AssessmentID    string     `gorm:"column:assessment_id"`
	Kind            string     `gorm:"column:kind"`
	CreatedAt       time.Time  `gorm:"column:created_at"`
	CreatedBy       string     `gorm:"column:created_by"`
	SnapshotJSON    string     `gorm:"column:snapshot"`
	SentOn          string     `gorm:"column:sent_on"` // YYYY-MM-DD
	SentBy          *string    `gorm:"column:sent_by"`
	SentRecordedAt  *time.Time `gorm:"column:sent_recorded_at"`
	ReplyDate       string     `gorm:"column:reply_date"`
	ReplyReference  string     `gorm:"column:reply_reference"`
	ReplyDecision   string     `gorm:"column:reply_decision"`
	LicenceNumber   string     `gorm:"column:licence_number"`
	ReplyRecordedBy *string    `gorm:"column:reply_recorded_by"`
	ReplyRecordedAt *time.Time `gorm:"column:reply_recorded_at"`
}

func (Notification) TableName() string { return "authority_notifications" }

// Releases reports whether the reply gives the case what it needed: a
// licence, or for a notification also the decision that none is required.
func (n *Notification) Releases() bool {
	return n.ReplyDecision == ReplyLicenceGranted || (n.Kind == KindNotification && n.ReplyDecision == ReplyNoAuthorisation)
}

// Replies of the competent authority.
const (
	ReplyNoAuthorisation = "no_authorisation_required"
	ReplyLicenceRequired = "licence_required"
	ReplyLicenceGranted  = "licence_granted"
	ReplyLicenceRefused  = "licence_refused"
)

// ReplyDecisions are what the authority can decide on a notification.
var ReplyDecisions = vocab.Terms[string]{
	{Value: ReplyNoAuthorisation, Label: "No authorisation required"},
	{Value: ReplyLicenceRequired, Label: "Authorisation required: a licence application follows"},
	{Value: ReplyLicenceGranted, Label: "Licence granted"},
	{Value: ReplyLicenceRefused, Label: "Licence refused"},
}

// RepliesTo returns the decisions that answer a record of kind: where a
// licence is required, only granting or refusing it.
func RepliesTo(kind string) vocab.Terms[string] {
	if kind == KindNotification {
		return ReplyDecisions
	}
	return vocab.Terms[string]{ReplyDecisions[2], ReplyDecisions[3]}
}

// RecordKinds name the authority records for people.
var RecordKinds = vocab.Terms[string]{
	{Value: KindNotification, Label: "Notification to the competent authority (Art. 5(2))"},
	{Value: KindInformed, Label: "Authorisation required: informed by the competent authority (Art. 5(1))"},
	{Value: KindNational, Label: "Authorisation required by national legislation (Art. 5(3))"},
}
