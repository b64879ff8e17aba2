// Package governance is the top of the internal compliance programme: ICP
// core elements 1 and 2 of Recommendation (EU) 2019/1318. The management's
// commitment statement is published in versions, each signed by a member of
// management as it is published and acknowledged by everyone; the
// organisation records who holds each compliance responsibility, from when
// to when, and how to reach them.
package governance

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Statement is one published version of the commitment statement.
type Statement struct {
	Version  int       `gorm:"column:version;primaryKey;autoIncrement:false"`
	Body     string    `gorm:"column:body"`
	SHA256   string    `gorm:"column:sha256"`
	SignedBy string    `gorm:"column:signed_by"`
	SignedAt time.Time `gorm:"column:signed_at"`
	// Signer is the signer's name, read with the statement.
	Signer string `gorm:"->;column:signer_name"`
}

// TableName binds Statement to its table.
func (Statement) TableName() string { return "commitment_versions" }

// Paragraphs are the statement's paragraphs, as separated by blank lines.
func (s *Statement) Paragraphs() []string {
	var out []string
	for p := range strings.SplitSeq(s.Body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Acknowledgement is one person's acknowledgement of one version.
type Acknowledgement struct {
	Version        int       `gorm:"column:version;primaryKey;autoIncrement:false"`
	UserID         string    `gorm:"column:user_id;primaryKey"`
	AcknowledgedAt time.Time `gorm:"column:acknowledged_at"`
	// Name is the person's name, read with the acknowledgement.
	Name string `gorm:"->;column:user_name"`
}

// TableName binds Acknowledgement to its table.
func (Acknowledgement) TableName() string { return "commitment_acknowledgements" }

// MaxStatement is the longest statement text accepted, in characters.
const MaxStatement = 20000

// normalise is the text as it is kept and hashed: line ends as "\n",
// trailing spaces and blank lines at either end removed.
func normalise(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// Hash is the hex SHA-256 of a statement's text as kept.
func Hash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// Responsibility is a compliance responsibility someone holds.
type Responsibility string

const (
	ExportControlOfficer Responsibility = "export_control_officer"
	DeputyOfficer        Responsibility = "deputy_export_control_officer"
	BoardMember          Responsibility = "board_member"
	ManagementSponsor    Responsibility = "management_sponsor"
)

// Role is what a responsibility is and how many may hold it at once.
type Role struct {
	Responsibility Responsibility
	Label          string
	Duty           string
	// Several says whether more than one person may hold it on one day: the
	// company's choice, not the law's.
	Several bool
}

// Roles are the responsibilities, in the order pages show them. The company
// has one export control officer, one board member responsible for export
// control and one management sponsor at a time, and as many deputies as it
// needs; nobody is their own deputy.
var Roles = []Role{
	{ExportControlOfficer, "Export control officer", "Runs the compliance programme day to day and decides on exports with the authority of management.", false},
	{DeputyOfficer, "Deputy export control officer", "Stands in for the export control officer when they are absent.", true},
	{BoardMember, "Board member responsible for export control", "Answers for export control in the management board and signs the commitment statement.", false},
	{ManagementSponsor, "Management sponsor", "Gives the programme its people, time and money and hears its reports.", false},
}

// RoleOf returns the role of r, and false for an unknown responsibility.
func RoleOf(r Responsibility) (Role, bool) {
	for _, x := range Roles {
		if x.Responsibility == r {
			return x, true
		}
	}
	return Role{}, false
}

// Label is the responsibility's name for people.
func (r Responsibility) Label() string {
	if x, ok := RoleOf(r); ok {
		return x.Label
	}
	return string(r)
}

// Holding is one person holding one responsibility over a period.
type Holding struct {
	ID             string         `gorm:"column:id;primaryKey"`
	Responsibility Responsibility `gorm:"column:responsibility"`
	UserID         string         `gorm:"column:user_id"`
	FromOn         time.Time      `gorm:"column:from_on"`
	ToOn           *time.Time     `gorm:"column:to_on"` // nil: open-ended
	Phone          string         `gorm:"column:phone"`
	Email          string         `gorm:"column:email"`
	RecordedBy     string         `gorm:"column:recorded_by"`
	RecordedAt     time.Time      `gorm:"column:recorded_at"`
	EndedBy        *string        `gorm:"column:ended_by"`
	EndedAt        *time.Time     `gorm:"column:ended_at"`
	// Name and AccountEmail are the holder's, read with the holding.
	Name         string `gorm:"->;column:user_name"`
	AccountEmail string `gorm:"->;column:account_email"`
}

// TableName binds Holding to its table.
func (Holding) TableName() string { return "responsibility_holdings" }

// Contact is the email to write to: the one recorded, else the holder's
// account email.
func (h *Holding) Contact() string {
	if h.Email != "" {
		return h.Email
	}
	return h.AccountEmail
}

// HoldsOn reports whether the holding covers the day of t.
func (h *Holding) HoldsOn(t time.Time) bool {
	d := Day(t)
	return !h.FromOn.After(d) && (h.ToOn == nil || !h.ToOn.Before(d))
}

// overlaps reports whether the holdings share a day (both ends included).
func (h *Holding) overlaps(o *Holding) bool {
	return (o.ToOn == nil || !h.FromOn.After(*o.ToOn)) && (h.ToOn == nil || !o.FromOn.After(*h.ToOn))
}

// Day is midnight UTC of t's day: holdings run from day to day.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
