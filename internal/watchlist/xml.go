package watchlist

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// The streaming XML reading that ParseUN, ParseEU and ParseUK share.

// xmlList is how a list's XML document holds its entries.
type xmlList struct {
	root string // the root element's local name
	// entries are the paths of local names from below the root down to an
	// entry's element.
	entries [][]string
	// idAttr is an attribute of an entry's element that names it in errors,
	// if the list has one.
	idAttr string
	// record returns a new record to decode an entry's element into.
	record func() xmlRecord
}

// xmlRecord is one entry's element as a parser decodes it.
type xmlRecord interface {
	entry() (Entry, error)
	// where names the element in an error about what it holds: at (its
	// place in the document) or, better, its id.
	where(at string) string
}

// parse reads the document and emits the entry of each entry's element as it
// reads it. It returns the number of entries emitted. A document that is not
// well-formed, has another root or holds an element its record refuses gives
// a *FormatError naming the element (its kind and ordinal, or its id); an
// error returned by emit is returned as it is. Nothing is emitted after an
// error.
func (l xmlList) parse(r io.Reader, file string, emit Emit) (int, error) {
	n := 0
	ordinals := map[string]int{} // by element: the UN numbers individuals and entities apart
	err := xmlStream(r, file, l.root, l.holdsEntry, func(d *xml.Decoder, start xml.StartElement) error {
		ordinals[start.Name.Local]++
		e, err := xmlDecodeEntry(d, start, file, l.where(start, ordinals[start.Name.Local]), l.record())
		if err != nil {
			return err
		}
		if err := emit(e); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

// holdsEntry reports whether the element local, below the open elements of
// path, is an entry's element.
func (l xmlList) holdsEntry(path []string, local string) bool {
	for _, p := range l.entries {
		if len(path) == len(p) && local == p[len(p)-1] && slices.Equal(path[1:], p[:len(p)-1]) {
			return true
		}
	}
	return false
}

// where names an entry's element before it is read: by its id attribute, or
// by its ordinal among the elements of its name.
func (l xmlList) where(start xml.StartElement, ordinal int) string {
	where := fmt.Sprintf("%s #%d", start.Name.Local, ordinal)
	if l.idAttr == "" {
		return where
	}
	for _, a := range start.Attr {
		if a.Name.Local == l.idAttr && xmlClean(a.Value) != "" {
			where = start.Name.Local + " " + l.idAttr + "=" + xmlClean(a.Value)
		}
	}
	return where
}

// xmlDecodeEntry decodes the element start into rec and builds its entry;
// errors are *FormatErrors at where, or at rec.where once rec is read.
func xmlDecodeEntry(d *xml.Decoder, start xml.StartElement, file, where string, rec xmlRecord) (Entry, error) {
	if err := d.DecodeElement(rec, &start); err != nil {
		return Entry{}, xmlDecodeError(file, where, err)
	}
	e, err := rec.entry()
	if err != nil {
		return Entry{}, &FormatError{File: file, Element: rec.where(where), Msg: err.Error()}
	}
	return e, nil
}

// xmlNewDecoder is a strict decoder that also reads the common 8-bit
// encodings a list might be published in (windows-1252, iso-8859-1 ...).
// A UTF-8 byte-order mark, which .NET writes before the declaration, is
// skipped: encoding/xml would read it as text outside the root.
func xmlNewDecoder(r io.Reader) *xml.Decoder {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return enc.NewDecoder().Reader(input), nil
	}
	return d
}

// xmlStream walks the document token by token. It requires the root element
// to have the local name root, and calls handle for every start element for
// which match(path, local) is true, path being the local names of the open
// elements from the root down. handle must consume the element (normally
// with DecodeElement). Everything else is walked past without being kept.
// Malformed XML, a wrong or missing root and content after the root give a
// *FormatError; errors from handle are returned as they are.
func xmlStream(r io.Reader, file, root string,
	match func(path []string, local string) bool,
	handle func(d *xml.Decoder, start xml.StartElement) error) error {
	d := xmlNewDecoder(r)
	var path []string
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sawRoot {
				return &FormatError{File: file, Element: root, Msg: fmt.Sprintf("no <%s> root element: the document is empty", root)}
			}
			return nil
		}
		if err != nil {
			where := strings.Join(path, "/")
			if where == "" {
				where = root
			}
			return xmlDecodeError(file, where, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if sawRoot {
					return &FormatError{File: file, Element: t.Name.Local, Msg: fmt.Sprintf("element <%s> after the end of the <%s> root element", t.Name.Local, root)}
				}
				if t.Name.Local != root {
					return &FormatError{File: file, Element: t.Name.Local, Msg: fmt.Sprintf("root element is <%s>, want <%s>: not this kind of list", t.Name.Local, root)}
				}
				sawRoot = true
			} else if match(path, t.Name.Local) {
				if err := handle(d, t); err != nil {
					return err
				}
				continue
			}
			path = append(path, t.Name.Local)
		case xml.EndElement:
			// The strict decoder has checked that it matches.
			path = path[:len(path)-1]
		case xml.CharData:
			if len(path) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return &FormatError{File: file, Element: root, Msg: "text outside the root element"}
			}
		}
	}
}

// xmlDecodeError wraps an encoding/xml error (syntax error, unexpected
// EOF, bad charset) as a *FormatError at the given element.
func xmlDecodeError(file, where string, err error) error {
	var msg string
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &se) && strings.HasSuffix(se.Msg, "unexpected EOF"):
		msg = "truncated document (the file ends inside an element): " + err.Error()
	case se != nil:
		msg = "not well-formed XML: " + err.Error()
	default:
		msg = "cannot read the XML: " + err.Error()
	}
	return &FormatError{File: file, Element: where, Msg: msg}
}

// xmlClean trims a value and collapses runs of white space (the lists wrap
// long remarks and sometimes double the space inside names).
func xmlClean(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

// xmlJoin cleans the parts and joins the non-empty ones with sep.
func xmlJoin(sep string, parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = xmlClean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// xmlDate is the first that a list gives of a date, a year and a range of
// years ("1968-1970", or the one bound given).
func xmlDate(date, year, from, to string) string {
	if d := cmp.Or(xmlClean(date), xmlClean(year)); d != "" {
		return d
	}
	from, to = xmlClean(from), xmlClean(to)
	if from != "" && to != "" {
		return from + "-" + to
	}
	return cmp.Or(from, to)
}

// xmlAddress joins address parts with ", " as Address.Text wants, dropping
// the commas some parts end with ("Nobonyad Square,").
func xmlAddress(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimRight(xmlClean(p), ", "); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// xmlAppendUnique appends the cleaned v unless it is empty or present.
func xmlAppendUnique(list []string, v string) []string {
	if v = xmlClean(v); v == "" {
		return list
	}
	return appendNew(list, v)
}

// xmlAppendAll appends each cleaned value of vs unless it is empty or present.
func xmlAppendAll(list, vs []string) []string {
	for _, v := range vs {
		list = xmlAppendUnique(list, v)
	}
	return list
}

// xmlAppendIdentifier appends id unless it has no number or is present.
func xmlAppendIdentifier(list []Identifier, id Identifier) []Identifier {
	if id.Number == "" {
		return list
	}
	return appendNew(list, id)
}
