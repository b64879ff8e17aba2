package screening

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// This file holds the UN Security Council consolidated list parser and the
// streaming XML helpers (xml*) that the EU and UK parsers share.

// ParseUN reads the UN Security Council consolidated list
// (scsanctions.un.org consolidated.xml: CONSOLIDATED_LIST / INDIVIDUALS /
// INDIVIDUAL and CONSOLIDATED_LIST / ENTITIES / ENTITY) and emits one Entry
// per INDIVIDUAL or ENTITY as it reads it. It returns the number of entries
// emitted. A document that is not well-formed, has another root or holds an
// entry without DATAID or name gives a *FormatError; an error returned by
// emit is returned as it is. Nothing is emitted after an error, but entries
// emitted before it were, so a caller must treat the whole list as refused.
func ParseUN(r io.Reader, name string, emit Emit) (int, error) {
	n, individuals, entities := 0, 0, 0
	err := xmlStream(r, name, "CONSOLIDATED_LIST",
		func(path []string, local string) bool {
			return len(path) == 2 &&
				(path[1] == "INDIVIDUALS" && local == "INDIVIDUAL" ||
					path[1] == "ENTITIES" && local == "ENTITY")
		},
		func(d *xml.Decoder, start xml.StartElement) error {
			kind, ordinal := Individual, 0
			if start.Name.Local == "ENTITY" {
				entities++
				kind, ordinal = Entity, entities
			} else {
				individuals++
				ordinal = individuals
			}
			where := fmt.Sprintf("%s #%d", start.Name.Local, ordinal)
			var rec unRecord
			if err := d.DecodeElement(&rec, &start); err != nil {
				return xmlDecodeError(name, where, err)
			}
			e, err := rec.entry(kind)
			if err != nil {
				if rec.DataID != "" {
					where += " (DATAID " + xmlClean(rec.DataID) + ")"
				}
				return &FormatError{File: name, Element: where, Msg: err.Error()}
			}
			if err := emit(e); err != nil {
				return err
			}
			n++
			return nil
		})
	return n, err
}

// unRecord is one INDIVIDUAL or ENTITY; the two share most fields.
type unRecord struct {
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

func (rec *unRecord) entry(kind Kind) (Entry, error) {
	e := Entry{Source: UN, SourceID: xmlClean(rec.DataID), Kind: kind}
	if e.SourceID == "" {
		return e, errors.New("missing DATAID")
	}
	primary := xmlJoin(" ", rec.FirstName, rec.SecondName, rec.ThirdName, rec.FourthName)
	if kind == Entity {
		primary = xmlClean(rec.FirstName)
	}
	if primary != "" {
		e.Names = append(e.Names, Name{Text: primary})
	}
	aliases := append(rec.Aliases[:len(rec.Aliases):len(rec.Aliases)], rec.EntityAliases...)
	for _, a := range aliases {
		if t := xmlClean(a.Name); t != "" {
			e.Names = append(e.Names, Name{Text: t, Quality: unQuality(a.Quality)})
		}
	}
	for _, s := range rec.OriginalScript {
		if t := xmlClean(s); t != "" {
			e.Names = append(e.Names, Name{Text: t, Quality: "original script"})
		}
	}
	if len(e.Names) == 0 {
		return e, errors.New("no name (FIRST_NAME and aliases are empty)")
	}
	if primary == "" {
		// Keep the rule "the first name is the primary one" meaningful:
		// an alias promoted to primary loses its alias quality.
		e.Names[0].Quality = ""
	}
	e.Programs = xmlAppendUnique(e.Programs, rec.ListType)
	e.ListedOn = xmlClean(rec.ListedOn)
	e.Remarks = xmlClean(rec.Comments)
	for _, v := range rec.Nationalities {
		e.Nationalities = xmlAppendUnique(e.Nationalities, v)
	}
	for _, a := range append(rec.Addresses[:len(rec.Addresses):len(rec.Addresses)], rec.EntityAddrs...) {
		addr := Address{Text: xmlAddress(a.Street, a.City, a.State, a.Zip), Country: xmlClean(a.Country)}
		if addr.Text != "" || addr.Country != "" {
			e.Addresses = append(e.Addresses, addr)
		}
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
	var unnumbered []string
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
			// Some documents carry their number only inside NOTE
			// ("Libyan passport number 347834, issued ..."): keep the
			// words in the remarks rather than invent a number.
			if note := xmlClean(doc.Note); note != "" {
				unnumbered = append(unnumbered, xmlJoin(": ", id.Type, note))
			}
			continue
		}
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, id)
	}
	if ref := xmlClean(rec.Reference); ref != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: ref})
	}
	if len(unnumbered) > 0 {
		e.Remarks = xmlJoin(" ", e.Remarks, "Documents: "+strings.Join(unnumbered, "; ")+".")
	}
	return e, nil
}

