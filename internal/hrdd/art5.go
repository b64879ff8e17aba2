package hrdd

import (
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
)

// Art. 5 of Regulation (EU) 2021/821 asks three separate questions, each in
// its own words, and only of cyber-surveillance items not listed in Annex I.
const (
	// Art51Question: the authority's information makes a licence required.
	Art51Question = "Has the competent authority informed us that the items are or may be intended, in their entirety or in part, for use in connection with internal repression and/or the commission of serious violations of human rights and international humanitarian law?"
	// Art52Question: the exporter's awareness obliges it to notify.
	Art52Question = "Are we aware, according to our due-diligence findings, that the items are intended, in their entirety or in part, for any of those uses?"
	// Art53Question: asked only where national legislation under Art. 5(3) applies.
	Art53Question = "Do we have grounds for suspecting that the items are or may be intended, in their entirety or in part, for any of those uses?"
)

// art5Uses are the uses of Art. 5(1), as the rules name them.
const art5Uses = "use in connection with internal repression and/or the commission of serious violations of human rights and international humanitarian law"

// Scope is what of the case Art. 5 concerns.
type Scope struct {
	Unlisted []string // descriptions of the cyber-surveillance items not listed in Annex I
	Listed   []string // descriptions of the items in a listed cyber-surveillance entry
}

// Applies reports whether Art. 5 concerns the case: it holds at least one
// cyber-surveillance item not listed in Annex I.
func (sc Scope) Applies() bool { return len(sc.Unlisted) > 0 }

// ScopeOf sorts the case's cyber-surveillance items: an item in a listed
// cyber-surveillance entry is listed (it needs an authorisation as a listed item); an item
// marked as one whose classification names no Annex I entry is not.
func ScopeOf(f *cases.Case) Scope {
	codes, onCase := itemCodes(f)
	var sc Scope
	for i, it := range f.Items {
		if _, ok := cyberEntryIn(codes[i], onCase); ok {
			sc.Listed = append(sc.Listed, it.Description)
		} else if it.CyberSurveillance && len(codes[i]) == 0 {
			sc.Unlisted = append(sc.Unlisted, it.Description)
		}
	}
	return sc
}

// Need is what the case needs from the competent authority before it may go
// ahead.
type Need string

const (
	NeedNothing  Need = ""
	NeedDecision Need = "decision" // notified under Art. 5(2): the authority decides
	NeedLicence  Need = "licence"  // Art. 5(1) or national law under Art. 5(3): a licence
)

// Outcome is what the signed conclusion means for the case.
type Outcome struct {
	Rules   []string // which rules applied, in words, for the case page
	Brief   []string // the same, short, for the timeline
	Notify  bool     // produce the Art. 5(2) notification
	Kind    string   // of the authority record: one of RecordKinds, "" when none
	Need    Need
	Refused bool // the company's own refusal: an unacceptable risk
}

// Blocks reports whether the outcome stops the case.
func (o Outcome) Blocks() bool { return o.Refused || o.Need != NeedNothing }

// Kinds of authority record a signed conclusion opens.
const (
	KindNotification = "art5_2" // our notification; the authority decides
	KindInformed     = "art5_1" // the authority informed us; a licence is required
	KindNational     = "art5_3" // national law: a licence is required
)

