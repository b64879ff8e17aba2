package screening

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// sdnIndex indexes the real SDN list of 2024-05-03 with its satellites.
func sdnIndex(tb testing.TB) *Index {
	tb.Helper()
	var entries []Entry
	_, err := ParseOFAC(OFACSDN, OFACFiles{
		Main: bytes.NewReader(ofacTestRead(tb, "ofac/2024-05-03/sdn.csv")), MainName: "sdn.csv",
		Add: bytes.NewReader(ofacTestRead(tb, "ofac/2025-02-satellites/add.csv")), AddName: "add.csv",
		Alt: bytes.NewReader(ofacTestRead(tb, "ofac/2025-02-satellites/alt.csv")), AltName: "alt.csv",
	}, func(e Entry) error { entries = append(entries, e); return nil })
	if err != nil {
		tb.Fatal(err)
	}
	return NewIndex(entries)
}

func TestIndex_FindsVariantsAndNotGenericNames(t *testing.T) {
	ix := sdnIndex(t)
	tests := []struct {
		query    Query
		wantName string // a listed name of the top hit, "" for no hit at the threshold
	}{
		{Query{Name: "AEROCARIBBEAN AIRLINES"}, "AEROCARIBBEAN AIRLINES"},
		{Query{Name: "aero caribbean airlines"}, "AEROCARIBBEAN AIRLINES"},
		{Query{Name: "Aerocaribean Airlines"}, "AEROCARIBBEAN AIRLINES"},
		{Query{Name: "Banco Nacional de Cuba"}, "BANCO NACIONAL DE CUBA"},
		{Query{Name: "Global Trading Company"}, ""},
		{Query{Name: "Maria Schmidt"}, ""},
	}
	for _, tc := range tests {
		hits := ix.Search(tc.query, 10)
		top := ""
		if len(hits) > 0 && hits[0].Score >= DefaultThreshold {
			top = hits[0].MatchedName
			for _, n := range hits[0].Entry.Names {
				if strings.EqualFold(n.Text, tc.wantName) {
					top = n.Text
				}
			}
		}
		if !strings.EqualFold(top, tc.wantName) {
			desc := "no hits"
			if len(hits) > 0 {
				desc = fmt.Sprintf("%s %.2f: %s", hits[0].MatchedName, hits[0].Score, hits[0].Explanation)
			}
			t.Errorf("%q: top %q, want %q (%s)", tc.query.Name, top, tc.wantName, desc)
		}
	}
}

func BenchmarkIndexSearch(b *testing.B) {
	ix := sdnIndex(b)
	queries := []string{"Vladimir Putin", "Banco Nacional de Cuba", "Mohammed Ali Hassan", "Global Trading Company", "Rosoboronexport"}
	i := 0
	for b.Loop() {
		ix.Search(Query{Name: queries[i%len(queries)]}, 10)
		i++
	}
}
