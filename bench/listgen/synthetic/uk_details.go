package synthetic

import (
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// ukNames collects a designation's Name elements and the names they read
// as: the one of type "Primary Name" first, the others in file order.
type ukNames struct {
	elements []ukName
	names    []watchlist.Name
	primary  int
}

// add appends a name of the given type and strength ("Good quality a.k.a"
// reads as "good", "Low quality a.k.a" as "low"; without a strength, the
// type in lower case).
func (n *ukNames) add(x ukName, text, quality string) {
	if x.NameType == "Primary Name" {
		n.primary = len(n.names)
	}
	n.elements = append(n.elements, x)
	n.names = append(n.names, watchlist.Name{Text: text, Quality: quality})
}

func (n *ukNames) read() []watchlist.Name {
	p := n.names[n.primary]
	p.Quality = ""
	return append([]watchlist.Name{p}, slices.Delete(slices.Clone(n.names), n.primary, n.primary+1)...)
}

// alias adds an alias written whole in Name6, with a strength or none.
func (g *ukGen) alias(n *ukNames, text string) {
	s := pick(g.generator, ukStrengths)
	n.add(ukName{Name6: g.soil(text), NameType: "Alias", AliasStrength: s.strength}, text, s.quality)
	g.saw("uk.name." + s.quality)
}

// ukStrengths are the alias strengths of the list and how they read.
var ukStrengths = []struct{ strength, quality string }{{"", "alias"}, {"Good quality a.k.a", "good"}, {"Low quality a.k.a", "low"}}

// primaryFirstOrNot puts the names in the list's order; now and then an
// alias comes before the primary name, which the reader moves to the front.
func (g *ukGen) primaryFirstOrNot(n *ukNames, primary func(), aliases func()) {
	if g.chance(0.05) {
		g.saw("uk.name.primary-not-first")
		aliases()
		primary()
		return
	}
	primary()
	aliases()
}

// individual writes a person's names and details.
func (g *ukGen) individual(x *ukDesignation, e *watchlist.Entry) {
	x.IndividualEntityShip, e.Kind = "Individual", watchlist.Individual
	p := g.person()
	n := &ukNames{}
	g.primaryFirstOrNot(n, func() {
		given, middle, family := strings.ToUpper(p.given.in(latin)), strings.ToUpper(p.middle.in(latin)), strings.ToUpper(p.family.in(latin))
		n.add(ukName{Name1: given, Name2: middle, Name6: family, NameType: "Primary Name"}, strings.Join(strings.Fields(given+" "+middle+" "+family), " "), "")
	}, func() {
		for range g.between(1, 7) {
			switch g.rng.IntN(3) {
			case 0:
				n.add(ukName{Name1: p.given.in(latin), Name6: p.family.in(latin), NameType: "Primary Name Variation"}, p.short(latin), "primary name variation")
				g.saw("uk.name.variation")
			case 1: // with a patronymic in Name3
				patronymic := g.word(2, 3).in(latin)
				n.add(ukName{Name1: p.given.in(latin), Name3: patronymic, Name6: p.family.in(latin), NameType: "Alias"},
					p.given.in(latin)+" "+patronymic+" "+p.family.in(latin), "alias")
				g.saw("uk.name.three-parts")
			default:
				g.alias(n, p.short(accented))
			}
		}
	})
	x.Names, e.Names = n.elements, n.read()
	g.nonLatin(x, e, p.full)
	if g.chance(0.2) {
		x.Titles = []string{pick(g.generator, []string{"Mullah", "Haji", "Dr", "General"})}
	}
	x.Individual = g.individualDetails(e, p)
}

// nonLatin writes none to two names in non-Latin scripts.
func (g *ukGen) nonLatin(x *ukDesignation, e *watchlist.Entry, text func(script) string) {
	if !g.chance(0.4) {
		return
	}
	for range g.between(1, 2) {
		s := script(g.between(int(cyrillic), int(chinese)))
		x.NonLatinNames.Names = append(x.NonLatinNames.Names, ukNonLatinName{Text: text(s)})
		e.Names = append(e.Names, watchlist.Name{Text: text(s), Quality: "non-latin script"})
		g.saw("uk.non-latin." + scriptNames[s])
	}
}

// individualDetails writes dates of birth in the list's forms, nationalities,
// passports (now and then one twice, which the reader keeps once),
// national identity numbers and the place of birth.
func (g *ukGen) individualDetails(e *watchlist.Entry, p person) *ukIndividual {
	ind := &ukIndividual{Genders: []string{map[bool]string{false: "Male", true: "Female"}[p.female]}}
	for range pick(g.generator, []int{0, 1, 1, 2, 3}) {
		dob, read := g.dob()
		ind.DOBs = append(ind.DOBs, dob)
		e.BirthDates = appendNew(e.BirthDates, read)
	}
	for range pick(g.generator, []int{0, 1, 1, 2}) {
		c := pick(g.generator, countries)
		ind.Nationalities = append(ind.Nationalities, c.uk)
		e.Nationalities = appendNew(e.Nationalities, c.uk)
	}
	if g.chance(0.3) {
		ind.Positions = []string{pick(g.generator, functions)}
	}
	for range pick(g.generator, []int{0, 0, 1, 2}) {
		number := g.letters(1) + g.digits(8)
		passport := ukPassport{Number: number, Additional: "Passport number " + number + ", issued in " + pick(g.generator, countries).cities[0]}
		ind.Passports = append(ind.Passports, passport)
		if g.chance(0.1) {
			ind.Passports = append(ind.Passports, passport)
			g.saw("uk.passport.repeated")
		}
		e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "Passport", Number: number})
	}
	if g.chance(0.3) {
		number := g.digits(7)
		ind.NationalIDs = []ukNationalID{{Number: number, Additional: "National identification card number"}}
		e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "National Identification Number", Number: number})
	}
	if g.chance(0.5) {
		c := pick(g.generator, countries)
		loc := ukBirthLocation{Town: pick(g.generator, c.cities)}
		if g.chance(0.8) {
			loc.Country = c.uk
			e.Countries = appendNew(e.Countries, c.uk)
		}
		ind.BirthLocations = []ukBirthLocation{loc}
	}
	return ind
}

