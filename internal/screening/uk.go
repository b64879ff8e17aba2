package screening

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ParseUK reads the UK Sanctions List published by the FCDO as XML
// (Designations / Designation) and emits one Entry per Designation as it
// reads it. It returns the number of entries emitted. A document that is not
// well-formed, has another root or holds a designation without UniqueID or
// name gives a *FormatError; an error returned by emit is returned as it
// is. Nothing is emitted after an error.
func ParseUK(r io.Reader, name string, emit Emit) (int, error) {
	n, ordinal := 0, 0
	err := xmlStream(r, name, "Designations",
		func(path []string, local string) bool {
			return len(path) == 1 && local == "Designation"
		},
		func(d *xml.Decoder, start xml.StartElement) error {
			ordinal++
			where := fmt.Sprintf("Designation #%d", ordinal)
			var rec ukDesignation
			if err := d.DecodeElement(&rec, &start); err != nil {
				return xmlDecodeError(name, where, err)
			}
			if id := xmlClean(rec.UniqueID); id != "" {
				where = "Designation UniqueID=" + id
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

type ukDesignation struct {
	UniqueID       string `xml:"UniqueID"`
	DateDesignated string `xml:"DateDesignated"`
	UNReference    string `xml:"UNReferenceNumber"`
	Names          []struct {
		Name1         string `xml:"Name1"`
		Name2         string `xml:"Name2"`
		Name3         string `xml:"Name3"`
		Name4         string `xml:"Name4"`
		Name5         string `xml:"Name5"`
		Name6         string `xml:"Name6"`
		NameType      string `xml:"NameType"`
		AliasStrength string `xml:"AliasStrength"`
	} `xml:"Names>Name"`
	NonLatinNames []string `xml:"NonLatinNames>NonLatinName>NameNonLatinScript"`
	RegimeName    []string `xml:"RegimeName"`
	Kind          string   `xml:"IndividualEntityShip"`
	OtherInfo     string   `xml:"OtherInformation"`
	Addresses     []struct {
		Line1      string `xml:"AddressLine1"`
		Line2      string `xml:"AddressLine2"`
		Line3      string `xml:"AddressLine3"`
		Line4      string `xml:"AddressLine4"`
		Line5      string `xml:"AddressLine5"`
		Line6      string `xml:"AddressLine6"`
		PostalCode string `xml:"AddressPostalCode"`
		Country    string `xml:"AddressCountry"`
	} `xml:"Addresses>Address"`
	Individuals []struct {
		DOBs          []string `xml:"DOBs>DOB"`
		Nationalities []string `xml:"Nationalities>Nationality"`
		Passports     []string `xml:"PassportDetails>Passport>PassportNumber"`
		NationalIDs   []string `xml:"NationalIdentifierDetails>NationalIdentifier>NationalIdentifierNumber"`
		BirthCountry  []string `xml:"BirthDetails>Location>CountryOfBirth"`
	} `xml:"IndividualDetails>Individual"`
	Entities []struct {
		Registrations []string `xml:"BusinessRegistrationNumbers>BusinessRegistrationNumber"`
	} `xml:"EntityDetails>Entity"`
	Ships []struct {
		IMONumbers []string `xml:"IMONumbers>IMONumber"`
		Flags      []string `xml:"CurrentBelievedFlagOfShips>CurrentBelievedFlagOfShip"`
	} `xml:"ShipDetails>Ship"`
}

func (rec *ukDesignation) entry() (Entry, error) {
	e := Entry{Source: UK, SourceID: xmlClean(rec.UniqueID)}
	if e.SourceID == "" {
		return e, errors.New("missing UniqueID")
	}
	switch strings.ToLower(xmlClean(rec.Kind)) {
	case "individual":
		e.Kind = Individual
	case "entity":
		e.Kind = Entity
	case "ship":
		e.Kind = Vessel
	default:
		e.Kind = Unknown
	}
	// Name1 .. Name6 in the list's order; Name6 is the family name (an
	// organisation's or ship's whole name is in Name6 alone).
	primary := -1
	for _, nm := range rec.Names {
		text := xmlJoin(" ", nm.Name1, nm.Name2, nm.Name3, nm.Name4, nm.Name5, nm.Name6)
		if text == "" {
			continue
		}
		typ := xmlClean(nm.NameType)
		if primary < 0 && strings.EqualFold(typ, "Primary Name") {
			primary = len(e.Names)
		}
		e.Names = append(e.Names, Name{Text: text, Quality: ukQuality(typ, nm.AliasStrength)})
	}
	if primary > 0 {
		p := e.Names[primary]
		copy(e.Names[1:primary+1], e.Names[:primary])
		e.Names[0] = p
	}
	if len(e.Names) > 0 {
		e.Names[0].Quality = ""
	}
	for _, s := range rec.NonLatinNames {
		if t := xmlClean(s); t != "" {
			e.Names = append(e.Names, Name{Text: t, Quality: "non-latin script"})
		}
	}
	if len(e.Names) == 0 {
		return e, errors.New("no name: Names and NonLatinNames are empty")
	}
	for _, r := range rec.RegimeName {
		e.Programs = xmlAppendUnique(e.Programs, r)
	}
	e.ListedOn = ukDate(rec.DateDesignated)
	e.Remarks = xmlClean(rec.OtherInfo)
	for _, a := range rec.Addresses {
		addr := Address{
			Text:    xmlAddress(a.Line1, a.Line2, a.Line3, a.Line4, a.Line5, a.Line6, a.PostalCode),
			Country: xmlClean(a.Country),
		}
		if addr.Text != "" || addr.Country != "" {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	for _, ind := range rec.Individuals {
		for _, d := range ind.DOBs {
			e.BirthDates = xmlAppendUnique(e.BirthDates, ukDate(d))
		}
		for _, v := range ind.Nationalities {
			e.Nationalities = xmlAppendUnique(e.Nationalities, v)
		}
		for _, v := range ind.BirthCountry {
			e.Countries = xmlAppendUnique(e.Countries, v)
		}
		for _, v := range ind.Passports {
			e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "Passport", Number: xmlClean(v)})
		}
		for _, v := range ind.NationalIDs {
			e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "National Identification Number", Number: xmlClean(v)})
		}
	}
	for _, ent := range rec.Entities {
		for _, v := range ent.Registrations {
			e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "Business Registration Number", Number: xmlClean(v)})
		}
	}
	for _, ship := range rec.Ships {
		for _, v := range ship.IMONumbers {
			e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "IMO", Number: ukIMO(v)})
		}
		for _, v := range ship.Flags {
			e.Countries = xmlAppendUnique(e.Countries, v)
		}
	}
	if un := xmlClean(rec.UNReference); un != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: un})
	}
	return e, nil
}

