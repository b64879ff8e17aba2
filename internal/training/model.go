// Package training is the ICP's training element: courses with checklists,
// who must take them and by when, the ticks and attestations that complete
// them, and the states that follow. States are derived from those records and
// the clock, never stored.
package training

import (
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// State is where a person stands with an assignment.
type State string

const (
	NotStarted State = "not_started"
	InProgress State = "in_progress"
	Completed  State = "completed"
	Overdue    State = "overdue"
	Expired    State = "expired"
)

// States in the order screens list them, with their names for people.
var States = vocab.Terms[State]{
	{Value: NotStarted, Label: "Not started"},
	{Value: InProgress, Label: "In progress"},
	{Value: Overdue, Label: "Overdue"},
	{Value: Completed, Label: "Completed"},
	{Value: Expired, Label: "Expired"},
}

// Label is the state's name for people.
func (s State) Label() string { return States.Label(s) }

// Derive returns the state of an assignment due on dueOn (a day, midnight
// UTC) with ticked items ticked, completed at completedAt (nil: not yet) and
// expiring at expiresOn (nil: never), at now. A completion counts until it
// expires; an unfinished assignment is overdue once its due day has passed.
func Derive(now, dueOn time.Time, ticked int, completedAt, expiresOn *time.Time) State {
	switch {
	case completedAt != nil && expiresOn != nil && !now.Before(*expiresOn):
		return Expired
	case completedAt != nil:
		return Completed
	case !now.Before(dueOn.AddDate(0, 0, 1)):
		return Overdue
	case ticked > 0:
		return InProgress
	}
	return NotStarted
}

// Day returns the UTC day of t, at midnight: due dates are days.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// DefaultDueDays is how long a person has for an assignment unless told otherwise.
const DefaultDueDays = 30

// Sources of an assignment.
const (
	SourceRole   = "role"   // the person holds a role for which the course is mandatory
	SourceManual = "manual" // a course owner named the person
)

// Item is one point of a course's checklist.
type Item struct {
	ID       string
	Position int
	Text     string
}

// Course is a course at its current version (or, in a Progress of an
// assignment superseded since, at the version assigned).
type Course struct {
	ID, Title, Description string // Description is Markdown source
	Items                  []Item
	MaterialSHA256         string
	MaterialFilename       string
	MaterialContentType    string
	MaterialSize           int64
	RecurrenceMonths       int // 0: taken once
	MandatoryRoles         []auth.Role
	// ShowsOrganisation: the course's page shows who holds each compliance
	// responsibility now (for the course about the ICP manual).
	ShowsOrganisation    bool
	OwnerID              string
	Version              int
	CreatedAt, UpdatedAt time.Time
}

// ExpiresOn returns when a completion of the course at completedAt lapses,
// or nil when it never does.
func (c *Course) ExpiresOn(completedAt time.Time) *time.Time {
	if c.RecurrenceMonths <= 0 {
		return nil
	}
	t := completedAt.AddDate(0, c.RecurrenceMonths, 0)
	return &t
}

// MandatoryFor reports whether the course is mandatory for someone holding roles.
func (c *Course) MandatoryFor(roles []auth.Role) bool {
	for _, r := range c.MandatoryRoles {
		for _, have := range roles {
			if r == have {
				return true
			}
		}
	}
	return false
}

// Material is a reference to a course's material, stored by the caller
// with internal/files.
type Material struct {
	SHA256, Filename, ContentType string
	Size                          int64
}

// CourseInput is a course as a form gives it.
type CourseInput struct {
	Title, Description string
	Items              []string
	RecurrenceMonths   int
	MandatoryRoles     []auth.Role
	ShowsOrganisation  bool
	Material           *Material // nil: none on a new course; on a change, keep the course's
}

// Progress is one assignment of a person with what they did of it.
type Progress struct {
	AssignmentID, CourseID, UserID string
	Course                         *Course
	CourseVersion                  int
	Source                         string // SourceRole | SourceManual
	AssignedAt                     time.Time
	DueOn                          time.Time
	Ticked                         map[string]time.Time // item id → when
	CompletedAt                    *time.Time
	AttestedName                   string
	ExpiresOn                      *time.Time
	State                          State
	CompletionID                   string // "" until completed
	Superseded                     bool   // a newer assignment replaced this one
}

// Done returns how many items are ticked.
func (p *Progress) Done() int { return len(p.Ticked) }

// Completion is what a certificate shows.
type Completion struct {
	ID, UserID, UserName, CourseID, CourseTitle string
	CourseVersion                               int
	Items                                       []string
	AttestedName                                string
	CompletedAt                                 time.Time
	ExpiresOn                                   *time.Time
}

// Cell is one person's state in one course of the matrix.
type Cell struct {
	State        State // "" when not assigned
	AssignmentID string
	AssignedAt   time.Time
	DueOn        time.Time
	CompletedAt  *time.Time
}

// MatrixRow is one person in the matrix.
type MatrixRow struct {
	UserID, Name, Email string
	Roles               []auth.Role
	Cells               []Cell // one per Matrix.Courses
}

// Matrix is people × courses.
type Matrix struct {
	Courses []Course
	Rows    []MatrixRow
}

// MatrixFilter narrows the matrix; zero values select everything.
type MatrixFilter struct {
	Role     auth.Role // people holding this role
	CourseID string    // this course only
	State    State     // people with at least one course in this state
}

// CourseStats is a course's completion figures.
type CourseStats struct {
	Course                                                        Course
	Assigned, Completed, InProgress, NotStarted, Overdue, Expired int
	People                                                        []MatrixRow // the people assigned, one cell each
}
