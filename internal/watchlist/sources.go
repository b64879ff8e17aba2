package watchlist

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// Official lists the official lists Vigil imports from their published
// files, in the order screens show them.
var Official = []Source{OFACSDN, OFACCons, USCSL, UN, EU, UK}

// Sources lists every list a database may hold, in the order screens show
// them: the official ones, then the demonstration list.
var Sources = append(slices.Clone(Official), Demo)

// Label is the list's name for people.
func (s Source) Label() string {
	switch s {
	case OFACSDN:
		return "US OFAC SDN"
	case OFACCons:
		return "US OFAC non-SDN"
	case USCSL:
		return "US Consolidated Screening List"
	case UN:
		return "UN Security Council"
	case EU:
		return "EU financial sanctions"
	case UK:
		return "UK sanctions list"
	case Demo:
		return "Demonstration list — fictitious entries"
	}
	return string(s)
}

// EntryRef names an entry of the list for people: the list and the entry's
// own id there.
func (s Source) EntryRef(sourceID string) string { return s.Label() + " " + sourceID }

// ParseSource returns the official list named s ("us-ofac-sdn" ...), or an
// error listing them. The demonstration list is no choice: it is seeded,
// never imported as a list.
func ParseSource(s string) (Source, error) {
	for _, src := range Official {
		if string(src) == s {
			return src, nil
		}
	}
	var names []string
	for _, src := range Official {
		names = append(names, string(src))
	}
	return "", fmt.Errorf("unknown list %q: use one of %s", s, strings.Join(names, ", "))
}

// File is one published file of a list.
type File struct {
	Name string // as the caller gave it, for error messages
	R    io.Reader
}

// Parse reads the files of one source and emits their entries; ParserFor
// chooses it by source. A file that cannot be read gives a *FormatError
// naming the file and the line or element where it broke; an error returned
// by emit is returned as it is. stats is what the parser counted, kept with
// the list version.
type Parse func(files []File, emit Emit) (stats any, err error)

// ParserFor returns the parser of a source's published files. The
// demonstration list is written in OFAC's layout.
func ParserFor(src Source) Parse {
	switch src {
	case OFACSDN, OFACCons, Demo:
		return func(files []File, emit Emit) (any, error) { return parseOFACFiles(src, files, emit) }
	case USCSL:
		return single(ParseCSL)
	case UN:
		return single(ParseUN)
	case EU:
		return single(ParseEU)
	case UK:
		return single(ParseUK)
	}
	return func([]File, Emit) (any, error) { return nil, fmt.Errorf("no parser for %q", src) }
}

// single adapts a one-file parser.
func single(parse func(r io.Reader, name string, emit Emit) (int, error)) Parse {
	return func(files []File, emit Emit) (any, error) {
		if len(files) != 1 {
			return nil, fmt.Errorf("this list is one file; %d were given", len(files))
		}
		n, err := parse(files[0].R, files[0].Name, emit)
		return map[string]int{"entries": n}, err
	}
}

// parseOFACFiles sorts OFAC's files by their published names: sdn.csv or
// cons_prim.csv, and the add, alt and comments satellites.
func parseOFACFiles(src Source, files []File, emit Emit) (any, error) {
	var set OFACFiles
	for _, f := range files {
		base := strings.ToLower(filepath.Base(f.Name))
		switch {
		case strings.Contains(base, "comments"):
			set.Comments, set.CommentsName = f.R, f.Name
		case strings.Contains(base, "alt"):
			set.Alt, set.AltName = f.R, f.Name
		case strings.Contains(base, "add"):
			set.Add, set.AddName = f.R, f.Name
		default:
			if set.Main != nil {
				return nil, fmt.Errorf("two main files (%s and %s): give sdn.csv or cons_prim.csv once, with add, alt and comments files", set.MainName, f.Name)
			}
			set.Main, set.MainName = f.R, f.Name
		}
	}
	if set.Main == nil {
		return nil, fmt.Errorf("the main file (sdn.csv or cons_prim.csv) is missing")
	}
	return ParseOFAC(src, set, emit)
}
