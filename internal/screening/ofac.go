package screening

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// OFACFiles are the four files of an OFAC legacy CSV download: the main file
// (sdn.csv or cons_prim.csv) and its satellites — addresses (add.csv,
// cons_add.csv), aliases (alt.csv, cons_alt.csv) and the remarks overflow
// (sdn_comments.csv, cons_comments.csv). Add, Alt and Comments may be nil.
// The names are used in error messages only.
type OFACFiles struct {
	Main, Add, Alt, Comments                 io.Reader
	MainName, AddName, AltName, CommentsName string
}

// OFACStats counts what ParseOFAC read. Addresses, Aliases and Comments are
// the satellite rows attached to an entry of the main file (address rows
// with every field -0- are not counted); Orphans are satellite rows whose
// ent_num is not in the main file — skipped, never an error, because OFAC
// publishes the files separately and a set is often not from one day.
type OFACStats struct {
	Entries, Addresses, Aliases, Comments, Orphans int
}

// The legacy CSV layout: no header, fixed columns, "-0-" for empty.
const (
	ofacMainFields     = 12 // ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
	ofacAddFields      = 6  // ent_num, add_num, address, city/state/postal, country, add_remarks
	ofacAltFields      = 5  // ent_num, alt_num, alt_type, alt_name, alt_remarks
	ofacCommentsFields = 2  // ent_num, remarks overflow
)

// ParseOFAC reads an OFAC legacy CSV set (SDN or the consolidated non-SDN
// lists, which share the layout) and emits one Entry per row of the main
// file, in file order. The satellites are read first into memory (they are
// small); the main file is streamed. Any file that does not parse — broken
// quoting, a row with the wrong number of fields, a non-numeric or repeated
// ent_num, a row without a name, a last line that is neither a row nor the
// \x1a end-of-file mark, a main file without rows — stops the
// parse with a *FormatError naming the file and line. An error returned by
// emit stops the parse and is returned as is.
func ParseOFAC(src Source, files OFACFiles, emit Emit) (OFACStats, error) {
	var stats OFACStats
	if files.Main == nil {
		return stats, &FormatError{File: files.MainName, Msg: "no main file"}
	}

	addrs := map[int][]Address{}
	addrRows := map[int]int{}
	if files.Add != nil {
		err := readOFACFile(files.Add, files.AddName, ofacAddFields, func(id int, rec []string) error {
			addrRows[id]++
			a := Address{
				Text:    strJoinNonEmpty(", ", ofacField(rec[2]), ofacField(rec[3])),
				Country: ofacField(rec[4]),
			}
			if a.Text != "" || a.Country != "" {
				addrs[id] = append(addrs[id], a)
			}
			return nil
		})
		if err != nil {
			return stats, err
		}
	}

	aliases := map[int][]Name{}
	if files.Alt != nil {
		err := readOFACFile(files.Alt, files.AltName, ofacAltFields, func(id int, rec []string) error {
			text := ofacField(rec[3])
			quality := strings.ToLower(ofacField(rec[2]))
			if strings.Contains(strings.ToLower(ofacField(rec[4])), "weak") {
				quality = "weak"
			}
			// An alias row without a name still belongs to its entry for
			// the orphan count; it just adds no name.
			aliases[id] = append(aliases[id], Name{Text: text, Quality: quality})
			return nil
		})
		if err != nil {
			return stats, err
		}
	}

	comments := map[int][]string{}
	if files.Comments != nil {
		err := readOFACFile(files.Comments, files.CommentsName, ofacCommentsFields, func(id int, rec []string) error {
			comments[id] = append(comments[id], rec[1])
			return nil
		})
		if err != nil {
			return stats, err
		}
	}

	seen := map[int]bool{}
	err := readOFACFile(files.Main, files.MainName, ofacMainFields, func(id int, rec []string) error {
		if seen[id] {
			return fmt.Errorf("ent_num %d repeated", id)
		}
		seen[id] = true
		e, err := ofacEntry(src, id, rec, addrs[id], aliases[id], comments[id], &stats)
		if err != nil {
			return err
		}
		if err := emit(e); err != nil {
			return ofacEmitError{err}
		}
		stats.Entries++
		return nil
	})
	if err != nil {
		return stats, err
	}
	if stats.Entries == 0 {
		return stats, &FormatError{File: files.MainName, Msg: "no entries"}
	}

	for id, n := range addrRows {
		if !seen[id] {
			stats.Orphans += n
		}
	}
	for id, as := range aliases {
		if !seen[id] {
			stats.Orphans += len(as)
		}
	}
	for id, cs := range comments {
		if !seen[id] {
			stats.Orphans += len(cs)
		}
	}
	return stats, nil
}

