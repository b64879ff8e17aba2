package screening_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screening"
)

func TestCheckQuery_NamesEveryWrongField(t *testing.T) {
	long := strings.Repeat("é", screening.MaxQueryText+1) // characters, not bytes, count
	tests := []struct {
		q    matching.Query
		want map[string]string
	}{
		{matching.Query{Name: "ACME"}, map[string]string{}},
		{matching.Query{Name: strings.Repeat("é", screening.MaxQueryText), Kind: "vessel", Country: "IR", BirthDate: "1970"}, map[string]string{}},
		{matching.Query{Name: "  ACME" + strings.Repeat("x", screening.MaxQueryText-4) + "  "}, map[string]string{}}, // spaces around are not screened
		{matching.Query{}, map[string]string{"name": "Enter a name to screen."}},
		{matching.Query{Name: "\u3164 \u200D"}, map[string]string{"name": "Enter a name to screen."}},
		{matching.Query{Name: long}, map[string]string{"name": "Use at most 300 characters; this has 301."}},
		{matching.Query{Name: "ACME", Kind: "company", Country: long, BirthDate: long}, map[string]string{
			"kind":       `Choose individual, entity, vessel or aircraft, not "company".`,
			"country":    "Use at most 300 characters; this has 301.",
			"birth_date": "Use at most 300 characters; this has 301.",
		}},
		{matching.Query{Name: "ACME", Kind: "unknown"}, map[string]string{"kind": `Choose individual, entity, vessel or aircraft, not "unknown".`}},
	}
	for _, tc := range tests {
		got := screening.CheckQuery(tc.q)
		if !maps.Equal(got, tc.want) {
			t.Errorf("%.40q: %v, want %v", tc.q.Name, got, tc.want)
		}
		for field := range got {
			if !slices.Contains(screening.QueryFields, field) {
				t.Errorf("%.40q: field %q is not among QueryFields", tc.q.Name, field)
			}
		}
	}
}
