package watchlist

import (
	"errors"
	"io"
	"strings"
)

// ParseEU reads the EU Financial Sanctions Files export, format 1.1
// (export / sanctionEntity, namespace http://eu.europa.ec/fpi/fsd/export;
// elements are matched on their local names) and emits one Entry per
// sanctionEntity as it reads it. It returns the number of entries emitted.
// A document that is not well-formed, has another root or holds an entity
// without logicalId or name gives a *FormatError; an error returned by emit
// is returned as it is. Nothing is emitted after an error.
func ParseEU(r io.Reader, name string, emit Emit) (int, error) {
	return xmlList{root: "export", entries: [][]string{{"sanctionEntity"}}, idAttr: "logicalId",
		record: func() xmlRecord { return &euEntity{} }}.parse(r, name, emit)
}

// euEntity is one sanctionEntity.
type euEntity struct {
	LogicalID       string   `xml:"logicalId,attr"`
	DesignationDate string   `xml:"designationDate,attr"`
	UnitedNationID  string   `xml:"unitedNationId,attr"`
	Remark          []string `xml:"remark"`
	Regulations     []struct {
		Programme       string `xml:"programme,attr"`
		PublicationDate string `xml:"publicationDate,attr"`
	} `xml:"regulation"`
	SubjectType struct {
		Code string `xml:"code,attr"`
	} `xml:"subjectType"`
	Names           []euName           `xml:"nameAlias"`
	Citizenships    []euCountry        `xml:"citizenship"`
	Birthdates      []euBirthdate      `xml:"birthdate"`
	Identifications []euIdentification `xml:"identification"`
	Addresses       []euAddress        `xml:"address"`
}

// where is at: the element is named by its logicalId before it is read.
func (rec *euEntity) where(at string) string { return at }

func (rec *euEntity) entry() (Entry, error) {
	e := Entry{Source: EU, SourceID: xmlClean(rec.LogicalID), Kind: kindOf(xmlClean(rec.SubjectType.Code), euKinds)}
	if e.SourceID == "" {
		return e, errors.New("missing logicalId attribute")
	}
	if e.Names = euNames(rec.Names); len(e.Names) == 0 {
		return e, errors.New("no name: no nameAlias with a wholeName or first/last name")
	}
	e.ListedOn = xmlClean(rec.DesignationDate)
	for _, reg := range rec.Regulations {
		e.Programs = xmlAppendUnique(e.Programs, reg.Programme)
		if d := xmlClean(reg.PublicationDate); d != "" && (e.ListedOn == "" || d < e.ListedOn) {
			e.ListedOn = d
		}
	}
	for _, c := range rec.Citizenships {
		e.Nationalities = xmlAppendUnique(e.Nationalities, c.name())
	}
	for _, b := range rec.Birthdates {
		e.BirthDates = xmlAppendUnique(e.BirthDates, b.text())
		e.Countries = xmlAppendUnique(e.Countries, b.name())
	}
	for _, id := range rec.Identifications {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, id.identifier())
	}
	if un := xmlClean(rec.UnitedNationID); un != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: un})
	}
	for _, a := range rec.Addresses {
		e.Addresses = appendAddress(e.Addresses, a.address())
	}
	e.Remarks = xmlJoin("\n", rec.Remark...)
	return e, nil
}

// euKinds are the subject types of the export.
var euKinds = map[string]Kind{"person": Individual, "enterprise": Entity}

// euNames reads a subject's names. The export lists them in no meaningful
// order (a translation or a misspelling often comes first), so the primary
// name is the first of the strong names given with the most of first,
// middle and last name, English preferred among equals; with no strong
// name, the first name. The others keep their order.
func euNames(aliases []euName) []Name {
	var names []Name
	primary, best := 0, -1
	for _, a := range aliases {
		text := xmlClean(a.WholeName)
		if text == "" {
			text = xmlJoin(" ", a.FirstName, a.MiddleName, a.LastName)
		}
		if text == "" {
			continue
		}
		q := ""
		switch strings.ToLower(xmlClean(a.Strong)) {
		case "true":
			q = "strong"
		case "false":
			q = "weak"
		}
		if rank := a.rank(); q == "strong" && rank > best {
			primary, best = len(names), rank
		}
		names = append(names, Name{Text: text, Quality: q})
	}
	return primaryFirst(names, primary)
}

