package licensing_test

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// seededGEAs reads the GEAs the migration seeds, by code.
func seededGEAs(t *testing.T) map[string]licensing.GEA {
	t.Helper()
	d := testutil.NewDB(t)
	geas, err := licensing.LoadGEAs(t.Context(), d.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]licensing.GEA{}
	for _, g := range geas {
		out[g.Code] = g
	}
	if len(out) != 8 {
		t.Fatalf("%d GEAs seeded, want EU001–EU008", len(out))
	}
	return out
}

// yes answers the facts named true; no answers them false.
func yes(facts ...licensing.Fact) licensing.Facts {
	f := licensing.Facts{Answers: map[licensing.Fact]bool{}}
	for _, x := range facts {
		f.Answers[x] = true
	}
	return f
}

var (
	outside = licensing.FactOutsideAnnexIV
	noFacts = licensing.Facts{}
)

func forItems(f licensing.Facts, codes ...string) licensing.Facts {
	f.For = append([]string{}, codes...)
	return f
}

func TestGEA_Covers(t *testing.T) {
	geas := seededGEAs(t)
	notAnnexIV := yes(outside)
	repair := yes(outside, licensing.FactRepairReturn, licensing.FactOriginalEndUser)
	intra := yes(outside, licensing.FactIntraGroup, licensing.FactDevelopment, licensing.FactICP)
	crypto := yes(licensing.FactEU008Crypto, licensing.FactUnrestricted)
	embargoed := yes(licensing.FactEU008Crypto)
	embargoed.Answers[licensing.FactUnrestricted] = false
	for _, tc := range []struct {
		name, gea, entry, dest string
		facts                  licensing.Facts
		ok                     bool
		why                    string // a part of the reason given
	}{
		{"EU001 to the US", "EU001", "5A002.a", "US", notAnnexIV, true, ""},
		{"EU001 to Iceland", "EU001", "5A002.a", "is", notAnnexIV, true, ""},
		{"EU001 to China", "EU001", "5A002.a", "CN", notAnnexIV, false, "does not cover exports to CN"},
		{"EU001 needs Annex IV answered", "EU001", "5A002.a", "US", noFacts, false, "EU001 needs to know whether the item is outside Annex IV"},
		{"EU001 excludes Section I", "EU001", "1C351.d.1", "US", notAnnexIV, false, "excludes 1C351.d.1: 1C351 (Annex II Section I)"},
		{"EU001 excludes Annex IV items", "EU001", "7A117", "US", licensing.Facts{Answers: map[licensing.Fact]bool{outside: false}}, false,
			"excludes 7A117: every entry (Annex II Section I; All Annex IV items)"},
		{"EU001 0D001 for 0C001 excluded", "EU001", "0D001", "US", forItems(notAnnexIV, "0C001"), false, "as far as it relates to 0C001"},
		{"EU001 0D001 for nothing listed", "EU001", "0D001", "US", forItems(notAnnexIV), true, ""},
		{"EU001 0D001 purpose unknown", "EU001", "0D001", "US", notAnnexIV, false, "which items 0D001 is for"},
		{"EU001 not an entry code", "EU001", "EAR99", "US", notAnnexIV, false, "not an Annex I entry code"},

		{"EU002 listed to Turkey", "EU002", "1C003.b.1", "TR", noFacts, true, ""},
		{"EU002 range 3A002.c–f", "EU002", "3A002.e", "ZA", noFacts, true, ""},
		{"EU002 3A001.a.1 not listed", "EU002", "3A001.a.1", "AR", noFacts, false, "3A001.a.1 is not on the EU002 list"},
		{"EU002 3A001.a.10 not a.1", "EU002", "3A001.a.10", "KR", noFacts, true, ""},
		{"EU002 to Ukraine", "EU002", "1A001", "UA", noFacts, false, "does not cover exports to UA"},

		{"EU003 repair to China", "EU003", "5A001.b.1", "CN", repair, true, ""},
		{"EU003 needs the repair facts", "EU003", "5A001.b.1", "CN", notAnnexIV, false, "original end-user"},
		{"EU003 another end user", "EU003", "5A001.b.1", "CN", func() licensing.Facts {
			f := yes(outside, licensing.FactRepairReturn)
			f.Answers[licensing.FactOriginalEndUser] = false
			return f
		}(), false, "EU003 does not apply"},
		{"EU003 excludes software", "EU003", "5D001.b", "IN", repair, false, "every D entry"},
		{"EU003 excludes 5A002.c", "EU003", "5A002.c.1", "IN", repair, false, "excludes 5A002.c.1: 5A002.c"},
		{"EU003 French overseas", "EU003", "2B001", "NC", repair, true, ""},
		{"EU003 not to Russia", "EU003", "2B001", "RU", repair, false, "does not cover exports to RU"},

		{"EU004 exhibition", "EU004", "6A003.a", "SG", yes(outside, licensing.FactExhibition), true, ""},
		{"EU004 excludes 6A001", "EU004", "6A001.a.1", "SG", yes(outside, licensing.FactExhibition), false, "excludes 6A001.a.1"},
		{"EU004 demo software", "EU004", "5D002.b", "SG", yes(outside, licensing.FactExhibition, licensing.FactDemoSoftware), true, ""},
		{"EU004 software purpose unknown", "EU004", "5D002.b", "SG", yes(outside, licensing.FactExhibition), false, "software is needed for the demonstration"},

		{"EU005 telecoms to India", "EU005", "5A001.c", "IN", yes(licensing.FactNoRepression), true, ""},
		{"EU005 to Hong Kong", "EU005", "5A001.b.2", "HK", yes(licensing.FactNoRepression), true, ""},
		{"EU005 5A001.f not listed", "EU005", "5A001.f", "IN", yes(licensing.FactNoRepression), false, "not on the EU005 list"},
		{"EU005 5D001 for 5A001.c", "EU005", "5D001.a", "CN", forItems(yes(licensing.FactNoRepression), "5A001.c"), true, ""},
		{"EU005 5D001 for 5A001.j", "EU005", "5D001.a", "CN", forItems(yes(licensing.FactNoRepression), "5A001.j"), false, "not on the EU005 list"},
		{"EU005 needs the use answered", "EU005", "5A001.c", "IN", noFacts, false, "violation of human rights"},
		{"EU005 to Brazil", "EU005", "5A001.c", "BR", yes(licensing.FactNoRepression), false, "does not cover exports to BR"},

		{"EU006 phosgene to Korea", "EU006", "1C450.a.4", "KR", noFacts, true, ""},
		{"EU006 1C450.b.7 not listed", "EU006", "1C450.b.7", "KR", noFacts, false, "not on the EU006 list"},
		{"EU006 1C350 chemical", "EU006", "1C350.1", "UA", yes(licensing.FactSectionF), true, ""},
		{"EU006 1C350 unknown chemical", "EU006", "1C350.1", "UA", noFacts, false, "numbered 1C350 chemicals"},

		{"EU007 software to Israel", "EU007", "3D001", "IL", forItems(intra), true, ""},
		{"EU007 equipment not covered", "EU007", "3A001", "IL", forItems(intra), false, "not on the EU007 list"},
		{"EU007 excludes 4D004", "EU007", "4D004", "IL", forItems(intra), false, "excludes 4D004"},
		{"EU007 excludes 4E001.c", "EU007", "4E001.c", "IL", forItems(intra), false, "excludes 4E001.c"},
		{"EU007 excludes technology for 4A005", "EU007", "4E001.a", "IL", forItems(intra, "4A005"), false, "related to items under 4A005"},
		{"EU007 excludes software for 5A001.f", "EU007", "5D001.a", "IL", forItems(intra, "5A001.f.1"), false, "software related"},
		{"EU007 excludes technology for 5A001.j", "EU007", "5E001.a", "IL", forItems(intra, "5A001.j"), false, "technology related"},
		{"EU007 needs the ICP", "EU007", "3D001", "IL", forItems(yes(outside, licensing.FactIntraGroup, licensing.FactDevelopment)), false, "Internal Compliance Programme"},
		{"EU007 to the US", "EU007", "3D001", "US", forItems(intra), false, "does not cover exports to US"},

		{"EU008 to Brazil", "EU008", "5A002.a.2", "BR", crypto, true, ""},
		{"EU008 excludes China", "EU008", "5A002.a.2", "CN", crypto, false, "EU008 excludes CN by name"},
		{"EU008 excludes the UAE", "EU008", "5D002.b", "AE", crypto, false, "EU008 excludes AE by name"},
		{"EU008 excludes EU001 destinations", "EU008", "5A002.a.2", "JP", crypto, false, "a destination of EU001; use EU001"},
		{"EU008 embargoed destination", "EU008", "5A002.a.2", "HT", embargoed, false, "subject to an arms embargo"},
		{"EU008 needs the embargo answered", "EU008", "5A002.a.2", "HT", yes(licensing.FactEU008Crypto), false, "free of arms embargoes"},
		{"EU008 5A002.a.1 not listed", "EU008", "5A002.a.1", "BR", crypto, false, "not on the EU008 list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, why := geas[tc.gea].Covers(tc.entry, tc.dest, tc.facts)
			if ok != tc.ok || !strings.Contains(why, tc.why) || ok != (why == "") {
				t.Errorf("%s Covers(%s, %s) = %v, %q; want %v, with %q", tc.gea, tc.entry, tc.dest, ok, why, tc.ok, tc.why)
			}
		})
	}
}

