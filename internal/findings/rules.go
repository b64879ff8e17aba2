package findings

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/icp"
)

// Limits of what a finding and an action carry.
const (
	MaxTitle     = 200
	MaxText      = 10000
	MaxSourceRef = 200
	MaxLink      = 2000
)

// Input is a finding as it is recorded. Element is 0 for none.
type Input struct {
	Source                       Source
	SourceRef                    string
	Element                      int
	Title, Description, Severity string
}

// validate trims in and says what is wrong with it, by field.
func (in *Input) validate() map[string]string {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.SourceRef, in.Severity = strings.TrimSpace(in.SourceRef), strings.TrimSpace(in.Severity)
	errs := map[string]string{}
	text(errs, "title", in.Title, MaxTitle, "Say in a few words what was found.")
	if utf8.RuneCountInString(in.Description) > MaxText {
		errs["description"] = tooLong(MaxText)
	}
	if !slices.Contains(Severities, in.Severity) {
		errs["severity"] = "Choose low, medium or high."
	}
	if in.Element < 0 || in.Element > len(icp.Elements) {
		errs["element"] = "Choose one of the seven core elements, or none."
	}
	switch {
	case !slices.Contains(Sources, in.Source):
		errs["source"] = "Choose a self-assessment, an audit or a report of concern."
	case in.Source != FromAudit && in.SourceRef == "":
		errs["source_ref"] = "Name the " + strings.ToLower(in.Source.Label()) + " the finding comes from."
	case utf8.RuneCountInString(in.SourceRef) > MaxSourceRef:
		errs["source_ref"] = tooLong(MaxSourceRef)
	}
	return errs
}

// ParseElement reads an element number as a form posts it: "" is none.
func ParseElement(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= len(icp.Elements)
}

// ActionInput is a corrective action as it is given or reassigned.
type ActionInput struct {
	What, OwnerID string
	Due           string // YYYY-MM-DD
}

// parse checks in: the due day may not be before the day of now, unless it
// is kept as it was (kept), so that reassigning an overdue action does not
// force a new date.
func (in ActionInput) parse(now time.Time, kept *time.Time) (Action, map[string]string) {
	errs := map[string]string{}
	a := Action{What: strings.TrimSpace(in.What), OwnerID: strings.TrimSpace(in.OwnerID)}
	text(errs, "what", a.What, MaxText, "Say what is to be done.")
	if a.OwnerID == "" {
		errs["owner_id"] = "Choose who owns the action."
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Due))
	switch {
	case strings.TrimSpace(in.Due) == "":
		errs["due"] = "Set the due date."
	case err != nil:
		errs["due"] = "Give the date as YYYY-MM-DD."
	case due.Before(day(now)) && (kept == nil || !day(*kept).Equal(due)):
		errs["due"] = "The due date cannot be in the past."
	}
	a.DueOn = due
	return a, errs
}

// check trims e and says what is wrong with it, by field.
func (e *Evidence) check() map[string]string {
	e.Note, e.Link = strings.TrimSpace(e.Note), strings.TrimSpace(e.Link)
	errs := map[string]string{}
	if utf8.RuneCountInString(e.Note) > MaxText {
		errs["note"] = tooLong(MaxText)
	}
	switch {
	case e.Link == "":
	case len(e.Link) > MaxLink:
		errs["link"] = tooLong(MaxLink)
	case !strings.HasPrefix(e.Link, "https://") && !strings.HasPrefix(e.Link, "http://") || strings.ContainsAny(e.Link, " \t\r\n"):
		errs["link"] = "Give a web address starting with https:// (or http://)."
	}
	return errs
}

// empty reports whether e gives nothing.
func (e *Evidence) empty() bool { return e.Note == "" && e.Link == "" && e.File == nil }

// Step is what someone does to a corrective action.
type Step string

const (
	Start    Step = "start"
	AddProof Step = "evidence"
	MarkDone Step = "done"
	SignOff  Step = "sign_off"
	SendBack Step = "return"
	Reassign Step = "reassign"
)

// Who is the person taking a step, as the rules see them.
type Who struct {
	Owner      bool // owns the action
	Manages    bool // holds auth.PermManageActions
	MarkedDone bool // marked it done (the latest time)
}

// Next is the rule of the steps: the status an action in status from
// reaches when who takes step, or the refusal. Closing takes two people
// (the company's four-eyes rule): the owner, or a manager, marks the action
// done; a manager who is neither its owner nor whoever marked it done signs
// it off, or sends it back to in progress. Work (starting, evidence, marking
// done) is the owner's or a manager's; reassigning is a manager's. A closed
// action takes no step.
func Next(from ActionStatus, step Step, who Who) (ActionStatus, error) {
	if err := allowed(step, who); err != nil {
		return from, err
	}
	conflict := func(msg string) (ActionStatus, error) { return from, apperr.New(apperr.Conflict, "%s", msg) }
	switch {
	case from == ActionClosed:
		return conflict("The action is closed.")
	case step == SignOff || step == SendBack:
		if from != ActionDone {
			return conflict("The action is not marked done.")
		}
		if step == SignOff {
			return ActionClosed, nil
		}
		return ActionInProgress, nil
	case step == Reassign:
		return from, nil
	case from == ActionDone:
		return conflict("The action is done and awaits sign-off.")
	case step == Start && from != ActionOpen:
		return conflict("Work on the action has started already.")
	case step == Start:
		return ActionInProgress, nil
	case step == MarkDone:
		return ActionDone, nil
	}
	return from, nil
}

// allowed refuses who the step, whatever the action's status.
func allowed(step Step, who Who) error {
	forbid := func(msg string) error { return apperr.New(apperr.Forbidden, "%s", msg) }
	switch step {
	case Start, AddProof, MarkDone:
		if !who.Owner && !who.Manages {
			return forbid("Only the action's owner or a compliance officer may work on it.")
		}
	case SignOff, SendBack:
		switch {
		case !who.Manages:
			return forbid("Signing off a corrective action is for compliance officers.")
		case who.Owner:
			return forbid("The action's owner may not sign it off: another compliance officer does.")
		case who.MarkedDone:
			return forbid("You marked the action done: another compliance officer signs it off.")
		}
	case Reassign:
		if !who.Manages {
			return forbid("Reassigning a corrective action is for compliance officers.")
		}
	default:
		return apperr.New(apperr.Invalid, "Choose what to do.")
	}
	return nil
}

// text records in errs why value, which must be given and at most limit
// characters long, is refused.
func text(errs map[string]string, field, value string, limit int, need string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		errs[field] = need
	case n > limit:
		errs[field] = tooLong(limit)
	}
}

func tooLong(limit int) string {
	return "This is too long: at most " + strconv.Itoa(limit) + " characters."
}