// ukQuality is the quality of a non-primary name: the alias strength in the
// UN's words ("Good quality a.k.a" gives "good", "Low quality a.k.a" gives
// "low") or, without one, the name type in lower case ("alias", "primary
// name variation").
func ukQuality(nameType, strength string) string {
	s := strings.ToLower(xmlClean(strength))
	switch {
	case strings.HasPrefix(s, "good"):
		return "good"
	case strings.HasPrefix(s, "low"):
		return "low"
	case s != "":
		return s
	}
	return strings.ToLower(xmlClean(nameType))
}

// ukDate turns the list's dd/mm/yyyy into an ISO date. Unknown parts are
// written as letters ("dd/mm/1945"): they give "1945" or "1945-03".
// Anything else is returned as given.
func ukDate(s string) string {
	s = xmlClean(s)
	p := strings.Split(s, "/")
	if len(p) != 3 || len(p[2]) != 4 || !ukDigits(p[2]) {
		return s
	}
	day, month, year := p[0], p[1], p[2]
	if len(month) == 1 && ukDigits(month) {
		month = "0" + month
	}
	if len(day) == 1 && ukDigits(day) {
		day = "0" + day
	}
	switch {
	case len(month) != 2 || !ukDigits(month):
		return year
	case len(day) != 2 || !ukDigits(day):
		return year + "-" + month
	}
	return year + "-" + month + "-" + day
}

func ukDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// ukIMO is an IMO number without the "IMO" prefix the list writes
// ("IMO9562233" gives "9562233"); other values are kept as given.
func ukIMO(s string) string {
	s = xmlClean(s)
	if rest := strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(s), "IMO")); len(rest) < len(s) && ukDigits(rest) {
		return rest
	}
	return s
}
