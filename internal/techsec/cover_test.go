package techsec

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// eu007 is EU007 as Annex II Section G sets it out (its lists shortened to
// what the cases need), registered on 2026-01-10.
func eu007(registered bool) *licensing.GEAStatus {
	g := licensing.GEAStatus{GEA: licensing.GEA{Code: "EU007", Title: "Intra-group export of software and technology", Section: "Annex II Section G",
		Destinations: []string{"IN", "SG", "KR"}, NeedsRegistration: true,
		Requires: []licensing.Fact{licensing.FactIntraGroup, licensing.FactDevelopment, licensing.FactICP},
		Covered:  []licensing.Rule{{Type: "D"}, {Type: "E"}},
		Excluded: []licensing.Rule{{Entry: hrdd.Entry{Code: "4D004"}}, {Type: "E", Entry: hrdd.Entry{With: []string{"5A001.j"}}}}}}
	if registered {
		g.Registration = &licensing.Registration{GEACode: "EU007", RegisteredOn: day("2026-01-10")}
	}
	return &g
}

func TestJudge(t *testing.T) {
	licence := &licensing.Licence{Number: "DE-1", Authority: "BAFA", ValidFrom: day("2026-01-01"), ValidUntil: day("2027-12-31"),
		Destinations: licensing.Words{"US", "IN"}, EntryCodes: licensing.Words{"5E001"}}
	named := &licensing.Licence{Number: "DE-2", Authority: "BAFA", ValidFrom: day("2026-01-01"), ValidUntil: day("2027-12-31"),
		EndUsers: licensing.Lines{"Acme Research"}}
	tech := []Entry{{Product: "Router", Code: "5E001.a", Confirmed: true}}
	group := map[licensing.Fact]bool{licensing.FactIntraGroup: true, licensing.FactDevelopment: true, licensing.FactICP: true}
	for _, tc := range []struct {
		name   string
		r      Request
		ok     bool
		export bool
		why    string // a part of the reason
		field  string
	}{
		{"not on the access list", Request{Destination: "US", Entries: tech, Cover: Cover{Licence: licence}}, false, false, "access list", "transferred_by"},
		{"no product", Request{Destination: "US", OnAccessList: true}, false, false, "linked to no product", "cover"},
		{"classification not confirmed", Request{Destination: "US", OnAccessList: true, Entries: []Entry{{Product: "Router"}}}, false, false, "no confirmed classification", "cover"},
		{"not listed goes anywhere", Request{Destination: "CN", OnAccessList: true, Entries: []Entry{{Product: "Manual", Confirmed: true}}}, true, false, "Not listed in Annex I", ""},
		{"export without cover", Request{Destination: "US", OnAccessList: true, Entries: tech, On: day("2026-06-01")}, false, true, "needs an authorisation", "cover"},
		{"export under the licence", Request{Destination: "US", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Cover: Cover{Licence: licence}}, true, true, "covered by licence DE-1", ""},
		{"licence not yet valid", Request{Destination: "US", OnAccessList: true, Entries: tech, On: day("2025-12-31"), Cover: Cover{Licence: licence}}, false, true, "valid only from 2026-01-01", "cover"},
		{"licence for other destinations", Request{Destination: "CN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Cover: Cover{Licence: licence}}, false, true, "does not cover exports to CN", "cover"},
		{"licence for other entries", Request{Destination: "US", OnAccessList: true, Entries: []Entry{{Product: "Probe", Code: "4D004", Confirmed: true}}, On: day("2026-06-01"), Cover: Cover{Licence: licence}}, false, true, "does not cover this item", "cover"},
		{"every listed product must be covered", Request{Destination: "US", OnAccessList: true, Entries: append([]Entry{{Product: "Probe", Code: "4D004", Confirmed: true}}, tech...), On: day("2026-06-01"), Cover: Cover{Licence: licence}}, false, true, "does not cover this item", "cover"},
		{"licence names another end user", Request{Destination: "US", Recipient: "Other Labs", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Cover: Cover{Licence: named}}, false, true, "does not name Other Labs", "cover"},
		{"licence names the recipient", Request{Destination: "US", Recipient: "acme  research", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Cover: Cover{Licence: named}}, true, true, "covered by licence DE-2", ""},
		{"Member State, Annex IV not said", Request{Destination: "FR", OnAccessList: true, Entries: tech}, false, false, "outside Annex IV", "cover"},
		{"Member State, outside Annex IV", Request{Destination: "FR", OnAccessList: true, Entries: tech, Facts: licensing.Facts{Answers: map[licensing.Fact]bool{licensing.FactOutsideAnnexIV: true}}}, true, false, "no authorisation is needed", ""},
		{"Member State, Annex IV item without licence", Request{Destination: "FR", OnAccessList: true, Entries: tech, Facts: licensing.Facts{Answers: map[licensing.Fact]bool{licensing.FactOutsideAnnexIV: false}}}, false, false, "Annex IV item", "cover"},
		{"Member State, Annex IV item, a GEA does not do", Request{Destination: "FR", OnAccessList: true, Entries: tech, Facts: licensing.Facts{Answers: map[licensing.Fact]bool{licensing.FactOutsideAnnexIV: false}}, Cover: Cover{GEA: eu007(true)}}, false, false, "name the licence", "cover"},
		{"EU007 intra-group", Request{Destination: "IN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Facts: licensing.Facts{Answers: group, For: []string{}}, Cover: Cover{GEA: eu007(true)}}, true, true, "covered by EU007", ""},
		{"EU007 facts not known", Request{Destination: "IN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Facts: licensing.Facts{For: []string{}}, Cover: Cover{GEA: eu007(true)}}, false, true, "EU007 needs to know", "cover"},
		{"EU007 not registered", Request{Destination: "IN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Facts: licensing.Facts{Answers: group, For: []string{}}, Cover: Cover{GEA: eu007(false)}}, false, true, "requires registration", "cover"},
		{"EU007 before the registration", Request{Destination: "IN", OnAccessList: true, Entries: tech, On: day("2026-01-09"), Facts: licensing.Facts{Answers: group, For: []string{}}, Cover: Cover{GEA: eu007(true)}}, false, true, "only on 2026-01-10", "cover"},
		{"EU007 other destination", Request{Destination: "CN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Facts: licensing.Facts{Answers: group, For: []string{}}, Cover: Cover{GEA: eu007(true)}}, false, true, "does not cover exports to CN", "cover"},
		{"EU007 excludes 4D004", Request{Destination: "IN", OnAccessList: true, Entries: []Entry{{Product: "Intrusion suite", Code: "4D004", Confirmed: true}}, On: day("2026-06-01"), Facts: licensing.Facts{Answers: group, For: []string{}}, Cover: Cover{GEA: eu007(true)}}, false, true, "excludes 4D004", "cover"},
		{"EU007 technology for 5A001.j", Request{Destination: "IN", OnAccessList: true, Entries: tech, On: day("2026-06-01"), Facts: licensing.Facts{Answers: group, For: []string{"5A001.j"}}, Cover: Cover{GEA: eu007(true)}}, false, true, "excludes 5E001.a", "cover"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := Judge(tc.r)
			if j.OK != tc.ok || j.Export != tc.export || !strings.Contains(j.Why, tc.why) {
				t.Errorf("Judge = ok %v, export %v, %q; want ok %v, export %v, a reason with %q", j.OK, j.Export, j.Why, tc.ok, tc.export, tc.why)
			}
			if !j.OK && j.Field != tc.field {
				t.Errorf("refusal about %q, want %q", j.Field, tc.field)
			}
		})
	}
}
