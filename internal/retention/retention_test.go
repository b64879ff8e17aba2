package retention_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/retention"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// Records are kept to the end of the calendar year so many years after the
// year of the export, under the regime with the most years.
func TestUntil_FromShipmentDatesAndRegimes(t *testing.T) {
	for _, tc := range []struct {
		name, policy, exported string
		us                     bool
		until, regime          string
	}{
		{"EU minimum, first day of the year", "", "2026-01-01", false, "2031-12-31", "EU"},
		{"EU minimum, last day of the year", "", "2026-12-31", false, "2031-12-31", "EU"},
		{"EU minimum, a leap day", "", "2028-02-29", false, "2033-12-31", "EU"},
		{"the company keeps EU records longer", "EU=7", "2026-06-15", false, "2033-12-31", "EU"},
		{"US rules apply to an item with an ECCN", "US=6", "2026-06-15", true, "2032-12-31", "US"},
		{"US rules do not apply without one", "US=6", "2026-06-15", false, "2031-12-31", "EU"},
		{"a regime with fewer years: EU holds", "UK=3", "2026-06-15", false, "2031-12-31", "EU"},
		{"a regime with more years applies to every export", "UK=8", "2026-06-15", false, "2034-12-31", "UK"},
		{"the longest of three", "EU=6,US=7,UK=4", "2025-03-01", true, "2032-12-31", "US"},
		{"a tie: EU, the floor", "US=5", "2026-06-15", true, "2031-12-31", "EU"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := retention.ParsePolicy(tc.policy)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Until(day(tc.exported), p.Applies(tc.us))
			if got.Until.Format(time.DateOnly) != tc.until || got.Regime != tc.regime {
				t.Errorf("until %s under %s, want %s under %s", got.Until.Format(time.DateOnly), got.Regime, tc.until, tc.regime)
			}
		})
	}
}

func TestParsePolicy_RefusesWhatArt27DoesNotAllow(t *testing.T) {
	for policy, want := range map[string]string{
		"EU=4":       "at least 5 years",
		"EU":         "not REGIME=YEARS",
		"US=five":    "not REGIME=YEARS",
		"UK=0":       "not between 1 and 100",
		"=5":         "not REGIME=YEARS",
		"US=5,EU=3 ": "at least 5 years",
	} {
		if _, err := retention.ParsePolicy(policy); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", policy, err, want)
		}
	}
	p, err := retention.ParsePolicy(" us=6 , UK=4")
	if err != nil || p.String() != "EU=5,UK=4,US=6" {
		t.Errorf("parsed %v %v", p, err)
	}
}

func TestExplain_SaysWhoseRuleItIs(t *testing.T) {
	p := retention.Default
	if got := p.Until(day("2026-05-04"), p.Applies(false)).Explain(); got !=
		"Kept until 2031-12-31: 5 years from the end of 2026, the year of the export (EU, Art. 27(3) of Regulation (EU) 2021/821)." {
		t.Errorf("%q", got)
	}
	p, _ = retention.ParsePolicy("EU=10")
	if got := p.Until(day("2026-05-04"), p.Applies(false)).Explain(); !strings.Contains(got, "the company's policy") {
		t.Errorf("%q", got)
	}
}

func TestRecord_KeptForTheLongestRegime(t *testing.T) {
	p, _ := retention.ParsePolicy("US=6,UK=8")
	if got := p.Record(day("2026-03-04")).Format(time.DateOnly); got != "2034-12-31" {
		t.Errorf("kept until %s, want 2034-12-31", got)
	}
	if got := retention.Default.Record(day("2026-12-31")).Format(time.DateOnly); got != "2031-12-31" {
		t.Errorf("kept until %s, want 2031-12-31", got)
	}
}
