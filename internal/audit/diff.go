package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Change is one field an event changed, as people read it.
type Change struct {
	Field         string
	Before, After string   // the values, "" when the field was absent
	Removed       []string // for a list: what it lost
	Added         []string // and what it gained
}

// Changes compares the records before and after an event, field by field,
// and returns the fields that differ, in name order. Records that are not
// JSON objects compare as one field, "record".
func Changes(before, after string) []Change {
	b, okB := object(before)
	a, okA := object(after)
	if !okB || !okA {
		if before == after {
			return nil
		}
		return []Change{{Field: "record", Before: before, After: after}}
	}
	var out []Change
	for _, k := range keys(b, a) {
		vb, inB := b[k]
		va, inA := a[k]
		if inB == inA && reflect.DeepEqual(vb, va) {
			continue
		}
		c := Change{Field: k, Before: show(vb, inB), After: show(va, inA)}
		lb, isListB := vb.([]any)
		la, isListA := va.([]any)
		if isListB || isListA || vb == nil && isListA || va == nil && isListB {
			c.Removed, c.Added = difference(lb, la), difference(la, lb)
		}
		if c.Before == c.After && len(c.Removed) == 0 && len(c.Added) == 0 {
			continue // absent, null or empty on both sides: nothing a person would see
		}
		out = append(out, c)
	}
	return out
}

// object reads s as a JSON object; "" is an empty one (a record created or
// removed).
func object(s string) (map[string]any, bool) {
	if strings.TrimSpace(s) == "" {
		return map[string]any{}, true
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	return m, d.Decode(&m) == nil && m != nil
}

func keys(maps ...map[string]any) []string {
	var out []string
	for _, m := range maps {
		for k := range m {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// show writes a value for people: text as it is, lists one element a line,
// other values as compact JSON; "" for an absent field or null.
func show(v any, present bool) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = show(e, true)
		}
		return strings.Join(parts, "\n")
	case json.Number, bool:
		return fmt.Sprint(x)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSpace(buf.String())
}

// difference is what of a is not in b, elements compared as shown.
func difference(a, b []any) []string {
	in := map[string]int{}
	for _, e := range b {
		in[show(e, true)]++
	}
	var out []string
	for _, e := range a {
		s := show(e, true)
		if in[s] > 0 {
			in[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}
