package hrdd

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/reference"
)

// Section names a part of the questionnaire that is saved on its own.
type Section struct{ Name, Title string }

// Sections in questionnaire order; the conclusion is saved apart.
var Sections = []Section{
	{"item", "Item capabilities"},
	{"end_user", "End user"},
	{"end_use", "End use"},
	{"destination", "Destination"},
	{"red_flags", "Red flags"},
	{"sources", "Sources consulted"},
	{"mitigation", "Mitigation measures"},
}

// ConclusionSection is the name the conclusion is saved under.
const ConclusionSection = "conclusion"

// SectionTitle returns the title of a section name, or "".
func SectionTitle(name string) string {
	if name == ConclusionSection {
		return "Conclusion"
	}
	for _, s := range Sections {
		if s.Name == name {
			return s.Title
		}
	}
	return ""
}

// SectionAnswers is one section of the questionnaire as a person filled it
// in, saved on its own: an ItemSection, EndUserSection, EndUseSection,
// DestinationSection, RedFlagsSection, SourcesSection, MitigationSection or
// Conclusion.
type SectionAnswers interface {
	// SectionName is the name the section is saved under.
	SectionName() string
	// storeIn stores the answers as their section of a, tidied: trimmed,
	// keeping only the choices the questionnaire offers and the flags of
	// the catalogue.
	storeIn(a *Answers, flags []RedFlag)
	// problems returns what is wrong with stored answers, by form field.
	problems(f facts) (map[string]string, error)
}

func (ItemSection) SectionName() string        { return "item" }
func (EndUserSection) SectionName() string     { return "end_user" }
func (EndUseSection) SectionName() string      { return "end_use" }
func (DestinationSection) SectionName() string { return "destination" }
func (RedFlagsSection) SectionName() string    { return "red_flags" }
func (SourcesSection) SectionName() string     { return "sources" }
func (MitigationSection) SectionName() string  { return "mitigation" }
func (Conclusion) SectionName() string         { return ConclusionSection }

// part returns the section of a with name, or nil.
func (a *Answers) part(name string) SectionAnswers {
	for _, s := range []SectionAnswers{a.Item, a.EndUser, a.EndUse, a.Destination, a.RedFlags, a.Sources, a.Mitigation, a.Conclusion} {
		if s.SectionName() == name {
			return s
		}
	}
	return nil
}

// facts are what validation checks answers against.
type facts struct {
	countryExists   func(code string) (bool, error)
	caseDestination string
	proposal        string
	today           time.Time
	art5            bool   // the case holds an unlisted cyber-surveillance item
	national        string // the legal basis of the exporter's national rule under Art. 5(3), "" when none
}

const maxText = 5000

// picked returns the values of a multi-choice answer that are offered
// choices, in the questionnaire's order.
func picked(values []string, choices []Choice) []string {
	var out []string
	for _, c := range choices {
		if slices.Contains(values, c.Value) {
			out = append(out, c.Value)
		}
	}
	return out
}

func oneOf(errs map[string]string, field, v string, choices []Choice, msg string) {
	if _, ok := choice(choices, v); !ok {
		errs[field] = msg
	}
}

func notTooLong(errs map[string]string, field, v string) {
	if len(v) > maxText {
		errs[field] = "Use at most 5,000 characters."
	}
}

func (s ItemSection) storeIn(a *Answers, _ []RedFlag) {
	a.Item = ItemSection{Capabilities: picked(s.Capabilities, Capabilities), Use: strings.TrimSpace(s.Use),
		Customisation: strings.TrimSpace(s.Customisation), Notes: strings.TrimSpace(s.Notes)}
}

func (s EndUserSection) storeIn(a *Answers, _ []RedFlag) {
	a.EndUser = EndUserSection{Type: strings.TrimSpace(s.Type), StateLink: strings.TrimSpace(s.StateLink),
		KnownMisuse: strings.TrimSpace(s.KnownMisuse), Oversight: strings.TrimSpace(s.Oversight), Notes: strings.TrimSpace(s.Notes)}
}

func (s EndUseSection) storeIn(a *Answers, _ []RedFlag) {
	a.EndUse = EndUseSection{Purpose: strings.TrimSpace(s.Purpose), Plausibility: strings.TrimSpace(s.Plausibility),
		Targets: picked(s.Targets, Targets), Notes: strings.TrimSpace(s.Notes)}
}

func (s DestinationSection) storeIn(a *Answers, _ []RedFlag) {
	a.Destination = DestinationSection{Country: strings.ToUpper(strings.TrimSpace(s.Country)), LegalBasis: strings.TrimSpace(s.LegalBasis),
		JudicialOversight: strings.TrimSpace(s.JudicialOversight), Remedies: strings.TrimSpace(s.Remedies), Notes: strings.TrimSpace(s.Notes)}
}

// storeIn keeps the flags of the catalogue, once each, in its order.
func (s RedFlagsSection) storeIn(a *Answers, flags []RedFlag) {
	a.RedFlags = RedFlagsSection{}
	for _, f := range flags {
		if raised, ok := s.Flag(f.Code); ok {
			a.RedFlags.Flags = append(a.RedFlags.Flags, FlagAnswer{Code: f.Code, Resolution: strings.TrimSpace(raised.Resolution),
				Resolved: raised.Resolved})
		}
	}
}

