package hrdd_test

import (
	"slices"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

func TestRequired_WhenCyberItemStateEndUserOrHighTier(t *testing.T) {
	item := func(desc, class string, cyber bool) cases.Item {
		return cases.Item{Description: desc, Classification: class, CyberSurveillance: cyber}
	}
	for _, tc := range []struct {
		rule     string
		items    []cases.Item
		endUser  string
		tier     string
		required bool
		reasons  int
	}{
		{"a flagged cyber-surveillance item needs it", []cases.Item{item("Probe", "not listed", true)}, "private_company", "low", true, 1},
		{"an item in 5A001.j needs it", []cases.Item{item("Probe", "5A001.j", false)}, "", "", true, 1},
		{"an item below 5A001.j (5A001.j.1) needs it", []cases.Item{item("Probe", "5a001.j.1 IP network surveillance", false)}, "", "", true, 1},
		{"an item in 5A001.f needs it", []cases.Item{item("Catcher", "5A001.f.1", false)}, "", "", true, 1},
		{"an item in 5A004.b needs it", []cases.Item{item("Forensics", "5A004.b", false)}, "", "", true, 1},
		{"software in 5D001 needs it", []cases.Item{item("Software", "5D001.e", false)}, "", "", true, 1},
		{"5D002 needs it", []cases.Item{item("Software", "5D002", false)}, "", "", true, 1},
		{"5E001 needs it", []cases.Item{item("Know-how", "5E001.a", false)}, "", "", true, 1},
		{"intrusion software 4A005 needs it", []cases.Item{item("Intrusion", "4A005", false)}, "", "", true, 1},
		{"4D004 needs it", []cases.Item{item("Intrusion", "4D004", false)}, "", "", true, 1},
		{"4E001.c needs it", []cases.Item{item("Intrusion know-how", "4E001.c", false)}, "", "", true, 1},
		{"plain 5A001 (not .f or .j) does not", []cases.Item{item("Radio", "5A001.b", false)}, "private_company", "low", false, 0},
		{"5A002 does not", []cases.Item{item("Crypto", "5A002.a", false)}, "", "", false, 0},
		{"a near miss such as 5A001.ja does not", []cases.Item{item("X", "5A001.ja", false)}, "", "", false, 0},
		{"a government end user needs it", nil, "government", "", true, 1},
		{"law enforcement needs it", nil, "law_enforcement", "", true, 1},
		{"an intelligence service needs it", nil, "intelligence", "", true, 1},
		{"the military needs it", nil, "military", "", true, 1},
		{"a private company to a low tier does not", nil, "private_company", "low", false, 0},
		{"a high-tier destination needs it", nil, "research", "high", true, 1},
		{"a medium tier does not", nil, "research", "medium", false, 0},
		{"an unrated destination does not", nil, "", "", false, 0},
		{"every reason is given", []cases.Item{item("Probe", "5A001.j", false)}, "law_enforcement", "HIGH", true, 3},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			f := &cases.Case{Record: cases.Record{EndUserType: tc.endUser}, Items: tc.items}
			got, reasons := hrdd.Required(f, tc.tier)
			if got != tc.required || len(reasons) != tc.reasons {
				t.Errorf("Required = %v %q, want %v with %d reasons", got, reasons, tc.required, tc.reasons)
			}
		})
	}
}

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