// Art5Outcome applies Art. 5 and the company's refusal rule to a complete
// conclusion c of a case with scope sc. An unacceptable conclusion is the
// company's refusal whatever the authority says; a notification is made only
// for unlisted cyber-surveillance items the exporter is aware of.
func Art5Outcome(c Conclusion, sc Scope) Outcome {
	var o Outcome
	if c.Level == "unacceptable" {
		o.Refused = true
		o.Rules = append(o.Rules, "The assessment concludes the risk is unacceptable: the company refuses the export (the company's policy, not the law).")
		o.Brief = append(o.Brief, "the company refuses the export (unacceptable risk)")
	}
	if !sc.Applies() {
		o.Rules = append(o.Rules, sc.Explain())
		return o
	}
	items := "“" + strings.Join(sc.Unlisted, "”, “") + "”"
	switch {
	case c.Informed == "yes":
		o.Need, o.Kind = NeedLicence, KindInformed
		o.Brief = append(o.Brief, "Art. 5(1): informed by the authority, a licence is required")
		o.Rules = append(o.Rules, "Art. 5(1): the competent authority informed us ("+c.InformedLetter+") that "+items+
			" are or may be intended for "+art5Uses+", so their export requires an authorisation.")
	case c.Aware == "yes":
		o.Notify, o.Need, o.Kind = true, NeedDecision, KindNotification
		o.Brief = append(o.Brief, "Art. 5(2): aware, the competent authority is notified and decides")
		o.Rules = append(o.Rules, "Art. 5(2): we are aware that "+items+" are intended for "+art5Uses+", so we notify the competent authority, which decides whether the export needs an authorisation.")
	case c.Suspect == "yes":
		o.Need, o.Kind = NeedLicence, KindNational
		o.Brief = append(o.Brief, "Art. 5(3): grounds for suspecting, national law requires a licence")
		o.Rules = append(o.Rules, "Art. 5(3): we have grounds for suspecting that "+items+" are or may be intended for "+art5Uses+
			", and the national legislation of our Member State ("+c.NationalBasis+") requires an authorisation.")
	default:
		o.Rules = append(o.Rules, "Art. 5 applies to "+items+" (cyber-surveillance items not listed in Annex I), but the authority has not informed us of, and we are not aware of, "+art5Uses+": no notification.")
	}
	return o
}

// Explain says why Art. 5 does not apply to a case of scope sc.
func (sc Scope) Explain() string {
	if len(sc.Listed) > 0 {
		return "Art. 5 does not apply: the cyber-surveillance items are listed in Annex I, so their export needs an authorisation as listed items; this assessment is evidence for its application."
	}
	return "Art. 5 does not apply: no item is a cyber-surveillance item not listed in Annex I."
}

// art5Problems checks the Art. 5 answers where Art. 5 applies: each
// question answered, the authority's letter named when it informed us.
func (c Conclusion) art5Problems(f facts, errs map[string]string) {
	yesNo := func(field, answer, question string) {
		if answer != "yes" && answer != "no" {
			errs[field] = "Answer " + question + ": yes or no."
		}
	}
	if !f.art5 {
		return
	}
	yesNo("informed", c.Informed, "the Art. 5(1) question")
	yesNo("aware", c.Aware, "the Art. 5(2) question")
	if f.national != "" {
		yesNo("suspect", c.Suspect, "the Art. 5(3) question")
	}
	if c.Informed == "yes" && c.InformedLetter == "" {
		errs["informed_letter"] = "Name the authority's letter: its reference and date."
	}
	notTooLong(errs, "informed_letter", c.InformedLetter)
}

// scoped keeps of c only the answers the case's scope asks: none of Art. 5
// where it does not apply, 5(3) only under a national rule, whose legal
// basis is kept with the answer.
func (c Conclusion) scoped(f facts) Conclusion {
	if !f.art5 {
		c.Informed, c.InformedLetter, c.Aware, c.Suspect, c.NationalBasis = "", "", "", "", ""
		return c
	}
	if c.Informed != "yes" {
		c.InformedLetter = ""
	}
	c.NationalBasis = f.national
	if f.national == "" {
		c.Suspect = ""
	}
	return c
}

// art5Answers says for the timeline how Art. 5 was answered.
func art5Answers(c Conclusion) string {
	if c.Aware == "" {
		return "Art. 5 does not apply"
	}
	out := "Art. 5: informed by the authority " + c.Informed + ", aware " + c.Aware
	if c.Suspect != "" {
		out += ", grounds for suspecting " + c.Suspect
	}
	return out
}
