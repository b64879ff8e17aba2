package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
)

// Approved means frozen: going back to draft voids the approval visibly, and
// closing runs the gates again.
func TestApproved_BackToDraftVoidsTheApproval(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	if c.Status != cases.Approved || len(c.ValidApprovals()) != 1 {
		t.Fatalf("approved: %s with %d approvals", c.Status, len(c.ValidApprovals()))
	}
	_, err := f.svc.Decide(f.manager2, c.ID, c.Version, cases.Return, "")
	codeIs(t, err, apperr.Invalid) // a comment says why
	c = f.ok(f.svc.Decide(f.manager, c.ID, c.Version, cases.Return, "The end user changed its address."))
	if c.Status != cases.Draft || len(c.ValidApprovals()) != 0 {
		t.Fatalf("returned: %s with %d valid approvals, want draft with none", c.Status, len(c.ValidApprovals()))
	}
	events, err := audit.List(context.Background(), f.d.Gorm, audit.Filter{Action: "case.return", ObjectID: c.ID})
	if err != nil || len(events) != 1 || !strings.Contains(events[0].Summary, "the approval is void") {
		t.Errorf("timeline: %+v (%v)", events, err)
	}
	c = f.ok(f.svc.Submit(f.manager, c.ID, c.Version))
	if len(c.ValidApprovals()) != 0 {
		t.Error("the old approval counts again after the new submission")
	}
}

// failingGate fails while failing is set.
type failingGate struct{ failing *bool }

func (g failingGate) Check(context.Context, *cases.Case) (cases.Check, error) {
	if *g.failing {
		return cases.Check{Name: "Lists", Why: "The lists changed since the approval: screen again."}, nil
	}
	return cases.Check{Name: "Lists", OK: true}, nil
}

func TestClose_RunsTheGatesAgain(t *testing.T) {
	f := setup(t)
	failing := false
	f.svc.AddGate(failingGate{&failing})
	c := f.submitted(t)
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	failing = true
	_, err := f.svc.Close(f.manager, c.ID, c.Version)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "screen again") {
		t.Fatalf("close with a failing gate: %v", err)
	}
	if got := f.ok(f.svc.Get(f.manager, c.ID)); got.Status != cases.Approved {
		t.Fatalf("case is %s, want still approved", got.Status)
	}
	failing = false
	if c = f.ok(f.svc.Close(f.manager, c.ID, c.Version)); c.Status != cases.Closed {
		t.Fatalf("case is %s, want closed", c.Status)
	}
}