// storeIn drops the rows left empty.
func (s SourcesSection) storeIn(a *Answers, _ []RedFlag) {
	a.Sources = SourcesSection{}
	for _, src := range s.Sources {
		src = Source{Title: strings.TrimSpace(src.Title), URL: strings.TrimSpace(src.URL), Date: strings.TrimSpace(src.Date)}
		if src != (Source{}) {
			a.Sources.Sources = append(a.Sources.Sources, src)
		}
	}
}

func (s MitigationSection) storeIn(a *Answers, _ []RedFlag) {
	a.Mitigation = MitigationSection{Measures: picked(s.Measures, Measures), Notes: strings.TrimSpace(s.Notes)}
}

func (c Conclusion) storeIn(a *Answers, _ []RedFlag) {
	a.Conclusion = Conclusion{Level: strings.TrimSpace(c.Level), Rationale: strings.TrimSpace(c.Rationale), Aware: strings.TrimSpace(c.Aware),
		OverrideJustification: strings.TrimSpace(c.OverrideJustification), Informed: strings.TrimSpace(c.Informed),
		InformedLetter: strings.TrimSpace(c.InformedLetter), Suspect: strings.TrimSpace(c.Suspect)}
}

func (s ItemSection) problems(facts) (map[string]string, error) {
	errs := map[string]string{}
	oneOf(errs, "use", s.Use, Uses, "Say whether the item serves targeted or mass use.")
	oneOf(errs, "customisation", s.Customisation, Customisations, "Say whether the item is customised for this customer.")
	notTooLong(errs, "item_notes", s.Notes)
	return errs, nil
}

func (s EndUserSection) problems(facts) (map[string]string, error) {
	errs := map[string]string{}
	if !cases.EndUserTypes.Has(s.Type) {
		errs["end_user_type"] = "Choose what kind of end user this is."
	}
	oneOf(errs, "state_link", s.StateLink, StateLinks, "Say how the end user is linked to the state.")
	oneOf(errs, "known_misuse", s.KnownMisuse, Misuse, "Say what is known of misuse by this end user.")
	oneOf(errs, "oversight", s.Oversight, Oversight, "Say what oversight the end user is under.")
	notTooLong(errs, "end_user_notes", s.Notes)
	return errs, nil
}

func (s EndUseSection) problems(facts) (map[string]string, error) {
	errs := map[string]string{}
	if s.Purpose == "" {
		errs["purpose"] = "State the purpose the end user gives."
	}
	notTooLong(errs, "purpose", s.Purpose)
	oneOf(errs, "plausibility", s.Plausibility, Plausibility, "Judge how plausible the stated purpose is.")
	notTooLong(errs, "end_use_notes", s.Notes)
	return errs, nil
}

func (s DestinationSection) problems(f facts) (map[string]string, error) {
	ok, err := f.countryExists(s.Country)
	if err != nil {
		return nil, err
	}
	errs := map[string]string{}
	switch {
	case s.Country == "" || !ok:
		errs["country"] = "Choose a country from the list."
	case f.caseDestination != "" && s.Country != f.caseDestination:
		errs["country"] = "This case goes to " + f.caseDestination + ": assess that country, or change the case's destination first."
	}
	oneOf(errs, "legal_basis", s.LegalBasis, LegalBasis, "Judge the legal basis for surveillance.")
	oneOf(errs, "judicial_oversight", s.JudicialOversight, JudicialOversight, "Judge the judicial oversight of surveillance.")
	oneOf(errs, "remedies", s.Remedies, Remedies, "Judge the remedies open to people surveilled.")
	notTooLong(errs, "destination_notes", s.Notes)
	return errs, nil
}

func (s RedFlagsSection) problems(facts) (map[string]string, error) {
	errs := map[string]string{}
	for _, fl := range s.Flags {
		if fl.Resolution == "" {
			errs["resolution_"+fl.Code] = "Say what you found out about this red flag and how it was resolved."
		}
		notTooLong(errs, "resolution_"+fl.Code, fl.Resolution)
	}
	return errs, nil
}

func (s SourcesSection) problems(f facts) (map[string]string, error) {
	errs := map[string]string{}
	if len(s.Sources) == 0 {
		errs["sources"] = "Name at least one source you consulted, with its address and the date."
	}
	for i, src := range s.Sources {
		n := strconv.Itoa(i)
		if src.Title == "" {
			errs["source_title_"+n] = "Give the source's title."
		}
		if !reference.IsWebAddress(src.URL) {
			errs["source_url_"+n] = "Give the source's web address, starting with https://."
		}
		if msg := pastDate(src.Date, f.today, "Give the date you consulted it."); msg != "" {
			errs["source_date_"+n] = msg
		}
	}
	return errs, nil
}

func (s MitigationSection) problems(facts) (map[string]string, error) {
	errs := map[string]string{}
	notTooLong(errs, "mitigation_notes", s.Notes)
	return errs, nil
}

func (c Conclusion) problems(f facts) (map[string]string, error) {
	errs := map[string]string{}
	if LevelRank(c.Level) < 0 {
		errs["level"] = "Choose low, medium, high or unacceptable."
	}
	if c.Rationale == "" {
		errs["rationale"] = "Explain the conclusion: the rationale is required."
	}
	c.art5Problems(f, errs)
	if c.Level != "" && c.Level != f.proposal && c.OverrideJustification == "" {
		errs["override_justification"] = "Your conclusion differs from the proposed " + f.proposal + " risk: justify it in writing."
	}
	notTooLong(errs, "rationale", c.Rationale)
	notTooLong(errs, "override_justification", c.OverrideJustification)
	return errs, nil
}
