package devset

import (
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/testdata"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

var (
	loadOnce sync.Once
	loaded   []watchlist.Entry
	loadErr  error
)

// realEntries loads the real lists once; the test is skipped without them.
func realEntries(t *testing.T) []watchlist.Entry {
	t.Helper()
	loadOnce.Do(func() {
		dir, err := testdata.SanctionsDir()
		if err != nil {
			loadErr = err
			return
		}
		if _, err := os.Stat(dir); err != nil {
			loadErr = err
			return
		}
		loaded, loadErr = Load(dir)
	})
	if loadErr != nil {
		t.Skipf("real lists not available: %v", loadErr)
	}
	return loaded
}

func TestGenerateDeterministic(t *testing.T) {
	entries := realEntries(t)
	a := Generate(entries, 900, 7)
	b := Generate(entries, 900, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different cases")
	}
	c := Generate(entries, 900, 8)
	if reflect.DeepEqual(a, c) {
		t.Fatal("another seed gave the same cases")
	}
}

func TestGenerateContent(t *testing.T) {
	entries := realEntries(t)
	cases := Generate(entries, 3000, 1)
	keys := KeyIndex(entries)
	ties := newTieGroups(entries)
	ids := map[string]bool{}
	for i := range entries {
		ids[ID(&entries[i])] = true
	}
	count := map[string]int{}
	negatives := 0
	for _, c := range cases {
		count[c.Variant]++
		if strings.HasPrefix(c.Variant, "negative") {
			negatives++
			if len(c.Want) != 0 {
				t.Errorf("negative %q has Want %v", c.Query.Name, c.Want)
			}
			if k := matching.Key(c.Query.Name); len(keys[k]) > 0 {
				t.Errorf("negative %q has the key of a list name (%v)", c.Query.Name, keys[k])
			}
			continue
		}
		if len(c.Want) == 0 {
			t.Errorf("%s %q: empty Want", c.Variant, c.Query.Name)
		}
		for _, w := range c.Want {
			if !ids[w] {
				t.Errorf("%s %q: Want %s is no entry", c.Variant, c.Query.Name, w)
			}
		}
		if c.Variant == "common-name" {
			checkCommonName(t, entries, ties, c)
			continue
		}
		// every wanted entry carries the original name's key
		if !slices.Equal(keys[matching.Key(c.Origin)], c.Want) {
			t.Errorf("%s %q: Want %v, entries with the key %v", c.Variant, c.Origin, c.Want, keys[matching.Key(c.Origin)])
		}
		typedAsListed := c.Variant == "exact" || c.Variant == "generic-name" && allGeneric(c.Origin)
		if !typedAsListed && c.Query.Name == c.Origin {
			t.Errorf("%s: query %q unchanged", c.Variant, c.Origin)
		}
	}
	for _, v := range Variants {
		if count[v] < 100 {
			t.Errorf("variant %s: %d cases, want at least 100", v, count[v])
		}
	}
	if negatives < 300 {
		t.Errorf("%d negatives, want at least 300", negatives)
	}
	if count["negative-person"] == 0 || count["negative-company"] == 0 {
		t.Errorf("negatives by kind: %v", count)
	}
}

func TestVariantRules(t *testing.T) {
	entries := realEntries(t)
	for _, c := range Generate(entries, 3000, 3) {
		switch c.Variant {
		case "typo":
			// only words of at least 5 letters are edited: short words, and
			// short parts of hyphenated words, stay
			ow, qw := strings.Fields(c.Origin), strings.Fields(c.Query.Name)
			if len(ow) != len(qw) {
				t.Errorf("typo changed the word count: %q → %q", c.Origin, c.Query.Name)
				continue
			}
			for i := range ow {
				if ow[i] != qw[i] && !hasLongRun(ow[i], qw[i]) {
					t.Errorf("typo in a short word: %q → %q", c.Origin, c.Query.Name)
				}
			}
		case "lowercase":
			if c.Query.Name != strings.ToLower(c.Origin) {
				t.Errorf("lowercase: %q → %q", c.Origin, c.Query.Name)
			}
		case "accents":
			if matching.Key(c.Query.Name) != matching.Key(c.Origin) {
				t.Errorf("accents changed the key: %q → %q", c.Origin, c.Query.Name)
			}
		case "dropped-middle":
			if c.Query.Kind != watchlist.Individual {
				t.Errorf("dropped-middle on a %s: %q", c.Query.Kind, c.Origin)
			}
		}
	}
}

// checkCommonName checks a common-name case: the query is a name as listed,
// shared once normalised by at least minTie entries, fewer of which write it
// so; those are the ones wanted.
func checkCommonName(t *testing.T, entries []watchlist.Entry, ties *tieGroups, c Case) {
	t.Helper()
	var written []string
	for i := range entries {
		if slices.ContainsFunc(entries[i].Names, func(n watchlist.Name) bool { return n.Text == c.Query.Name }) {
			written = append(written, ID(&entries[i]))
		}
	}
	slices.Sort(written)
	want := slices.Sorted(slices.Values(c.Want))
	if c.Query.Name != c.Origin || !slices.Equal(want, written) {
		t.Errorf("common-name %q (from %q): Want %v, entries writing it so %v", c.Query.Name, c.Origin, c.Want, written)
	}
	if ties.size[wordSet(c.Origin)] < max(minTie, len(c.Want)+1) {
		t.Errorf("common-name %q: no other entry shares it", c.Origin)
	}
}

// fake answers from a fixed table of hits per query name.
type fake map[string][]matching.Hit

func (f fake) Search(q matching.Query, limit int) []matching.Hit { return f[q.Name] }

func TestScore(t *testing.T) {
	a := &watchlist.Entry{Source: watchlist.OFACSDN, SourceID: "1"}
	b := &watchlist.Entry{Source: watchlist.USCSL, SourceID: "1"}
	x := &watchlist.Entry{Source: watchlist.UN, SourceID: "9"}
	hits := func(hs ...any) []matching.Hit {
		var out []matching.Hit
		for i := 0; i < len(hs); i += 2 {
			out = append(out, matching.Hit{Entry: hs[i].(*watchlist.Entry), Score: hs[i+1].(float64)})
		}
		return out
	}
	want := []string{"us-ofac-sdn:1", "us-csl:1"}
	f := fake{
		"q1": hits(a, 0.95),                 // found first, above threshold
		"q2": hits(x, 0.9, b, 0.7),          // second, below threshold
		"q3": hits(x, 0.9),                  // not found
		"q4": hits(x, 0.9, x, 0.9, b, 0.85), // third, above threshold (the duplicate on CSL counts)
		"n1": hits(x, 0.81),                 // false positive
		"n2": hits(x, 0.5),                  // below threshold
		"n3": nil,
	}
	cases := []Case{
		{Query: matching.Query{Name: "q1"}, Variant: "exact", Want: want},
		{Query: matching.Query{Name: "q2"}, Variant: "typo", Want: want},
		{Query: matching.Query{Name: "q3"}, Variant: "typo", Want: want},
		{Query: matching.Query{Name: "q4"}, Variant: "typo", Want: want},
		{Query: matching.Query{Name: "n1"}, Variant: "negative-person"},
		{Query: matching.Query{Name: "n2"}, Variant: "negative-person"},
		{Query: matching.Query{Name: "n3"}, Variant: "negative-company"},
	}
	r := Score(f, cases, 0.8)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	row := func(v string) Row {
		for _, w := range r.Rows {
			if w.Variant == v {
				return w
			}
		}
		t.Fatalf("no row %s in %+v", v, r.Rows)
		return Row{}
	}
	if w := row("exact"); w.Cases != 1 || !near(w.At1, 1) || !near(w.At10, 1) || !near(w.AtThreshold, 1) {
		t.Errorf("exact: %+v", w)
	}
	if w := row("typo"); w.Cases != 3 || !near(w.At1, 0) || !near(w.At10, 2.0/3) || !near(w.AtThreshold, 1.0/3) {
		t.Errorf("typo: %+v", w)
	}
	if w := row("negative-person"); w.Cases != 2 || !w.Negative || !near(w.FalsePositive, 0.5) {
		t.Errorf("negative-person: %+v", w)
	}
	if w := row("negative-company"); w.Cases != 1 || !near(w.FalsePositive, 0) {
		t.Errorf("negative-company: %+v", w)
	}
	if p := r.Positives; p.Cases != 4 || !near(p.At1, 0.25) || !near(p.At10, 0.75) || !near(p.AtThreshold, 0.5) {
		t.Errorf("positives: %+v", p)
	}
	if n := r.Negatives; n.Cases != 3 || !near(n.FalsePositive, 1.0/3) {
		t.Errorf("negatives: %+v", n)
	}
	if s := r.String(); !strings.Contains(s, "typo") || !strings.Contains(s, "all negatives") {
		t.Errorf("table:\n%s", s)
	}
}

// hasLongRun reports whether the typo that made edited from word changed a
// run of at least 5 letters and left the other runs as they were.
func hasLongRun(word, edited string) bool {
	a, b := letterRuns([]rune(word)), letterRuns([]rune(edited))
	if len(a) != len(b) {
		return false
	}
	ra, rb := []rune(word), []rune(edited)
	for i := range a {
		if string(ra[a[i].start:a[i].end]) != string(rb[b[i].start:b[i].end]) && a[i].letters < 5 {
			return false
		}
	}
	return true
}
