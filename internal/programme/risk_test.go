package programme

import (
	"testing"
	"time"
)

func TestScoreAndLevel(t *testing.T) {
	for _, tc := range []struct {
		likelihood, impact, score int
		level                     Level
	}{
		{1, 1, 1, Low}, {2, 2, 4, Low}, {1, 5, 5, Medium}, {3, 3, 9, Medium}, {2, 5, 10, High},
		{4, 4, 16, High}, {4, 5, 20, Critical}, {5, 5, 25, Critical},
	} {
		if got := Score(tc.likelihood, tc.impact); got != tc.score {
			t.Errorf("Score(%d, %d) = %d, want %d", tc.likelihood, tc.impact, got, tc.score)
		}
		if got := LevelOf(tc.score); got != tc.level {
			t.Errorf("LevelOf(%d) = %s, want %s", tc.score, got, tc.level)
		}
	}
}

var validInput = Input{Kind: "country", Title: "Diversion via transit hub", OwnerID: "u1", Status: "open",
	Likelihood: "4", Impact: "5", ResidualLikelihood: "2", ResidualImpact: "5", NextReview: "2026-03-01"}

func TestInput_Parse(t *testing.T) {
	now := time.Date(2026, 2, 10, 15, 0, 0, 0, time.UTC)
	kept := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		edit  func(*Input)
		kept  *time.Time
		field string // "" when valid
	}{
		{"valid", func(*Input) {}, nil, ""},
		{"review today", func(in *Input) { in.NextReview = "2026-02-10" }, nil, ""},
		{"past date kept as it was", func(in *Input) { in.NextReview = "2026-01-05" }, &kept, ""},
		{"residual likelihood above inherent", func(in *Input) { in.ResidualLikelihood = "5" }, nil, "residual_likelihood"},
		{"residual impact above inherent", func(in *Input) { in.Impact, in.ResidualImpact = "3", "4" }, nil, "residual_impact"},
		{"likelihood zero", func(in *Input) { in.Likelihood = "0" }, nil, "likelihood"},
		{"impact six", func(in *Input) { in.Impact = "6" }, nil, "impact"},
		{"impact not a number", func(in *Input) { in.Impact = "high" }, nil, "impact"},
		{"residual impact a fraction", func(in *Input) { in.ResidualImpact = "2.5" }, nil, "residual_impact"},
		{"missing owner", func(in *Input) { in.OwnerID = " " }, nil, "owner_id"},
		{"missing title", func(in *Input) { in.Title = "" }, nil, "title"},
		{"unknown kind", func(in *Input) { in.Kind = "supplier" }, nil, "kind"},
		{"unknown status", func(in *Input) { in.Status = "parked" }, nil, "status"},
		{"missing review date", func(in *Input) { in.NextReview = "" }, nil, "next_review"},
		{"review date not a date", func(in *Input) { in.NextReview = "01/03/2026" }, nil, "next_review"},
		{"past review date", func(in *Input) { in.NextReview = "2026-02-09" }, nil, "next_review"},
		{"past date changed from the kept one", func(in *Input) { in.NextReview = "2026-01-06" }, &kept, "next_review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput
			tc.edit(&in)
			r, errs := in.parse(now, tc.kept)
			if tc.field == "" {
				if len(errs) > 0 {
					t.Fatalf("refused: %v", errs)
				}
				if r.Inherent() != 20 || r.Kind != Country || r.NextReviewOn.IsZero() {
					t.Errorf("parsed %+v", r)
				}
				return
			}
			if errs[tc.field] == "" || len(errs) != 1 {
				t.Errorf("errors %v, want one for %s", errs, tc.field)
			}
		})
	}
}

func TestRisk_Overdue(t *testing.T) {
	now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		next   string
		status Status
		want   bool
	}{{"2026-02-09", Open, true}, {"2026-02-10", Open, false}, {"2026-02-09", Closed, false}} {
		next, _ := time.Parse(time.DateOnly, tc.next)
		r := Risk{NextReviewOn: next, Status: tc.status}
		if got := r.Overdue(now); got != tc.want {
			t.Errorf("%s %s: overdue %v, want %v", tc.next, tc.status, got, tc.want)
		}
	}
}

func TestHeatMapOf_CountsOpenRisksByResidualPosition(t *testing.T) {
	h := HeatMapOf([]Risk{
		{Status: Open, ResidualLikelihood: 2, ResidualImpact: 5},
		{Status: Open, ResidualLikelihood: 2, ResidualImpact: 5},
		{Status: Open, ResidualLikelihood: 1, ResidualImpact: 1},
		{Status: Closed, ResidualLikelihood: 5, ResidualImpact: 5},
	})
	want := HeatMap{}
	want.Cells[1][4], want.Cells[0][0] = 2, 1
	if h != want {
		t.Errorf("heat map %v, want %v", h.Cells, want.Cells)
	}
}
