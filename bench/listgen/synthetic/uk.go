package synthetic

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// WriteUK writes a UK Sanctions List XML of opt.Entries made-up
// designations (individuals, entities and a few ships) to w and returns
// what it holds.
func WriteUK(w io.Writer, opt Options) (*Written, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	g := &ukGen{generator: newGenerator(opt.Seed), counters: map[string]int{}}
	head := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- %s -->\n"+
		`<Designations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`+
		"\n  <DateGenerated>10/09/2026</DateGenerated>", Notice)
	return writeList(w, g.generator, opt.Entries, head, "  ", "</Designations>", func() (any, watchlist.Entry) { return g.designation() })
}

// ukGen writes designations; counters number them by regime prefix, as the
// list's UniqueIDs (RUS0001 ...) do.
type ukGen struct {
	*generator
	counters map[string]int
}

// ukDate is the list's way of writing a date.
const ukDate = "02/01/2006"

// designation is one Designation and the entry it reads as.
func (g *ukGen) designation() (ukDesignation, watchlist.Entry) {
	prog := pick(g.generator, programmes)
	g.counters[prog.ukPrefix]++
	designated := g.date(2000, 2025)
	x := ukDesignation{UniqueID: fmt.Sprintf("%s%04d", prog.ukPrefix, g.counters[prog.ukPrefix]),
		DateDesignated: designated.Format(ukDate), LastUpdated: g.date(designated.Year(), 2026).Format(ukDate),
		RegimeName: prog.ukRegime, DesignationSource: "UK"}
	e := watchlist.Entry{Source: watchlist.UK, SourceID: x.UniqueID, Programs: []string{prog.ukRegime},
		ListedOn: designated.Format(time.DateOnly)}
	if g.chance(0.9) {
		x.OFSIGroupID = g.digits(g.between(4, 5))
	}
	switch r := g.rng.Float64(); {
	case r < 0.68:
		g.individual(&x, &e)
	case r < 0.92:
		g.entity(&x, &e)
	default:
		g.ship(&x, &e)
	}
	if prog.un != "" && g.chance(0.6) {
		x.UNReferenceNumber = fmt.Sprintf("%s%s.%03d", prog.un, ukUNKinds[x.IndividualEntityShip], g.between(1, 450))
		x.DesignationSource = pick(g.generator, []string{"UN", "UK|UN"})
		e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "UN Reference Number", Number: x.UNReferenceNumber})
		g.saw("uk.un-reference")
	}
	g.statements(&x, &e)
	for range pick(g.generator, []int{0, 1, 1, 2, 3}) {
		g.address(&x, &e)
	}
	return x, e
}

// ukUNKinds are the letters of a UN reference for each kind of designation.
var ukUNKinds = map[string]string{"Individual": "i", "Entity": "e", "Ship": "v"}

// statements writes the sanctions imposed, the other information (the
// entry's remarks) and the statement of reasons, empty for a UN listing.
func (g *ukGen) statements(x *ukDesignation, e *watchlist.Entry) {
	x.SanctionsImposed, x.SanctionsImposedIndicators.AssetFreeze = "Asset freeze", "true"
	switch {
	case x.IndividualEntityShip == "Ship":
		x.SanctionsImposed, x.SanctionsImposedIndicators = "Prohibition of port entry", ukIndicators{ProhibitionOfPortEntry: "true"}
	case x.IndividualEntityShip == "Individual":
		x.SanctionsImposed, x.SanctionsImposedIndicators.TravelBan = "Asset freeze|Travel Ban", "true"
	case g.chance(0.2):
		x.SanctionsImposed, x.SanctionsImposedIndicators.DirectorDisqualificationSanction = "Asset freeze|Director Disqualification Sanction", "true"
	}
	if g.chance(0.85) {
		e.Remarks = pick(g.generator, ukOtherInformation) + " " + g.word(2, 3).in(latin) + "."
		x.OtherInformation = g.soil(e.Remarks)
		g.saw("uk.other-information")
	}
	x.UKStatementofReasons = "\n"
	if x.DesignationSource == "UK" {
		x.UKStatementofReasons = e.SourceID + " is or has been involved in obtaining a benefit from or supporting the government, " +
			"including by carrying on business in a sector of strategic significance to the government, namely the " +
			pick(g.generator, []string{"defence", "energy", "financial services", "information, communications and digital technologies"}) +
			" sector. It is owned or controlled directly or indirectly by " + g.word(2, 3).in(latin) + ", who is a designated person, " +
			"and has made funds or economic resources available to persons involved in destabilising activities."
		if g.chance(0.6) {
			x.UKStatementofReasons += " In particular, " + e.SourceID + " has supplied goods and technology of strategic significance, " +
				"including electronic components, machine tools and dual-use items, to end users in the " +
				pick(g.generator, []string{"defence", "energy", "aerospace"}) + " sector, and continues to do so through intermediaries in third countries."
		}
	}
}

var ukOtherInformation = []string{
	"Review pursuant to Security Council resolution 1822 (2008) was concluded. Associated with",
	"Pursuant to paragraph 6 of Security Council Resolution 2371 (2017). Operated by",
	"The Director Disqualification Sanction was imposed. Parent company:",
}

// address writes an address: street lines (the first now and then ending in
// a comma, which the reader drops), town, postal code and country.
func (g *ukGen) address(x *ukDesignation, e *watchlist.Entry) {
	c := pick(g.generator, countries)
	a := ukAddress{Country: c.uk}
	var parts []string
	if g.chance(0.6) {
		var line string
		a.Line1, line = g.street("uk")
		parts = append(parts, line)
	}
	if g.chance(0.2) {
		a.Line2 = "Office " + g.digits(3)
		parts = append(parts, a.Line2)
	}
	if g.chance(0.7) {
		a.Line6 = pick(g.generator, c.cities)
		parts = append(parts, a.Line6)
	}
	if g.chance(0.2) {
		a.PostalCode = g.letters(2) + g.digits(1) + " " + g.digits(1) + g.letters(2)
		parts = append(parts, a.PostalCode)
	}
	x.Addresses = append(x.Addresses, a)
	e.Addresses = append(e.Addresses, watchlist.Address{Text: strings.Join(parts, ", "), Country: c.uk})
	if g.chance(0.3) {
		x.PhoneNumbers = append(x.PhoneNumbers, "+00 "+g.digits(3)+" "+g.digits(6))
		x.EmailAddresses = append(x.EmailAddresses, "office@"+strings.ToLower(g.word(2, 3).in(latin))+".example")
		x.Websites = append(x.Websites, "http://www."+strings.ToLower(g.word(2, 3).in(latin))+".example/")
	}
}
