package cases

import "time"

// Licensing is the case page's licence determination: what each item needs,
// the Art. 4 questions, the facts general authorisations turn on, the
// authority's part, and the shipments of an approved case.
type Licensing struct {
	Rows     []Determination
	Warnings []string // restrictive measures recorded but not confirmed

	Art4         []Art4Row // one per question, answered or not
	Art4Complete bool      // every question answered
	Art4Form     Form
	Art4Values   []Option // the answers a question takes
	CanAnswer    bool     // may answer the Art. 4 questions and the facts now
	Facts        []FactQuestion
	FactsForm    Form

	// The Art. 4 notification: printable once an answer says "aware".
	NotificationHref   string
	CanRecordAuthority bool
	NeedsSent          bool // aware, not yet recorded as sent
	AwaitsDecision     bool
	Notifications      []string // what was sent and decided, in words
	AuthorityForm      Form
	Art4Decisions      []Option

	Applications    []Application
	ShowApply       bool // an item needs a licence and the viewer may apply
	ApplicationForm Form
	Licences        []Option // to name the licence an application was granted

	Shipments    []Shipment
	CanShip      bool
	ShipLines    []ShipLine
	ShipmentForm Form
	FirstExport  string // the first shipment's date and what Art. 27(3) makes of it
}

// Determination is one item's row of the determination.
type Determination struct {
	Item, Classification  string
	Outcome, OutcomeLabel string
	Basis, BasisHref      string
	Why                   []string
	Remaining             string // what the covering licence has left, "" when none
}

// Art4Row is one Art. 4 question with its newest answer.
type Art4Row struct {
	Name, Question, Answer, AnswerLabel, By string
	At                                      time.Time
}

// FactQuestion is a fact a general authorisation needs to know.
type FactQuestion struct{ Name, Question string }

// Application is a licence applied for on the case.
type Application struct {
	ID, Reference, Authority, AppliedOn, Outcome, Decided, LicenceHref, Licence string
	Pending                                                                     bool
}

// Shipment is one export of the case's items.
type Shipment struct {
	ExportedOn, MRN, By string
	Lines               []string
}

// ShipLine is an item of an approved case with what is left to ship.
type ShipLine struct{ ItemID, Item, Left string }

// Unshown is the error of a form that came back refused but is not shown
// on the page as it now stands (the case moved on): it goes above the
// determination so that the refusal is not lost.
func (l Licensing) Unshown() string {
	pending := false
	for _, a := range l.Applications {
		pending = pending || a.Pending
	}
	for _, f := range []struct {
		form  Form
		shown bool
	}{
		{l.Art4Form, l.CanAnswer},
		{l.FactsForm, l.CanAnswer && len(l.Facts) > 0},
		{l.AuthorityForm, l.CanRecordAuthority && (l.NeedsSent || l.AwaitsDecision)},
		{l.ApplicationForm, l.ShowApply || (pending && l.CanRecordAuthority)},
	} {
		if f.form.Error != "" && !f.shown {
			return f.form.Error
		}
	}
	return ""
}
