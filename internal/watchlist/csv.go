package watchlist

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

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
