// Package findings renders ICP core element 5: the findings of the
// programme and their corrective actions, the form that records a finding
// (also on a report of concern), and each finding with its actions.
package findings

import (
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Row is a finding in a list.
type Row struct {
	ID, Reference, Title, Severity, Source, Element, Status string
	RecordedAt                                              time.Time
	Actions, OpenActions                                    int
	Overdue                                                 bool
}

// SeverityClass is the badge class of the finding's severity.
func (r Row) SeverityClass() string { return "risk-" + r.Severity }

// ActionRow is a corrective action in a list.
type ActionRow struct {
	ID, FindingID, FindingReference, What, Owner, Status, StatusLabel string
	Due                                                               time.Time
	Overdue                                                           bool
}

// List is the page of the findings and the actions, with their filters.
type List struct {
	Findings                         []Row
	Actions                          []ActionRow
	Status, Source, ActionStatus     string
	Overdue                          bool
	Sources, Statuses, ActionChoices []components.Option
	CanRecord                        bool
}

// Record is the form that records a finding: Action is where it posts,
// Concern the reference of the report it comes from ("" for an audit).
type Record struct {
	Action, Concern string
	Form            Form
	Elements        []components.Option
}

// Entry is a line of an action's history.
type Entry struct {
	At                              time.Time
	By, Label, Note, Link, Filename string
	FileHref                        string
}

// Action is a corrective action on its finding's page, with the forms the
// viewer may use: work on it (owner or manager), review it (a second
// manager), reassign it (a manager). NotYours says why a manager may not
// review it.
type Action struct {
	ActionRow
	History                       []Entry
	CanWork, CanReview, CanAssign bool
	NotYours                      string
	Work, Review, Assign          Form
}

// Page is a finding with its actions.
type Page struct {
	Finding                 Row
	Description, SourceText string
	SourceHref              string // the report's or the self-assessment answer's page, for those who may read it
	RecordedBy              string
	ClosedBy, ClosingNote   string
	ClosedAt                *time.Time
	Actions                 []Action
	CanManage, CanClose     bool
	Owners                  []components.Option
	AddForm, CloseForm      Form
}

// severities are the choices of a finding's severity.
var severities = []components.Option{{Value: "low", Label: "Low"}, {Value: "medium", Label: "Medium"}, {Value: "high", Label: "High"}}
