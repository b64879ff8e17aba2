package cases_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
)

// Rule: the case page says in words which rule gave the case its risk level.
func TestRisk_RuleSaysWhichApplied(t *testing.T) {
	tests := []struct {
		name, level, floor, conclusion string
		want                           string
	}{
		{"nothing yet", "", "", "", "Risk not yet assessed: no signed human-rights assessment sets a floor."},
		{"by hand without a signed assessment", "medium", "", "", "Risk MEDIUM — set by hand; no signed human-rights assessment sets a floor."},
		{"at the signed conclusion", "high", "high", "high", "Risk HIGH — at least the signed assessment's conclusion (HIGH)."},
		{"at what an unacceptable conclusion calls for", "high", "high", "unacceptable",
			"Risk HIGH — the highest, as the signed assessment's conclusion (UNACCEPTABLE) calls for."},
		{"above the signed conclusion", "high", "medium", "medium", "Risk HIGH — above the signed assessment's conclusion (MEDIUM)."},
		{"below it, recorded before the rule", "low", "medium", "medium",
			"Risk LOW is below the signed assessment's conclusion (MEDIUM), set before this rule: set it again."},
		{"not assessed below it", "", "low", "low",
			"Risk NOT ASSESSED is below the signed assessment's conclusion (LOW), set before this rule: set it again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &cases.Case{Record: cases.Record{RiskLevel: tt.level,
				RiskBasis: cases.RiskBasis{RiskFloor: tt.floor, SignedConclusion: tt.conclusion}}}
			if got := f.RiskRule(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
