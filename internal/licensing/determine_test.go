package licensing_test

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/reference"
)

// geaStatuses are the seeded GEAs, EU007 and EU008 registered.
func geaStatuses(t *testing.T) []licensing.GEAStatus {
	var out []licensing.GEAStatus
	seeded := seededGEAs(t)
	for _, code := range []string{"EU001", "EU002", "EU003", "EU004", "EU005", "EU006", "EU007", "EU008"} {
		st := licensing.GEAStatus{GEA: seeded[code]}
		if st.NeedsRegistration {
			st.Registration = &licensing.Registration{GEACode: code, Authority: "BAFA", Reference: "R-" + code}
		}
		out = append(out, st)
	}
	return out
}

func measure(kind reference.MeasureKind, country, scope string, confirmed bool) reference.Measure {
	m := reference.Measure{Kind: kind, CountryCode: country, LegalAct: "Act of " + country, Scope: scope, Confidence: reference.ToVerify}
	if confirmed {
		m.Confidence = reference.Confirmed
	}
	return m
}

func answers(q licensing.Art4Question, a licensing.Art4Answer) licensing.Art4 {
	out := licensing.Art4{Answers: map[licensing.Art4Question]licensing.Art4Answer{}}
	for _, x := range licensing.Art4Questions {
		out.Answers[x.Value] = licensing.Art4No
	}
	if q != "" {
		out.Answers[q] = a
	}
	return out
}