// text renders one INDIVIDUAL_DATE_OF_BIRTH as given: "1937-04-28",
// "1971", "circa 1966", "1973-1974", or the NOTE when it is all there is.
func (d unDOB) text() string {
	date := xmlClean(d.Date)
	if date == "" {
		date = xmlClean(d.Year)
	}
	if date == "" {
		from, to := xmlClean(d.FromYear), xmlClean(d.ToYear)
		switch {
		case from != "" && to != "":
			date = from + "-" + to
		case from != "":
			date = from
		default:
			date = to
		}
	}
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

// ---- streaming XML helpers shared by ParseUN, ParseEU and ParseUK ----

// xmlNewDecoder is a strict decoder that also reads the common 8-bit
// encodings a list might be published in (windows-1252, iso-8859-1 ...).
func xmlNewDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return enc.NewDecoder().Reader(input), nil
	}
	return d
}

// xmlStream walks the document token by token. It requires the root element
// to have the local name root, and calls handle for every start element for
// which match(path, local) is true, path being the local names of the open
// elements from the root down. handle must consume the element (normally
// with DecodeElement). Everything else is walked past without being kept.
// Malformed XML, a wrong or missing root and content after the root give a
// *FormatError; errors from handle are returned as they are.
func xmlStream(r io.Reader, file, root string,
	match func(path []string, local string) bool,
	handle func(d *xml.Decoder, start xml.StartElement) error) error {
	d := xmlNewDecoder(r)
	var path []string
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sawRoot {
				return &FormatError{File: file, Element: root, Msg: fmt.Sprintf("no <%s> root element: the document is empty", root)}
			}
			return nil
		}
		if err != nil {
			where := strings.Join(path, "/")
			if where == "" {
				where = root
			}
			return xmlDecodeError(file, where, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if sawRoot {
					return &FormatError{File: file, Element: t.Name.Local, Msg: fmt.Sprintf("element <%s> after the end of the <%s> root element", t.Name.Local, root)}
				}
				if t.Name.Local != root {
					return &FormatError{File: file, Element: t.Name.Local, Msg: fmt.Sprintf("root element is <%s>, want <%s>: not this kind of list", t.Name.Local, root)}
				}
				sawRoot = true
			} else if match(path, t.Name.Local) {
				if err := handle(d, t); err != nil {
					return err
				}
				continue
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			// The strict decoder has checked that it matches.
			path = path[:len(path)-1]
		case xml.CharData:
			if len(path) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return &FormatError{File: file, Element: root, Msg: "text outside the root element"}
			}
		}
	}
}

// xmlDecodeError wraps an encoding/xml error (syntax error, unexpected
// EOF, bad charset) as a *FormatError at the given element.
func xmlDecodeError(file, where string, err error) error {
	var msg string
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &se) && strings.HasSuffix(se.Msg, "unexpected EOF"):
		msg = "truncated document (the file ends inside an element): " + err.Error()
	case se != nil:
		msg = "not well-formed XML: " + err.Error()
	default:
		msg = "cannot read the XML: " + err.Error()
	}
	return &FormatError{File: file, Element: where, Msg: msg}
}

// xmlClean trims a value and collapses runs of white space (the lists wrap
// long remarks and sometimes double the space inside names).
func xmlClean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// xmlJoin cleans the parts and joins the non-empty ones with sep.
func xmlJoin(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = xmlClean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// xmlAddress joins address parts with ", " as Address.Text wants, dropping
// the commas some parts end with ("Nobonyad Square,").
func xmlAddress(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimRight(xmlClean(p), ", "); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// xmlAppendUnique appends the cleaned v unless it is empty or present.
func xmlAppendUnique(list []string, v string) []string {
	v = xmlClean(v)
	if v == "" {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// xmlAppendIdentifier appends id unless it has no number or is present.
func xmlAppendIdentifier(list []Identifier, id Identifier) []Identifier {
	if id.Number == "" {
		return list
	}
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}
