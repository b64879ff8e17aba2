package hrdd_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// The requirement the case page shows follows the destination's reference
// data at once on every instance: a tier or a measure changed through one
// instance is seen by another that read the destination before the change,
// and a measure lifted from tomorrow stops counting when tomorrow comes.
func TestReferenceData_ChangesSeenAtOnceByEveryInstance(t *testing.T) {
	d := testutil.NewDB(t)
	if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	clock := time.Now().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour) // noon: no day ends between steps
	d.Now = func() time.Time { return clock }
	manager, officer := testutil.SignedIn(t, d, "manager@example.com"), testutil.SignedIn(t, d, "officer@example.com")
	// Two instances over one database: one changes the data, the other shows the case.
	changing, showing := reference.NewService(d), reference.NewService(d)
	cs := cases.NewService(d)
	assessments := hrdd.NewService(d, hrdd.ReferenceData{Ref: showing})
	assessments.Attach(cs)
	f := testutil.ReadyCase(t, manager, cs) // network probes for a German company: no other trigger
	high := []string{"The destination is rated high risk."}
	measure := []string{"The destination is under a confirmed restrictive measure: Telecom-monitoring ban, " +
		"Council Regulation (EU) 359/2011 (scope: equipment for monitoring telecommunications)."}
	var added *reference.Measure
	for _, step := range []struct {
		rule   string
		change func() error
		want   []string
	}{
		{"nothing recorded on Germany: not required", func() error { return nil }, nil},
		{"a high tier is seen", func() error {
			_, err := changing.SetTier(officer, "DE", "high", "Reports of surveillance of journalists.")
			return err
		}, high},
		{"a lower tier replacing it is seen", func() error {
			_, err := changing.SetTier(officer, "DE", "low", "The reports were withdrawn.")
			return err
		}, nil},
		{"a measure still to verify does not count", func() error {
			var err error
			added, err = changing.AddMeasure(officer, "de", goodMeasure)
			return err
		}, nil},
		{"its confirmation is seen", func() error { return changing.ConfirmMeasure(officer, "DE", added.ID) }, measure},
		{"lifted from tomorrow, it is still in force today", func() error {
			return changing.EndMeasure(officer, "DE", added.ID, clock.AddDate(0, 0, 1).Format(time.DateOnly))
		}, measure},
		{"tomorrow it no longer counts", func() error {
			clock = clock.AddDate(0, 0, 1)
			return nil
		}, nil},
	} {
		t.Run(step.rule, func(t *testing.T) {
			// The showing instance reads the destination before the change.
			if _, err := assessments.ForCase(manager, f); err != nil {
				t.Fatal(err)
			}
			clock = clock.Add(time.Minute)
			if err := step.change(); err != nil {
				t.Fatal(err)
			}
			st, err := assessments.ForCase(manager, f)
			if err != nil {
				t.Fatal(err)
			}
			if st.Required != (step.want != nil) || !slices.Equal(st.Reasons, step.want) {
				t.Errorf("required %v, reasons %q; want %v, %q", st.Required, st.Reasons, step.want != nil, step.want)
			}
		})
	}
}

var goodMeasure = reference.MeasureInput{Kind: "telecom_monitoring_ban", LegalAct: "Council Regulation (EU) 359/2011",
	AdoptedOn: "2011-04-12", Scope: "equipment for monitoring telecommunications", Evidence: "Read Art. 1a on EUR-Lex."}