// ofacEntry builds the entry of one main-file row with its satellites.
func ofacEntry(src Source, id int, rec []string, addrs []Address, aliases []Name, comments []string, stats *OFACStats) (Entry, error) {
	name := ofacField(rec[1])
	if name == "" {
		return Entry{}, errors.New("empty SDN_Name")
	}
	e := Entry{
		Source:   src,
		SourceID: strconv.Itoa(id),
		Kind:     ofacKind(rec[2]),
		Names:    []Name{{Text: name}},
	}
	for _, a := range aliases {
		stats.Aliases++
		if a.Text != "" {
			e.Names = append(e.Names, a)
		}
	}
	if p := ofacField(rec[3]); p != "" {
		for _, prog := range strings.Split(p, "] [") {
			prog = strings.TrimSpace(strings.Trim(strings.TrimSpace(prog), "[]"))
			if prog != "" {
				e.Programs = strAppendUnique(e.Programs, prog)
			}
		}
	}
	for _, a := range addrs {
		stats.Addresses++
		e.Addresses = append(e.Addresses, a)
	}
	if cs := ofacField(rec[5]); cs != "" {
		e.Identifiers = append(e.Identifiers, Identifier{Type: "Call Sign", Number: cs})
	}
	if flag := ofacField(rec[9]); flag != "" {
		e.Countries = strAppendUnique(e.Countries, flag)
	}

	// The remarks column is cut at a fixed length; the rest is in the
	// comments file and continues mid-word, so the pieces are joined as is.
	remarks := ""
	if ofacField(rec[11]) != "" {
		remarks = rec[11]
	}
	for _, c := range comments {
		stats.Comments++
		if ofacField(c) != "" {
			remarks += c
		}
	}
	remarks = strings.TrimSpace(remarks)
	ofacParseRemarks(&e, remarks)

	extras := []string{remarks}
	for _, x := range []struct{ label, v string }{
		{"Title", rec[4]}, {"Vessel Type", rec[6]}, {"Tonnage", rec[7]}, {"GRT", rec[8]}, {"Vessel Owner", rec[10]},
	} {
		if v := ofacField(x.v); v != "" {
			extras = append(extras, x.label+": "+v)
		}
	}
	e.Remarks = strJoinNonEmpty("; ", extras...)
	return e, nil
}

func ofacKind(s string) Kind {
	switch strings.ToLower(ofacField(s)) {
	case "":
		return Entity
	case "individual":
		return Individual
	case "vessel":
		return Vessel
	case "aircraft":
		return Aircraft
	}
	return Unknown
}

// ofacField is a field with OFAC's "-0-" (often with trailing spaces) read
// as empty, and surrounding spaces trimmed.
func ofacField(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// readOFACFile reads one headerless OFAC CSV file of n fields per row and
// calls row with the numeric ent_num of each. Errors from row that are not
// already a *FormatError are given the file and line of the row.
func readOFACFile(r io.Reader, name string, n int, row func(id int, rec []string) error) error {
	cr := newCSVListReader(r, name, n)
	for {
		rec, err := cr.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line := cr.line()
		id, err := strconv.Atoi(strings.TrimSpace(rec[0]))
		if err != nil || id <= 0 {
			return &FormatError{File: name, Line: line, Msg: fmt.Sprintf("ent_num %q is not a positive number", rec[0])}
		}
		if err := row(id, rec); err != nil {
			var ee ofacEmitError
			if errors.As(err, &ee) {
				return ee.err
			}
			var fe *FormatError
			if errors.As(err, &fe) {
				return err
			}
			return &FormatError{File: name, Line: line, Msg: err.Error()}
		}
	}
}

// ofacEmitError wraps an error returned by the caller's Emit so that it is
// passed through unchanged rather than turned into a FormatError.
type ofacEmitError struct{ err error }

func (e ofacEmitError) Error() string { return e.err.Error() }

// csvListReader is encoding/csv with strict quoting and a fixed number of
// fields, which also accepts the DOS end-of-file mark (a last line holding
// only \x1a) that OFAC files end with, and turns every parse error into a
// *FormatError with the file name and line.
type csvListReader struct {
	r    *csv.Reader
	name string
	done bool
}

func newCSVListReader(r io.Reader, name string, n int) *csvListReader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = n
	cr.LazyQuotes = false
	cr.ReuseRecord = true
	return &csvListReader{r: cr, name: name}
}

func (l *csvListReader) line() int {
	line, _ := l.r.FieldPos(0)
	return line
}

func (l *csvListReader) read() ([]string, error) {
	if l.done {
		return nil, io.EOF
	}
	rec, err := l.r.Read()
	if err == nil || err == io.EOF {
		return rec, err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) && len(rec) == 1 && strings.TrimSpace(rec[0]) == "\x1a" {
		line := pe.Line
		if _, err := l.r.Read(); err != io.EOF {
			return nil, &FormatError{File: l.name, Line: line, Msg: "data after the end-of-file mark (\\x1a)"}
		}
		l.done = true
		return nil, io.EOF
	}
	return nil, csvListFormatError(l.name, err)
}

