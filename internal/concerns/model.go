// Package concerns is the compliance programme's whistle-blowing channel:
// anyone signed in reports a suspected export-control violation, named or
// anonymously; compliance officers triage it, write to the reporter and
// record a voluntary disclosure to the competent authority. An anonymous
// report is tied to nobody: no user id is stored with it, its audit events
// name no actor, and its reporter follows it with a receipt code of which
// only the SHA-256 is kept.
package concerns

import "time"

// Status is where a report stands.
type Status string

const (
	Received      Status = "received"
	Acknowledged  Status = "acknowledged"
	Investigating Status = "investigating"
	Closed        Status = "closed"
)

// Label is the status for people.
func (s Status) Label() string {
	return map[Status]string{Received: "Received", Acknowledged: "Acknowledged",
		Investigating: "Under investigation", Closed: "Closed"}[s]
}

// Report is one report of concern.
type Report struct {
	ID            string  `gorm:"column:id;primaryKey"`
	Reference     string  `gorm:"column:reference"`
	Subject       string  `gorm:"column:subject"`
	Body          string  `gorm:"column:body"`
	CaseReference string  `gorm:"column:case_reference"`
	Anonymous     bool    `gorm:"column:anonymous"`
	ReporterID    *string `gorm:"column:reporter_id"` // nil: anonymous
	ReceiptHash   string  `gorm:"column:receipt_hash"`
	Status        Status  `gorm:"column:status"`
	Outcome       string  `gorm:"column:outcome"`
	// DisclosedOn is the date (YYYY-MM-DD) of the voluntary disclosure to the
	// competent authority, "" while none is recorded.
	DisclosedOn         string    `gorm:"column:disclosed_on"`
	DisclosureReference string    `gorm:"column:disclosure_reference"`
	ReceivedAt          time.Time `gorm:"column:received_at"`
	// Reporter is the named reporter's name, read with the report.
	Reporter string `gorm:"->;column:reporter_name"`
	// History is the report's entries, oldest first.
	History []Entry `gorm:"-"`
}

// TableName binds Report to its table.
func (Report) TableName() string { return "concern_reports" }

// Kind is what an entry of a report's history records.
type Kind string

const (
	KindReceived     Kind = "received"
	KindAcknowledged Kind = "acknowledged"
	KindInvestigated Kind = "investigating"
	KindClosed       Kind = "closed"
	KindDisclosed    Kind = "disclosed"
	// KindToReporter is an officer's message to the reporter.
	KindToReporter Kind = "to_reporter"
	// KindFromReporter is information the reporter added.
	KindFromReporter Kind = "from_reporter"
)

// Entry is one line of a report's history.
type Entry struct {
	ID       string    `gorm:"column:id;primaryKey"`
	ReportID string    `gorm:"column:report_id"`
	Kind     Kind      `gorm:"column:kind"`
	Text     string    `gorm:"column:text"`
	AuthorID *string   `gorm:"column:author_id"` // nil: the anonymous reporter
	At       time.Time `gorm:"column:at"`
	// Author is the author's name, read with the entry.
	Author string `gorm:"->;column:author_name"`
}

// TableName binds Entry to its table.
func (Entry) TableName() string { return "concern_entries" }

// ForReporter returns what the reporter sees of the history: the receipt,
// the officers' messages and what the reporter added, not the officers'
// internal steps.
func (r *Report) ForReporter() []Entry {
	var out []Entry
	for _, e := range r.History {
		if e.Kind == KindReceived || e.Kind == KindToReporter || e.Kind == KindFromReporter {
			out = append(out, e)
		}
	}
	return out
}
