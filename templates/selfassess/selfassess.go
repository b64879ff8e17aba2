// Package selfassess renders the ICP self-assessment: the periods, a
// period's questions by core element with their answers and evidence, and
// its comparison with the previous completed period.
package selfassess

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Level is a maturity of the scale, as the page explains it.
type Level struct {
	Value       int
	Name, Means string
}

// Period is a period in a list or at the head of its page.
type Period struct {
	ID, Name              string
	From, To              time.Time
	Completed             bool
	CompletedAt           *time.Time
	Answered, Questions   int
	CompletedBy, OpenedBy string
}

// Href is the period's page.
func (p Period) Href() string { return "/self-assessments/" + p.ID }

// Status is the period's state for people.
func (p Period) Status() string {
	if p.Completed {
		return "completed"
	}
	return "open"
}

// Rhythm says whether a self-assessment is due under the company's yearly
// rule, and why.
type Rhythm struct {
	Due  bool
	Text string
}

// List is the periods page.
type List struct {
	Periods []Period
	Rhythm  Rhythm
	CanOpen bool
	Form    Form
}

// Link is a Vigil page given as evidence.
type Link struct{ Href, Label string }

// File is a file given as evidence.
type File struct{ ID, Name, Href string }

// Question is one question of a period with its answer, if any, and the
// form to answer it.
type Question struct {
	Key, Text             string
	Answered              bool
	Maturity              int
	Comment, By           string
	At                    time.Time
	Links                 []Link
	Files                 []File
	Gap                   bool // below the period's target
	FindingID, FindingRef string
	Form                  Form // the answer form, as drawn or as posted
	FindingError          string
}

// ID is the question's anchor: its key without the dot.
func (q Question) ID() string { return "q-" + strings.ReplaceAll(q.Key, ".", "-") }

// field is the id of one of the question's form fields.
func (q Question) field(name string) string { return name + "-" + strings.ReplaceAll(q.Key, ".", "-") }

// Element is a core element with its questions.
type Element struct {
	Number    int
	Title     string
	Questions []Question
}

// Page is a period's page.
type Page struct {
	Period    Period
	Target    int
	Levels    []Level
	Elements  []Element
	Missing   []string
	CanAnswer bool   // the viewer may answer and the period is open
	CanRaise  bool   // the viewer may raise gaps as findings
	Error     string // why a change to the whole period was refused
}

// QuestionChange is a question in the comparison.
type QuestionChange struct {
	Key, Text         string
	Element           int
	Previous, Current *int
	Change            *int
}

// ElementChange is an element's averages in the comparison.
type ElementChange struct {
	Number            int
	Title             string
	Previous, Current *float64
	Change            *float64
}

// Comparison is the comparison page.
type Comparison struct {
	Period    Period
	Previous  *Period
	Questions []QuestionChange
	Elements  []ElementChange
}

// maturityClass is the badge class of a maturity against the target.
func maturityClass(m, target int) string {
	switch {
	case m >= target:
		return "badge risk-low"
	case m >= target-1:
		return "badge risk-medium"
	}
	return "badge risk-high"
}

// levelName is "3 Applied" for maturity 3 of levels.
func levelName(levels []Level, m int) string {
	for _, l := range levels {
		if l.Value == m {
			return strconv.Itoa(m) + " " + l.Name
		}
	}
	return strconv.Itoa(m)
}

func maybeInt(n *int) string {
	if n == nil {
		return "—"
	}
	return strconv.Itoa(*n)
}

func signedInt(n *int) string {
	switch {
	case n == nil:
		return "—"
	case *n > 0:
		return "+" + strconv.Itoa(*n)
	}
	return strconv.Itoa(*n)
}

func maybeAvg(f *float64) string {
	if f == nil {
		return "—"
	}
	return fmt.Sprintf("%.2f", *f)
}

func signedAvg(f *float64) string {
	switch {
	case f == nil:
		return "—"
	case *f > 0:
		return fmt.Sprintf("+%.2f", *f)
	}
	return fmt.Sprintf("%.2f", *f)
}

// trend is the class of a change: green up, red down, plain none.
func trend(up, down bool) string {
	switch {
	case up:
		return "badge risk-low"
	case down:
		return "badge risk-high"
	}
	return ""
}

func intTrend(n *int) string { return trend(n != nil && *n > 0, n != nil && *n < 0) }

func avgTrend(f *float64) string { return trend(f != nil && *f > 0.004, f != nil && *f < -0.004) }

func levelOptions(levels []Level) []components.Option {
	out := make([]components.Option, len(levels))
	for i, l := range levels {
		out[i] = components.Option{Value: strconv.Itoa(l.Value), Label: strconv.Itoa(l.Value) + " " + l.Name}
	}
	return out
}
