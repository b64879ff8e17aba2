package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

// The demo training leaves staff@ overdue and nobody who submits or approves
// cases in the browser journeys.
func TestSeedTraining_OverdueOnlyWhereItBlocksNoJourney(t *testing.T) {
	app := testutil.NewApp(t)
	officer := context.Background()
	for _, u := range demo.Users {
		ctx := app.SignedIn(t, u.Email)
		id := auth.ActorFrom(ctx).UserID
		if u.Email == "officer@example.com" {
			officer = ctx
		}
		late, err := app.Training.Overdue(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"staff@example.com": 1}[u.Email]; len(late) != want {
			t.Errorf("%s: %d overdue courses, want %d", u.Email, len(late), want)
		}
	}
	m, err := app.Training.Matrix(officer, training.MatrixFilter{})
	if err != nil || len(m.Courses) != len(demo.Courses) {
		t.Fatalf("matrix: %v", err)
	}
	count := map[training.State]int{}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			count[c.State]++
		}
	}
	if count[training.Completed] != 3 || count[training.Overdue] != 1 || count[training.InProgress] != 1 {
		t.Errorf("states: %v", count)
	}
	if n, err := app.Training.Sync(context.Background()); err != nil || n != 0 {
		t.Errorf("sync after seeding: %d %v", n, err)
	}
}