func TestDetermine(t *testing.T) {
	geas := geaStatuses(t)
	lic := licensing.Licence{ID: "lic-1", Type: licensing.Individual, Number: "DE-9", Authority: "BAFA", ValidFrom: day("2026-01-01"),
		ValidUntil: day("2027-12-31"), Destinations: licensing.Words{"CN", "BR"}, EndUsers: licensing.Lines{"Acme Networks"},
		EntryCodes: licensing.Words{"5A001.j", "5A002.a"}, LimitMinor: ptr(1_000_000), Currency: "EUR", ReservedMinor: 400_000,
		LimitMilli: ptr(10_000), Unit: "pcs"}
	base := func() licensing.Export {
		return licensing.Export{On: day("2026-12-07"), Destination: "CN", EndUser: "Acme Networks", EndUserType: "private_company",
			Art4: answers("", ""), Art5: licensing.Art5{Answered: true}, GEAs: geas, Licences: []licensing.Licence{lic},
			Facts: yes(outside)}
	}
	listed := licensing.Item{ID: "i1", Classification: "5A001.j", Confirmed: true, ValueMinor: 100_000, Currency: "EUR", QuantityMilli: 1_000}
	unlisted := licensing.Item{ID: "i2", Classification: licensing.NotListed, Confirmed: true, ValueMinor: 5_000, Currency: "EUR", QuantityMilli: 1_000}
	cyber := unlisted
	cyber.Cyber = true
	crypto := licensing.Item{ID: "i3", Classification: "5A002.a.2", Confirmed: true, ValueMinor: 100, Currency: "EUR", QuantityMilli: 1_000}
	telecom := licensing.Item{ID: "i4", Classification: "5A001.c", Confirmed: true, ValueMinor: 100, Currency: "EUR", QuantityMilli: 1_000}
	chem := licensing.Item{ID: "i5", Classification: "1C351.d.1", Confirmed: true, ValueMinor: 100, Currency: "EUR", QuantityMilli: 1_000}
	with := func(it licensing.Item, edit func(*licensing.Item)) licensing.Item { edit(&it); return it }
	for _, tc := range []struct {
		name  string
		edit  func(*licensing.Export)
		item  licensing.Item
		want  licensing.Outcome
		basis string
		why   string // a part of the explanation
	}{
		// Classification.
		{"no classification", nil, with(listed, func(i *licensing.Item) { i.Classification = "" }), licensing.Open, "", "needs a classification confirmed"},
		{"classified, not confirmed", nil, with(listed, func(i *licensing.Item) { i.Confirmed = false }), licensing.Open, "", "confirmed by a compliance officer"},
		// Listed or not.
		{"not listed", nil, unlisted, licensing.NoLicence, "", "not caught by Art. 4 or Art. 5"},
		{"listed, covered by the licence", nil, listed, licensing.UnderLicence, "DE-9", "Licence DE-9 (BAFA) covers it"},
		{"listed, nothing covers it", func(e *licensing.Export) { e.Licences = nil }, listed, licensing.Required, "", "apply for a licence"},
		// Intra-Union transfer.
		{"intra-Union, outside Annex IV", func(e *licensing.Export) { e.Destination, e.IntraUnion = "FR", true }, listed, licensing.IntraUnion, "", "its transfer within the Union needs no authorisation"},
		{"intra-Union, Annex IV not answered", func(e *licensing.Export) { e.Destination, e.IntraUnion, e.Facts = "FR", true, licensing.Facts{} },
			listed, licensing.Open, "", "outside Annex IV"},
		{"intra-Union, an Annex IV item", func(e *licensing.Export) {
			e.Destination, e.IntraUnion, e.Facts = "FR", true, licensing.Facts{Answers: map[licensing.Fact]bool{outside: false}}
		}, listed, licensing.Required, "", "Annex IV item"},
		{"intra-Union, unlisted", func(e *licensing.Export) { e.Destination, e.IntraUnion = "FR", true }, unlisted, licensing.NoLicence, "", ""},
		// Each GEA's destinations and exclusions.
		{"EU001 to the US", func(e *licensing.Export) { e.Destination = "US" }, listed, licensing.UnderGEA, "EU001", "Annex II Section A"},
		{"EU001 to Iceland", func(e *licensing.Export) { e.Destination = "IS" }, listed, licensing.UnderGEA, "EU001", ""},
		{"EU001 excludes Section I", func(e *licensing.Export) { e.Destination = "US" }, chem, licensing.Required, "", ""},
		{"EU001 needs Annex IV answered", func(e *licensing.Export) { e.Destination, e.Facts = "US", licensing.Facts{} }, listed, licensing.Required, "", ""},
		{"EU002 not for a 5A001 item", func(e *licensing.Export) { e.Destination, e.Licences = "TR", nil }, listed, licensing.Required, "", ""},
		{"EU005 telecoms to India", func(e *licensing.Export) { e.Destination, e.Facts = "IN", yes(licensing.FactNoRepression) }, telecom,
			licensing.UnderGEA, "EU005", ""},
		{"EU005 needs the no-repression answer", func(e *licensing.Export) { e.Destination, e.Facts = "IN", licensing.Facts{} }, telecom,
			licensing.Required, "", ""},
		{"EU005 not to Brazil", func(e *licensing.Export) { e.Destination, e.Facts = "BR", yes(licensing.FactNoRepression) }, telecom,
			licensing.Required, "", ""},
		{"EU008 crypto to Brazil", func(e *licensing.Export) {
			e.Destination, e.Facts, e.Licences = "BR", yes(licensing.FactEU008Crypto), nil
		}, crypto,
			licensing.UnderGEA, "EU008", ""},
		{"EU008 excludes China by name", func(e *licensing.Export) { e.Facts, e.Licences = yes(licensing.FactEU008Crypto), nil }, crypto,
			licensing.Required, "", ""},
		{"EU008 excludes EU001 destinations: EU001 covers", func(e *licensing.Export) { e.Destination, e.Facts = "JP", yes(outside, licensing.FactEU008Crypto) },
			crypto, licensing.UnderGEA, "EU001", ""},
		{"EU008 (c) excludes a confirmed embargo", func(e *licensing.Export) {
			e.Destination, e.Facts, e.Licences = "BR", yes(licensing.FactEU008Crypto), nil
			e.Measures = []reference.Measure{measure(reference.ArmsEmbargo, "BR", "full", true)}
		}, crypto, licensing.Required, "", ""},
		// Licences.
		{"licence expired", func(e *licensing.Export) { e.On, e.Destination = day("2028-01-01"), "BR" }, listed, licensing.Required, "", "expired on 2027-12-31"},
		{"licence not yet valid", func(e *licensing.Export) { e.On = day("2025-12-31") }, listed, licensing.Required, "", "valid only from 2026-01-01"},
		{"licence value exhausted", nil, with(listed, func(i *licensing.Item) { i.ValueMinor = 600_001 }), licensing.Required, "", "has EUR 6,000.00 left"},
		{"licence quantity exhausted", nil, with(listed, func(i *licensing.Item) { i.QuantityMilli = 10_001 }), licensing.Required, "", "has 10 pcs left"},
		{"licence for another destination", func(e *licensing.Export) { e.Destination = "IN" }, listed, licensing.Required, "", "does not cover exports to IN"},
		{"licence for another end user", func(e *licensing.Export) { e.EndUser = "Other Ltd" }, listed, licensing.Required, "", "does not name Other Ltd"},
		{"licence for another item", nil, telecom, licensing.Required, "", "does not cover this item"},
		{"an approved item holds its reservation", nil, with(listed, func(i *licensing.Item) { i.ReservedOn, i.ValueMinor = "lic-1", 600_001 }),
			licensing.UnderLicence, "DE-9", ""},
		// Each measure type.
		{"dual-use ban, full scope", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.DualUseBan, "CN", "full", true)}
		}, listed, licensing.Prohibited, "", "prohibits the export of dual-use items"},
		{"dual-use ban, partial scope", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.DualUseBan, "CN", "listed persons", true)}
		}, listed, licensing.UnderLicence, "DE-9", "only a licence can cover it"},
		{"dual-use ban does not reach unlisted items", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.DualUseBan, "CN", "full", true)}
		}, unlisted, licensing.NoLicence, "", ""},
		{"dual-use ban to verify only warns", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.DualUseBan, "CN", "full", false)}
		}, listed, licensing.UnderLicence, "DE-9", ""},
		{"arms embargo, military end user", func(e *licensing.Export) {
			e.EndUserType, e.Measures = "military", []reference.Measure{measure(reference.ArmsEmbargo, "CN", "partial", true)}
		}, unlisted, licensing.Required, "", "the company's rule"},
		{"arms embargo, civil end user, unlisted", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.ArmsEmbargo, "CN", "partial", true)}
		}, unlisted, licensing.NoLicence, "", ""},
		{"telecom-monitoring ban, cyber item", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.TelecomMonitoringBan, "CN", "monitoring equipment", true)}
		}, cyber, licensing.Required, "", "needs a licence"},
		{"telecom-monitoring ban, listed cyber entry covered by the licence", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.TelecomMonitoringBan, "CN", "monitoring equipment", true)}
		}, listed, licensing.UnderLicence, "DE-9", ""},
		{"restrictive measures, ordinary item", func(e *licensing.Export) {
			e.Measures = []reference.Measure{measure(reference.RestrictiveMeasures, "CN", "repression equipment", true)}
		}, unlisted, licensing.NoLicence, "", ""},
		// Each Art. 4 answer.
		{"Art. 4 informed", func(e *licensing.Export) { e.Art4 = answers(licensing.Art4WMD, licensing.Art4Informed) }, unlisted, licensing.Required, "", "Art. 4(1)"},
		{"Art. 4 aware, not notified", func(e *licensing.Export) { e.Art4 = answers(licensing.Art4MilitaryParts, licensing.Art4Aware) }, listed,
			licensing.Awaiting, "", "print the notification"},
		{"Art. 4 aware, notified", func(e *licensing.Export) {
			e.Art4 = answers(licensing.Art4MilitaryEmbargo, licensing.Art4Aware)
			e.Art4.Notified = true
		}, unlisted, licensing.Awaiting, "", "not yet decided"},
		{"Art. 4 aware, licence required", func(e *licensing.Export) {
			e.Art4 = answers(licensing.Art4WMD, licensing.Art4Aware)
			e.Art4.Notified, e.Art4.Decision = true, licensing.DecisionLicenceRequired
		}, unlisted, licensing.Required, "", "decided that a licence is required"},
		{"Art. 4 aware, no licence: unlisted goes", func(e *licensing.Export) {
			e.Art4 = answers(licensing.Art4WMD, licensing.Art4Aware)
			e.Art4.Notified, e.Art4.Decision = true, licensing.DecisionNoLicenceRequired
		}, unlisted, licensing.NoLicence, "", "no licence is required"},
		{"Art. 4 aware, no licence: listed needs a licence, not a GEA", func(e *licensing.Export) {
			e.Destination, e.Art4 = "US", answers(licensing.Art4WMD, licensing.Art4Aware)
			e.Art4.Notified, e.Art4.Decision = true, licensing.DecisionNoLicenceRequired
		}, listed, licensing.Required, "", "cannot be used"},
		// The Art. 5 path.
		{"Art. 5 not yet answered", func(e *licensing.Export) { e.Art5 = licensing.Art5{} }, cyber, licensing.Open, "", "not yet signed"},
		{"Art. 5 nothing needed", nil, cyber, licensing.NoLicence, "", "neither informed"},
		{"Art. 5(2) notified", func(e *licensing.Export) { e.Art5.Need = hrdd.NeedDecision }, cyber, licensing.Awaiting, "", "Art. 5(2)"},
		{"Art. 5(1) licence", func(e *licensing.Export) { e.Art5.Need = hrdd.NeedLicence }, cyber, licensing.Required, "", "Art. 5(1)"},
		{"Art. 5 released by the authority", func(e *licensing.Export) { e.Art5.Need, e.Art5.Released = hrdd.NeedDecision, true }, cyber,
			licensing.NoLicence, "", "authority's reply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := base()
			if tc.edit != nil {
				tc.edit(&e)
			}
			d := licensing.Determine(e, []licensing.Item{tc.item})[0]
			why := strings.Join(d.Why, " ")
			if d.Outcome != tc.want || d.Basis != tc.basis || !strings.Contains(why, tc.why) {
				t.Errorf("got %s %q: %s\nwant %s %q with %q", d.Outcome, d.Basis, why, tc.want, tc.basis, tc.why)
			}
			if len(d.Why) == 0 {
				t.Error("no explanation")
			}
		})
	}
}

