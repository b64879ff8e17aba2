// Command screening scores a Searcher on a development set generated from
// the real sanctions lists and prints recall and false positives by variant
// kind.
//
//	go run -tags libsqlite3 ./bench/screening [-searcher baseline|index] [-n 3000] [-seed 1] [-threshold 0.8] [-out devset.jsonl]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"

	"github.com/vigil-icp/vigil/bench/screening/devset"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/testdata"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

func main() {
	data := flag.String("data", "", "directory of the sanctions lists (default ../shared/data/sanctions from the repository root)")
	n := flag.Int("n", 3000, "positive cases (negatives: n/5, at least 300)")
	seed := flag.Uint64("seed", 1, "random seed")
	threshold := flag.Float64("threshold", 0.8, "score threshold for recall and false positives")
	out := flag.String("out", "", "write the development set as JSON lines to this file")
	which := flag.String("searcher", "baseline", "baseline (exact normalised key) or index (matching.NewIndex)")
	misses := flag.Int("misses", 0, "print up to this many misses per variant, with the top hit's explanation")
	flag.Parse()
	if err := run(*data, *n, *seed, *threshold, *out, *which, *misses); err != nil {
		fmt.Fprintln(os.Stderr, "screening bench:", err)
		os.Exit(1)
	}
}

func run(data string, n int, seed uint64, threshold float64, out, which string, misses int) error {
	if data == "" {
		var err error
		if data, err = testdata.SanctionsDir(); err != nil {
			return err
		}
	}
	entries, err := devset.Load(data)
	if err != nil {
		return err
	}
	cases := devset.Generate(entries, n, seed)
	if out != "" {
		if err := writeJSONL(out, cases); err != nil {
			return err
		}
	}
	s, err := searcher(which, entries)
	if err != nil {
		return err
	}
	fmt.Printf("searcher %s, %d entries, %d cases, seed %d\n", which, len(entries), len(cases), seed)
	fmt.Print(devset.Score(s, cases, threshold).String())
	printMisses(s, cases, threshold, misses)
	return nil
}

// printMisses shows, per variant, queries that found none of their entries
// at the threshold (or, for negatives, that hit something), for tuning.
func printMisses(s matching.Searcher, cases []devset.Case, threshold float64, limit int) {
	shown := map[string]int{}
	for _, c := range cases {
		if shown[c.Variant] >= limit {
			continue
		}
		hits := s.Search(c.Query, 10)
		found := false
		for _, h := range hits {
			if h.Score >= threshold && (len(c.Want) == 0 || slices.Contains(c.Want, devset.ID(h.Entry))) {
				found = true
				break
			}
		}
		if found == (len(c.Want) > 0) {
			continue
		}
		shown[c.Variant]++
		top := "no hits"
		if len(hits) > 0 {
			top = fmt.Sprintf("%q %.3f %s", hits[0].MatchedName, hits[0].Score, hits[0].Explanation)
		}
		fmt.Printf("%-16s %q want %v\n    top: %s\n", c.Variant, c.Query.Name, c.Want, top)
	}
}

func searcher(which string, entries []watchlist.Entry) (matching.Searcher, error) {
	switch which {
	case "baseline":
		return newBaseline(entries), nil
	case "index":
		return matching.NewIndex(entries), nil
	}
	return nil, fmt.Errorf("unknown searcher %q: use baseline or index", which)
}

func writeJSONL(path string, cases []devset.Case) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// baseline is the BASELINE searcher, not the product's matcher: a hit only
// when the query's normalised key equals the key of one of an entry's
// names, with score 1. It shows what exact matching alone finds.
type baseline struct{ byKey map[string][]*watchlist.Entry }

func newBaseline(entries []watchlist.Entry) *baseline {
	b := &baseline{byKey: map[string][]*watchlist.Entry{}}
	for i := range entries {
		seen := map[string]bool{}
		for _, n := range entries[i].Names {
			k := matching.Key(n.Text)
			if k != "" && !seen[k] {
				seen[k] = true
				b.byKey[k] = append(b.byKey[k], &entries[i])
			}
		}
	}
	return b
}

func (b *baseline) Search(q matching.Query, limit int) []matching.Hit {
	var hits []matching.Hit
	for _, e := range b.byKey[matching.Key(q.Name)] {
		if len(hits) == limit {
			break
		}
		hits = append(hits, matching.Hit{Entry: e, MatchedName: q.Name, Score: 1, Explanation: "baseline: exact normalised name"})
	}
	return hits
}
