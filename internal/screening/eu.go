package screening

import (
	"encoding/xml"
	"errors"
	"fmt"
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
	n, ordinal := 0, 0
	err := xmlStream(r, name, "export",
		func(path []string, local string) bool {
			return len(path) == 1 && local == "sanctionEntity"
		},
		func(d *xml.Decoder, start xml.StartElement) error {
			ordinal++
			where := fmt.Sprintf("sanctionEntity #%d", ordinal)
			for _, a := range start.Attr {
				if a.Name.Local == "logicalId" && xmlClean(a.Value) != "" {
					where = "sanctionEntity logicalId=" + xmlClean(a.Value)
				}
			}
			var rec euEntity
			if err := d.DecodeElement(&rec, &start); err != nil {
				return xmlDecodeError(name, where, err)
			}
			e, err := rec.entry()
			if err != nil {
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
	Names []struct {
		WholeName  string `xml:"wholeName,attr"`
		FirstName  string `xml:"firstName,attr"`
		MiddleName string `xml:"middleName,attr"`
		LastName   string `xml:"lastName,attr"`
		Strong     string `xml:"strong,attr"`
		Language   string `xml:"nameLanguage,attr"`
	} `xml:"nameAlias"`
	Citizenships []struct {
		Description string `xml:"countryDescription,attr"`
		Iso2        string `xml:"countryIso2Code,attr"`
	} `xml:"citizenship"`
	Birthdates []struct {
		Birthdate   string `xml:"birthdate,attr"`
		Year        string `xml:"year,attr"`
		Circa       string `xml:"circa,attr"`
		RangeFrom   string `xml:"yearRangeFrom,attr"`
		RangeTo     string `xml:"yearRangeTo,attr"`
		Description string `xml:"countryDescription,attr"`
		Iso2        string `xml:"countryIso2Code,attr"`
	} `xml:"birthdate"`
	Identifications []struct {
		TypeDescription string `xml:"identificationTypeDescription,attr"`
		TypeCode        string `xml:"identificationTypeCode,attr"`
		Number          string `xml:"number,attr"`
		LatinNumber     string `xml:"latinNumber,attr"`
		Description     string `xml:"countryDescription,attr"`
		Iso2            string `xml:"countryIso2Code,attr"`
	} `xml:"identification"`
	Addresses []struct {
		Street      string `xml:"street,attr"`
		POBox       string `xml:"poBox,attr"`
		City        string `xml:"city,attr"`
		ZipCode     string `xml:"zipCode,attr"`
		Region      string `xml:"region,attr"`
		Place       string `xml:"place,attr"`
		Description string `xml:"countryDescription,attr"`
		Iso2        string `xml:"countryIso2Code,attr"`
	} `xml:"address"`
}

func (rec *euEntity) entry() (Entry, error) {
	e := Entry{Source: EU, SourceID: xmlClean(rec.LogicalID)}
	if e.SourceID == "" {
		return e, errors.New("missing logicalId attribute")
	}
	switch strings.ToLower(xmlClean(rec.SubjectType.Code)) {
	case "person":
		e.Kind = Individual
	case "enterprise":
		e.Kind = Entity
	default:
		e.Kind = Unknown
	}
	// The export lists a subject's names in no meaningful order (a
	// translation or a misspelling often comes first), so the primary name
	// is the first of the strong names given with the most of first, middle
	// and last name, English preferred among equals; with no strong name,
	// the first name. The others keep their order.
	primary, best := 0, -1
	for _, a := range rec.Names {
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
		if q == "strong" {
			rank := 0
			for _, part := range []string{a.FirstName, a.MiddleName, a.LastName} {
				if xmlClean(part) != "" {
					rank += 2
				}
			}
			if strings.EqualFold(xmlClean(a.Language), "EN") {
				rank++
			}
			if rank > best {
				primary, best = len(e.Names), rank
			}
		}
		e.Names = append(e.Names, Name{Text: text, Quality: q})
	}
	if len(e.Names) == 0 {
		return e, errors.New("no name: no nameAlias with a wholeName or first/last name")
	}
	if primary > 0 {
		p := e.Names[primary]
		copy(e.Names[1:primary+1], e.Names[:primary])
		e.Names[0] = p
	}
	// The primary name is a name, not an alias: its quality goes.
	e.Names[0].Quality = ""
	for _, reg := range rec.Regulations {
		e.Programs = xmlAppendUnique(e.Programs, reg.Programme)
	}
	e.ListedOn = xmlClean(rec.DesignationDate)
	for _, reg := range rec.Regulations {
		if d := xmlClean(reg.PublicationDate); d != "" && (e.ListedOn == "" || d < e.ListedOn) {
			e.ListedOn = d
		}
	}
	for _, c := range rec.Citizenships {
		e.Nationalities = xmlAppendUnique(e.Nationalities, euCountry(c.Description, c.Iso2))
	}
	for _, b := range rec.Birthdates {
		date := xmlClean(b.Birthdate)
		if date == "" {
			date = xmlClean(b.Year)
		}
		if date == "" {
			from, to := xmlClean(b.RangeFrom), xmlClean(b.RangeTo)
			switch {
			case from != "" && to != "" && from != to:
				date = from + "-" + to
			case from != "":
				date = from
			default:
				date = to
			}
		}
		if date != "" && strings.EqualFold(xmlClean(b.Circa), "true") {
			date = "circa " + date
		}
		e.BirthDates = xmlAppendUnique(e.BirthDates, date)
		e.Countries = xmlAppendUnique(e.Countries, euCountry(b.Description, b.Iso2))
	}
	for _, id := range rec.Identifications {
		typ := xmlClean(id.TypeDescription)
		if typ == "" {
			typ = xmlClean(id.TypeCode)
		}
		num := xmlClean(id.Number)
		if num == "" {
			num = xmlClean(id.LatinNumber)
		}
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: typ, Number: num, Country: euCountry(id.Description, id.Iso2)})
	}
	if un := xmlClean(rec.UnitedNationID); un != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: un})
	}
	for _, a := range rec.Addresses {
		pobox := xmlClean(a.POBox)
		if pobox != "" {
			pobox = "PO Box " + pobox
		}
		addr := Address{
			Text:    xmlAddress(a.Street, pobox, a.City, a.ZipCode, a.Region, a.Place),
			Country: euCountry(a.Description, a.Iso2),
		}
		if addr.Text != "" || addr.Country != "" {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	e.Remarks = xmlJoin("\n", rec.Remark...)
	return e, nil
}

// euCountry is the country description, or the ISO code when there is no
// description; the FSF placeholder for "no country" (code "00",
// description "UNKNOWN") gives "".
func euCountry(description, iso2 string) string {
	description, iso2 = xmlClean(description), xmlClean(iso2)
	if iso2 == "00" || strings.EqualFold(description, "UNKNOWN") {
		return ""
	}
	if description != "" {
		return description
	}
	return iso2
}
