package watchlist

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// ParseUN reads the UN Security Council consolidated list
// (scsanctions.un.org consolidated.xml: CONSOLIDATED_LIST / INDIVIDUALS /
// INDIVIDUAL and CONSOLIDATED_LIST / ENTITIES / ENTITY) and emits one Entry
// per INDIVIDUAL or ENTITY as it reads it. It returns the number of entries
// emitted. A document that is not well-formed, has another root or holds an
// entry without DATAID or name gives a *FormatError; an error returned by
// emit is returned as it is. Nothing is emitted after an error, but entries
// emitted before it were, so a caller must treat the whole list as refused.
func ParseUN(r io.Reader, name string, emit Emit) (int, error) {
	return xmlList{root: "CONSOLIDATED_LIST", entries: [][]string{{"INDIVIDUALS", "INDIVIDUAL"}, {"ENTITIES", "ENTITY"}},
		record: func() xmlRecord { return &unRecord{} }}.parse(r, name, emit)
}

// unRecord is one INDIVIDUAL or ENTITY; the two share most fields.
type unRecord struct {
	XMLName        xml.Name     // INDIVIDUAL or ENTITY
	DataID         string       `xml:"DATAID"`
	FirstName      string       `xml:"FIRST_NAME"`
	SecondName     string       `xml:"SECOND_NAME"`
	ThirdName      string       `xml:"THIRD_NAME"`
	FourthName     string       `xml:"FOURTH_NAME"`
	ListType       string       `xml:"UN_LIST_TYPE"`
	Reference      string       `xml:"REFERENCE_NUMBER"`
	ListedOn       string       `xml:"LISTED_ON"`
	OriginalScript []string     `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments       string       `xml:"COMMENTS1"`
	Nationalities  []string     `xml:"NATIONALITY>VALUE"`
	Aliases        []unAlias    `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases  []unAlias    `xml:"ENTITY_ALIAS"`
	Addresses      []unAddress  `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddrs    []unAddress  `xml:"ENTITY_ADDRESS"`
	BirthDates     []unDOB      `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces    []unAddress  `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents      []unDocument `xml:"INDIVIDUAL_DOCUMENT"`
}

type unAlias struct {
	Quality     string `xml:"QUALITY"`
	Name        string `xml:"ALIAS_NAME"`
	DateOfBirth string `xml:"DATE_OF_BIRTH"`
}

type unAddress struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

type unDOB struct {
	TypeOfDate string `xml:"TYPE_OF_DATE"`
	Date       string `xml:"DATE"`
	Year       string `xml:"YEAR"`
	FromYear   string `xml:"FROM_YEAR"`
	ToYear     string `xml:"TO_YEAR"`
	Note       string `xml:"NOTE"`
}

type unDocument struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

func (rec *unRecord) where(at string) string {
	if rec.DataID != "" {
		return at + " (DATAID " + xmlClean(rec.DataID) + ")"
	}
	return at
}

func (rec *unRecord) entry() (Entry, error) {
	kind := Individual
	if rec.XMLName.Local == "ENTITY" {
		kind = Entity
	}
	e := Entry{Source: UN, SourceID: xmlClean(rec.DataID), Kind: kind}
	if e.SourceID == "" {
		return e, errors.New("missing DATAID")
	}
	aliases := append(rec.Aliases[:len(rec.Aliases):len(rec.Aliases)], rec.EntityAliases...)
	if e.Names = rec.names(kind, aliases); len(e.Names) == 0 {
		return e, errors.New("no name (FIRST_NAME and aliases are empty)")
	}
	e.Programs = xmlAppendUnique(e.Programs, rec.ListType)
	e.ListedOn = xmlClean(rec.ListedOn)
	e.Remarks = xmlClean(rec.Comments)
	e.Nationalities = xmlAppendAll(e.Nationalities, rec.Nationalities)
	for _, a := range append(rec.Addresses[:len(rec.Addresses):len(rec.Addresses)], rec.EntityAddrs...) {
		e.Addresses = appendAddress(e.Addresses, Address{Text: xmlAddress(a.Street, a.City, a.State, a.Zip), Country: xmlClean(a.Country)})
	}
	for _, p := range rec.BirthPlaces {
		e.Countries = xmlAppendUnique(e.Countries, p.Country)
	}
	for _, d := range rec.BirthDates {
		e.BirthDates = xmlAppendUnique(e.BirthDates, d.text())
	}
	for _, a := range aliases {
		e.BirthDates = xmlAppendUnique(e.BirthDates, a.DateOfBirth)
	}
	unnumbered := rec.addDocuments(&e)
	if ref := xmlClean(rec.Reference); ref != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: ref})
	}
	if len(unnumbered) > 0 {
		e.Remarks = xmlJoin(" ", e.Remarks, "Documents: "+strings.Join(unnumbered, "; ")+".")
	}
	return e, nil
}

// names are the primary name (an individual's four names joined, an
// entity's FIRST_NAME), the aliases and the names in the original script.
// With no primary name, the first alias is promoted and loses its alias
// quality, keeping the rule "the first name is the primary one" meaningful.
func (rec *unRecord) names(kind Kind, aliases []unAlias) []Name {
	var names []Name
	primary := xmlJoin(" ", rec.FirstName, rec.SecondName, rec.ThirdName, rec.FourthName)
	if kind == Entity {
		primary = xmlClean(rec.FirstName)
	}
	if primary != "" {
		names = append(names, Name{Text: primary})
	}
	for _, a := range aliases {
		if t := xmlClean(a.Name); t != "" {
			names = append(names, Name{Text: t, Quality: unQuality(a.Quality)})
		}
	}
	for _, s := range rec.OriginalScript {
		if t := xmlClean(s); t != "" {
			names = append(names, Name{Text: t, Quality: "original script"})
		}
	}
	return primaryFirst(names, 0)
}

// addDocuments adds the documents' numbers to e's identifiers and returns
// those of documents without a number. Some carry their number only inside
// NOTE ("Libyan passport number 347834, issued ..."): their words are kept
// for the remarks rather than a number invented.
func (rec *unRecord) addDocuments(e *Entry) (unnumbered []string) {
	for _, doc := range rec.Documents {
		id := Identifier{
			Type:    xmlClean(doc.Type),
			Number:  xmlClean(doc.Number),
			Country: xmlClean(doc.IssuingCountry),
		}
		if id.Country == "" {
			id.Country = xmlClean(doc.CountryOfIssue)
		}
		if id.Type == "" {
			id.Type = xmlClean(doc.Type2)
		}
		if id.Number == "" {
			if note := xmlClean(doc.Note); note != "" {
				unnumbered = append(unnumbered, xmlJoin(": ", id.Type, note))
			}
			continue
		}
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, id)
	}
	return unnumbered
}

// text renders one INDIVIDUAL_DATE_OF_BIRTH as given: "1937-04-28",
// "1971", "circa 1966", "1973-1974", or the NOTE when it is all there is.
func (d unDOB) text() string {
	date := xmlDate(d.Date, d.Year, d.FromYear, d.ToYear)
	if date == "" {
		return xmlClean(d.Note)
	}
	if strings.EqualFold(xmlClean(d.TypeOfDate), "APPROXIMATELY") {
		return "circa " + date
	}
	return date
}

// unQuality maps the UN alias QUALITY ("Good", "Low", "a.k.a.", "f.k.a.")
// to the lower-case quality words of Name ("good", "low", "aka", "fka").
func unQuality(q string) string {
	return strings.ReplaceAll(strings.ToLower(xmlClean(q)), ".", "")
}
