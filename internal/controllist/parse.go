package controllist

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-icp/vigil/internal/apperr"
)

// MaxFileSize is the largest control-list file Import takes: the full
// Annex I is a few thousand entries, well under 1 MB as CSV.
const MaxFileSize = 5 << 20

// maxProblems is how many problems a refused file reports.
const maxProblems = 50

// Problem is what is wrong on one line of a refused file; Line 0 is the
// file as a whole.
type Problem struct {
	Line   int
	Reason string
}

// FileError refuses a control-list file whole: its first problems by line,
// and how many there are. It is an apperr Invalid error.
type FileError struct {
	Problems []Problem // the first maxProblems
	Total    int
}

func (e *FileError) Error() string { return e.invalid().Error() }

// Unwrap makes the refusal an apperr Invalid error with a message to show.
func (e *FileError) Unwrap() error { return e.invalid() }

func (e *FileError) invalid() *apperr.Error {
	what := "1 problem"
	if e.Total != 1 {
		what = fmt.Sprintf("%d problems", e.Total)
	}
	return apperr.New(apperr.Invalid, "The file was not imported: %s. The version in use stays.", what)
}

// ProblemsOf returns the problems of a refused file, or nil for any other error.
func ProblemsOf(err error) []Problem {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Problems
	}
	return nil
}

// header is the first row a file must have; the parent column is optional.
var header = []string{"code", "title", "category", "cyber_surveillance", "parent"}

const headerText = "code,title,category,cyber_surveillance[,parent]"

// problems collects a file's problems.
type problems []Problem

func (p *problems) add(line int, format string, args ...any) {
	*p = append(*p, Problem{line, fmt.Sprintf(format, args...)})
}

// refusal is the file's refusal, or nil when nothing is wrong.
func (p problems) refusal() error {
	if len(p) == 0 {
		return nil
	}
	slices.SortStableFunc(p, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return &FileError{Problems: p[:min(len(p), maxProblems)], Total: len(p)}
}

// parse reads a control-list CSV file whole: its entries, without version,
// in file order, and the SHA-256 of the file as given. Any problem refuses
// the file (a *FileError); other errors are the reader's.
func parse(r io.Reader) ([]Entry, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, "", err
	}
	var bad problems
	if len(data) > MaxFileSize {
		bad.add(0, "The file is larger than %d MB.", MaxFileSize>>20)
		return nil, "", bad.refusal()
	}
	sum := sha256.Sum256(data)
	body := bytes.TrimPrefix(data, []byte("\uFEFF")) // spreadsheets write a byte-order mark
	if !utf8.Valid(body) {
		for i, line := range bytes.Split(body, []byte("\n")) {
			if !utf8.Valid(line) {
				bad.add(i+1, "The line is not UTF-8 text: save the file as “CSV UTF-8”.")
			}
		}
		return nil, "", bad.refusal()
	}
	entries := readRows(body, &bad)
	if len(entries) == 0 && len(bad) == 0 {
		bad.add(2, "The file holds no entries below its header.")
	}
	return entries, hex.EncodeToString(sum[:]), bad.refusal()
}

// readRows reads the header and the rows of body, noting what is wrong.
func readRows(body []byte, bad *problems) []Entry {
	rd := csv.NewReader(bytes.NewReader(body))
	rd.FieldsPerRecord = -1 // the rows' width is checked against the header's
	head, err := rd.Read()
	if err != nil || !validHeader(head) {
		bad.add(1, "The first row must be the header %s.", headerText)
		return nil
	}
	rows := fileRows{width: len(head), lines: map[string]int{}}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad.add(pe.StartLine, "The row cannot be read as CSV: %v.", pe.Err)
			continue
		}
		line, _ := rd.FieldPos(0)
		rows.add(line, rec, bad)
	}
	return rows.finish(bad)
}

// validHeader reports whether head names the columns in order.
func validHeader(head []string) bool {
	if len(head) < len(header)-1 || len(head) > len(header) {
		return false
	}
	for i, h := range head {
		if !strings.EqualFold(strings.TrimSpace(h), header[i]) {
			return false
		}
	}
	return true
}

// fileRows are the entries read so far, with the line each code is on.
type fileRows struct {
	width   int
	entries []Entry
	lines   map[string]int // code → line
	parents []int          // index of the entries whose parent the file gives
}

// add reads one row at line, noting what is wrong with it.
func (f *fileRows) add(line int, rec []string, bad *problems) {
	if len(rec) != f.width {
		bad.add(line, "The row has %d columns; the header has %d.", len(rec), f.width)
		return
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	e, ok := entryOf(line, rec, bad)
	if !ok {
		return
	}
	if first, dup := f.lines[e.Code]; dup {
		bad.add(line, "%s appears twice: also on line %d.", e.Code, first)
		return
	}
	f.lines[e.Code] = line
	if e.Parent != "" {
		f.parents = append(f.parents, len(f.entries))
	}
	f.entries = append(f.entries, e)
}

// entryOf reads the fields of one row, noting each that is wrong.
func entryOf(line int, rec []string, bad *problems) (Entry, bool) {
	before := len(*bad)
	code, ok := Normalize(rec[0])
	if !ok {
		bad.add(line, "“%s” is not an Annex I entry code (such as 5A001.j) or a category digit 0–9.", rec[0])
	}
	e := Entry{Code: code, Title: rec[1]}
	switch {
	case e.Title == "":
		bad.add(line, "The title is empty.")
	case strings.ContainsFunc(e.Title, control):
		bad.add(line, "The title holds control characters.")
	}
	switch cat := rec[2]; {
	case len(cat) != 1 || cat[0] < '0' || cat[0] > '9':
		bad.add(line, "The category “%s” is not a digit 0–9.", cat)
	case ok && cat[0] != code[0]:
		bad.add(line, "The category %s does not match %s, which is in category %c.", cat, code, code[0])
	default:
		e.Category = int(cat[0] - '0')
	}
	switch cyber := rec[3]; {
	case strings.EqualFold(cyber, "true"):
		e.CyberSurveillance = true
	case !strings.EqualFold(cyber, "false"):
		bad.add(line, "cyber_surveillance is “%s”; it must be true or false.", cyber)
	}
	if len(rec) > 4 && rec[4] != "" {
		parent, valid := Normalize(rec[4])
		switch {
		case !valid:
			bad.add(line, "The parent “%s” is not an Annex I entry code or a category digit.", rec[4])
		case ok && !slices.Contains(ancestors(code), parent):
			bad.add(line, "The parent %s is not above %s.", parent, code)
		}
		e.Parent = parent
	}
	return e, len(*bad) == before
}

// control reports whether r is a control character other than the line
// breaks and tabs that multi-paragraph wording holds; PostgreSQL refuses NUL.
func control(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }

// finish checks the parents the file gives and fills in the others: the
// nearest entry above in the file.
func (f *fileRows) finish(bad *problems) []Entry {
	for _, i := range f.parents {
		if e := f.entries[i]; f.lines[e.Parent] == 0 {
			bad.add(f.lines[e.Code], "The parent %s is not in the file.", e.Parent)
		}
	}
	for i := range f.entries {
		e := &f.entries[i]
		if e.Parent != "" {
			continue
		}
		for _, a := range ancestors(e.Code) {
			if f.lines[a] != 0 {
				e.Parent = a
				break
			}
		}
	}
	return f.entries
}