// dob is a date of birth as the list writes it, and as it reads: a full
// date, a year with unknown day and month written as letters, a year with
// an unknown day, or a year alone.
func (g *ukGen) dob() (written, read string) {
	d := g.date(1940, 1995)
	form := pick(g.generator, []string{"full", "full", "year-letters", "month", "year"})
	g.saw("uk.dob." + form)
	switch form {
	case "full":
		return d.Format(ukDate), d.Format(time.DateOnly)
	case "year-letters":
		return d.Format("dd/mm/2006"), d.Format("2006")
	case "month":
		return d.Format("dd/01/2006"), d.Format("2006-01")
	}
	return d.Format("2006"), d.Format("2006")
}

// entity writes an organisation's names and details.
func (g *ukGen) entity(x *ukDesignation, e *watchlist.Entry) {
	x.IndividualEntityShip, e.Kind = "Entity", watchlist.Entity
	c := g.company()
	n := &ukNames{}
	g.primaryFirstOrNot(n, func() {
		n.add(ukName{Name6: c.in(latin), NameType: "Primary Name"}, c.in(latin), "")
	}, func() {
		for range g.between(1, 5) {
			if g.chance(0.5) {
				g.alias(n, c.acronym())
				continue
			}
			_, text := c.accented(g.generator)
			g.alias(n, text)
		}
	})
	x.Names, e.Names = n.elements, n.read()
	g.nonLatin(x, e, c.in)
	ent := &ukEntity{Types: []string{companyKinds[c.kind].english + " company"}}
	for range pick(g.generator, []int{0, 1, 1, 2}) {
		number := pick(g.generator, []string{"UK Company no. ", "Tax ID ", ""}) + g.digits(8)
		ent.Registrations = append(ent.Registrations, number)
		e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "Business Registration Number", Number: number})
	}
	if g.chance(0.3) {
		ent.Parents = []string{g.company().in(latin)}
		ent.Subsidiaries = []string{g.company().in(latin)}
	}
	x.Entity = ent
}

// ship writes a vessel: names (former names as aliases), IMO number (with
// the "IMO" prefix the reader drops, or without), flags and particulars.
func (g *ukGen) ship(x *ukDesignation, e *watchlist.Entry) {
	x.IndividualEntityShip, e.Kind = "Ship", watchlist.Vessel
	x.OFSIGroupID = ""
	name := g.word(2, 3).in(latin) + " " + g.digits(g.between(1, 2))
	n := &ukNames{}
	n.add(ukName{Name6: name, NameType: "Primary Name"}, name, "")
	for range g.between(0, 2) {
		g.alias(n, g.word(2, 3).in(latin)+" "+g.digits(2))
	}
	x.Names, e.Names = n.elements, n.read()
	imo := g.digits(7)
	flag := pick(g.generator, countries).uk
	x.Ship = &ukShip{IMONumbers: []string{"IMO" + imo}, Owners: []string{g.company().in(latin)}, Flags: []string{flag},
		Previous: []string{pick(g.generator, countries).uk}, Type: pick(g.generator, []string{"Bulk Carrier", "Crude Oil Tanker", "General Cargo"}),
		Tonnage: g.digits(4), Length: g.digits(3) + ".5"}
	if g.chance(0.3) {
		x.Ship.IMONumbers[0] = imo
		g.saw("uk.imo.bare")
	}
	e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "IMO", Number: imo})
	e.Countries = appendNew(e.Countries, flag)
	g.saw("uk.ship")
}
