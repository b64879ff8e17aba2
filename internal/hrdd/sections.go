package hrdd

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
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

// facts are what validation checks answers against.
type facts struct {
	countryExists   func(code string) (bool, error)
	caseDestination string
	flags           []RedFlag
	proposal        string
	today           time.Time
}

const maxText = 5000

func clean(form url.Values, name string) string { return strings.TrimSpace(form.Get(name)) }

// picked returns the values of a multi-choice field that are offered choices.
func picked(form url.Values, name string, choices []Choice) []string {
	var out []string
	for _, c := range choices {
		if slices.Contains(form[name], c.Value) {
			out = append(out, c.Value)
		}
	}
	return out
}

// set puts what a form says of section into a, without judging it.
func (a *Answers) set(section string, form url.Values, flags []RedFlag) bool {
	switch section {
	case "item":
		a.Item = ItemSection{Capabilities: picked(form, "capability", Capabilities), Use: clean(form, "use"),
			Customisation: clean(form, "customisation"), Notes: clean(form, "item_notes")}
	case "end_user":
		a.EndUser = EndUserSection{Type: clean(form, "end_user_type"), StateLink: clean(form, "state_link"),
			KnownMisuse: clean(form, "known_misuse"), Oversight: clean(form, "oversight"), Notes: clean(form, "end_user_notes")}
	case "end_use":
		a.EndUse = EndUseSection{Purpose: clean(form, "purpose"), Plausibility: clean(form, "plausibility"),
			Targets: picked(form, "target", Targets), Notes: clean(form, "end_use_notes")}
	case "destination":
		a.Destination = DestinationSection{Country: strings.ToUpper(clean(form, "country")), LegalBasis: clean(form, "legal_basis"),
			JudicialOversight: clean(form, "judicial_oversight"), Remedies: clean(form, "remedies"), Notes: clean(form, "destination_notes")}
	case "red_flags":
		a.RedFlags = RedFlagsSection{}
		for _, f := range flags {
			if slices.Contains(form["flag"], f.Code) {
				a.RedFlags.Flags = append(a.RedFlags.Flags, FlagAnswer{Code: f.Code,
					Resolution: clean(form, "resolution_"+f.Code), Resolved: form.Get("resolved_"+f.Code) != ""})
			}
		}
	case "sources":
		a.Sources = SourcesSection{}
		titles, urls, dates := form["source_title"], form["source_url"], form["source_date"]
		for i := range max(len(titles), len(urls), len(dates)) {
			at := func(vs []string) string {
				if i < len(vs) {
					return strings.TrimSpace(vs[i])
				}
				return ""
			}
			if s := (Source{Title: at(titles), URL: at(urls), Date: at(dates)}); s != (Source{}) {
				a.Sources.Sources = append(a.Sources.Sources, s)
			}
		}
	case "mitigation":
		a.Mitigation = MitigationSection{Measures: picked(form, "measure", Measures), Notes: clean(form, "mitigation_notes")}
	case ConclusionSection:
		a.Conclusion = Conclusion{Level: clean(form, "level"), Rationale: clean(form, "rationale"), Aware: clean(form, "aware"),
			OverrideJustification: clean(form, "override_justification")}
	default:
		return false
	}
	return true
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

// validate returns what is wrong with section of a, by form field.
func (a *Answers) validate(section string, f facts) (map[string]string, error) {
	errs := map[string]string{}
	switch section {
	case "item":
		oneOf(errs, "use", a.Item.Use, Uses, "Say whether the item serves targeted or mass use.")
		oneOf(errs, "customisation", a.Item.Customisation, Customisations, "Say whether the item is customised for this customer.")
		notTooLong(errs, "item_notes", a.Item.Notes)
	case "end_user":
		if !slices.ContainsFunc(cases.EndUserTypes, func(o Option) bool { return o.Value == a.EndUser.Type }) {
			errs["end_user_type"] = "Choose what kind of end user this is."
		}
		oneOf(errs, "state_link", a.EndUser.StateLink, StateLinks, "Say how the end user is linked to the state.")
		oneOf(errs, "known_misuse", a.EndUser.KnownMisuse, Misuse, "Say what is known of misuse by this end user.")
		oneOf(errs, "oversight", a.EndUser.Oversight, Oversight, "Say what oversight the end user is under.")
		notTooLong(errs, "end_user_notes", a.EndUser.Notes)
	case "end_use":
		if a.EndUse.Purpose == "" {
			errs["purpose"] = "State the purpose the end user gives."
		}
		notTooLong(errs, "purpose", a.EndUse.Purpose)
		oneOf(errs, "plausibility", a.EndUse.Plausibility, Plausibility, "Judge how plausible the stated purpose is.")
		notTooLong(errs, "end_use_notes", a.EndUse.Notes)
	case "destination":
		ok, err := f.countryExists(a.Destination.Country)
		if err != nil {
			return nil, err
		}
		switch {
		case a.Destination.Country == "" || !ok:
			errs["country"] = "Choose a country from the list."
		case f.caseDestination != "" && a.Destination.Country != f.caseDestination:
			errs["country"] = "This case goes to " + f.caseDestination + ": assess that country, or change the case's destination first."
		}
		oneOf(errs, "legal_basis", a.Destination.LegalBasis, LegalBasis, "Judge the legal basis for surveillance.")
		oneOf(errs, "judicial_oversight", a.Destination.JudicialOversight, JudicialOversight, "Judge the judicial oversight of surveillance.")
		oneOf(errs, "remedies", a.Destination.Remedies, Remedies, "Judge the remedies open to people surveilled.")
		notTooLong(errs, "destination_notes", a.Destination.Notes)
	case "red_flags":
		for _, fl := range a.RedFlags.Flags {
			if fl.Resolution == "" {
				errs["resolution_"+fl.Code] = "Say what you found out about this red flag and how it was resolved."
			}
			notTooLong(errs, "resolution_"+fl.Code, fl.Resolution)
		}
	case "sources":
		if len(a.Sources.Sources) == 0 {
			errs["sources"] = "Name at least one source you consulted, with its address and the date."
		}
		for i, s := range a.Sources.Sources {
			n := strconv.Itoa(i)
			if s.Title == "" {
				errs["source_title_"+n] = "Give the source's title."
			}
			if u, err := url.Parse(s.URL); s.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				errs["source_url_"+n] = "Give the source's web address, starting with https://."
			}
			if d, err := time.Parse(time.DateOnly, s.Date); err != nil {
				errs["source_date_"+n] = "Give the date you consulted it."
			} else if d.After(f.today) {
				errs["source_date_"+n] = "The date cannot be in the future."
			}
		}
	case "mitigation":
		notTooLong(errs, "mitigation_notes", a.Mitigation.Notes)
	case ConclusionSection:
		c := a.Conclusion
		if LevelRank(c.Level) < 0 {
			errs["level"] = "Choose low, medium, high or unacceptable."
		}
		if c.Rationale == "" {
			errs["rationale"] = "Explain the conclusion: the rationale is required."
		}
		if c.Aware != "yes" && c.Aware != "no" {
			errs["aware"] = "Answer the Art. 5 question: yes or no."
		}
		if c.Level != "" && c.Level != f.proposal && c.OverrideJustification == "" {
			errs["override_justification"] = "Your conclusion differs from the proposed " + f.proposal + " risk: justify it in writing."
		}
		notTooLong(errs, "rationale", c.Rationale)
		notTooLong(errs, "override_justification", c.OverrideJustification)
	}
	return errs, nil
}
