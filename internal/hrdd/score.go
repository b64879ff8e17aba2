package hrdd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
)

// Choice is an answer the questionnaire offers, with the points it adds to
// the proposed risk.
type Choice struct {
	Value, Label string
	Points       int
}

// ScoringMethod is the version of the points below. The proposal is
// Vigil's, the company's method, not the law: the guidelines on Art. 5
// (Recommendation (EU) 2024/2659) name the factors to weigh (the item's
// capabilities, the end user, the end use, the destination, red flags,
// mitigation) but give no points and no thresholds. Change the version with
// any point or threshold.
const ScoringMethod = "2026-12"

// The answers and their points. The proposal is the sum of the points of
// every answer given, less the mitigation credit, read against Thresholds:
//
//	item         covert interception 3, data extraction 2, location tracking 2,
//	             biometric identification 2, relational mapping 2; mass use 3;
//	             configured for the customer 1, bespoke 2
//	end user     government 2, law enforcement 3, intelligence 4, military 3;
//	             indirect state link 1, direct 2; alleged misuse 3, documented 5;
//	             limited oversight 1, none 3
//	end use      doubtful 2, implausible 4; each possible target group 2
//	destination  tier medium 2, high 4; arms embargo 3; legal basis for
//	             surveillance vague 1, none 3; judicial oversight limited 1,
//	             none 2; remedies limited 1, none 2
//	red flags    each resolved 1, each unresolved 3; any unresolved flag makes
//	             the proposal at least high
//	mitigation   each measure −1, at most −4
//
// Each weight's comment names the factor of the guidelines it reflects, as
// the published summaries of the guidelines describe them, or says that it
// is the company's choice; the numbers are all the company's choice.
var (
	Capabilities = []Choice{
		{"covert_interception", "Covert interception of communications", 3},                      // item's capabilities: covertness, interception
		{"data_extraction", "Extraction of data from devices or networks", 2},                    // item's capabilities: depth of data extraction
		{"location_tracking", "Location tracking", 2},                                            // item's capabilities: location tracking
		{"biometric_identification", "Biometric identification (face, voice, gait, emotion)", 2}, // item's capabilities: biometrics, facial and emotion recognition
		{"relational_mapping", "Relational mapping of people and networks", 2},                   // item's capabilities: company's choice (named by Annex I 5A001.j, 5D001.e)
	}
	Uses = []Choice{
		{"targeted", "Targeted: individual subjects", 0},   // item: targeted use, the baseline
		{"mass", "Mass: whole populations or networks", 3}, // item: mass rather than targeted use
	}
	Customisations = []Choice{
		{"none", "Standard product, no customisation", 0},        // item: no customisation, the baseline
		{"configuration", "Configured for this customer", 1},     // item: customisation
		{"bespoke", "Developed or adapted for this customer", 2}, // item: customisation
	}
	EndUserPoints = map[string]int{
		"government":      2, // end user: company's choice to weigh government bodies; the guidelines name the bodies below
		"law_enforcement": 3, // end user: law enforcement
		"intelligence":    4, // end user: intelligence service
		"military":        3, // end user: military
	}
	StateLinks = []Choice{
		{"none", "No link to the state", 0},                                    // end user: no link to the state, the baseline
		{"indirect", "Indirect: supplies or works for state bodies", 1},        // end user's link to the state
		{"direct", "Direct: state-owned, state-controlled or a state body", 2}, // end user's link to the state
	}
	Misuse = []Choice{
		{"none", "No known misuse", 0},                   // end user: no history of misuse, the baseline
		{"alleged", "Credible allegations of misuse", 3}, // end user's history of misuse, alleged
		{"documented", "Documented misuse", 5},           // end user's history of misuse, documented
	}
	Oversight = []Choice{
		{"effective", "Effective independent oversight", 0}, // end user under oversight, the baseline
		{"limited", "Limited oversight", 1},                 // oversight of the end user
		{"none", "No independent oversight", 3},             // oversight of the end user
	}
	Plausibility = []Choice{
		{"plausible", "Plausible for this end user", 0}, // end use plausible, the baseline
		{"doubtful", "Doubtful", 2},                     // plausibility of the end use
		{"implausible", "Implausible", 4},               // plausibility of the end use
	}
	Targets = []Choice{
		{"journalists", "Journalists", 2},                       // end use: possible targets, journalists
		{"human_rights_defenders", "Human-rights defenders", 2}, // end use: possible targets, human-rights defenders
		{"political_opposition", "Political opposition", 2},     // end use: possible targets, political opposition
		{"minorities", "Minorities", 2},                         // end use: possible targets, minorities
		{"other_groups", "Other vulnerable groups", 2},          // end use: possible targets, company's choice to name others
	}
	TierPoints = map[string]int{
		"low":    0, // destination: the company's own tier, the baseline
		"medium": 2, // destination's human-rights situation, as the company's tier rates it
		"high":   4, // destination's human-rights situation, as the company's tier rates it
	}
	LegalBasis = []Choice{
		{"clear", "Clear, accessible law with safeguards", 0}, // destination: legal basis for surveillance, the baseline
		{"vague", "Vague or broad law", 1},                    // destination: legal basis for surveillance
		{"none", "No legal basis", 3},                         // destination: legal basis for surveillance
	}
	JudicialOversight = []Choice{
		{"independent", "Independent judicial authorisation", 0}, // destination: judicial authorisation, the baseline
		{"limited", "Limited or after the fact", 1},              // destination: judicial authorisation of surveillance
		{"none", "None", 2}, // destination: judicial authorisation of surveillance
	}
	Remedies = []Choice{
		{"effective", "Effective remedies for those surveilled", 0}, // destination: remedies, the baseline
		{"limited", "Limited remedies", 1},                          // destination: remedies for those surveilled
		{"none", "No remedies", 2},                                  // destination: remedies for those surveilled
	}
	Measures = []Choice{
		{"contract_clauses", "Contractual end-use clauses", -1},               // mitigation: contractual end-use clauses
		{"end_use_certificate", "Signed end-use certificate", -1},             // mitigation: company's choice (an end-use statement, Art. 12(4) of the Regulation)
		{"no_re_export", "No re-export without consent", -1},                  // mitigation: no-re-export clauses
		{"technical_limits", "Technical limits on the item", -1},              // mitigation: technical limits
		{"audit_logging", "Audit logging the customer cannot switch off", -1}, // mitigation: audit logging
		{"restricted_training", "Restricted training and support", -1},        // mitigation: restricting training and support
		{"post_shipment_checks", "Post-shipment checks", -1},                  // mitigation: post-shipment checks
		{"suspend_updates", "Right to suspend updates or terminate", -1},      // mitigation: right to suspend updates or terminate
	}
)

