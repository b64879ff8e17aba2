package components

import "regexp"

// Option is one choice of a select.
type Option struct {
	Value, Label string
}

// Form is what a form was filled with and what was wrong with it, for
// showing it again.
type Form struct {
	Values map[string]string
	Errors map[string]string
	Error  string
}

// V returns the typed value of a field.
func (f Form) V(name string) string { return f.Values[name] }

// E returns the error of a field.
func (f Form) E(name string) string { return f.Errors[name] }

// MessagePart is a piece of a message for people: text, or a link to a page
// of the site when Href is set.
type MessagePart struct{ Text, Href string }

// sitePath is a page of the site written in brackets in a message:
// "(/training/courses/…)".
var sitePath = regexp.MustCompile(`\(/[A-Za-z0-9/_.-]+\)`)

// MessageParts splits a message so that the site's pages it names in
// brackets become links.
func MessageParts(msg string) []MessagePart {
	var out []MessagePart
	last := 0
	for _, m := range sitePath.FindAllStringIndex(msg, -1) {
		path := msg[m[0]+1 : m[1]-1]
		out = append(out, MessagePart{Text: msg[last:m[0]] + "("}, MessagePart{Text: path, Href: path}, MessagePart{Text: ")"})
		last = m[1]
	}
	return append(out, MessagePart{Text: msg[last:]})
}
