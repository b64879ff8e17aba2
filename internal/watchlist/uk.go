package watchlist

import (
	"errors"
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
	return xmlList{root: "Designations", entries: [][]string{{"Designation"}},
		record: func() xmlRecord { return &ukDesignation{} }}.parse(r, name, emit)
}

// ukDesignation is one Designation.
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

func (rec *ukDesignation) where(at string) string {
	if id := xmlClean(rec.UniqueID); id != "" {
		return "Designation UniqueID=" + id
	}
	return at
}

func (rec *ukDesignation) entry() (Entry, error) {
	e := Entry{Source: UK, SourceID: xmlClean(rec.UniqueID), Kind: kindOf(xmlClean(rec.Kind), ukKinds)}
	if e.SourceID == "" {
		return e, errors.New("missing UniqueID")
	}
	e.Names = rec.names()
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
		e.Addresses = appendAddress(e.Addresses, Address{
			Text:    xmlAddress(a.Line1, a.Line2, a.Line3, a.Line4, a.Line5, a.Line6, a.PostalCode),
			Country: xmlClean(a.Country),
		})
	}
	rec.addDetails(&e)
	if un := xmlClean(rec.UNReference); un != "" {
		e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "UN Reference Number", Number: un})
	}
	return e, nil
}

// ukKinds are the values of IndividualEntityShip.
var ukKinds = map[string]Kind{"individual": Individual, "entity": Entity, "ship": Vessel}

// names are the designation's Latin names, the one of type "Primary Name"
// first. Name1 .. Name6 are in the list's order; Name6 is the family name
// (an organisation's or ship's whole name is in Name6 alone).
func (rec *ukDesignation) names() []Name {
	var names []Name
	primary := -1
	for _, nm := range rec.Names {
		text := xmlJoin(" ", nm.Name1, nm.Name2, nm.Name3, nm.Name4, nm.Name5, nm.Name6)
		if text == "" {
			continue
		}
		typ := xmlClean(nm.NameType)
		if primary < 0 && strings.EqualFold(typ, "Primary Name") {
			primary = len(names)
		}
		names = append(names, Name{Text: text, Quality: ukQuality(typ, nm.AliasStrength)})
	}
	return primaryFirst(names, primary)
}

// addDetails adds what the individual, entity and ship details say.
func (rec *ukDesignation) addDetails(e *Entry) {
	for _, ind := range rec.Individuals {
		for _, d := range ind.DOBs {
			e.BirthDates = xmlAppendUnique(e.BirthDates, ukDate(d))
		}
		e.Nationalities = xmlAppendAll(e.Nationalities, ind.Nationalities)
		e.Countries = xmlAppendAll(e.Countries, ind.BirthCountry)
		e.Identifiers = ukAppendIdentifiers(e.Identifiers, "Passport", ind.Passports)
		e.Identifiers = ukAppendIdentifiers(e.Identifiers, "National Identification Number", ind.NationalIDs)
	}
	for _, ent := range rec.Entities {
		e.Identifiers = ukAppendIdentifiers(e.Identifiers, "Business Registration Number", ent.Registrations)
	}
	for _, ship := range rec.Ships {
		for _, v := range ship.IMONumbers {
			e.Identifiers = xmlAppendIdentifier(e.Identifiers, Identifier{Type: "IMO", Number: ukIMO(v)})
		}
		e.Countries = xmlAppendAll(e.Countries, ship.Flags)
	}
}

// ukAppendIdentifiers appends the numbers of one type.
func ukAppendIdentifiers(ids []Identifier, typ string, numbers []string) []Identifier {
	for _, v := range numbers {
		ids = xmlAppendIdentifier(ids, Identifier{Type: typ, Number: xmlClean(v)})
	}
	return ids
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