// Points of red flags and the cap of the mitigation credit.
const (
	resolvedFlagPoints   = 1 // red flags: a flag raised, even resolved
	unresolvedFlagPoints = 3 // red flags: a flag not resolved
	armsEmbargoPoints    = 3 // company's choice: the guidelines do not name arms embargoes (Art. 2(19) of the Regulation does)
	maxMitigationCredit  = 4 // company's choice: mitigation lowers the risk, never hides it
)

// Thresholds are the lowest total of each level above low: the company's
// choice, like the points.
var Thresholds = []struct {
	Level string
	From  int
}{{"medium", 8}, {"high", 16}, {"unacceptable", 28}}

// Factor is one answer's contribution to the proposal.
type Factor struct {
	Name   string
	Points int
	Why    string
}

// Proposal is the risk level Vigil proposes, with how it came about.
type Proposal struct {
	Level   string
	Points  int
	Factors []Factor
	Floor   string // why the level is higher than the points say, if it is
}

// LevelFor returns the level of a points total.
func LevelFor(points int) string {
	level := "low"
	for _, t := range Thresholds {
		if points >= t.From {
			level = t.Level
		}
	}
	return level
}

// LevelRank orders levels: low 0 … unacceptable 3; unknown -1.
func LevelRank(level string) int { return Levels.Index(level) }

