// Package dossier gathers everything about one export case into one record
// an inspector can read, print or take away: the exporter, the parties and
// their screening, the items with their classification and licence
// determination, the human-rights assessment, the authorisations and
// shipments, every sign-off, the documents with their SHA-256 and the whole
// timeline, with how long the records are kept.
package dossier

import (
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/retention"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/training"
)

// Dossier is a case as its dossier records it.
type Dossier struct {
	Generated  time.Time   `json:"generated_at"`
	Exporter   Exporter    `json:"exporter"`
	Case       Case        `json:"case"`
	Parties    []Party     `json:"parties"`
	Items      []Item      `json:"items"`
	Art4       []Answer    `json:"art4"`
	Assessment *Assessment `json:"assessment,omitempty"`
	Shipments  []Shipment  `json:"shipments"`
	SignOffs   []SignOff   `json:"sign_offs"`
	Documents  []Document  `json:"documents"`
	Retention  string      `json:"retention"`
	Events     []Event     `json:"events"`
}

// Exporter is who exports, and the authority it answers to.
type Exporter struct {
	Name, Address, EORI, MemberState, Authority string
}

// Case is the case's own fields.
type Case struct {
	ID, Reference, Title, Status, Destination, EndUserType, EndUse, Risk, ContentHash string
	Version                                                                           int64
	Opened                                                                            time.Time
}

// Party is a party with its newest screening.
type Party struct {
	Role, Name, Kind, Country, Address string
	ScreenedAt                         *time.Time
	Lists                              []string // the list versions it was screened against
	Hits                               []Hit
	Stale                              string // why the screening no longer counts, "" when it does
}

// Hit is a screening hit with the decision that holds on it.
type Hit struct {
	Entry, List, Status, Decision, DecidedBy, Reason string
	ConfirmedBy                                      string // the second compliance officer of a "not applicable" decision
	Score                                            float64
}

// Item is an item with its classification and determination.
type Item struct {
	Description, Quantity, Value, Classification, Outcome, Basis string
	ECCN                                                         string // when subject to US export rules
	Why                                                          []string
}

// Answer is an Art. 4 answer.
type Answer struct {
	Question, Answer, By string
	At                   time.Time
}

// Assessment is the human-rights assessment as signed.
type Assessment struct {
	Version            int
	Status, Conclusion string
	SignedBy           string
	SignedAt           *time.Time
	Sources            []hrdd.Source
	Required           bool
	RequiredBecause    []string
}

// Shipment is one export of the case.
type Shipment struct {
	ExportedOn time.Time
	MRN        string
	Lines      int
}

// SignOff is one decision on the case, with the content it vouched for.
type SignOff struct {
	Decision, By, Role, Comment, ContentHash string
	At                                       time.Time
	Valid                                    bool
	// Training is the signer's courses in force when they signed, each with
	// when it was completed.
	Training []string
}

// Document is a stored document with its SHA-256.
type Document struct {
	Kind, Filename, SHA256, UploadedBy string
	Size                               int64
	UploadedAt                         time.Time
	Current                            bool
}

// Event is one event of the case's timeline.
type Event struct {
	Seq                                         int64
	At                                          time.Time
	Actor, Role, Action, Summary, Before, After string
}

// Sources are the states the dossier is made of, read by their services.
type Sources struct {
	Case       *cases.Case
	Exporter   *exporter.Profile
	Screening  *screening.CaseState
	Assessment *hrdd.State
	Licensing  *licensing.CaseState
	Retention  retention.Policy
	// Training is every course completion of the people who signed off,
	// by user id.
	Training map[string][]training.Completion
	Now      time.Time
}

// Of assembles the dossier of src.
func Of(src Sources) *Dossier {
	f := src.Case
	d := &Dossier{Generated: src.Now, Case: Case{ID: f.ID, Reference: f.Reference, Title: f.Title, Status: f.Status.Label(),
		Destination: f.DestinationCode(), EndUserType: cases.EndUserTypes.Label(f.EndUserType), EndUse: f.EndUse,
		Risk: cases.RiskLevels.Label(f.RiskLevel), ContentHash: f.ContentHash, Version: f.Version, Opened: f.CreatedAt}}
	if p := src.Exporter; p != nil {
		d.Exporter = Exporter{p.Name, p.Address, p.EORI, p.MemberState, p.AuthorityName}
	}
	d.Parties = parties(f, src.Screening)
	d.Items, d.Art4, d.Shipments, d.Retention = licensed(f, src.Licensing, src.Retention)
	d.Assessment = assessment(src.Assessment)
	d.SignOffs, d.Documents, d.Events = signOffs(f, src.Training), documents(f), events(f)
	return d
}