// Two items of one case do not both count on what a licence has left.
func TestDetermine_ItemsShareALicence(t *testing.T) {
	lic := licensing.Licence{ID: "lic", Number: "L1", Authority: "BAFA", ValidFrom: day("2026-01-01"), ValidUntil: day("2027-01-01"),
		LimitMinor: ptr(150_000), Currency: "EUR"}
	e := licensing.Export{On: day("2026-06-01"), Destination: "CN", Art4: answers("", ""), Licences: []licensing.Licence{lic}}
	it := licensing.Item{Classification: "5A001.j", Confirmed: true, ValueMinor: 100_000, Currency: "EUR", QuantityMilli: 1}
	got := licensing.Determine(e, []licensing.Item{it, it})
	if got[0].Outcome != licensing.UnderLicence || got[1].Outcome != licensing.Required ||
		!strings.Contains(strings.Join(got[1].Why, " "), "has EUR 500.00 left") {
		t.Errorf("got %s then %s: %v", got[0].Outcome, got[1].Outcome, got[1].Why)
	}
}

// Measures to verify are shown on every item, and confirmed ones are not.
func TestDetermine_WarnsOfMeasuresToVerify(t *testing.T) {
	e := licensing.Export{On: day("2026-06-01"), Destination: "CN", Art4: answers("", ""),
		Measures: []reference.Measure{measure(reference.ArmsEmbargo, "CN", "partial", false), measure(reference.DualUseBan, "CN", "x", true)}}
	d := licensing.Determine(e, []licensing.Item{{Classification: licensing.NotListed, Confirmed: true}})[0]
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "not confirmed") {
		t.Errorf("warnings %q", d.Warnings)
	}
}
