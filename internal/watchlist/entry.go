// Package watchlist reads the official sanctions and export-control lists
// (OFAC, the US Consolidated Screening List, the UN, EU and UK lists) from
// their published files into listed entries, one entry at a time, and names
// the lists for people. It knows nothing of matching nor of the database.
package watchlist

import "fmt"

// Source names a list as the product and its API call it.
type Source string

const (
	OFACSDN  Source = "us-ofac-sdn"
	OFACCons Source = "us-ofac-cons"
	USCSL    Source = "us-csl"
	UN       Source = "un"
	EU       Source = "eu"
	UK       Source = "uk"

	// Demo is the fictitious list a demonstration installation screens
	// against: a list of its own, so that it never replaces an official one.
	Demo Source = "demo"
)

// Kind is what a listed entry is.
type Kind string

const (
	Individual Kind = "individual"
	Entity     Kind = "entity"
	Vessel     Kind = "vessel"
	Aircraft   Kind = "aircraft"
	Unknown    Kind = "unknown"
)

// Name is one name of an entry. The first name of an entry is its primary
// name; the others are aliases with the list's own quality words ("strong",
// "weak", "aka", "fka", "nka", "good", "low") kept as given, lower case.
type Name struct {
	Text    string `json:"text"`
	Quality string `json:"quality,omitempty"`
}

// Address is a postal address as the list gives it.
type Address struct {
	Text    string `json:"text,omitempty"`    // street lines, city, postal code joined with ", "
	Country string `json:"country,omitempty"` // as given: a name or an ISO code
}

// Identifier is a document or registration number of an entry.
type Identifier struct {
	Type    string `json:"type"`              // as given: "Passport", "IMO", "Registration Number" ...
	Number  string `json:"number"`            // as given
	Country string `json:"country,omitempty"` // issuing country, as given
}

// Entry is one listed person, organisation, vessel or aircraft.
type Entry struct {
	Source        Source       `json:"source"`
	SourceID      string       `json:"source_id"` // the list's own id: OFAC ent_num, UN DATAID, EU logicalId, UK UniqueID, CSL _id
	Kind          Kind         `json:"kind"`
	Names         []Name       `json:"names"`
	Programs      []string     `json:"programs,omitempty"` // programmes or regimes
	Addresses     []Address    `json:"addresses,omitempty"`
	Countries     []string     `json:"countries,omitempty"` // other countries the entry is tied to (citizenship, location), as given
	Nationalities []string     `json:"nationalities,omitempty"`
	BirthDates    []string     `json:"birth_dates,omitempty"` // as given: "1970", "1970-05-01", "circa 1970" ...
	Identifiers   []Identifier `json:"identifiers,omitempty"`
	Remarks       string       `json:"remarks,omitempty"`
	ListedOn      string       `json:"listed_on,omitempty"` // as given, ISO date where the list has one

	// Where the entry was loaded from, set when the index is built from the
	// database: decisions are remembered against the entry's hash.
	VersionID string `json:"-"`
	Hash      string `json:"-"`
}

// Emit receives entries one at a time as a parser reads them, so that a
// 20 MB list is never held twice in memory.
type Emit func(Entry) error

// FormatError is a list file that cannot be read, with where it broke.
type FormatError struct {
	File    string // the file's name as the caller gave it
	Line    int    // 1-based line, for line-based formats (0 when unknown)
	Element string // the XML element, for XML formats
	Msg     string
}

func (e *FormatError) Error() string {
	where := e.File
	switch {
	case e.Line > 0:
		where += fmt.Sprintf(", line %d", e.Line)
	case e.Element != "":
		where += ", element " + e.Element
	}
	return where + ": " + e.Msg
}