func csvListFormatError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields"
		}
		if pe.Column > 0 && !errors.Is(pe.Err, csv.ErrFieldCount) {
			msg += fmt.Sprintf(" (column %d)", pe.Column)
		}
		if pe.StartLine != pe.Line && pe.StartLine > 0 {
			msg += fmt.Sprintf(" in the record that starts on line %d", pe.StartLine)
		}
		return &FormatError{File: name, Line: pe.Line, Msg: msg}
	}
	return &FormatError{File: name, Msg: err.Error()}
}

// ofacParseRemarks reads the common fields of OFAC's remarks text ("DOB 28 Jul
// 1963; POB Tehran, Iran; nationality Iran; Passport A123 (Iran); a.k.a.
// 'X'.") into the entry. The remarks text itself is kept as is by the
// caller; what is not understood is simply left there.
func ofacParseRemarks(e *Entry, remarks string) {
	if remarks == "" {
		return
	}
	for _, item := range strings.Split(remarks, ";") {
		item = strings.TrimSpace(item)
		item = strings.TrimSpace(strings.TrimPrefix(item, "alt."))
		item = strings.TrimSuffix(item, ".")
		// a.k.a. names in the remarks are OFAC's weak aliases.
		for _, p := range []string{"a.k.a. '", "f.k.a. '", "n.k.a. '"} {
			if strings.HasPrefix(item, p) && strings.HasSuffix(item, "'") && len(item) > len(p) {
				if n := strings.TrimSpace(item[len(p) : len(item)-1]); n != "" {
					e.Names = append(e.Names, Name{Text: n, Quality: "weak"})
				}
				item = ""
				break
			}
		}
		switch {
		case item == "":
		case strings.HasPrefix(item, "DOB "):
			if d := strings.TrimSpace(item[4:]); d != "" {
				e.BirthDates = strAppendUnique(e.BirthDates, d)
			}
		case strings.HasPrefix(item, "POB "):
			if c := placeCountry(item[4:]); c != "" {
				e.Countries = strAppendUnique(e.Countries, c)
			}
		case strings.HasPrefix(item, "nationality "):
			if c := strings.TrimSpace(item[len("nationality "):]); c != "" {
				e.Nationalities = strAppendUnique(e.Nationalities, c)
			}
		case strings.HasPrefix(item, "citizen "):
			if c := strings.TrimSpace(item[len("citizen "):]); c != "" {
				e.Countries = strAppendUnique(e.Countries, c)
			}
		default:
			if id, ok := ofacRemarkIdentifier(item); ok {
				e.Identifiers = idAppend(e.Identifiers, id)
			}
		}
	}
}

// ofacRemarkIdentifier reads "<Type> <Number> (<Country>) issued ... expires ..."
// where Type is one of the identifier types OFAC uses.
func ofacRemarkIdentifier(item string) (Identifier, bool) {
	// Longest known type that the item starts with, followed by a space.
	typ, rest := "", ""
	// Labels are short: looking further would make long items quadratic.
	for i := min(len(item)-1, idMaxLabel); i > 0; i-- {
		if item[i] != ' ' {
			continue
		}
		if t, ok := idType(item[:i]); ok {
			typ, rest = t, strings.TrimSpace(item[i+1:])
			break
		}
	}
	if typ == "" {
		return Identifier{}, false
	}
	number, country := idSplitNumber(rest)
	if number == "" {
		return Identifier{}, false
	}
	return idIMO(Identifier{Type: typ, Number: number, Country: country}), true
}

