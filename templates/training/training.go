// Package training renders the training programme: my training, a course to
// complete with its attestation, certificates, courses and the matrix of
// people × courses.
package training

import (
	"time"

	"github.com/a-h/templ"

	tr "github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
)

// Option is a choice in a select.
type Option = components.Option

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Mine is the "My training" page.
type Mine struct {
	Progress []tr.Progress
	CanRead  bool // may open the matrix
}

// Assignment is one course to complete: its checklist and the attestation.
type Assignment struct {
	Progress    *tr.Progress
	Description templ.Component // the course's Markdown, rendered safely
	Own         bool            // the viewer is the assignee: only they tick and attest
	Attest      Form            // understood, name
}

// Certificate is the printable record of one completion.
type Certificate struct {
	Completion *tr.Completion
}

// CourseList is the list of courses.
type CourseList struct {
	Courses   []tr.Course
	CanManage bool
}

// CourseForm is the form that creates (Course nil) or changes a course.
type CourseForm struct {
	Course *tr.Course
	Form   Form // title, description, items (one a line), recurrence_months, mandatory_roles (comma-joined), shows_organisation
	Roles  []Option
}

// CoursePage is one course: description, items, material, and for those who
// may see everyone's records its completion statistics.
type CoursePage struct {
	Course      *tr.Course
	Description templ.Component
	Stats       *tr.CourseStats // nil unless the viewer may read all training records
	CanManage   bool
	People      []Option // whom the course can be assigned to
	AssignForm  Form     // users (comma-joined ids), due_on
	// Organisation is who holds each compliance responsibility now, for a
	// course that shows it; nil for the others.
	Organisation templ.Component
}

// MatrixPage is people × courses with filters.
type MatrixPage struct {
	Matrix  *tr.Matrix
	Filter  Form // role, course, state
	Roles   []Option
	Courses []Option
	States  []Option
	CSVHref string
}

func date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return format.Date(t)
}

func datep(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return date(*t)
}
