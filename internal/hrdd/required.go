package hrdd

import (
	"regexp"
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
)

// Entry is an Annex I entry whose items are cyber-surveillance items. It
// covers itself and the entries below it: 5A001.j covers 5A001.j.1, but not
// 5A001.ja, and 5D002.c.3.b does not cover its parent 5D002.c.3.
type Entry struct {
	Code string // as Annex I writes it: "5A001.j"
	What string // what it controls, in words
	// With, when set, are the entries the item must go with to count: Annex I
	// lists it as software or technology for those items. It counts when the
	// case holds an item classified in one of them, or its own
	// classification names one ("5D001.c for 5A001.j").
	With []string
}

// interception is the equipment that software in 5D001.a/.c and technology
// in 5E001.a must be for to be cyber-surveillance items.
var interception = []string{"5A001.f", "5A001.j"}

// CyberEntries are the listed cyber-surveillance entries (Regulation (EU)
// 2021/821, Annex I): no wider. 5D001, 5D002 and 5E001 as a whole also hold
// telecoms and encryption items (a TETRA key-management package in 5D002.c.1
// is not one); only the sub-entries below count.
var CyberEntries = []Entry{
	{Code: "5A001.f", What: "mobile-telecoms interception or jamming equipment"},
	{Code: "5A001.j", What: "IP network communications surveillance equipment"},
	{Code: "5A004.b", What: "equipment that extracts raw data from devices by circumventing authentication"},
	{Code: "5D001.a", What: "software for 5A001.f or 5A001.j equipment", With: interception},
	{Code: "5D001.c", What: "software providing the functions of 5A001.f or 5A001.j equipment", With: interception},
	{Code: "5D001.e", What: "monitoring or analysis software for law enforcement"},
	{Code: "5D002.a.3.b", What: "software for the functions of 5A004.b"},
	{Code: "5D002.c.3.b", What: "software having the functions of 5A004.b"},
	{Code: "5E001.a", What: "technology for 5A001.f or 5A001.j equipment", With: interception},
	{Code: "4A005", What: "equipment for the generation, command and control or delivery of intrusion software"},
	{Code: "4D004", What: "software for the generation, command and control or delivery of intrusion software"},
	{Code: "4E001.c", What: "technology for the development of intrusion software"},
}

// Covers reports whether code (normalised by EntryCodes) is the entry or
// lies below it.
func (e Entry) Covers(code string) bool {
	return code == e.Code || strings.HasPrefix(code, e.Code+".")
}

// entryCode is an Annex I entry code with its sub-entries: "5A001.j.1".
var entryCode = regexp.MustCompile(`(?i)\b[0-9][A-E][0-9]{3}(?:\.[A-Z0-9]+)*\b`)

// EntryCodes returns every Annex I entry code a classification names, in
// the form Annex I writes them ("5a001.J.1" → "5A001.j.1"). Classifications
// are free text: "5A002.a; 5A001.j", "5A001.j.1 – IP network surveillance".
func EntryCodes(classification string) []string {
	codes := entryCode.FindAllString(classification, -1)
	for i, c := range codes {
		codes[i] = strings.ToUpper(c[:5]) + strings.ToLower(c[5:])
	}
	return codes
}

// EntryCode returns text as the one Annex I entry code it is, written as
// Annex I writes it (" 5a001.J " → "5A001.j"), and false when text is not
// exactly one entry code.
func EntryCode(text string) (string, bool) {
	text = strings.TrimSpace(text)
	codes := EntryCodes(text)
	if len(codes) != 1 || len(codes[0]) != len(text) {
		return "", false
	}
	return codes[0], true
}

// CyberEntryOf returns the cyber-surveillance entry the classification
// names, if any. onCase are the entry codes of every item of the case, for
// the entries that count only with other items (Entry.With).
func CyberEntryOf(classification string, onCase []string) (Entry, bool) {
	return cyberEntryIn(EntryCodes(classification), onCase)
}

// cyberEntryIn is CyberEntryOf for a classification's codes, read once.
func cyberEntryIn(codes, onCase []string) (Entry, bool) {
	for _, code := range codes {
		for _, e := range CyberEntries {
			if e.Covers(code) && (e.With == nil || coversAny(e.With, onCase)) {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// itemCodes returns the Annex I entry codes of each item of f, and all of
// them together.
func itemCodes(f *cases.Case) (codes [][]string, onCase []string) {
	codes = make([][]string, len(f.Items))
	for i, it := range f.Items {
		codes[i] = EntryCodes(it.Classification)
		onCase = append(onCase, codes[i]...)
	}
	return codes, onCase
}

// coversAny reports whether any of codes lies in one of entries.
func coversAny(entries, codes []string) bool {
	return slices.ContainsFunc(codes, func(c string) bool {
		return slices.ContainsFunc(entries, func(e string) bool { return Entry{Code: e}.Covers(c) })
	})
}

// stateEndUsers are the end-user types that make the assessment required.
var stateEndUsers = []string{"government", "law_enforcement", "intelligence", "military"}

// NotRequired says, for a case that does not need the assessment, which
// triggers it was checked for.
const NotRequired = "No item in a cyber-surveillance entry or marked as one, no state end user, " +
	"no confirmed restrictive measure on the destination, and the destination is not rated high risk."

// Required reports whether case f going to d needs the assessment, and why,
// naming each trigger met: an item in a cyber-surveillance entry (which
// entry) or marked as a cyber-surveillance item, a state end user
// (government, law enforcement, intelligence or military), a restrictive
// measure on the destination confirmed in the reference data, or a
// destination rated high. Measures still to verify do not trigger it.
func Required(f *cases.Case, d Destination) (bool, []string) {
	codes, onCase := itemCodes(f)
	var reasons []string
	for i, it := range f.Items {
		if e, ok := cyberEntryIn(codes[i], onCase); ok {
			reasons = append(reasons, "“"+it.Description+"” is classified in "+e.Code+" ("+e.What+"), a cyber-surveillance entry.")
		} else if it.CyberSurveillance && len(codes[i]) == 0 {
			reasons = append(reasons, "“"+it.Description+"” is a cyber-surveillance item not listed in Annex I: Art. 5 applies.")
		} else if it.CyberSurveillance {
			reasons = append(reasons, "“"+it.Description+"” is marked as a cyber-surveillance item.")
		}
	}
	if slices.Contains(stateEndUsers, f.EndUserType) {
		reasons = append(reasons, "The end user is a state body: "+strings.ToLower(cases.EndUserTypes.Label(f.EndUserType))+".")
	}
	for _, m := range d.Restrictions {
		if m.Confirmed {
			reasons = append(reasons, "The destination is under a confirmed restrictive measure: "+m.String()+".")
		}
	}
	if strings.EqualFold(d.Tier, "high") {
		reasons = append(reasons, "The destination is rated high risk.")
	}
	return len(reasons) > 0, reasons
}
