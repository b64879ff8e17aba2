// Package vocab is the shape of the closed sets of values the capabilities
// keep: a case's end-user types, a sign-off's decisions, a country's risk
// tiers. Each set says its values in the order people are shown them, with
// their names for people; what a value means stays with its capability, and
// how a page offers a set is the web's business.
package vocab

// Term is one value of a closed set with its name for people.
type Term[T ~string] struct {
	Value T
	Label string
}

// Terms is a closed set of values, in the order people are shown them.
type Terms[T ~string] []Term[T]

// Index returns the position of v in the set, or -1.
func (ts Terms[T]) Index(v T) int {
	for i, t := range ts {
		if t.Value == v {
			return i
		}
	}
	return -1
}

// Has reports whether v is one of the set's values.
func (ts Terms[T]) Has(v T) bool { return ts.Index(v) >= 0 }

// Label returns the name of v for people, or v itself when the set does not
// have it (a value recorded before the set changed).
func (ts Terms[T]) Label(v T) string {
	if i := ts.Index(v); i >= 0 {
		return ts[i].Label
	}
	return string(v)
}
