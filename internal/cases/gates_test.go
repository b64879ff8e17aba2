package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// Submission needs the end-user type: left empty, it would let a case avoid
// the human-rights assessment that a state end user requires.
func TestGate_DetailsNeedTheEndUserType(t *testing.T) {
	de := "DE"
	for _, tc := range []struct {
		rule    string
		dest    *string
		endUser string
		why     string // "": the check passes
	}{
		{"destination and end-user type set pass", &de, "private_company", ""},
		{"no end-user type is refused", &de, "", "Choose the end-user type: a state end user makes the human-rights assessment required."},
		{"no destination is refused", nil, "government", "Choose the destination country."},
		{"neither is refused, naming both", nil, "", "Choose the destination country and the end-user type."},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			f := &cases.Case{Record: cases.Record{ID: "c1", Destination: tc.dest, EndUserType: tc.endUser}}
			c, err := cases.BasicGates()[0].Check(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			want := cases.Check{Name: "Destination and end-user type set", OK: true}
			if tc.why != "" {
				want = cases.Check{Name: want.Name, Why: tc.why, Fix: cases.Target{Case: "c1", Section: cases.SectionDetails}}
			}
			if c != want {
				t.Errorf("check = %+v, want %+v", c, want)
			}
		})
	}
}

func TestSubmit_RefusesACaseWithoutEndUserType(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc, func(s *testutil.CaseSpec) { s.Details.EndUserType = "" })
	_, err := f.svc.Submit(f.manager, c.ID, c.Version)
	codeIs(t, err, apperr.Invalid)
	if !strings.Contains(apperr.Message(err), "end-user type") {
		t.Errorf("message %q does not ask for the end-user type", apperr.Message(err))
	}
	if got := f.ok(f.svc.Get(f.manager, c.ID)); got.Status != cases.Draft || got.SubmittedAt != nil {
		t.Errorf("after the refused submission: %s, submitted %v", got.Status, got.SubmittedAt)
	}
}
