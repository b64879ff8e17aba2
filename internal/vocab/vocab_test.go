package vocab_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/vocab"
)

type level string

var levels = vocab.Terms[level]{{Value: "low", Label: "Low"}, {Value: "high", Label: "High"}}

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		v     level
		index int
		has   bool
		label string
	}{
		{"low", 0, true, "Low"},
		{"high", 1, true, "High"},
		{"medium", -1, false, "medium"}, // a value the set no longer has keeps its name
		{"", -1, false, ""},
	} {
		if i, has, label := levels.Index(tc.v), levels.Has(tc.v), levels.Label(tc.v); i != tc.index || has != tc.has || label != tc.label {
			t.Errorf("%q: Index %d, Has %v, Label %q; want %d, %v, %q", tc.v, i, has, label, tc.index, tc.has, tc.label)
		}
	}
}
