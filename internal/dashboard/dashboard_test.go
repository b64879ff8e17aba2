package dashboard

import (
	"errors"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screening"
)

func TestParseYear(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text string
		want int
		code apperr.Code
	}{
		{"2026", 2026, ""}, {" 2025 ", 2025, ""}, {"2000", 2000, ""},
		{"1999", 0, apperr.Invalid}, {"26", 0, apperr.Invalid}, {"20x6", 0, apperr.Invalid}, {"", 0, apperr.Invalid}, {"02026", 0, apperr.Invalid},
		{"2027", 0, apperr.NotFound},
	} {
		got, err := ParseYear(c.text, now)
		var ae *apperr.Error
		switch {
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("%q: %d, %v; want %d", c.text, got, err, c.want)
		case c.code != "" && (!errors.As(err, &ae) || ae.Code != c.code):
			t.Errorf("%q: %v; want %s", c.text, err, c.code)
		}
	}
}

func TestMonths_AreTheLastTwelveEndingWithThisOne(t *testing.T) {
	ms := months(time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC), 12)
	if len(ms) != 12 || ms[0] != time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC) || ms[11] != time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("months: %v … %v", ms[0], ms[len(ms)-1])
	}
}

func TestDecided_AsTheCasePageJudgesAHit(t *testing.T) {
	here, there := "case-1", "case-2"
	hit := caseHit{CaseID: here, EntryHash: "e1", PartyHash: "p1"}
	at := time.Now()
	d := func(v screening.Verdict, entry, party string, caseID *string, confirmed bool) decisionRow {
		r := decisionRow{Decision: v, EntryHash: entry, PartyHash: party, CaseID: caseID}
		if confirmed {
			r.ConfirmedAt = &at
		}
		return r
	}
	for name, c := range map[string]struct {
		past []decisionRow
		want bool
	}{
		"no decision":                       {nil, false},
		"false positive":                    {[]decisionRow{d(screening.FalsePositive, "e1", "p1", nil, false)}, true},
		"confirmed match":                   {[]decisionRow{d(screening.Confirmed, "e1", "p1", nil, false)}, true},
		"the entry changed since":           {[]decisionRow{d(screening.FalsePositive, "e0", "p1", nil, false)}, false},
		"the party changed since":           {[]decisionRow{d(screening.FalsePositive, "e1", "p0", nil, false)}, false},
		"the latest decision counts":        {[]decisionRow{d(screening.FalsePositive, "e1", "p1", nil, false), d(screening.FalsePositive, "e0", "p1", nil, false)}, false},
		"not applicable, confirmed, here":   {[]decisionRow{d(screening.NotApplicable, "e1", "p1", &here, true)}, true},
		"not applicable, waiting, here":     {[]decisionRow{d(screening.NotApplicable, "e1", "p1", &here, false)}, false},
		"not applicable on another case":    {[]decisionRow{d(screening.NotApplicable, "e1", "p1", &there, true)}, false},
		"not applicable elsewhere, then FP": {[]decisionRow{d(screening.FalsePositive, "e1", "p1", nil, false), d(screening.NotApplicable, "e1", "p1", &there, true)}, true},
	} {
		if got := decided(hit, c.past); got != c.want {
			t.Errorf("%s: decided %v, want %v", name, got, c.want)
		}
	}
}
