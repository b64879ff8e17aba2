package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// The demonstration self-assessment: last year's completed, this year's
// open with some answers, and the comparison between them.
func TestSeedSelfAssessment_ACompletedAndAnOpenPeriodCompared(t *testing.T) {
	app := testutil.NewApp(t)
	if err := demo.SeedSelfAssessment(context.Background(), app.DB, app.SelfAssess); err != nil {
		t.Fatal(err)
	}
	board := app.SignedIn(t, "board@example.com")
	periods, err := app.SelfAssess.Periods(board)
	if err != nil || len(periods) != 2 {
		t.Fatalf("periods %+v %v", periods, err)
	}
	current, last := periods[0], periods[1]
	if current.Status != selfassess.Open || last.Status != selfassess.Completed || last.Answered != len(selfassess.Questions) ||
		current.Answered == 0 || current.Answered == len(selfassess.Questions) || last.CompletedAt.Year() != app.DB.Now().Year()-1 {
		t.Errorf("current %+v, last %+v", current, last)
	}
	r, err := app.SelfAssess.Yearly(board)
	if err != nil || r.Due || r.Open == nil {
		t.Errorf("rhythm %+v %v", r, err)
	}
	c, err := app.SelfAssess.Compare(board, current.ID)
	if err != nil || c.Previous == nil || c.Previous.ID != last.ID {
		t.Fatalf("comparison %+v %v", c, err)
	}
	if up := c.Elements[0].Change(); up == nil || *up <= 0 {
		t.Errorf("element 1 did not improve: %v", up)
	}
}
