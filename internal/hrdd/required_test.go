package hrdd_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

func item(desc, class string) cases.Item {
	return cases.Item{Description: desc, Classification: class}
}

// The cyber-surveillance entries are those Annex I lists, no wider: an entry
// covers itself and the entries below it, not a sibling whose letters
// continue nor its parent. Software in 5D001.a/.c and technology in 5E001.a
// count only for 5A001.f/.j equipment: on a case that holds such an item, or
// when the classification names it.
func TestCyberEntries_AsWritten(t *testing.T) {
	for _, tc := range []struct {
		rule  string
		class string
		other string // the classification of another item of the case
		entry string // "": not a cyber-surveillance entry
	}{
		{"5A001.f is one", "5A001.f", "", "5A001.f"},
		{"an entry below 5A001.f is one", "5A001.f.1", "", "5A001.f"},
		{"5A001.j is one", "5A001.j", "", "5A001.j"},
		{"5A001.j.1 is one, in free text and any case", "5a001.J.1 – IP network surveillance", "", "5A001.j"},
		{"every code of the text is read", "5A002.a; 5A001.j", "", "5A001.j"},
		{"5A004.b is one", "5A004.b.1", "", "5A004.b"},
		{"5D001.e counts on its own", "5D001.e", "", "5D001.e"},
		{"5D001.a with 5A001.f equipment on the case", "5D001.a", "5A001.f.2", "5D001.a"},
		{"5D001.a for 5A001.j named in its classification", "5D001.a (for 5A001.j)", "", "5D001.a"},
		{"5D001.a alone is not", "5D001.a", "", ""},
		{"5D001.a with other 5A001 equipment is not", "5D001.a", "5A001.b.5", ""},
		{"5D001.c with 5A001.j equipment on the case", "5D001.c", "5A001.j", "5D001.c"},
		{"5D001.c alone is not", "5D001.c", "", ""},
		{"5D002.a.3.b is one", "5D002.a.3.b", "", "5D002.a.3.b"},
		{"5D002.c.3.b is one", "5D002.c.3.b", "", "5D002.c.3.b"},
		{"5E001.a with 5A001.j equipment on the case", "5E001.a", "5A001.j", "5E001.a"},
		{"5E001.a alone is not", "5E001.a", "", ""},
		{"4A005 is one", "4A005", "", "4A005"},
		{"4D004 is one", "4D004", "", "4D004"},
		{"4E001.c is one", "4E001.c", "", "4E001.c"},
		{"near miss: 5D002.c.1 (encryption software) is not", "5D002.c.1", "5A001.j", ""},
		{"near miss: 5D001.b is not", "5D001.b", "5A001.j", ""},
		{"near miss: 5A001.ja is not 5A001.j", "5A001.ja", "", ""},
		{"near miss: 5D002 alone is not", "5D002", "", ""},
		{"near miss: 5E001.b is not", "5E001.b", "5A001.j", ""},
		{"near miss: the parent 5D002.c.3 is not", "5D002.c.3", "", ""},
		{"near miss: 4E001.a is not", "4E001.a", "", ""},
		{"near miss: 5A001.b is not", "5A001.b", "", ""},
		{"a code inside a longer word is not read", "X5A001.j", "", ""},
		{"not listed", "not listed", "", ""},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			onCase := append(hrdd.EntryCodes(tc.class), hrdd.EntryCodes(tc.other)...)
			e, ok := hrdd.CyberEntryOf(tc.class, onCase)
			if e.Code != tc.entry || ok != (tc.entry != "") {
				t.Errorf("CyberEntryOf(%q) with %q = %q %v, want %q", tc.class, tc.other, e.Code, ok, tc.entry)
			}
		})
	}
}

func TestEntryCodes_ReadsEveryCode(t *testing.T) {
	got := hrdd.EntryCodes("5a002.A.1; 5A001.j. and 4e001.C, not 12345 nor 5A0011")
	if want := []string{"5A002.a.1", "5A001.j", "4E001.c"}; !slices.Equal(got, want) {
		t.Errorf("EntryCodes = %q, want %q", got, want)
	}
}

