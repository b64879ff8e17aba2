package matching

import (
	"cmp"
	"slices"
	"strings"

	"github.com/adrg/strutil/metrics"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// maxCandidates bounds how many names are scored in full per query.
const maxCandidates = 200

// commonWord is how many names a word leads to before candidates are not
// sought through it when the query has a rarer word.
const commonWord = 1500

// scratch is per-query working memory, reused through a pool, with a slot
// for every indexed name, word and entry: slots are reset after each query.
type scratch struct {
	points   []float32 // name → how much it shares with the query
	named    []int32   // names with points
	wordRow  []int32   // word → 1 + its row in query.sims, 0 for none
	rowWords []int32   // words with a row
	best     []found   // entry → its best name
	found    []int32   // entries with a best name
	cands    []candidate
	used     []bool
	query    string // the name searched, as typed
	ties     []tie
}

func newScratch(names, words, entries int) *scratch {
	return &scratch{points: make([]float32, names), wordRow: make([]int32, words), best: make([]found, entries)}
}

// found is an entry's best name and its score; name -1 is an identifier match.
type found struct {
	score float64
	name  int32
	ok    bool
	// unlike is 1 + how differently the name is written from the query
	// (unlikeness), 0 until two scores tie and it is needed.
	unlike int32
}

type candidate struct {
	name   int32
	points float32
	words  int32 // how many tokens the name has
}

// query is a normalised query with the indexed words near-equal to its keys.
// Key k < len(tokens) is token k; key len(tokens)+i is tokens i and i+1
// written as one.
type query struct {
	tokens []Token
	keys   []string
	near   [][]int32 // key → near-equal words
	sims   []float32 // a row per word looked at, a column per key; -1 not computed
	sc     *scratch
	// country is the key of the query's country (see Countries), found once.
	country string
}

// sim is the similarity of key k to word w, 0 when not near-equal.
func (q *query) sim(k int, w int32) float64 {
	if r := q.sc.wordRow[w]; r > 0 {
		return float64(max(q.sims[int(r-1)*len(q.keys)+k], 0))
	}
	return 0
}

func (q *query) pair(i int) int { return len(q.tokens) + i }

// Search returns the entries that may be meant by q, best first, at most
// limit. Every hit carries its score and explanation. A name with invisible
// characters is searched in each of its readings, and each entry keeps its
// best hit: an entry among the best limit overall is among the best limit of
// the reading that scored it best, so merging those loses none.
func (ix *Index) Search(q Query, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	names := readings(q.Name)
	if len(names) == 1 {
		return ix.search(q, limit)
	}
	var hits []Hit
	for i, name := range names {
		reading := q
		reading.Name = name
		for _, h := range ix.search(reading, limit) {
			h.Explanation += readingNotes[i]
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return rank(a.Score, b.Score, func() (int, int) {
			return unlikeness(q.Name, a.MatchedName), unlikeness(q.Name, b.MatchedName)
		}, a.Entry, b.Entry)
	})
	seen := make(map[*watchlist.Entry]bool, len(hits))
	best := hits[:0]
	for _, h := range hits {
		if !seen[h.Entry] {
			seen[h.Entry] = true
			best = append(best, h)
		}
	}
	return best[:min(len(best), limit)]
}

// readingNotes tell a reviewer how the hit read the query's invisible
// characters, in the order of readings.
var readingNotes = [2]string{"; invisible characters in the query ignored", "; invisible characters in the query read as spaces"}

// rank orders hits best first. Of equal scores, the name written most like
// the query comes first (unlike gives both unlikenesses; it is called only
// for a tie): a common name may tie on dozens of entries, more than a search
// returns, and the one the user typed letter for letter must not be cut by
// list order. Names written alike come by list and id, so that the order is
// stable.
func rank(scoreA, scoreB float64, unlike func() (int, int), a, b *watchlist.Entry) int {
	if c := cmp.Compare(scoreB, scoreA); c != 0 {
		return c
	}
	if ua, ub := unlike(); ua != ub {
		return cmp.Compare(ua, ub)
	}
	return cmp.Or(strings.Compare(string(a.Source), string(b.Source)), strings.Compare(a.SourceID, b.SourceID))
}

// Unlikeness is measured by edit distance, with case folded and, as a finer
// step among names that differ only in case, without.
var (
	foldedDistance = &metrics.Levenshtein{InsertCost: 1, DeleteCost: 1, ReplaceCost: 1}
	exactDistance  = metrics.NewLevenshtein()
)

// unlikeness is how differently name is written from query before
// normalisation: apostrophes, punctuation, spacing, word order, then case.
func unlikeness(query, name string) int {
	return foldedDistance.Distance(query, name)<<10 + min(exactDistance.Distance(query, name), 1<<10-1)
}

// search is Search for one reading of the name.
func (ix *Index) search(q Query, limit int) []Hit {
	sc := ix.scratch.Get().(*scratch)
	defer ix.release(sc)
	// A name typed as a number, and every identifier given, may equal a
	// listed identifier; found.name -1-i says it was the i-th of ids.
	ids := append([]string{q.Name}, q.Identifiers...)
	sc.query = q.Name
	for i, id := range ids {
		for _, k := range idKeys(id) {
			for _, ei := range ix.ids[k] {
				sc.keep(ei, found{score: 1, name: int32(-1 - i)})
			}
		}
	}
	qq := ix.prepare(Normalize(q.Name), sc)
	qq.country = ix.countries.key(q.Country)
	// Score every candidate; explain only the hits returned.
	for _, c := range ix.candidates(qq) {
		n := &ix.names[c]
		score, _ := ix.score(q, qq, n, false)
		sc.keep(n.entry, found{score: score, name: c})
	}
	order := ix.order(sc, limit)
	hits := make([]Hit, min(len(order), limit))
	for i, ei := range order[:len(hits)] {
		e := &ix.entries[ei]
		f := sc.best[ei]
		if f.name < 0 {
			hits[i] = Hit{Entry: e, MatchedName: e.Names[0].Text, Score: 1,
				Explanation: "identifier " + strings.TrimSpace(ids[-1-f.name]) + " matches a listed identifier exactly"}
			continue
		}
		n := &ix.names[f.name]
		score, why := ix.score(q, qq, n, true)
		hits[i] = Hit{Entry: e, MatchedName: n.text, Score: score, Explanation: why}
	}
	return hits
}

// keep records f for entry e when it beats what e has. A name of the same
// score is set aside in sc.ties: which of them is written more like the query
// is worked out only for the entries that come first (order). An identifier
// match is never replaced by a name.
func (sc *scratch) keep(e int32, f found) {
	cur := &sc.best[e]
	switch {
	case !cur.ok:
		sc.found = append(sc.found, e)
	case f.score == cur.score && cur.name >= 0:
		sc.ties = append(sc.ties, tie{e, f.name})
		return
	case f.score <= cur.score:
		return
	}
	*cur = f
	cur.ok = true
}

// tie is another name of an entry with the score of its best.
type tie struct{ entry, name int32 }

// untie gives each of the entries its tied name written most like the query.
func (ix *Index) untie(sc *scratch, entries []int32) {
	for _, t := range sc.ties {
		cur := &sc.best[t.entry]
		if f := (found{score: cur.score, name: t.name, ok: true}); slices.Contains(entries, t.entry) &&
			f.score == cur.score && ix.unlike(sc, &f) < ix.unlike(sc, cur) {
			*cur = f
		}
	}
}

// order sorts the entries found best first, as far as the first limit go:
// by score, and then the entries among the first limit that score at least
// the threshold or the top score, and those tied with them, by how they are
// written, which costs an edit distance each. Below, where a hit is not shown
// for review, ties keep list order.
func (ix *Index) order(sc *scratch, limit int) []int32 {
	order := sc.found
	noTies := func() (int, int) { return 0, 0 }
	slices.SortFunc(order, func(a, b int32) int {
		return rank(sc.best[a].score, sc.best[b].score, noTies, &ix.entries[a], &ix.entries[b])
	})
	if len(order) == 0 {
		return order
	}
	score := func(i int) float64 { return sc.best[order[i]].score }
	floor := min(score(0), DefaultThreshold)
	end := 0
	for end < len(order) && score(end) >= floor && (end < limit || score(end) == score(end-1)) {
		end++
	}
	ix.untie(sc, order[:end])
	slices.SortStableFunc(order[:end], func(a, b int32) int {
		fa, fb := &sc.best[a], &sc.best[b]
		return rank(fa.score, fb.score, func() (int, int) { return ix.unlike(sc, fa), ix.unlike(sc, fb) }, &ix.entries[a], &ix.entries[b])
	})
	return order
}

// unlike returns f.unlike, working it out the first time.
func (ix *Index) unlike(sc *scratch, f *found) int {
	if f.unlike == 0 {
		f.unlike = 1
		if f.name >= 0 {
			f.unlike += int32(unlikeness(sc.query, ix.names[f.name].text))
		}
	}
	return int(f.unlike)
}

func (ix *Index) release(sc *scratch) {
	for _, e := range sc.found {
		sc.best[e] = found{}
	}
	for _, w := range sc.rowWords {
		sc.wordRow[w] = 0
	}
	sc.found, sc.rowWords, sc.ties = sc.found[:0], sc.rowWords[:0], sc.ties[:0]
	ix.scratch.Put(sc)
}

// prepare finds, for every token of the query and every two adjacent tokens
// written as one, the indexed words near-equal to it.
func (ix *Index) prepare(tokens []Token, sc *scratch) *query {
	q := &query{tokens: tokens, sc: sc}
	for _, t := range tokens {
		q.keys = append(q.keys, t.Text)
	}
	for i := 0; i+1 < len(tokens); i++ {
		q.keys = append(q.keys, tokens[i].Text+tokens[i+1].Text)
	}
	q.near = make([][]int32, len(q.keys))
	var keys []uint64
	for k, text := range q.keys {
		// Joined query words are typed as one word, not transliterated.
		// Generic words and legal forms weigh little: their exact spelling
		// is enough.
		similar, f := wordSim, fuzzy
		if k >= len(tokens) {
			similar, f = joinedSim, exact
			if tokens[k-len(tokens)].Weight == weightWord && tokens[k-len(tokens)+1].Weight == weightWord {
				f = typos
			}
		} else if tokens[k].Weight < weightWord {
			f = exact
		}
		for _, key := range variantKeys(text, f, keys[:0]) {
			ix.variants.find(key, func(w int32) {
				r := sc.wordRow[w]
				if r == 0 {
					sc.rowWords = append(sc.rowWords, w)
					r = int32(len(sc.rowWords))
					sc.wordRow[w] = r
					for range q.keys {
						q.sims = append(q.sims, -1)
					}
				}
				cell := &q.sims[int(r-1)*len(q.keys)+k]
				if *cell >= 0 {
					return
				}
				*cell = 0
				if s := similar(text, ix.words[w]); s >= nearEqual {
					*cell = float32(s)
					q.near[k] = append(q.near[k], w)
				}
			})
		}
	}
	return q
}

// candidates finds the names sharing a word, or a near-equal word, with the
// query, and keeps the best maxCandidates by the rarity of what they share.
func (ix *Index) candidates(q *query) []int32 {
	sc := q.sc
	strong := false
	for _, t := range q.tokens {
		strong = strong || t.Weight == weightWord
	}
	// A generic word or legal form beside strong words finds nothing alone.
	// A word on thousands of names (MOHAMMED) finds nothing a rarer word of
	// the query would not find; it still counts when the names are scored.
	leads := make([]int, len(q.keys))
	rare := false
	for k := range q.keys {
		if k < len(q.tokens) && strong && q.tokens[k].Weight < weightWord {
			leads[k] = -1
			continue
		}
		for _, w := range q.near[k] {
			leads[k] += len(ix.postings[w])
		}
		rare = rare || leads[k] > 0 && leads[k] <= commonWord
	}
	for k := range q.keys {
		if leads[k] >= 0 && !(rare && leads[k] > commonWord) {
			ix.award(q, k, true)
		}
	}
	// A common word still ranks the names the rarer words found: of those
	// sharing PARS, the one with PETROCHEMICAL too.
	for k := range q.keys {
		if leads[k] >= 0 && rare && leads[k] > commonWord {
			ix.award(q, k, false)
		}
	}
	sc.cands = sc.cands[:0]
	for _, id := range sc.named {
		sc.cands = append(sc.cands, candidate{id, sc.points[id], int32(len(ix.names[id].tokens))})
		sc.points[id] = 0
	}
	sc.named = sc.named[:0]
	if len(sc.cands) > maxCandidates {
		selectBest(sc.cands, maxCandidates)
		sc.cands = sc.cands[:maxCandidates]
	}
	ids := make([]int32, len(sc.cands))
	for i, c := range sc.cands {
		ids[i] = c.name
	}
	return ids
}

// award gives the names holding a word near query key k points for its
// rarity and likeness; the word itself is worth at least as much as its
// rarest variant, so that a common name (MAHMUD) is not crowded out by rarer
// words like it (MAHMUDI). find says whether names without points yet are
// found by it.
func (ix *Index) award(q *query, k int, find bool) {
	sc := q.sc
	rarity := func(w int32) float32 { return 1 / float32(1+len(ix.postings[w])/50) }
	var rarest float32
	for _, w := range q.near[k] {
		rarest = max(rarest, rarity(w))
	}
	for _, w := range q.near[k] {
		points := rarity(w) * float32(q.sim(k, w))
		if ix.words[w] == q.keys[k] {
			points = rarest
		}
		for _, id := range ix.postings[w] {
			switch {
			case sc.points[id] > 0:
			case !find:
				continue
			default:
				sc.named = append(sc.named, id)
			}
			sc.points[id] += points
		}
	}
}

// selectBest moves the k candidates with the most points to the front of c,
// in no order: a quickselect, as only which names are scored matters. Of
// equal points, the name of fewer words comes first, as the words shared
// are more of it (INTERNATIONAL before CARGO FREIGHT INTERNATIONAL), then
// the lower name.
func selectBest(c []candidate, k int) {
	before := func(a, b candidate) bool {
		return a.points > b.points || a.points == b.points && (a.words < b.words || a.words == b.words && a.name < b.name)
	}
	lo, hi := 0, len(c)
	for hi-lo > 1 {
		pivot := c[lo+(hi-lo)/2]
		// three-way partition: [lo,lt) before the pivot, [gt,hi) after it
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch {
			case before(c[i], pivot):
				c[lt], c[i] = c[i], c[lt]
				lt++
				i++
			case before(pivot, c[i]):
				gt--
				c[gt], c[i] = c[i], c[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k > gt:
			lo = gt
		default:
			return
		}
	}
}