// TestGEA_Seeded checks the facts each GEA carries beside its lists.
func TestGEA_Seeded(t *testing.T) {
	geas := seededGEAs(t)
	for _, tc := range []struct {
		code         string
		registration bool
		days         int
		before, icp  bool
		note         string
	}{
		{"EU001", false, 30, false, false, "without Iceland"},
		{"EU005", false, 30, false, false, ""},
		{"EU007", true, 30, true, true, ""},
		{"EU008", true, 10, true, false, "not checked"},
	} {
		g := geas[tc.code]
		if g.NeedsRegistration != tc.registration || g.FirstUseDays != tc.days || g.FirstUseBefore != tc.before ||
			g.ICPRequired != tc.icp || !strings.Contains(g.Note, tc.note) || g.Confidence != "confirmed" || !strings.HasPrefix(g.Section, "Annex II Section") {
			t.Errorf("%s: %+v", tc.code, g)
		}
	}
	if g := geas["EU001"]; !strings.HasPrefix(g.Title, "Exports to Australia, Canada, Iceland") || len(g.Destinations) != 10 {
		t.Errorf("EU001: %q, %v", g.Title, g.Destinations)
	}
	if g := geas["EU003"]; len(g.Destinations) != len(geas["EU004"].Destinations) || len(g.Destinations) != 28 {
		t.Errorf("EU003/EU004 destinations: %v / %v", g.Destinations, geas["EU004"].Destinations)
	}
	// The overseas territories' codes are a reading of Annex II; the page says so.
	for _, code := range []string{"EU003", "EU004"} {
		if !strings.Contains(geas[code].Note, "its reading, not the Annex's words") {
			t.Errorf("%s does not say that its overseas territories are Vigil's reading: %q", code, geas[code].Note)
		}
	}
	if g := geas["EU008"]; !g.AllExcept || !g.EmbargoClause || g.ExceptGEA != "EU001" || len(g.Destinations) != 43 || len(g.Excepted) != 10 {
		t.Errorf("EU008: %+v", g)
	}
}
