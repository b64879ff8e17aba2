package synthetic

import (
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// personSubject writes a person: names, citizenships, birth dates,
// addresses and identity documents.
func (g *euGen) personSubject(x *euEntity, e *watchlist.Entry, prog string) {
	x.SubjectType, e.Kind = euSubjectType{Code: "person", ClassificationCode: "P"}, watchlist.Individual
	names := g.personNames(g.person(), prog)
	x.Names, e.Names = names.elements, names.read()
	if g.chance(0.6) {
		for range g.between(1, 2) {
			c, name := g.country()
			x.Citizenships = append(x.Citizenships, euCitizenship{euCountry: c, euDetail: g.detail(prog, "")})
			if name != "" {
				e.Nationalities = appendNew(e.Nationalities, name)
			}
		}
	}
	if g.chance(0.8) {
		g.birthdates(x, e, prog)
	}
	for range pick(g.generator, []int{0, 0, 1, 1, 2}) {
		g.address(x, e, prog)
	}
	for range pick(g.generator, []int{0, 0, 1, 2, 3}) {
		g.identification(x, e, prog, pick(g.generator, euPersonDocuments))
	}
}

// enterpriseSubject writes an organisation: names, addresses and
// registration numbers.
func (g *euGen) enterpriseSubject(x *euEntity, e *watchlist.Entry, prog string) {
	x.SubjectType, e.Kind = euSubjectType{Code: "enterprise", ClassificationCode: "E"}, watchlist.Entity
	names := g.enterpriseNames(g.company(), prog)
	x.Names, e.Names = names.elements, names.read()
	for range g.between(1, 4) {
		g.address(x, e, prog)
	}
	for range pick(g.generator, []int{0, 1, 1, 2}) {
		g.identification(x, e, prog, pick(g.generator, euEnterpriseDocuments))
	}
}

// birthdates writes one to three birth dates with their places.
func (g *euGen) birthdates(x *euEntity, e *watchlist.Entry, prog string) {
	day := g.date(1940, 1995)
	for range g.between(1, 3) {
		if g.chance(0.5) {
			day = g.date(1940, 1995)
		}
		b, read, remark := g.birthdate(day)
		c, name := g.country()
		b.euCountry, b.euDetail = c, g.detail(prog, remark)
		if name != "" && g.chance(0.5) {
			b.City = pick(g.generator, countryNamed(name).cities)
		}
		x.Birthdates = append(x.Birthdates, b)
		e.BirthDates = appendNew(e.BirthDates, read)
		if name != "" {
			e.Countries = appendNew(e.Countries, name)
		}
	}
}

// birthdate is a birth date in one of the forms the export uses, with what
// it reads as and its remark: a full Gregorian date; the same date in the
// Islamic calendar, whose birthdate attribute is the Gregorian date (so a
// person often has one date twice); a circa range of years; a year alone.
func (g *euGen) birthdate(day time.Time) (b euBirthdate, read, remark string) {
	b = euBirthdate{Circa: "false", CalendarType: "GREGORIAN", City: pick(g.generator, []string{"-", ""})}
	switch form := pick(g.generator, []string{"date", "date", "islamic", "range", "year"}); form {
	case "date", "islamic":
		b.Birthdate, read = day.Format(time.DateOnly), day.Format(time.DateOnly)
		b.DayOfMonth, b.MonthOfYear, b.Year = strconv.Itoa(day.Day()), strconv.Itoa(int(day.Month())), strconv.Itoa(day.Year())
		if form == "islamic" {
			b.CalendarType, remark = "ISLAMIC", "hijri calendar"
			b.DayOfMonth, b.MonthOfYear, b.Year = strconv.Itoa(g.between(1, 29)), strconv.Itoa(g.between(1, 12)), strconv.Itoa((day.Year()-622)*33/32)
		}
		g.saw("eu.birthdate." + form)
	case "range":
		from := g.between(1940, 1990)
		b.Circa, b.YearRangeFrom, b.YearRangeTo = "true", strconv.Itoa(from), strconv.Itoa(from+g.between(1, 5))
		read, remark = "circa "+b.YearRangeFrom+"-"+b.YearRangeTo, "between "+b.YearRangeFrom+" and "+b.YearRangeTo
		g.saw("eu.birthdate.range")
	default:
		b.Year = strconv.Itoa(g.between(1940, 1995))
		read = b.Year
		if g.chance(0.5) {
			b.Circa, read = "true", "circa "+b.Year
			g.saw("eu.birthdate.circa-year")
		}
		g.saw("eu.birthdate.year")
	}
	return b, read, remark
}

func countryNamed(eu string) country {
	for _, c := range countries {
		if c.eu == eu {
			return c
		}
	}
	panic("no country " + eu)
}

// address writes an address with some of its parts: street (now and then
// ending in a comma, which the reader drops), PO box, city, postal code,
// region and place, and contact details.
func (g *euGen) address(x *euEntity, e *watchlist.Entry, prog string) {
	c, name := g.country()
	a := euAddress{euCountry: c, AsAtListingTime: trueFalse(g.chance(0.2))}
	var parts []string
	if g.chance(0.7) {
		var street string
		a.Street, street = g.street("eu")
		parts = append(parts, street)
	}
	if g.chance(0.2) {
		a.POBox = g.digits(5) + "/" + g.digits(3)
		parts = append(parts, "PO Box "+a.POBox)
	}
	if name != "" && g.chance(0.7) {
		a.City = pick(g.generator, countryNamed(name).cities)
		parts = append(parts, a.City)
	}
	if g.chance(0.2) {
		a.ZipCode = g.digits(5)
		parts = append(parts, a.ZipCode)
	}
	if g.chance(0.1) {
		a.Region = g.word(2, 3).in(latin) + " Province"
		parts = append(parts, a.Region)
	}
	if g.chance(0.1) {
		a.Place = g.word(2, 3).in(latin)
		parts = append(parts, a.Place)
	}
	a.euDetail = g.detail(prog, pick(g.generator, []string{"", "", "", "Head Office", "Factory", "Believed status/location: abroad"}))
	if g.chance(0.2) {
		a.ContactInfo = []euContact{{Key: "WEB", Value: "http://www." + strings.ToLower(g.word(2, 3).in(latin)) + ".example/"},
			{Key: "PHONE", Value: "+00 21 " + g.digits(7) + "; +00 21 " + g.digits(8)}}
		g.saw("eu.address.contact")
	}
	x.Addresses = append(x.Addresses, a)
	if read := (watchlist.Address{Text: strings.Join(parts, ", "), Country: name}); read != (watchlist.Address{}) {
		e.Addresses = append(e.Addresses, read)
	}
}

// euDocument is a kind of identification: the export's code and
// description, and how its numbers look.
type euDocument struct {
	code, description string
	number            func(g *generator) string
}

var euPersonDocuments = []euDocument{
	{"passport", "National passport", func(g *generator) string { return g.letters(g.between(1, 2)) + g.digits(g.between(6, 8)) }},
	{"id", "National identification card", func(g *generator) string { return g.digits(10) }},
}

var euEnterpriseDocuments = []euDocument{
	{"regnumber", "Registration Number", func(g *generator) string { return g.digits(g.between(3, 13)) }},
	{"fiscalcode", "Fiscal Code", func(g *generator) string { return g.digits(10) }},
	{"swiftbic", "SWIFT BIC", func(g *generator) string { return g.letters(4) + "XX" + g.letters(2) }},
	{"imo", "IMO number", func(g *generator) string { return g.digits(7) }},
}

// identification writes a document, and now and then the same again under
// another logicalId, as the export does; the reader keeps it once.
func (g *euGen) identification(x *euEntity, e *watchlist.Entry, prog string, doc euDocument) {
	c, name := g.country()
	id := euIdentification{Diplomatic: "false", KnownExpired: trueFalse(g.chance(0.1)), KnownFalse: "false", ReportedLost: "false",
		RevokedByIssuer: "false", Number: doc.number(g.generator), TypeCode: doc.code, TypeDescription: doc.description, euCountry: c}
	if g.chance(0.3) {
		issued := g.date(2000, 2020)
		id.IssueDate, id.ValidTo = issued.Format(time.DateOnly), issued.AddDate(10, 0, -1).Format(time.DateOnly)
	}
	if g.chance(0.1) {
		id.Region = pick(g.generator, countries).cities[0]
	}
	id.euDetail = g.detail(prog, pick(g.generator, []string{"", "", "", "(national civil identification number)", "issued on the date given, expired since"}))
	x.Identifications = append(x.Identifications, id)
	if g.chance(0.05) {
		again := id
		again.euDetail = g.detail(prog, "")
		x.Identifications = append(x.Identifications, again)
		g.saw("eu.identification.repeated")
	}
	e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: doc.description, Number: id.Number, Country: name})
	g.saw("eu.identification." + doc.code)
}
