package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// The demo findings have actions in every state, one of them overdue on
// manager@'s home page, and one waiting for the compliance officer.
func TestSeedFindings_ActionsInEveryState(t *testing.T) {
	app := testutil.NewApp(t)
	if err := demo.SeedFindings(context.Background(), app.DB, app.Findings); err != nil {
		t.Fatal(err)
	}
	officer := app.SignedIn(t, "officer@example.com")
	c, err := app.Findings.ActionCounts(officer)
	if err != nil || c != (findings.ActionCounts{Open: 1, InProgress: 1, AwaitingSignOff: 1, Closed: 1, Overdue: 1}) {
		t.Errorf("counts %+v %v", c, err)
	}
	late, err := app.Findings.Overdue(app.SignedIn(t, "manager@example.com"))
	if err != nil || len(late) != 1 {
		t.Errorf("manager@'s overdue actions %+v %v", late, err)
	}
	waiting, err := app.Findings.AwaitingSignOff(officer)
	if err != nil || len(waiting) != 1 {
		t.Errorf("actions waiting for officer@ %+v %v", waiting, err)
	}
	all, err := app.Findings.List(officer, findings.Filter{})
	if err != nil || len(all) != 2 {
		t.Errorf("findings %+v %v", all, err)
	}
}
