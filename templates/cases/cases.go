// Package cases renders export cases: the list, the case page with its
// parties, items, documents, readiness, sign-offs and timeline, and the forms.
package cases

import (
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Option is a choice in a select.
type Option = components.Option

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// ListRow is one case in the list.
type ListRow struct {
	ID, Reference, Title, Status, StatusLabel, Destination, Owner, Risk string
	Updated                                                             time.Time
	Matched                                                             []string // why it matched the search
}

// StatusTab is one status with its count, linking to the filtered list.
type StatusTab struct {
	Label  string
	Count  int64
	Href   string
	Active bool
}

// List is the case list page.
type List struct {
	Filter      Form // q, status, destination, risk, sort
	Statuses    []Option
	Countries   *components.Choices
	Owners      []Option
	People      []Option // who may sign cases off: the "person" filter
	Risks       []Option
	Sorts       []Option
	Tabs        []StatusTab
	Rows        []ListRow
	Total       int64
	Page, Pages int
	PrevHref    string
	NextHref    string
	CanCreate   bool
}

// Edit is the form to open or change a case.
type Edit struct {
	ID           string // empty for a new case
	Reference    string
	Version      int64
	Form         Form
	Countries    *components.Choices
	EndUserTypes []Option
}

// Party is a party on the case.
type Party struct {
	LinkID, Name, Role, Kind, Country, Address, Identifiers string
}

// Item is an item on the case.
type Item struct {
	ID, Description, Quantity, Unit, Value, Classification string
	Cyber                                                  bool
	CyberReason                                            string // why it is a cyber-surveillance item
	ProductID                                              string // the catalogue product it is, "" when none
	ECCN                                                   string // its US classification when subject to US export rules
}

// Document is an attachment.
type Document struct {
	ID, Kind, Filename, Size, SHA256, UploadedBy string
	UploadedAt                                   time.Time
	Current                                      bool
}

// Removed is a party, item or document taken off the case, kept with who
// removed it, when and why.
type Removed struct {
	What, Detail, Href string // Href: where to download it, or ""
	By, Why            string
	At                 time.Time
}

// Check is one readiness line.
type Check struct {
	Name, Why, FixHref string
	OK                 bool
}

// SignOff is one decision, possibly void.
type SignOff struct {
	Decision, Who, Role, Comment string
	At                           time.Time
	Void                         string // why an approval no longer counts, "" while it does
}

// Event is one line of the case's timeline.
type Event struct {
	Seq                       int64
	At                        time.Time
	Actor, Role, Action, What string
	Before, After             string
}

// EventDiff is one event of a case's timeline with the record before and
// after it.
type EventDiff struct {
	CaseID, Reference string
	Event             Event
}

// Suggestion is a known party offered for reuse.
type Suggestion struct {
	ID, Name, Detail string
}

// Page is the case page.
type Page struct {
	ID          string
	Reference   string
	Title       string
	Status      string
	StatusLabel string
	Version     int64
	Destination string
	EndUserType string
	EndUse      string
	Notes       string
	Owner       string
	Risk        string
	RiskLabel   string
	RiskBasis   RiskBasis
	Approvals   string // "1 of 2 approvals"
	ContentHash string

	CanEdit, CanSubmit, CanClose, CanSetRisk bool
	Decisions                                []Option // decisions the viewer may take now
	DecisionForm                             Form
	RiskForm                                 Form
	Risks                                    []Option

	Checks  []Check
	Ready   bool
	Parties []Party
	Items   []Item
	Docs    []Document
	// Taken off the case, shown on request.
	RemovedParties, RemovedItems, RemovedDocs []Removed
	SignOff                                   []SignOff
	Events                                    []Event

	PartyForm   Form
	PartyQuery  string
	Suggestions []Suggestion
	PartyRoles  []Option
	PartyKinds  []Option
	Countries   *components.Choices
	ItemForm    Form
	UploadForm  Form
	DocKinds    []Option

	Screening  Screening
	Assessment AssessmentBox
	Licensing  Licensing
}

// RiskChoice is the risk level the risk form shows: as posted when the form
// comes back refused, else the case's.
func (p Page) RiskChoice() string {
	if p.RiskForm.Values != nil {
		return p.RiskForm.V("risk_level")
	}
	return p.Risk
}

// RiskBasis is why the case carries its risk level, in words.
type RiskBasis struct {
	Rule  string // which rule gave the level
	Who   string // who set it and why; "" when not recorded
	Floor string // how the signed assessment's floor moves; "" without one
}

// AssessmentBox is the case page's summary of the human-rights assessment.
type AssessmentBox struct {
	Required   bool
	Reasons    []string
	Version    int // 0: not started
	Status     string
	Conclusion string
	Missing    string // the parts still to complete
	Why        string // what it lacks for the case to go ahead, or ""
	// Rules are what the signed conclusion applied (Art. 5, the company's
	// refusal), in words; Notification titles its authority record.
	Rules        []string
	Notification string
}

// Screening is the case's screening panel.
type Screening struct {
	ListsLoaded  bool
	Lists        string // the list versions screened against, for people
	Parties      []ScreenedParty
	CanRescreen  bool
	CanDecide    bool
	WhyNotDecide string // why the viewer may not decide the open hits
	Verdicts     []Option
	Form         Form // the hit decision form that came back, with hit_id
	// USItems says which items are subject to US export rules, against
	// which a decision that a US list does not apply is checked.
	USItems string
}

// ScreenedParty is one party's current screening.
type ScreenedParty struct {
	Name, Screened, Stale string
	Hits                  []ScreenedHit
}

// ScreenedHit is one hit with its decision.
type ScreenedHit struct {
	ID, List, SourceID, EntryName, EntryKind, MatchedName, Score, Explanation string
	Status, StatusLabel, Decided, Alarm                                       string
	Open                                                                      bool
	History                                                                   []PastDecision // every decision, oldest first, when there is more than one
	Correction                                                                HitCorrection
	NotApplicable                                                             NotApplicableStep
}

// NotApplicableStep is a decision that the hit's list does not apply to the
// case, waiting for a second compliance officer: whether the viewer may
// confirm it, or why not.
type NotApplicableStep struct {
	Waiting    bool
	CanConfirm bool
	WhyNot     string
}

// ItemEdit is the page to change one item.
// CatalogueItem is the page that adds a product of the catalogue to a case.
type CatalogueItem struct {
	CaseID, Reference string
	Version           int64
	Products          []Option // the products with a confirmed classification
	Form              Form
}

type ItemEdit struct {
	CaseID    string
	Reference string
	ItemID    string
	Version   int64
	Form      Form
}

// Sample is a random sample of cases drawn from the list's filter, to
// review one by one.
type Sample struct {
	Rows          []ListRow
	Matched, N    int
	Seed          string
	FromHref      string // the search it was drawn from
	ReproduceHref string // the same draw again
}
