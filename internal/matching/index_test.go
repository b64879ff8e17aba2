package matching

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/testdata"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// sdnIndex indexes the real SDN list of 2024-05-03 with its satellites.
func sdnIndex(tb testing.TB) *Index {
	tb.Helper()
	dir := sanctionsDir(tb)
	return NewIndex(parseSDN(tb, filepath.Join(dir, "ofac/2024-05-03/sdn.csv"),
		filepath.Join(dir, "ofac/2025-02-satellites/add.csv"), filepath.Join(dir, "ofac/2025-02-satellites/alt.csv")))
}

// sanctionsDir is the folder of the shared list files; a test that needs
// them is skipped when they are absent.
func sanctionsDir(tb testing.TB) string {
	tb.Helper()
	d, err := testdata.SanctionsDir()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		tb.Skipf("sanctions test data not found at %s", d)
	}
	return d
}

// parseSDN reads the entries of an OFAC SDN main file with its add and alt
// files.
func parseSDN(tb testing.TB, main, add, alt string) []watchlist.Entry {
	tb.Helper()
	var files []watchlist.File
	for _, path := range []string{main, add, alt} {
		b, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, watchlist.File{Name: filepath.Base(path), R: bytes.NewReader(b)})
	}
	var entries []watchlist.Entry
	if _, err := watchlist.ParserFor(watchlist.OFACSDN)(files, func(e watchlist.Entry) error { entries = append(entries, e); return nil }); err != nil {
		tb.Fatal(err)
	}
	return entries
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
		// transliteration variants
		{Query{Name: "Aleksei Viktorovich Korniyenko"}, "KORNIYENKO, Alexey Viktorovich"},
		{Query{Name: "Yevgeniy Markovich Pakermanov"}, "PAKERMANOV, Evgeny Markovich"},
		{Query{Name: "Aly Ahmad Kaddoura"}, "KADDOURA, Ali Ahmad"},
		{Query{Name: "Abd al-Hakim Murad"}, "MURAD, Abdul Hakim"},
		{Query{Name: "Moris Aleksandr Bercian Manchon"}, "BERCIAN MANCHON, Moris Alexander"},
		// a legal form abbreviated, written out, or reordered
		{Query{Name: "Optima Invest LLC"}, "LIMITED LIABILITY COMPANY OPTIMA INVEST"},
		{Query{Name: "Optima Invest Company Liability Limited"}, "LIMITED LIABILITY COMPANY OPTIMA INVEST"},
		// legal forms of several words and generic words alone are no hit
		{Query{Name: "Joint Stock Company Trading Group"}, ""},
		{Query{Name: "Limited Liability Company International"}, ""},
		// short given names alone on another surname
		{Query{Name: "Sun Lee"}, ""},
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

func TestIndex_ExplainsEveryHit(t *testing.T) {
	ix := sdnIndex(t)
	for _, q := range []string{"Aly Ahmad Kaddoura", "Abd al-Hakim Murad", "Optima Invest LLC", "Mohamed Ali Hassan", "AERO CARIBEAN"} {
		hits := ix.Search(Query{Name: q, Kind: watchlist.Individual}, 10)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", q)
		}
		for _, h := range hits {
			if h.Score <= 0 || h.Score > 1 || !strings.HasPrefix(h.Explanation, "words: ") || h.MatchedName == "" {
				t.Errorf("%q: hit %q %.2f unexplained: %q", q, h.MatchedName, h.Score, h.Explanation)
			}
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("%q: hits out of order: %.3f before %.3f", q, hits[i-1].Score, hits[i].Score)
			}
		}
	}
	// what lowered the score is said
	hits := ix.Search(Query{Name: "Aly Ahmad Kaddoura", Kind: watchlist.Entity}, 1)
	if len(hits) == 0 || !strings.Contains(hits[0].Explanation, "aly≈ali (0.90)") || !strings.Contains(hits[0].Explanation, "not entity (×0.85)") {
		t.Errorf("explanation of a transliterated name on another kind: %+v", hits)
	}
	hits = ix.Search(Query{Name: "Abd al-Hakim Murad"}, 1)
	if len(hits) == 0 || !strings.Contains(hits[0].Explanation, "abdal≈abdul") {
		t.Errorf("explanation of ABD AL for ABDUL: %+v", hits)
	}
}

func TestIndex_IdentifierScoresOne(t *testing.T) {
	ix := sdnIndex(t)
	hits := ix.Search(Query{Name: "9187629"}, 10)
	if len(hits) == 0 || hits[0].Score != 1 || hits[0].Entry.SourceID != "15036" ||
		!strings.Contains(hits[0].Explanation, "identifier 9187629 matches a listed identifier exactly") {
		t.Errorf("identifier: %+v", hits)
	}
	// A party's identifiers beside its name: the IMO number finds the vessel.
	hits = ix.Search(Query{Name: "Unknown Shipping", Identifiers: []string{"IMO 9187629"}}, 10)
	if len(hits) == 0 || hits[0].Score != 1 || hits[0].Entry.SourceID != "15036" ||
		!strings.Contains(hits[0].Explanation, "identifier IMO 9187629") {
		t.Errorf("identifier given beside a name: %+v", hits)
	}
}

func TestIndex_CountriesCompareByCode(t *testing.T) {
	ix := NewIndex([]watchlist.Entry{{Source: watchlist.OFACSDN, SourceID: "1", Kind: watchlist.Entity, Names: []watchlist.Name{{Text: "ORION DATA SYSTEMS FZE"}},
		Addresses: []watchlist.Address{{Text: "Tehran", Country: "Iran"}}}}).
		WithCountries(Countries{"iran": "IR", "ir": "IR", "irn": "IR", "germany": "DE", "de": "DE"})
	for _, c := range []struct{ country, want string }{{"IR", "country IR matches"}, {"Iran", "matches"}, {"DE", "not among the entry's"}} {
		hits := ix.Search(Query{Name: "Orion Data Systems", Country: c.country}, 1)
		if len(hits) != 1 || !strings.Contains(hits[0].Explanation, c.want) {
			t.Errorf("country %s: %+v", c.country, hits)
		}
	}
}

func TestWordSim(t *testing.T) {
	tests := []struct {
		a, b string
		near bool
	}{
		{"mohammed", "muhammad", true},
		{"aly", "ali", true},
		{"aleksei", "alexey", true},
		{"aleksandr", "alexander", true},
		{"olexandr", "oleksandr", true},
		{"yevgeniy", "evgeny", true},
		{"said", "saeed", true},
		{"abdal", "abdul", true},
		{"ivanoff", "ivanov", true},
		{"igor", "ihor", true},
		{"aerocaribean", "aerocaribbean", true},
		{"sun", "son", false},
		{"meera", "muro", false},
		{"ali", "al", false},
		{"smith", "smyth", true},
		{"smith", "schmidt", false},
	}
	for _, tc := range tests {
		if got := wordSim(tc.a, tc.b) >= nearEqual; got != tc.near {
			t.Errorf("wordSim(%q, %q) = %.2f: near-equal %v, want %v", tc.a, tc.b, wordSim(tc.a, tc.b), got, tc.near)
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