// Each trigger makes the assessment required on its own, and the reason
// says which: the entry of the item, the end user, the confirmed measure,
// the tier. A measure still to verify does not trigger it.
func TestAssessmentRequired_Triggers(t *testing.T) {
	embargo := hrdd.Restriction{Kind: "Arms embargo", LegalAct: "Council Decision 2014/512/CFSP", Scope: "full", Confirmed: true}
	toVerify := embargo
	toVerify.Confirmed = false
	marked := item("Probe", "not listed")
	marked.CyberSurveillance = true
	markedListed := item("Crypto box", "5A002.a")
	markedListed.CyberSurveillance = true
	for _, tc := range []struct {
		rule    string
		items   []cases.Item
		endUser string
		dest    hrdd.Destination
		reasons []string // each is part of one reason, in order; none: not required
	}{
		{"an item in a cyber-surveillance entry, naming the item and the entry", []cases.Item{item("Mediation server", "5A001.j.1")}, "private_company", hrdd.Destination{Tier: "low"},
			[]string{"“Mediation server” is classified in 5A001.j (IP network communications surveillance equipment)"}},
		{"the entry is named even when the item is also marked", []cases.Item{func() cases.Item { i := item("Extractor", "5A004.b"); i.CyberSurveillance = true; return i }()}, "", hrdd.Destination{},
			[]string{"“Extractor” is classified in 5A004.b"}},
		{"an item marked as cyber-surveillance, not listed", []cases.Item{marked}, "", hrdd.Destination{},
			[]string{"“Probe” is a cyber-surveillance item not listed in Annex I: Art. 5 applies"}},
		{"an item marked as cyber-surveillance in another Annex I entry", []cases.Item{markedListed}, "", hrdd.Destination{},
			[]string{"“Crypto box” is marked as a cyber-surveillance item"}},
		{"a TETRA key-management package in 5D002.c.1 does not", []cases.Item{item("Key management", "5D002.c.1"), item("Radio", "5A002.a")}, "private_company", hrdd.Destination{Tier: "medium"}, nil},
		{"a government end user", nil, "government", hrdd.Destination{}, []string{"state body: government body"}},
		{"law enforcement", nil, "law_enforcement", hrdd.Destination{}, []string{"state body: law enforcement"}},
		{"an intelligence service", nil, "intelligence", hrdd.Destination{}, []string{"state body: intelligence service"}},
		{"the military", nil, "military", hrdd.Destination{}, []string{"state body: military"}},
		{"a confirmed restrictive measure on the destination", nil, "private_company", hrdd.Destination{Tier: "low", Restrictions: []hrdd.Restriction{embargo}},
			[]string{"The destination is under a confirmed restrictive measure: Arms embargo, Council Decision 2014/512/CFSP (scope: full)."}},
		{"a measure still to verify does not", nil, "private_company", hrdd.Destination{Tier: "low", Restrictions: []hrdd.Restriction{toVerify}}, nil},
		{"a high-tier destination", nil, "research", hrdd.Destination{Tier: "High"}, []string{"rated high risk"}},
		{"a medium tier does not", nil, "research", hrdd.Destination{Tier: "medium"}, nil},
		{"a private company, unrated destination, nothing listed does not", []cases.Item{item("Probe", "5A991.b")}, "private_company", hrdd.Destination{}, nil},
		{"every trigger is given", []cases.Item{item("Probe", "5A001.j")}, "law_enforcement", hrdd.Destination{Tier: "high", Restrictions: []hrdd.Restriction{embargo, toVerify}},
			[]string{"5A001.j", "law enforcement", "confirmed restrictive measure", "high risk"}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			f := &cases.Case{Record: cases.Record{EndUserType: tc.endUser}, Items: tc.items}
			got, reasons := hrdd.Required(f, tc.dest)
			if got != (len(tc.reasons) > 0) || len(reasons) != len(tc.reasons) {
				t.Fatalf("Required = %v %q, want reasons %q", got, reasons, tc.reasons)
			}
			for i, want := range tc.reasons {
				if !strings.Contains(reasons[i], want) {
					t.Errorf("reason %d = %q, want it to say %q", i, reasons[i], want)
				}
			}
		})
	}
}
