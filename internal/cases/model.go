// Package cases is the export case: one intended export of items to parties in
// a destination country, its documents, its life cycle with readiness gates,
// and its four-eyes sign-off bound to a hash of the content.
package cases

import (
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Status is where a case stands in its life cycle.
type Status string

const (
	Draft     Status = "draft"
	Submitted Status = "submitted"
	Approved  Status = "approved"
	Rejected  Status = "rejected"
	OnHold    Status = "on_hold"
	Closed    Status = "closed"
	Blocked   Status = "blocked"
)

// Statuses in the order lists show them.
var Statuses = []Status{Draft, Submitted, OnHold, Approved, Rejected, Blocked, Closed}

// Label is the status for people.
func (s Status) Label() string {
	switch s {
	case OnHold:
		return "On hold"
	case "":
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Editable reports whether the case's content may change in this status.
// Changing an approved case sends it back for approval.
func (s Status) Editable() bool {
	return s == Draft || s == Submitted || s == OnHold || s == Approved
}

// Open reports whether the case is still in progress (not finally decided).
func (s Status) Open() bool {
	return s == Draft || s == Submitted || s == OnHold || s == Approved
}

// InProgress reports whether the decisions on the case — its assessment,
// its screening hits — may still change: an approved case is frozen until
// it goes back to draft.
func (s Status) InProgress() bool { return s == Draft || s == Submitted || s == OnHold }

// OpenStatuses are the statuses of cases in progress, for queries.
func OpenStatuses() []Status {
	var out []Status
	for _, st := range Statuses {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}

// EndUserTypes are the kinds of end user the product distinguishes; state
// bodies raise the human-rights assessment requirement later.
var EndUserTypes = vocab.Terms[string]{
	{Value: "private_company", Label: "Private company"},
	{Value: "government", Label: "Government body"},
	{Value: "law_enforcement", Label: "Law enforcement"},
	{Value: "intelligence", Label: "Intelligence service"},
	{Value: "military", Label: "Military"},
	{Value: "research", Label: "Research institution"},
	{Value: "individual", Label: "Individual"},
}

// PartyRoles are the roles a party plays on a case.
var PartyRoles = vocab.Terms[string]{
	{Value: "consignee", Label: "Consignee"},
	{Value: "end_user", Label: "End user"},
	{Value: "intermediary", Label: "Intermediary"},
	{Value: "freight_forwarder", Label: "Freight forwarder"},
	{Value: "other", Label: "Other"},
}

// PartyKinds are what a party is.
var PartyKinds = vocab.Terms[string]{
	{Value: "company", Label: "Company"},
	{Value: "person", Label: "Person"},
	{Value: "government", Label: "Government body"},
}

// AttachmentKinds are the documents a case keeps.
var AttachmentKinds = vocab.Terms[string]{
	{Value: "end_use_statement", Label: "End-use statement"},
	{Value: "contract", Label: "Contract"},
	{Value: "licence", Label: "Licence"},
	{Value: "other", Label: "Other"},
}

// RiskLevels a case can carry; "" is not yet assessed.
var RiskLevels = vocab.Terms[string]{
	{Value: "low", Label: "Low"},
	{Value: "medium", Label: "Medium"},
	{Value: "high", Label: "High"},
}

// Record is the case record itself.
type Record struct {
	ID          string     `gorm:"column:id;primaryKey"`
	Reference   string     `gorm:"column:reference"`
	Title       string     `gorm:"column:title"`
	Destination *string    `gorm:"column:destination"`
	EndUserType string     `gorm:"column:end_user_type"`
	EndUse      string     `gorm:"column:end_use"`
	Notes       string     `gorm:"column:notes"`
	OwnerID     string     `gorm:"column:owner_id"`
	Status      Status     `gorm:"column:status"`
	Version     int64      `gorm:"column:version"`
	RiskLevel   string     `gorm:"column:risk_level"`
	SubmittedAt *time.Time `gorm:"column:submitted_at"`
	DecidedAt   *time.Time `gorm:"column:decided_at"`
	CreatedAt   time.Time  `gorm:"column:created_at"`
	UpdatedAt   time.Time  `gorm:"column:updated_at"`

	RiskBasis `gorm:"embedded"`
}

func (Record) TableName() string { return "cases" }

// DestinationCode returns the destination's ISO code, or "".
func (c *Record) DestinationCode() string {
	if c.Destination == nil {
		return ""
	}
	return *c.Destination
}

// Party is a company, person or government body, shared by the cases it appears on.
type Party struct {
	ID                 string    `gorm:"column:id;primaryKey" json:"id"`
	Name               string    `gorm:"column:name" json:"name"`
	SearchName         string    `gorm:"column:search_name" json:"-"`
	Kind               string    `gorm:"column:kind" json:"kind"`
	Country            *string   `gorm:"column:country" json:"country"`
	Address            string    `gorm:"column:address" json:"address"`
	RegistrationNumber string    `gorm:"column:registration_number" json:"registration_number"`
	VATNumber          string    `gorm:"column:vat_number" json:"vat_number"`
	LEI                string    `gorm:"column:lei" json:"lei"`
	PassportNumber     string    `gorm:"column:passport_number" json:"passport_number"`
	CreatedBy          string    `gorm:"column:created_by" json:"-"`
	CreatedAt          time.Time `gorm:"column:created_at" json:"-"`
	UpdatedAt          time.Time `gorm:"column:updated_at" json:"-"`
}

func (Party) TableName() string { return "parties" }

// CaseParty links a party to a case in a role.
type CaseParty struct {
	ID      string    `gorm:"column:id;primaryKey"`
	CaseID  string    `gorm:"column:case_id"`
	PartyID string    `gorm:"column:party_id"`
	Role    string    `gorm:"column:role"`
	AddedBy string    `gorm:"column:added_by"`
	AddedAt time.Time `gorm:"column:added_at"`
	Party   Party     `gorm:"foreignKey:PartyID"`
	Removal
}

func (CaseParty) TableName() string { return "case_parties" }

// Item is one line of goods, software or technology on a case.
type Item struct {
	ID                string `gorm:"column:id;primaryKey" json:"id"`
	CaseID            string `gorm:"column:case_id" json:"-"`
	Description       string `gorm:"column:description" json:"description"`
	QuantityMilli     int64  `gorm:"column:quantity_milli" json:"quantity_milli"`
	Unit              string `gorm:"column:unit" json:"unit"`
	ValueMinor        int64  `gorm:"column:value_minor" json:"value_minor"`
	Currency          string `gorm:"column:currency" json:"currency"`
	Classification    string `gorm:"column:classification" json:"classification"`
	CyberSurveillance bool   `gorm:"column:cyber_surveillance" json:"cyber_surveillance"`
	CyberReason       string `gorm:"column:cyber_reason" json:"cyber_reason,omitempty"` // why it is one (Art. 2(20))
	// SubjectToUS says the item is subject to US export rules (US origin or
	// content, for example), and ECCN is then its US classification ("5A002.a",
	// "EAR99"): whether a US list binds a transaction turns on them. Empty
	// values stay out of the content hash, so cases signed before they
	// existed keep theirs.
	SubjectToUS bool   `gorm:"column:subject_to_us" json:"subject_to_us,omitempty"`
	ECCN        string `gorm:"column:eccn" json:"eccn,omitempty"`
	// ProductID and ClassificationID name the catalogue product the item is
	// and the confirmed classification it carries; nil for an item described
	// on the case alone.
	ProductID        *string   `gorm:"column:product_id" json:"product_id,omitempty"`
	ClassificationID *string   `gorm:"column:classification_id" json:"classification_id,omitempty"`
	CreatedAt        time.Time `gorm:"column:created_at" json:"-"`
	UpdatedAt        time.Time `gorm:"column:updated_at" json:"-"`
	Removal          `json:"-"`
}

func (Item) TableName() string { return "case_items" }

// Attachment is a stored document of a case.
type Attachment struct {
	ID           string     `gorm:"column:id;primaryKey"`
	CaseID       string     `gorm:"column:case_id"`
	Kind         string     `gorm:"column:kind"`
	Filename     string     `gorm:"column:filename"`
	ContentType  string     `gorm:"column:content_type"`
	Size         int64      `gorm:"column:size"`
	SHA256       string     `gorm:"column:sha256"`
	UploadedBy   string     `gorm:"column:uploaded_by"`
	UploadedAt   time.Time  `gorm:"column:uploaded_at"`
	SupersededBy *string    `gorm:"column:superseded_by"`
	SupersededAt *time.Time `gorm:"column:superseded_at"`
	Removal
}

func (Attachment) TableName() string { return "case_attachments" }

// Current reports whether no newer attachment supersedes this one.
func (a *Attachment) Current() bool { return a.SupersededBy == nil }

// Removal marks a party link, item or document taken off a case: the row is
// kept, and counts for nothing any more.
type Removal struct {
	RemovedAt     *time.Time `gorm:"column:removed_at"`
	RemovedBy     *string    `gorm:"column:removed_by"`
	RemovedReason string     `gorm:"column:removed_reason"`
}

// Removed reports whether the row was taken off its case.
func (r Removal) Removed() bool { return r.RemovedAt != nil }

// Decision is what a sign-off decides.
type Decision string

const (
	Approve Decision = "approve"
	Reject  Decision = "reject"
	Hold    Decision = "hold"
	Return  Decision = "return"
)

// Decisions in the order forms offer them, with their names for people.
var Decisions = vocab.Terms[Decision]{
	{Value: Approve, Label: "Approve"},
	{Value: Hold, Label: "Put on hold"},
	{Value: Reject, Label: "Reject"},
	{Value: Return, Label: "Return to draft"},
}

// SignOff is one decision on a case, bound to its content at that moment.
type SignOff struct {
	ID          string    `gorm:"column:id;primaryKey"`
	CaseID      string    `gorm:"column:case_id"`
	UserID      string    `gorm:"column:user_id"`
	Role        string    `gorm:"column:role"`
	Decision    Decision  `gorm:"column:decision"`
	Comment     string    `gorm:"column:comment"`
	ContentHash string    `gorm:"column:content_hash"`
	CaseVersion int64     `gorm:"column:case_version"`
	CreatedAt   time.Time `gorm:"column:created_at"`
}

func (SignOff) TableName() string { return "case_signoffs" }

// Removed are the parties, items and documents taken off a case.
type Removed struct {
	Parties     []CaseParty
	Items       []Item
	Attachments []Attachment
}

// Case is a case with everything that belongs to it.
type Case struct {
	Record
	Parties     []CaseParty  // not removed
	Items       []Item       // not removed
	Attachments []Attachment // not removed
	Removed     Removed      // kept for the record only
	SignOffs    []SignOff
	Editors     []string // users who changed the content after the first submission
	// AssessmentAuthors wrote part of the case's human-rights assessment;
	// filled by Service.Get and for a decision.
	AssessmentAuthors []string
	ContentHash       string // SHA-256 of the content now

	// Filled by Service.Get for showing the case: names of the people it
	// mentions by id, and its audit events, oldest first.
	Names    map[string]string
	Timeline []audit.Entry
}
