package findings_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/findings"
)

// The sign-off rule: closing takes a second person who manages actions and
// neither owns the action nor marked it done.
func TestNext_SignOffNeedsASecondManager(t *testing.T) {
	for _, c := range []struct {
		name string
		who  findings.Who
		want apperr.Code
	}{
		{"the owner, who marked it done", findings.Who{Owner: true, MarkedDone: true}, apperr.Forbidden},
		{"the owner, a manager, marked done by another", findings.Who{Owner: true, Manages: true}, apperr.Forbidden},
		{"the manager who marked it done", findings.Who{Manages: true, MarkedDone: true}, apperr.Forbidden},
		{"someone who does not manage actions", findings.Who{}, apperr.Forbidden},
		{"a second manager", findings.Who{Manages: true}, ""},
	} {
		for _, step := range []findings.Step{findings.SignOff, findings.SendBack} {
			to, err := findings.Next(findings.ActionDone, step, c.who)
			if apperr.CodeOf(err) != c.want {
				t.Errorf("%s, %s: %v, want %q", c.name, step, err, c.want)
			}
			want := map[findings.Step]findings.ActionStatus{findings.SignOff: findings.ActionClosed, findings.SendBack: findings.ActionInProgress}[step]
			if c.want == "" && to != want {
				t.Errorf("%s, %s: reaches %s, want %s", c.name, step, to, want)
			}
		}
	}
}

// Each status leads on only by its steps.
func TestNext_Transitions(t *testing.T) {
	owner, manager := findings.Who{Owner: true}, findings.Who{Manages: true}
	for _, c := range []struct {
		from findings.ActionStatus
		step findings.Step
		who  findings.Who
		to   findings.ActionStatus
		err  apperr.Code
	}{
		{findings.ActionOpen, findings.Start, owner, findings.ActionInProgress, ""},
		{findings.ActionOpen, findings.Start, manager, findings.ActionInProgress, ""},
		{findings.ActionOpen, findings.Start, findings.Who{}, "", apperr.Forbidden},
		{findings.ActionInProgress, findings.Start, owner, "", apperr.Conflict},
		{findings.ActionOpen, findings.AddProof, owner, findings.ActionOpen, ""},
		{findings.ActionInProgress, findings.AddProof, owner, findings.ActionInProgress, ""},
		{findings.ActionDone, findings.AddProof, owner, "", apperr.Conflict},
		{findings.ActionOpen, findings.MarkDone, owner, findings.ActionDone, ""},
		{findings.ActionInProgress, findings.MarkDone, manager, findings.ActionDone, ""},
		{findings.ActionDone, findings.MarkDone, owner, "", apperr.Conflict},
		{findings.ActionInProgress, findings.MarkDone, findings.Who{}, "", apperr.Forbidden},
		{findings.ActionInProgress, findings.SignOff, manager, "", apperr.Conflict},
		{findings.ActionOpen, findings.SendBack, manager, "", apperr.Conflict},
		{findings.ActionClosed, findings.SendBack, manager, "", apperr.Conflict},
		{findings.ActionClosed, findings.AddProof, owner, "", apperr.Conflict},
		{findings.ActionClosed, findings.Reassign, manager, "", apperr.Conflict},
		{findings.ActionDone, findings.Reassign, manager, findings.ActionDone, ""},
		{findings.ActionOpen, findings.Reassign, owner, "", apperr.Forbidden},
		{findings.ActionOpen, "jump", manager, "", apperr.Invalid},
	} {
		to, err := findings.Next(c.from, c.step, c.who)
		if apperr.CodeOf(err) != c.err || (c.err == "" && to != c.to) {
			t.Errorf("%s by %+v from %s: %s %v, want %s %q", c.step, c.who, c.from, to, err, c.to, c.err)
		}
	}
}

func TestParseElement(t *testing.T) {
	for in, want := range map[string]struct {
		n  int
		ok bool
	}{"": {0, true}, "1": {1, true}, "7": {7, true}, "0": {0, false}, "8": {0, false}, "x": {0, false}} {
		if n, ok := findings.ParseElement(in); ok != want.ok || (ok && n != want.n) {
			t.Errorf("%q: %d %v", in, n, ok)
		}
	}
}
