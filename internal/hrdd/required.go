package hrdd

import (
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
)

// CyberEntries are the control-list entries whose items are cyber-surveillance
// items: an item classified in one of them, or in an entry below it
// ("5A001.j.1"), needs the assessment.
var CyberEntries = []string{"5A001.f", "5A001.j", "5A004.b", "5D001", "5D002", "5E001", "4A005", "4D004", "4E001.c"}

// stateEndUsers are the end-user types that make the assessment required.
var stateEndUsers = []string{"government", "law_enforcement", "intelligence", "military"}

// CyberEntry returns the cyber-surveillance entry a classification names, or
// "". The classification is free text ("5A001.j.1 – IP network
// surveillance"); any word of it that is an entry or lies below one counts.
func CyberEntry(classification string) string {
	words := strings.FieldsFunc(strings.ToUpper(classification), func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '(' || r == ')' || r == '/' || r == ':'
	})
	for _, w := range words {
		w = strings.TrimRight(w, ".")
		for _, e := range CyberEntries {
			if up := strings.ToUpper(e); w == up || strings.HasPrefix(w, up+".") {
				return e
			}
		}
	}
	return ""
}

// Required reports whether case f needs the assessment, and why: any item
// is cyber-surveillance (its flag, or its classification in CyberEntries),
// the end user is a state body (government, law enforcement, intelligence or
// military), or the destination's tier is high.
func Required(f *cases.Case, destinationTier string) (bool, []string) {
	var reasons []string
	for _, it := range f.Items {
		switch e := CyberEntry(it.Classification); {
		case it.CyberSurveillance:
			reasons = append(reasons, "“"+it.Description+"” is marked as a cyber-surveillance item.")
		case e != "":
			reasons = append(reasons, "“"+it.Description+"” is classified in "+e+", a cyber-surveillance entry.")
		}
	}
	if slices.Contains(stateEndUsers, f.EndUserType) {
		reasons = append(reasons, "The end user is a state body: "+strings.ToLower(cases.EndUserTypes.Label(f.EndUserType))+".")
	}
	if strings.EqualFold(destinationTier, "high") {
		reasons = append(reasons, "The destination is rated high risk.")
	}
	return len(reasons) > 0, reasons
}
