package licensing

import (
	"strings"

	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Art4Question is one of the uses Art. 4(1) of Regulation (EU) 2021/821
// catches, for listed and unlisted items alike.
type Art4Question string

const (
	Art4WMD             Art4Question = "wmd"
	Art4MilitaryEmbargo Art4Question = "military_embargo"
	Art4MilitaryParts   Art4Question = "military_parts"
)

// Art4Questions are the questions, as the case page asks them. Their
// wording is Vigil's paraphrase of the three uses: the article's own words
// were not checked against the legal text.
var Art4Questions = vocab.Terms[Art4Question]{
	{Value: Art4WMD, Label: "Are the items, or may they be, intended in their entirety or in part for use in connection with " +
		"weapons of mass destruction (chemical, biological or nuclear weapons or other nuclear explosive devices, or missiles able to deliver them)?"},
	{Value: Art4MilitaryEmbargo, Label: "Is the destination under an arms embargo, and are the items, or may they be, intended for a military end use there?"},
	{Value: Art4MilitaryParts, Label: "Are the items, or may they be, intended for use as parts or components of military items " +
		"exported from a Member State without, or in breach of, an authorisation?"},
}

// Art4Answer is what the company knows of one of the uses.
type Art4Answer string

const (
	Art4No       Art4Answer = "no"
	Art4Aware    Art4Answer = "aware"
	Art4Informed Art4Answer = "informed"
)

// Art4Answers are the answers, as forms offer them.
var Art4Answers = vocab.Terms[Art4Answer]{
	{Value: Art4No, Label: "No: neither informed nor aware"},
	{Value: Art4Aware, Label: "We are aware of such a use"},
	{Value: Art4Informed, Label: "The competent authority informed us"},
}

// Authority decisions on an Art. 4 notification.
const (
	DecisionLicenceRequired   = "licence_required"
	DecisionNoLicenceRequired = "no_licence_required"
)

// Art4 is a case's answers to the Art. 4 questions and, after an "aware",
// the notification and the authority's decision.
type Art4 struct {
	Answers  map[Art4Question]Art4Answer
	Notified bool   // a notification is recorded as sent
	Decision string // the authority's decision on it, "" while awaited
}

// Complete reports whether every question is answered.
func (a Art4) Complete() bool {
	for _, q := range Art4Questions {
		if _, ok := a.Answers[q.Value]; !ok {
			return false
		}
	}
	return true
}

// has reports whether any question has answer v.
func (a Art4) has(v Art4Answer) bool {
	for _, got := range a.Answers {
		if got == v {
			return true
		}
	}
	return false
}

// Aware reports whether an answer says we are aware of a use Art. 4 catches.
func (a Art4) Aware() bool { return a.has(Art4Aware) }

// NeedsNotification reports whether the company must notify the authority
// and has not recorded doing so.
func (a Art4) NeedsNotification() bool {
	return a.Aware() && !a.has(Art4Informed) && !a.Notified
}

// effect says what the answers mean for every item: "" when nothing
// (no use caught); NoLicence when the authority decided no licence is
// needed, which still sets general authorisations aside.
func (a Art4) effect() (Outcome, string) {
	switch {
	case a.has(Art4Informed):
		return Required, "Art. 4(1): the competent authority informed us of a use it catches; a licence is required for every item."
	case !a.Aware():
		return "", ""
	case !a.Notified:
		return Awaiting, "Art. 4: we are aware of a use it catches. Notify the competent authority (print the notification) and wait for its decision."
	case a.Decision == "":
		return Awaiting, "Art. 4: the competent authority was notified and has not yet decided."
	case a.Decision == DecisionLicenceRequired:
		return Required, "Art. 4: the competent authority decided that a licence is required."
	}
	return NoLicence, "Art. 4: the competent authority decided that no licence is required; general authorisations still " +
		"cannot be used for such a use (Annex II)."
}

// confirmed are the measures a compliance officer confirmed: only they act.
func (e Export) confirmed() []reference.Measure {
	var out []reference.Measure
	for _, m := range e.Measures {
		if m.Confidence == reference.Confirmed {
			out = append(out, m)
		}
	}
	return out
}

// restricted reports whether the destination is under a confirmed arms
// embargo or other restrictive measure: EU008 (c) excludes it.
func (e Export) restricted() bool { return len(e.confirmed()) > 0 }

// measureEffect says what the confirmed measures on the destination mean
// for it: Prohibited, Required (only a licence covers it) or "" with why.
// A prohibition outweighs a licence requirement.
func (e Export) measureEffect(it Item) (Outcome, string) {
	var out Outcome
	var why string
	for _, m := range e.confirmed() {
		o, w := measureOn(m, it, e.EndUserType)
		if o == Prohibited || (o == Required && out == "") {
			out, why = o, w
		}
	}
	return out, why
}

// measureOn is what measure m means for item it exported to an end user of
// endUserType. Where the law leaves a choice, the choice is marked as the
// company's rule.
func measureOn(m reference.Measure, it Item, endUserType string) (Outcome, string) {
	named := m.Kind.Label() + " on " + m.CountryCode + " (" + m.LegalAct + ", scope: " + m.Scope + ")"
	cyber := it.Cyber
	if _, ok := hrdd.CyberEntryOf(it.Classification, nil); ok {
		cyber = true
	}
	switch {
	case m.Kind == reference.DualUseBan && it.Listed() && strings.EqualFold(m.Scope, reference.FullScope):
		return Prohibited, named + " prohibits the export of dual-use items there."
	case m.Kind == reference.DualUseBan && it.Listed():
		return Required, named + " restricts dual-use items within its scope: only a licence can cover it (the company's rule)."
	case m.Kind == reference.ArmsEmbargo && endUserType == "military":
		return Required, named + ": a military end use in a country under an arms embargo is the use Art. 4(1) catches. " +
			"Vigil requires a licence rather than waiting to be informed (the company's rule)."
	case (m.Kind == reference.TelecomMonitoringBan || m.Kind == reference.RestrictiveMeasures) && cyber:
		return Required, named + " restricts equipment for monitoring or internal repression: a cyber-surveillance item needs a licence."
	}
	return "", ""
}

// warnings name the measures recorded on the destination that no one
// confirmed: they are shown, and do not act.
func (e Export) warnings() []string {
	var out []string
	for _, m := range e.Measures {
		if m.Confidence != reference.Confirmed {
			out = append(out, m.Kind.Label()+" on "+m.CountryCode+" ("+m.LegalAct+") is recorded but not confirmed: "+
				"it does not act on the determination until a compliance officer confirms it against the legal text.")
		}
	}
	return out
}