func choice(choices []Choice, v string) (Choice, bool) {
	for _, c := range choices {
		if c.Value == v {
			return c, true
		}
	}
	return Choice{}, false
}

// Propose scores the answers and the destination's facts. Only answers that
// add or remove points become factors, in questionnaire order.
func Propose(a Answers, d Destination) Proposal {
	var p Proposal
	p.addPicked("Item capability", Capabilities, a.Item.Capabilities, func(c Choice) string { return c.Label })
	p.addChoice("Scale of use", Uses, a.Item.Use)
	p.addChoice("Customisation", Customisations, a.Item.Customisation)
	p.add("End user", EndUserPoints[a.EndUser.Type], cases.EndUserTypes.Label(a.EndUser.Type))
	p.addChoice("State link", StateLinks, a.EndUser.StateLink)
	p.addChoice("Known misuse", Misuse, a.EndUser.KnownMisuse)
	p.addChoice("Oversight of the end user", Oversight, a.EndUser.Oversight)
	p.addChoice("End use", Plausibility, a.EndUse.Plausibility)
	p.addPicked("Possible target", Targets, a.EndUse.Targets, func(c Choice) string { return c.Label + " could be targeted" })
	tier := strings.ToLower(d.Tier)
	p.add("Destination tier", TierPoints[tier], "The destination is rated "+tier+" risk")
	if d.ArmsEmbargo {
		p.add("Arms embargo", armsEmbargoPoints, "The destination is under an arms embargo")
	}
	p.addChoice("Legal basis for surveillance", LegalBasis, a.Destination.LegalBasis)
	p.addChoice("Judicial oversight", JudicialOversight, a.Destination.JudicialOversight)
	p.addChoice("Remedies", Remedies, a.Destination.Remedies)
	unresolved := p.addRedFlags(a.RedFlags)
	p.addMitigation(a.Mitigation)
	p.Level = LevelFor(p.Points)
	if unresolved > 0 && LevelRank(p.Level) < LevelRank("high") {
		p.Level = "high"
		p.Floor = "An unresolved red flag makes the risk at least high: inquire until it is resolved, or do not proceed."
	}
	return p
}

// add counts points for a factor, when there are any.
func (p *Proposal) add(name string, points int, why string) {
	if points != 0 {
		p.Factors = append(p.Factors, Factor{Name: name, Points: points, Why: why})
		p.Points += points
	}
}

// addChoice counts the choice v of a question, when it is one.
func (p *Proposal) addChoice(name string, choices []Choice, v string) {
	if c, ok := choice(choices, v); ok {
		p.add(name, c.Points, c.Label)
	}
}

// addPicked counts each choice picked of a multi-choice question, in the
// questionnaire's order.
func (p *Proposal) addPicked(name string, choices []Choice, picked []string, why func(Choice) string) {
	for _, c := range choices {
		if slices.Contains(picked, c.Value) {
			p.add(name, c.Points, why(c))
		}
	}
}

// addRedFlags counts the flags raised and returns how many are unresolved.
func (p *Proposal) addRedFlags(r RedFlagsSection) int {
	unresolved := 0
	for _, f := range r.Flags {
		if f.Resolved {
			p.add("Red flag "+f.Code, resolvedFlagPoints, "Raised and resolved: "+f.Resolution)
		} else {
			unresolved++
			p.add("Red flag "+f.Code, unresolvedFlagPoints, "Raised and not resolved: "+f.Resolution)
		}
	}
	return unresolved
}

// addMitigation credits the measures agreed, up to maxMitigationCredit.
func (p *Proposal) addMitigation(m MitigationSection) {
	credit := 0
	var measures []string
	for _, c := range Measures {
		if slices.Contains(m.Measures, c.Value) {
			credit += c.Points
			measures = append(measures, strings.ToLower(c.Label))
		}
	}
	p.add("Mitigation", max(credit, -maxMitigationCredit), fmt.Sprintf("%d measures: %s (credit at most %d)", len(measures), strings.Join(measures, ", "), maxMitigationCredit))
}