// euName is one nameAlias.
type euName struct {
	WholeName  string `xml:"wholeName,attr"`
	FirstName  string `xml:"firstName,attr"`
	MiddleName string `xml:"middleName,attr"`
	LastName   string `xml:"lastName,attr"`
	Strong     string `xml:"strong,attr"`
	Language   string `xml:"nameLanguage,attr"`
}

// rank is how fully a name is given: two points for each of first, middle
// and last name, one for English.
func (a euName) rank() int {
	rank := 0
	for _, part := range []string{a.FirstName, a.MiddleName, a.LastName} {
		if xmlClean(part) != "" {
			rank += 2
		}
	}
	if strings.EqualFold(xmlClean(a.Language), "EN") {
		rank++
	}
	return rank
}

// euBirthdate is one birthdate of a person.
type euBirthdate struct {
	Birthdate string `xml:"birthdate,attr"`
	Year      string `xml:"year,attr"`
	Circa     string `xml:"circa,attr"`
	RangeFrom string `xml:"yearRangeFrom,attr"`
	RangeTo   string `xml:"yearRangeTo,attr"`
	euCountry
}

// text renders a birthdate as given: "1970-05-01", "1970", "1968-1970",
// "circa 1970".
func (b euBirthdate) text() string {
	to := b.RangeTo
	if xmlClean(b.RangeFrom) == xmlClean(to) {
		to = "" // equal bounds are one year
	}
	date := xmlDate(b.Birthdate, b.Year, b.RangeFrom, to)
	if date != "" && strings.EqualFold(xmlClean(b.Circa), "true") {
		date = "circa " + date
	}
	return date
}

// euIdentification is one identification document or number.
type euIdentification struct {
	TypeDescription string `xml:"identificationTypeDescription,attr"`
	TypeCode        string `xml:"identificationTypeCode,attr"`
	Number          string `xml:"number,attr"`
	LatinNumber     string `xml:"latinNumber,attr"`
	euCountry
}

// identifier is the document or number, by its type's description or,
// without one, its code.
func (id euIdentification) identifier() Identifier {
	typ := xmlClean(id.TypeDescription)
	if typ == "" {
		typ = xmlClean(id.TypeCode)
	}
	num := xmlClean(id.Number)
	if num == "" {
		num = xmlClean(id.LatinNumber)
	}
	return Identifier{Type: typ, Number: num, Country: id.name()}
}

// euAddress is one address.
type euAddress struct {
	euCountry
	Street  string `xml:"street,attr"`
	POBox   string `xml:"poBox,attr"`
	City    string `xml:"city,attr"`
	ZipCode string `xml:"zipCode,attr"`
	Region  string `xml:"region,attr"`
	Place   string `xml:"place,attr"`
}

// address joins the parts of the address given.
func (a euAddress) address() Address {
	pobox := xmlClean(a.POBox)
	if pobox != "" {
		pobox = "PO Box " + pobox
	}
	return Address{
		Text:    xmlAddress(a.Street, pobox, a.City, a.ZipCode, a.Region, a.Place),
		Country: a.name(),
	}
}

// euCountry is the country an element names.
type euCountry struct {
	Description string `xml:"countryDescription,attr"`
	Iso2        string `xml:"countryIso2Code,attr"`
}

// name is the country description, or the ISO code when there is no
// description; the FSF placeholder for "no country" (code "00",
// description "UNKNOWN") gives "".
func (c euCountry) name() string {
	description, iso2 := xmlClean(c.Description), xmlClean(c.Iso2)
	if iso2 == "00" || strings.EqualFold(description, "UNKNOWN") {
		return ""
	}
	if description != "" {
		return description
	}
	return iso2
}
