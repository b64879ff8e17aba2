package watchlist

import (
	"fmt"
	"io"
	"strings"
)

// cslRequired are the CSL columns without which a file is not the CSL.
var cslRequired = []string{"_id", "source", "name"}

// ParseCSL reads the US Consolidated Screening List CSV published by
// trade.gov (a header row, then one row per listed party from the 13 source
// lists) and emits one Entry per row, in file order; it returns the number
// of entries emitted. Columns are found by their header names, so a
// reordered or extended file still reads; a header without _id, source or
// name, a row with a different number of fields than the header, broken
// quoting, a row without _id or name, or a file without rows is refused with a *FormatError
// naming the file and line. An error returned by emit stops the parse and
// is returned as is.
//
// The CSL's source list ("Entity List (EL) - Bureau of Industry and
// Security") is kept as a "[<source>] " prefix of Remarks; programs stay
// programs.
func ParseCSL(r io.Reader, name string, emit Emit) (int, error) {
	lr := newCSVListReader(r, name, 0) // 0: every row has the header's field count
	col, err := readCSLColumns(lr, name)
	if err != nil {
		return 0, err
	}
	n := 0
	seen := map[string]bool{}
	for {
		rec, err := lr.read()
		if err == io.EOF {
			if n == 0 {
				return 0, &FormatError{File: name, Msg: "no entries"}
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
		get := col.getter(rec)
		e, msg := cslEntry(get)
		if msg != "" {
			return n, &FormatError{File: name, Line: lr.line(), Msg: msg}
		}
		// The CSL reuses an _id when one party is on two of its lists (the
		// same OFAC number on SDN and CAPTA): the second keeps the _id with
		// its list's abbreviation, so both stay as separate entries.
		if seen[e.SourceID] {
			e.SourceID += "/" + cslAbbrev(get("source"))
		}
		if seen[e.SourceID] {
			return n, &FormatError{File: name, Line: lr.line(), Msg: "_id " + e.SourceID + " appears twice in one list"}
		}
		seen[e.SourceID] = true
		if err := emit(e); err != nil {
			return n, err
		}
		n++
	}
}

// cslColumns are the columns of the CSL by header name.
type cslColumns map[string]int

// readCSLColumns reads the header row; one without the required columns is
// not the CSL.
func readCSLColumns(lr *csvListReader, name string) (cslColumns, error) {
	header, err := lr.read()
	if err == io.EOF {
		return nil, &FormatError{File: name, Msg: "empty file, no header"}
	}
	if err != nil {
		return nil, err
	}
	col := cslColumns{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, c := range cslRequired {
		if _, ok := col[c]; !ok {
			return nil, &FormatError{File: name, Line: lr.line(), Msg: fmt.Sprintf("header has no %q column: not a Consolidated Screening List CSV", c)}
		}
	}
	return col, nil
}

// getter returns the trimmed value of a column of rec by its header name, ""
// for a column the file does not have.
func (col cslColumns) getter(rec []string) func(string) string {
	return func(c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
}

func cslEntry(get func(string) string) (Entry, string) {
	e := Entry{
		Source:   USCSL,
		SourceID: get("_id"),
		Kind:     kindOf(strings.TrimSpace(get("type")), cslKinds),
		ListedOn: get("start_date"),
	}
	if e.SourceID == "" {
		return e, "empty _id"
	}
	primary := get("name")
	if primary == "" {
		return e, "empty name"
	}
	e.Names = []Name{{Text: primary}}
	for _, a := range cslList(get("alt_names")) {
		if a != primary {
			e.Names = appendUnique(e.Names, Name{Text: a, Quality: "aka"})
		}
	}
	for _, p := range cslList(get("programs")) {
		e.Programs = appendUnique(e.Programs, p)
	}
	e.Addresses = cslAddresses(get("addresses"))
	for _, c := range cslList(get("citizenships")) {
		e.Countries = appendUnique(e.Countries, c)
	}
	if f := get("vessel_flag"); f != "" {
		e.Countries = appendUnique(e.Countries, f)
	}
	for _, p := range cslList(get("places_of_birth")) {
		if c := placeCountry(p); c != "" {
			e.Countries = appendUnique(e.Countries, c)
		}
	}
	for _, c := range cslList(get("nationalities")) {
		e.Nationalities = appendUnique(e.Nationalities, c)
	}
	for _, d := range cslList(get("dates_of_birth")) {
		e.BirthDates = appendUnique(e.BirthDates, d)
	}
	if cs := get("call_sign"); cs != "" {
		e.Identifiers = append(e.Identifiers, Identifier{Type: "Call Sign", Number: cs})
	}
	for _, id := range cslIdentifiers(get("ids")) {
		e.Identifiers = appendUnique(e.Identifiers, id)
	}
	e.Remarks = cslRemarks(get)
	return e, ""
}

// cslRemarks are the row's remarks with the details that have no field of
// their own, after the name of the CSL's source list in brackets.
func cslRemarks(get func(string) string) string {
	var details []string
	for _, x := range []struct{ label, col string }{
		{"", "remarks"}, {"Title", "title"}, {"Places of birth", "places_of_birth"},
		{"Vessel Type", "vessel_type"}, {"Gross Tonnage", "gross_tonnage"},
		{"GRT", "gross_registered_tonnage"}, {"Vessel Owner", "vessel_owner"},
	} {
		if v := get(x.col); v != "" {
			if x.label != "" {
				v = x.label + ": " + v
			}
			details = append(details, v)
		}
	}
	rem := strJoinNonEmpty("; ", details...)
	if src := get("source"); src != "" {
		rem = strings.TrimSpace("[" + src + "] " + rem)
	}
	return rem
}

// cslAddresses reads the addresses column. The Entity List writes one field
// "street A; and street B, City, CN" with the country code only at the end:
// it holds for every part.
func cslAddresses(column string) []Address {
	var addrs []Address
	for _, a := range cslList(column) {
		addrs = append(addrs, cslAddress(a))
	}
	if k := len(addrs); k > 1 && addrs[k-1].Country != "" {
		for i := range addrs[:k-1] {
			if addrs[i].Country == "" {
				addrs[i].Country = addrs[k-1].Country
			}
		}
	}
	return addrs
}

// cslKinds are the values of the type column.
var cslKinds = map[string]Kind{"individual": Individual, "entity": Entity, "vessel": Vessel, "aircraft": Aircraft}

// cslList splits a CSL multi-value field ("a; b; and c") into its values.
func cslList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(s, ";") {
		v = strings.TrimSpace(v)
		v = strings.TrimSpace(strings.TrimPrefix(v, "and "))
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// cslAddress reads "street, city, postal code, CC" where the last part is
// the ISO country code the CSL appends to addresses.
func cslAddress(s string) Address {
	if cslIsCountryCode(s) {
		return Address{Country: s}
	}
	if i := strings.LastIndex(s, ","); i >= 0 {
		if cc := strings.TrimSpace(s[i+1:]); cslIsCountryCode(cc) {
			return Address{Text: strings.TrimSpace(s[:i]), Country: cc}
		}
	}
	return Address{Text: s}
}

func cslIsCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// cslIdentifiers reads the CSL ids column: "; "-separated items whose
// comma-separated parts are either "Type, Number[, Country]" or, in older
// exports, "[Country, ][Expiry, ][Issued, ]Number, Type". Items whose type
// is not a document or registration number (Gender, Website, Secondary
// sanctions risk ...) are left out.
func cslIdentifiers(s string) []Identifier {
	var ids []Identifier
	for _, item := range strings.Split(s, ";") {
		parts := strings.Split(item, ", ")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if len(parts) < 2 {
			continue
		}
		var typ, number, country string
		last := len(parts) - 1
		if t, ok := idType(parts[last]); ok {
			typ, number = t, parts[last-1]
			if len(parts) >= 3 && !cslHasDigit(parts[0]) {
				country = parts[0]
			}
		} else if t, ok := idType(parts[0]); ok {
			typ, number = t, parts[1]
			if len(parts) >= 3 && !cslHasDigit(parts[2]) {
				country = parts[2]
			}
		} else {
			continue
		}
		number, paren := idSplitNumber(number)
		if country == "" {
			country = paren
		}
		if number == "" {
			continue
		}
		ids = appendUnique(ids, idIMO(Identifier{Type: typ, Number: number, Country: country}))
	}
	return ids
}

func cslHasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// cslAbbrev is the abbreviation in parentheses of a CSL source list name,
// e.g. "CAP" from "Capta List (CAP) - Treasury Department", or the name.
func cslAbbrev(source string) string {
	if i := strings.Index(source, "("); i >= 0 {
		if j := strings.Index(source[i:], ")"); j > 0 {
			return source[i+1 : i+j]
		}
	}
	return source
}
