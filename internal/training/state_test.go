package training_test

import (
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/training"
)

func TestState_Derive(t *testing.T) {
	due := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	for _, tc := range []struct {
		name      string
		now       string
		ticked    int
		completed *time.Time
		expires   *time.Time
		want      training.State
	}{
		{"nothing done, before due", "2026-03-01T09:00:00Z", 0, nil, nil, training.NotStarted},
		{"items ticked", "2026-03-01T09:00:00Z", 2, nil, nil, training.InProgress},
		{"the due day itself is still in time", "2026-03-10T23:59:59Z", 1, nil, nil, training.InProgress},
		{"the day after the due day", "2026-03-11T00:00:00Z", 0, nil, nil, training.Overdue},
		{"ticked but late is overdue", "2026-04-01T00:00:00Z", 3, nil, nil, training.Overdue},
		{"completed, never expires", "2030-01-01T00:00:00Z", 3, at("2026-03-05T10:00:00Z"), nil, training.Completed},
		{"completed late still counts", "2026-03-20T00:00:00Z", 3, at("2026-03-15T10:00:00Z"), at("2027-03-15T10:00:00Z"), training.Completed},
		{"just before expiry", "2027-03-15T09:59:59Z", 3, at("2026-03-15T10:00:00Z"), at("2027-03-15T10:00:00Z"), training.Completed},
		{"at expiry", "2027-03-15T10:00:00Z", 3, at("2026-03-15T10:00:00Z"), at("2027-03-15T10:00:00Z"), training.Expired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := training.Derive(*at(tc.now), due, tc.ticked, tc.completed, tc.expires); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestState_Labels(t *testing.T) {
	want := map[training.State]string{training.NotStarted: "Not started", training.InProgress: "In progress",
		training.Completed: "Completed", training.Overdue: "Overdue", training.Expired: "Expired"}
	if len(training.States) != len(want) {
		t.Errorf("%d states, want %d", len(training.States), len(want))
	}
	for _, s := range training.States {
		if s.Value.Label() != want[s.Value] || s.Label != want[s.Value] {
			t.Errorf("%s: %q", s.Value, s.Value.Label())
		}
	}
}

func TestSameName(t *testing.T) {
	for _, tc := range []struct {
		typed, name string
		want        bool
	}{
		{"Sam Staff", "Sam Staff", true},
		{"  sam   STAFF ", "Sam Staff", true},
		{"Sam", "Sam Staff", false},
		{"SamStaff", "Sam Staff", false},
		{"", "", false},
	} {
		if got := training.SameName(tc.typed, tc.name); got != tc.want {
			t.Errorf("SameName(%q, %q) = %v", tc.typed, tc.name, got)
		}
	}
}
