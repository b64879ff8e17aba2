package watchlist

import (
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
	sat, err := readOFACSatellites(files)
	if err != nil {
		return stats, err
	}
	seen := map[int]bool{}
	err = readOFACFile(files.Main, files.MainName, ofacMainFields, func(id int, rec []string) error {
		if seen[id] {
			return fmt.Errorf("ent_num %d repeated", id)
		}
		seen[id] = true
		e, err := ofacEntry(src, id, rec, sat.addrs[id], sat.aliases[id], sat.comments[id], &stats)
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
	for id, n := range sat.rows {
		if !seen[id] {
			stats.Orphans += n
		}
	}
	return stats, nil
}

// ofacSatellites are the rows of the satellite files by ent_num.
type ofacSatellites struct {
	addrs    map[int][]Address
	aliases  map[int][]Name
	comments map[int][]string
	rows     map[int]int // satellite rows of every kind, for the orphan count
}

// readOFACSatellites reads the add, alt and comments files that are given.
func readOFACSatellites(files OFACFiles) (*ofacSatellites, error) {
	s := &ofacSatellites{addrs: map[int][]Address{}, aliases: map[int][]Name{}, comments: map[int][]string{}, rows: map[int]int{}}
	for _, f := range []struct {
		r      io.Reader
		name   string
		fields int
		row    func(id int, rec []string)
	}{
		{files.Add, files.AddName, ofacAddFields, s.address},
		{files.Alt, files.AltName, ofacAltFields, s.alias},
		{files.Comments, files.CommentsName, ofacCommentsFields, s.comment},
	} {
		if f.r == nil {
			continue
		}
		err := readOFACFile(f.r, f.name, f.fields, func(id int, rec []string) error {
			s.rows[id]++
			f.row(id, rec)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// address files an address row; one with every field -0- adds nothing.
func (s *ofacSatellites) address(id int, rec []string) {
	a := Address{
		Text:    strJoinNonEmpty(", ", ofacField(rec[2]), ofacField(rec[3])),
		Country: ofacField(rec[4]),
	}
	if a.Text != "" || a.Country != "" {
		s.addrs[id] = append(s.addrs[id], a)
	}
}

// alias files an alias row. One without a name is kept too: it is counted
// among the aliases read, and adds no name.
func (s *ofacSatellites) alias(id int, rec []string) {
	quality := strings.ToLower(ofacField(rec[2]))
	if strings.Contains(strings.ToLower(ofacField(rec[4])), "weak") {
		quality = "weak"
	}
	s.aliases[id] = append(s.aliases[id], Name{Text: ofacField(rec[3]), Quality: quality})
}

// comment files a row of the remarks overflow.
func (s *ofacSatellites) comment(id int, rec []string) {
	s.comments[id] = append(s.comments[id], rec[1])
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
		Kind:     kindOf(ofacField(rec[2]), ofacKinds),
		Names:    []Name{{Text: name}},
	}
	for _, a := range aliases {
		stats.Aliases++
		if a.Text != "" {
			e.Names = append(e.Names, a)
		}
	}
	e.Programs = ofacPrograms(rec[3])
	for _, a := range addrs {
		stats.Addresses++
		e.Addresses = append(e.Addresses, a)
	}
	if cs := ofacField(rec[5]); cs != "" {
		e.Identifiers = append(e.Identifiers, Identifier{Type: "Call Sign", Number: cs})
	}
	if flag := ofacField(rec[9]); flag != "" {
		e.Countries = appendUnique(e.Countries, flag)
	}
	stats.Comments += len(comments)
	remarks := ofacRemarks(rec[11], comments)
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

// ofacPrograms reads the Program column: "[SDGT] [IRGC]".
func ofacPrograms(column string) []string {
	var programs []string
	if p := ofacField(column); p != "" {
		for _, prog := range strings.Split(p, "] [") {
			prog = strings.TrimSpace(strings.Trim(strings.TrimSpace(prog), "[]"))
			if prog != "" {
				programs = appendUnique(programs, prog)
			}
		}
	}
	return programs
}

// ofacRemarks is the remarks column with its overflow rows. The column is
// cut at a fixed length; the rest is in the comments file and continues
// mid-word, so the pieces are joined as they are.
func ofacRemarks(column string, comments []string) string {
	remarks := ""
	if ofacField(column) != "" {
		remarks = column
	}
	for _, c := range comments {
		if ofacField(c) != "" {
			remarks += c
		}
	}
	return strings.TrimSpace(remarks)
}

// ofacKinds are the values of SDN_Type; an empty one is an entity.
var ofacKinds = map[string]Kind{"": Entity, "individual": Individual, "vessel": Vessel, "aircraft": Aircraft}

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
				e.BirthDates = appendUnique(e.BirthDates, d)
			}
		case strings.HasPrefix(item, "POB "):
			if c := placeCountry(item[4:]); c != "" {
				e.Countries = appendUnique(e.Countries, c)
			}
		case strings.HasPrefix(item, "nationality "):
			if c := strings.TrimSpace(item[len("nationality "):]); c != "" {
				e.Nationalities = appendUnique(e.Nationalities, c)
			}
		case strings.HasPrefix(item, "citizen "):
			if c := strings.TrimSpace(item[len("citizen "):]); c != "" {
				e.Countries = appendUnique(e.Countries, c)
			}
		default:
			if id, ok := ofacRemarkIdentifier(item); ok {
				e.Identifiers = appendUnique(e.Identifiers, id)
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
