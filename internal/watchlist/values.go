package watchlist

import (
	"slices"
	"strings"
)

// maxDedup is how many values appendUnique compares a new one with: past
// it, values are just appended, so that a hostile file cannot make the parse
// quadratic.
const maxDedup = 64

// appendUnique appends v unless list holds it (or holds over maxDedup values).
func appendUnique[T comparable](list []T, v T) []T {
	if len(list) > maxDedup {
		return append(list, v)
	}
	return appendNew(list, v)
}

// appendNew appends v unless list holds it.
func appendNew[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
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

// kindOf is the kind a list's word for it names, in any case; Unknown for a
// word the list's kinds do not have.
func kindOf(word string, kinds map[string]Kind) Kind {
	if k, ok := kinds[strings.ToLower(word)]; ok {
		return k
	}
	return Unknown
}

// appendAddress appends a unless it is empty.
func appendAddress(list []Address, a Address) []Address {
	if a.Text == "" && a.Country == "" {
		return list
	}
	return append(list, a)
}

// primaryFirst moves the name at primary to the front of names, the others
// keeping their order, and drops its quality: the primary name is a name,
// not an alias.
func primaryFirst(names []Name, primary int) []Name {
	if len(names) == 0 {
		return names
	}
	if primary > 0 {
		p := names[primary]
		copy(names[1:primary+1], names[:primary])
		names[0] = p
	}
	names[0].Quality = ""
	return names
}
