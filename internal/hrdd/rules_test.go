package hrdd_test

import (
	"slices"
	"testing"

	"github.com/vigil-icp/vigil/internal/hrdd"
)

// low is a set of answers that adds no points.
func low() hrdd.Answers {
	return hrdd.Answers{
		Item:        hrdd.ItemSection{Use: "targeted", Customisation: "none"},
		EndUser:     hrdd.EndUserSection{Type: "private_company", StateLink: "none", KnownMisuse: "none", Oversight: "effective"},
		EndUse:      hrdd.EndUseSection{Purpose: "Lawful interception", Plausibility: "plausible"},
		Destination: hrdd.DestinationSection{LegalBasis: "clear", JudicialOversight: "independent", Remedies: "effective"},
	}
}

func TestPropose_PointsAndLevels(t *testing.T) {
	for _, tc := range []struct {
		rule   string
		change func(a *hrdd.Answers, d *hrdd.Destination)
		points int
		level  string
	}{
		{"answers that raise nothing are low", func(*hrdd.Answers, *hrdd.Destination) {}, 0, "low"},
		{"covert interception adds 3", func(a *hrdd.Answers, _ *hrdd.Destination) { a.Item.Capabilities = []string{"covert_interception"} }, 3, "low"},
		{"mass use adds 3", func(a *hrdd.Answers, _ *hrdd.Destination) { a.Item.Use = "mass" }, 3, "low"},
		{"bespoke customisation adds 2", func(a *hrdd.Answers, _ *hrdd.Destination) { a.Item.Customisation = "bespoke" }, 2, "low"},
		{"an intelligence service adds 4", func(a *hrdd.Answers, _ *hrdd.Destination) { a.EndUser.Type = "intelligence" }, 4, "low"},
		{"documented misuse adds 5", func(a *hrdd.Answers, _ *hrdd.Destination) { a.EndUser.KnownMisuse = "documented" }, 5, "low"},
		{"no oversight adds 3", func(a *hrdd.Answers, _ *hrdd.Destination) { a.EndUser.Oversight = "none" }, 3, "low"},
		{"an implausible end use adds 4", func(a *hrdd.Answers, _ *hrdd.Destination) { a.EndUse.Plausibility = "implausible" }, 4, "low"},
		{"each possible target group adds 2", func(a *hrdd.Answers, _ *hrdd.Destination) {
			a.EndUse.Targets = []string{"journalists", "minorities"}
		}, 4, "low"},
		{"a high-tier destination adds 4", func(_ *hrdd.Answers, d *hrdd.Destination) { d.Tier = "high" }, 4, "low"},
		{"an arms embargo adds 3", func(_ *hrdd.Answers, d *hrdd.Destination) { d.ArmsEmbargo = true }, 3, "low"},
		{"no legal basis, oversight or remedy adds 3+2+2", func(a *hrdd.Answers, _ *hrdd.Destination) {
			a.Destination = hrdd.DestinationSection{LegalBasis: "none", JudicialOversight: "none", Remedies: "none"}
		}, 7, "low"},
		{"8 points are medium", func(a *hrdd.Answers, d *hrdd.Destination) { d.Tier = "high"; a.EndUser.Type = "intelligence" }, 8, "medium"},
		{"a resolved red flag adds 1", func(a *hrdd.Answers, _ *hrdd.Destination) {
			a.RedFlags.Flags = []hrdd.FlagAnswer{{Code: "RF06", Resolution: "Checked the register", Resolved: true}}
		}, 1, "low"},
		{"an unresolved red flag adds 3 and makes it at least high", func(a *hrdd.Answers, _ *hrdd.Destination) {
			a.RedFlags.Flags = []hrdd.FlagAnswer{{Code: "RF19", Resolution: "Asked, no answer"}}
		}, 3, "high"},
		{"mitigation takes 1 a measure off", func(a *hrdd.Answers, d *hrdd.Destination) {
			d.Tier = "high"
			a.Mitigation.Measures = []string{"contract_clauses", "audit_logging"}
		}, 2, "low"},
		{"mitigation takes at most 4 off", func(a *hrdd.Answers, d *hrdd.Destination) {
			d.Tier, d.ArmsEmbargo = "high", true
			a.Mitigation.Measures = []string{"contract_clauses", "audit_logging", "no_re_export", "technical_limits", "post_shipment_checks"}
		}, 3, "low"},
		{"a 5A001.j probe for mass use by police in a high-tier country is high", func(a *hrdd.Answers, d *hrdd.Destination) {
			a.Item.Capabilities = []string{"covert_interception", "data_extraction", "relational_mapping"}
			a.Item.Use = "mass"
			a.EndUser.Type = "law_enforcement"
			d.Tier = "high"
		}, 17, "high"},
		{"28 points are unacceptable", func(a *hrdd.Answers, d *hrdd.Destination) {
			a.Item.Capabilities = []string{"covert_interception", "biometric_identification"}
			a.Item.Use = "mass"
			a.EndUser = hrdd.EndUserSection{Type: "intelligence", StateLink: "direct", KnownMisuse: "documented", Oversight: "none"}
			d.Tier = "high"
			a.EndUse.Targets = []string{"journalists"}
		}, 28, "unacceptable"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			a, d := low(), hrdd.Destination{Tier: "low"}
			tc.change(&a, &d)
			p := hrdd.Propose(a, d)
			if p.Points != tc.points || p.Level != tc.level {
				t.Errorf("Propose = %d points, %s; want %d, %s (factors %+v)", p.Points, p.Level, tc.points, tc.level, p.Factors)
			}
			sum := 0
			for _, f := range p.Factors {
				if f.Points == 0 || f.Name == "" || f.Why == "" {
					t.Errorf("factor %+v: every factor names itself, says why and counts", f)
				}
				sum += f.Points
			}
			if sum != p.Points {
				t.Errorf("factors add up to %d, total %d", sum, p.Points)
			}
		})
	}
}

func TestPropose_ThresholdsAreContiguous(t *testing.T) {
	var got []string
	for _, pts := range []int{0, 7, 8, 15, 16, 27, 28, 60} {
		got = append(got, hrdd.LevelFor(pts))
	}
	want := []string{"low", "low", "medium", "medium", "high", "high", "unacceptable", "unacceptable"}
	if !slices.Equal(got, want) {
		t.Errorf("levels %v, want %v", got, want)
	}
}
