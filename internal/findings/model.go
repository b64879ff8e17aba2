// Package findings is ICP core element 5 of Recommendation (EU) 2019/1318
// (performance review, audits, reporting, corrective actions): the findings
// of the programme, from a self-assessment, an audit or a report of
// concern, and the corrective actions that answer them. An action's owner
// works on it and marks it done with evidence; a second person, who holds
// auth.PermManageActions and is neither its owner nor whoever marked it
// done, signs it off or sends it back. A finding closes once all its
// actions are closed.
package findings

import (
	"time"
)

// Source is where a finding comes from.
type Source string

const (
	FromSelfAssessment Source = "self_assessment"
	// FromAudit: recorded by an auditor or a compliance officer reviewing
	// the programme.
	FromAudit Source = "audit"
	// FromConcern: from a report of concern (its id is the source reference).
	FromConcern Source = "concern"
)

// Sources lists the sources in the order pages show them.
var Sources = []Source{FromSelfAssessment, FromAudit, FromConcern}

// Label is the source for people.
func (s Source) Label() string {
	return map[Source]string{FromSelfAssessment: "Self-assessment", FromAudit: "Audit", FromConcern: "Report of concern"}[s]
}

// Severities are a finding's severities, lowest first.
var Severities = []string{"low", "medium", "high"}

// Status says whether a finding is still being dealt with.
type Status string

const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Finding is one finding of the programme.
type Finding struct {
	ID          string     `gorm:"column:id;primaryKey"`
	Reference   string     `gorm:"column:reference"`
	Title       string     `gorm:"column:title"`
	Description string     `gorm:"column:description"`
	Element     int        `gorm:"column:element"` // 1–7, 0: none
	Severity    string     `gorm:"column:severity"`
	Source      Source     `gorm:"column:source"`
	SourceRef   string     `gorm:"column:source_ref"`
	Status      Status     `gorm:"column:status"`
	RecordedBy  string     `gorm:"column:recorded_by"`
	RecordedAt  time.Time  `gorm:"column:recorded_at"`
	ClosedBy    *string    `gorm:"column:closed_by"`
	ClosedAt    *time.Time `gorm:"column:closed_at"`
	ClosingNote string     `gorm:"column:closing_note"`
	// Actions are the finding's actions, oldest first, read with it by Get.
	Actions []Action `gorm:"-"`
	// ConcernReference is the reference of the report of concern it comes
	// from, read by Get; never who reported it.
	ConcernReference string `gorm:"-"`
	// Answer is the self-assessment answer it comes from, with its period.
	Answer *AnswerOrigin `gorm:"-"`
}

// TableName binds Finding to its table.
func (Finding) TableName() string { return "findings" }

// ActionStatus is where a corrective action stands.
type ActionStatus string

const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	// ActionDone: marked done with evidence, awaiting a second person's
	// sign-off.
	ActionDone   ActionStatus = "done"
	ActionClosed ActionStatus = "closed"
)

// ActionStatuses lists the statuses in their order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionInProgress, ActionDone, ActionClosed}

// Label is the status for people.
func (s ActionStatus) Label() string {
	return map[ActionStatus]string{ActionOpen: "Open", ActionInProgress: "In progress",
		ActionDone: "Done — awaiting sign-off", ActionClosed: "Closed"}[s]
}

// Action is one corrective action of a finding.
type Action struct {
	ID        string       `gorm:"column:id;primaryKey"`
	FindingID string       `gorm:"column:finding_id"`
	What      string       `gorm:"column:what"`
	OwnerID   string       `gorm:"column:owner_id"`
	DueOn     time.Time    `gorm:"column:due_on"`
	Status    ActionStatus `gorm:"column:status"`
	DoneBy    *string      `gorm:"column:done_by"`
	DoneAt    *time.Time   `gorm:"column:done_at"`
	ClosedBy  *string      `gorm:"column:closed_by"`
	ClosedAt  *time.Time   `gorm:"column:closed_at"`
	CreatedBy string       `gorm:"column:created_by"`
	CreatedAt time.Time    `gorm:"column:created_at"`
	UpdatedAt time.Time    `gorm:"column:updated_at;autoUpdateTime:false"`
	// History is the action's entries, oldest first, read by Get.
	History []Entry `gorm:"-"`
	// Finding's reference and title, read with the action in lists.
	FindingReference string `gorm:"->;column:finding_reference"`
	FindingTitle     string `gorm:"->;column:finding_title"`
}

// TableName binds Action to its table.
func (Action) TableName() string { return "corrective_actions" }

// Overdue reports whether the action is not closed and its due day has
// passed on the day of now.
func (a *Action) Overdue(now time.Time) bool {
	return a.Status != ActionClosed && a.DueOn.Before(day(now))
}

// Kind is what an entry of an action's history records.
type Kind string

const (
	KindCreated    Kind = "created"
	KindReassigned Kind = "reassigned"
	KindStarted    Kind = "started"
	KindEvidence   Kind = "evidence"
	KindDone       Kind = "done"
	KindSignedOff  Kind = "signed_off"
	KindReturned   Kind = "returned"
)

// Label says what an entry records.
func (k Kind) Label() string {
	return map[Kind]string{KindCreated: "Action given", KindReassigned: "Reassigned", KindStarted: "Work started",
		KindEvidence: "Evidence added", KindDone: "Marked done", KindSignedOff: "Signed off and closed",
		KindReturned: "Sent back"}[k]
}

// Entry is one line of an action's history, with the evidence it gives.
type Entry struct {
	ID          string    `gorm:"column:id;primaryKey"`
	ActionID    string    `gorm:"column:action_id"`
	Kind        Kind      `gorm:"column:kind"`
	Note        string    `gorm:"column:note"`
	Link        string    `gorm:"column:link"`
	Filename    string    `gorm:"column:filename"`
	ContentType string    `gorm:"column:content_type"`
	Size        int64     `gorm:"column:size"`
	SHA256      string    `gorm:"column:sha256"`
	AuthorID    string    `gorm:"column:author_id"`
	At          time.Time `gorm:"column:at"`
}

// TableName binds Entry to its table.
func (Entry) TableName() string { return "action_entries" }

// HasFile reports whether the entry carries a stored file.
func (e *Entry) HasFile() bool { return e.SHA256 != "" }

// Document is a file stored through internal/files, to file as evidence.
type Document struct {
	SHA256, ContentType, Filename string
	Size                          int64
}

// Evidence is what an owner gives to show an action's work: a note, a
// link, a stored file; each optional unless the step needs it.
type Evidence struct {
	Note, Link string
	File       *Document
}

// day is midnight UTC of t's day: due dates are days.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// AnswerOrigin is the self-assessment answer a finding was raised from.
type AnswerOrigin struct{ PeriodID, PeriodName, QuestionKey string }
