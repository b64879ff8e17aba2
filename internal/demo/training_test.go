package demo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

// The demo training leaves everyone who acts in the browser journeys trained,
// staff@ overdue, and lapsed.manager@ refused for the lapsed basics course.
func TestSeedTraining_TrainedExceptTheLapsedManager(t *testing.T) {
	app := testutil.NewApp(t)
	officer := context.Background()
	basics := demo.Courses[0].Title
	for _, u := range demo.Users {
		ctx := app.SignedIn(t, u.Email)
		actor := auth.ActorFrom(ctx)
		if u.Email == "officer@example.com" {
			officer = ctx
		}
		late, err := app.Training.Overdue(ctx, actor.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"staff@example.com": 1}[u.Email]; len(late) != want {
			t.Errorf("%s: %d overdue courses, want %d", u.Email, len(late), want)
		}
		if !actor.Can(auth.PermSignOffCases) && !actor.Can(auth.PermSignAssessment) {
			continue
		}
		err = app.Training.CheckActor(ctx, actor)
		var untrained *training.UntrainedError
		switch {
		case u.Email == demo.LapsedManager && (!errors.As(err, &untrained) || len(untrained.Courses) != 1 || untrained.Courses[0].Title != basics):
			t.Errorf("%s: %v, want refused for %q", u.Email, err, basics)
		case u.Email != demo.LapsedManager && err != nil:
			t.Errorf("%s acts in the demonstration but is refused: %v", u.Email, err)
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
	want := map[training.State]int{training.Completed: 17, training.Overdue: 1, training.InProgress: 1, training.NotStarted: 2}
	for s, n := range want {
		if count[s] != n {
			t.Errorf("%s: %d, want %d (all: %v)", s, count[s], n, count)
		}
	}
	if n, err := app.Training.Sync(context.Background()); err != nil || n != 0 {
		t.Errorf("sync after seeding: %d %v", n, err)
	}
}