// idSplitNumber splits "A123 (Stuttgart) (Germany) issued 2010" into the
// number and the last parenthesised part before any issued/expires note.
func idSplitNumber(s string) (number, country string) {
	for _, cut := range []string{" issued ", " expires ", " Expires ", " Issued "} {
		if i := strings.Index(s, cut); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	i := strings.Index(s, " (")
	if i < 0 {
		return s, ""
	}
	number = strings.TrimSpace(s[:i])
	rest := strings.TrimSpace(s[i:])
	for strings.HasPrefix(rest, "(") {
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			break
		}
		if c := strings.TrimSpace(rest[1:j]); c != "" {
			country = c
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	return number, country
}

// idIMO turns OFAC's ways of writing a ship's IMO number
// ("Vessel Registration Identification IMO 9486910", "Identification
// Number IMO 9339301") into Identifier{Type: "IMO"}; an IMO company number
// becomes "IMO Company Number".
func idIMO(id Identifier) Identifier {
	n, ok := strings.CutPrefix(id.Number, "IMO ")
	if !ok {
		return id
	}
	n = strings.TrimSpace(n)
	if n == "" {
		return id
	}
	switch id.Type {
	case "Vessel Registration Identification", "Identification Number", "IMO":
		return Identifier{Type: "IMO", Number: n, Country: id.Country}
	case "Company Number":
		return Identifier{Type: "IMO Company Number", Number: n, Country: id.Country}
	}
	return id
}

// idTypes are the document and registration number labels used by
// OFAC (in remarks) and the CSL (in ids), as given by the lists.
var idTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range []string{
		// persons
		"Passport", "Diplomatic Passport", "Passport Booklet", "Stateless Person Passport",
		"British National Overseas Passport", "National ID No.", "National Foreign ID Number",
		"Identification Number", "Personal ID Card", "Citizen's Card Number", "Kenyan ID No.",
		"Turkish Identification Number", "UAE Identification", "Moroccan Personal ID No.",
		"Bosnian Personal ID No.", "Tazkira National ID Card", "Refugee ID Card", "Stateless Person ID Card",
		"Numero de Identidad", "CNP (Personal Numerical Code)", "N.I.E.", "D.N.I.", "Cedula No.",
		"C.U.R.P.", "C.U.R.P. #", "C.U.I.", "C.U.I.P.", "C.U.I.T.", "I.F.E.", "Credencial electoral",
		"Cartilla de Servicio Militar Nacional", "Electoral Registry No.", "Driver's License No.",
		"Birth Certificate Number", "Travel Document Number", "Residency Number", "Romanian Permanent Resident",
		"VisaNumberID", "Immigration No.", "Public Security and Immigration No.", "SRE Permit No.",
		"Seafarer's Identification Document", "Pilot License Number", "SSN",
		// tax
		"Tax ID No.", "R.F.C.", "R.F.C. #", "RFC", "NIT #", "RUC #", "RIF #", "RTN", "US FEIN",
		"Italian Fiscal Code", "Fiscal Code", "Paraguayan tax identification number",
		"Numero Unico de Identificacao Tributaria (NUIT)", "Romanian Tax Registration", "V.A.T. Number",
		"C.I.F.", "RSIN",
		// organisations
		"Registration Number", "Registration ID", "Business Registration Number",
		"Business Registration Document #", "Public Registration Number", "Commercial Registry Number",
		"Company Number", "UK Company Number", "Enterprise Number", "Branch Unit Number", "Business Number",
		"C.R. No.", "Romanian C.R.", "Certificate of Incorporation Number", "Chamber of Commerce Number",
		"Istanbul Chamber of Comm. No.", "Dubai Chamber of Commerce Membership No.",
		"Central Registration System Number", "Government Gazette Number", "Economic Register Number (CBLS)",
		"Folio Mercantil No.", "Matricula Mercantil No", "Trade License No.", "License", "Tourism License No.",
		"Afghan Money Service Provider License Number", "MSB Registration Number", "Registered Charity No.",
		"Unified Social Credit Code (USCC)", "United Social Credit Code Certificate (USCCC)", "Organization Code",
		"Legal Entity Number", "D-U-N-S Number", "SWIFT/BIC", "BIK (RU)", "ISIN", "Permit Number", "File Number",
		// vessels and aircraft
		"IMO", "Vessel Registration Identification", "MMSI", "Call Sign", "Other Vessel Call Sign",
		"Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Tail Number", "Previous Aircraft Tail Number",
		"Aircraft Mode S Transponder Code", "Aircraft Serial Identification",
		"Aircraft Construction Number (also called L/N or S/N or F/N)",
	} {
		m[t] = true
	}
	return m
}()

// idMaxLabel is the length of the longest label idType accepts.
const idMaxLabel = 80

// idType says whether label names an identifier, and the type to
// store ("Passport Booklet:" → "Passport Booklet").
func idType(label string) (string, bool) {
	label = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(label), ":"))
	if idTypes[label] {
		return label, true
	}
	if c, ok := strings.CutPrefix(label, "Digital Currency Address - "); ok && c != "" && !strings.ContainsAny(c, " ") {
		return label, true
	}
	return "", false
}

// idAppend, strAppendUnique and cslAppendName drop exact duplicates; past
// maxDedup values they just append, so that a hostile file cannot make the
// parse quadratic.
const maxDedup = 64

func idAppend(ids []Identifier, id Identifier) []Identifier {
	if len(ids) > maxDedup {
		return append(ids, id)
	}
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

func strAppendUnique(list []string, s string) []string {
	if len(list) > maxDedup {
		return append(list, s)
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func strJoinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

// placeCountry is the last comma-separated part of a place ("Tehran, Iran" →
// "Iran"), which in OFAC's and the CSL's places of birth is the country.
func placeCountry(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}
