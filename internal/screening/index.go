package screening

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/strutil/metrics"
)

// DefaultThreshold is the score from which a hit is shown for review.
const DefaultThreshold = 0.80

// Index is the in-memory search structure over the active list entries. It
// is built once and never changed: a new import builds a new Index, which
// replaces the old one atomically.
//
// Words are numbered: every token of a name, and every two adjacent tokens
// written as one, is a word with postings (the names holding it) and
// variant keys (below) through which near-equal words find it.
type Index struct {
	entries   []Entry
	names     []indexedName
	words     []string  // word number → text
	postings  [][]int32 // word number → names
	variants  variantTable
	ids       map[string][]int32 // identifier number, letters and digits only → entries
	countries Countries          // nil: countries compare by folded name only
	places    [][]string         // entry → the keys of the countries it is tied to
	scratch   sync.Pool          // *scratch
}

// WithCountries makes the index compare countries by ISO code, so that a
// query's "IR" finds an entry's "Iran". Call it before the index is shared.
func (ix *Index) WithCountries(c Countries) *Index {
	ix.countries = c
	ix.indexPlaces()
	return ix
}

// indexPlaces keys the countries every entry is tied to.
func (ix *Index) indexPlaces() {
	c := ix.countries
	ix.places = make([][]string, len(ix.entries))
	known := map[string]string{} // place as written → key: lists repeat a few hundred places
	for i := range ix.entries {
		e := &ix.entries[i]
		var keys []string
		add := func(p string) {
			k, ok := known[p]
			if !ok {
				k = c.key(p)
				known[p] = k
			}
			if k != "" && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		for _, p := range e.Countries {
			add(p)
		}
		for _, p := range e.Nationalities {
			add(p)
		}
		for _, a := range e.Addresses {
			add(a.Country)
		}
		ix.places[i] = keys
	}
}

type indexedName struct {
	entry  int32
	text   string
	tokens []Token
	words  []int32 // word number of each token
	joined []int32 // word number of each two adjacent tokens written as one
	weak   bool
}

// variantTable finds words by their variant keys (variantKeys): a hash
// table in one block, the words of bucket b at words[start[b]:start[b+1]],
// each with the high half of its key to tell keys of one bucket apart.
type variantTable struct {
	start []int32
	check []uint32
	words []int32
}

// bucket is the key's low bits: there are len(start)-1 buckets, a power of two.
func (t *variantTable) bucket(key uint64) int { return int(key & uint64(len(t.start)-2)) }

// newVariantTable files the variant keys of every word: counted per bucket
// first, then placed, so the table is built in two passes without sorting.
func newVariantTable(words []string) variantTable {
	n := 0
	for _, w := range words {
		n += len(w) + 2
	}
	buckets := 1
	for buckets < n {
		buckets *= 2
	}
	t := variantTable{start: make([]int32, buckets+1)}
	var keys []uint64
	for _, w := range words {
		for _, k := range variantKeys(w, fuzzy, keys[:0]) {
			t.start[t.bucket(k)+1]++
		}
	}
	for b := range buckets {
		t.start[b+1] += t.start[b]
	}
	total := t.start[buckets]
	t.check, t.words = make([]uint32, total), make([]int32, total)
	next := slices.Clone(t.start[:buckets])
	for wi, w := range words {
		for _, k := range variantKeys(w, fuzzy, keys[:0]) {
			b := t.bucket(k)
			t.check[next[b]], t.words[next[b]] = uint32(k>>32), int32(wi)
			next[b]++
		}
	}
	return t
}

// find calls f with every word filed under key; a word may come more than
// once (MOHAMMED less either M is one key).
func (t *variantTable) find(key uint64, f func(w int32)) {
	b := t.bucket(key)
	for i := t.start[b]; i < t.start[b+1]; i++ {
		if t.check[i] == uint32(key>>32) {
			f(t.words[i])
		}
	}
}

// NewIndex indexes every name and alias of entries, a name with invisible
// characters in each of its readings.
func NewIndex(entries []Entry) *Index {
	ix := &Index{entries: entries, ids: map[string][]int32{}}
	wordOf := map[string]int32{}
	word := func(text string, name int32) int32 {
		w, ok := wordOf[text]
		if !ok {
			w = int32(len(ix.words))
			wordOf[text] = w
			ix.words = append(ix.words, text)
			ix.postings = append(ix.postings, nil)
		}
		// a word twice in one name is posted once: the name was posted last
		if post := ix.postings[w]; len(post) == 0 || post[len(post)-1] != name {
			ix.postings[w] = append(post, name)
		}
		return w
	}
	for ei := range entries {
		e := &entries[ei]
		for _, n := range e.Names {
			for _, reading := range readings(n.Text) {
				toks := Normalize(reading)
				if len(toks) == 0 {
					continue
				}
				id := int32(len(ix.names))
				in := indexedName{entry: int32(ei), text: n.Text, tokens: toks, words: make([]int32, len(toks)),
					joined: make([]int32, len(toks)-1), weak: n.Quality == "weak" || n.Quality == "low"}
				for i, t := range toks {
					in.words[i] = word(t.Text, id)
					if i+1 < len(toks) {
						in.joined[i] = word(t.Text+toks[i+1].Text, id)
					}
				}
				ix.names = append(ix.names, in)
			}
		}
		for _, idf := range e.Identifiers {
			if k := idKey(idf.Number); len(k) >= 5 {
				ix.ids[k] = append(ix.ids[k], int32(ei))
			}
		}
	}
	ix.variants = newVariantTable(ix.words)
	ix.scratch.New = func() any { return newScratch(len(ix.names), len(ix.words), len(ix.entries)) }
	ix.indexPlaces()
	return ix
}

// Entries returns how many entries the index holds.
func (ix *Index) Entries() int { return len(ix.entries) }

// How near the words a key looks up may be.
type fuzziness int

const (
	exact fuzziness = iota // the word itself
	typos                  // and words one or two edits away
	fuzzy                  // and words of the same consonant skeleton
)

// variantKeys appends the keys under which a word is found by near-equal
// words: the word itself; with typos, for words of four letters or more,
// each one-letter deletion (two words an edit or two apart share a
// deletion); fuzzy, its consonant skeleton (MOHAMMED and MUHAMMAD are both
// "mhmd").
func variantKeys(w string, f fuzziness, keys []uint64) []uint64 {
	keys = append(keys, hashSkipping(w, -1, fnvOffset))
	if f >= typos && len(w) >= 4 {
		for i := range len(w) {
			keys = append(keys, hashSkipping(w, i, fnvOffset))
		}
	}
	if f >= fuzzy {
		var buf [64]byte
		keys = append(keys, hashSkipping(string(appendSkeleton(buf[:0], w)), -1, skeletonOffset))
	}
	return keys
}

// FNV-1a, started from another offset for skeletons so that a skeleton and a
// word of the same letters have different keys.
const (
	fnvOffset      uint64 = 14695981039346656037
	skeletonOffset uint64 = 1469598103934665603
	fnvPrime       uint64 = 1099511628211
)

// hashSkipping hashes w without its byte at skip (-1: all of w).
func hashSkipping(w string, skip int, h uint64) uint64 {
	for i := 0; i < len(w); i++ {
		if i != skip {
			h = (h ^ uint64(w[i])) * fnvPrime
		}
	}
	return h
}

// sameSound maps letters that transliterations use for one sound to one of them.
var sameSound = [256]byte{'w': 'v', 'q': 'k', 'c': 'k', 'z': 's', 'j': 'y'}

// appendSkeleton appends w's skeleton to b: its first letter, then its
// consonants without vowels (nor y, nor h after a consonant), letters of one
// sound made one (sameSound, X as KS) and doubled letters made single: what
// survives transliteration. An initial Y before a vowel is a vowel's glide
// (YEVGENIY and EVGENY): the skeleton starts after it.
func appendSkeleton(b []byte, w string) []byte {
	if len(w) > 1 && w[0] == 'y' && isVowel(w[1]) {
		w = w[1:]
	}
	if w == "" {
		return b
	}
	b = append(b, w[0])
	var last byte
	for i := 1; i < len(w); i++ {
		c := w[i]
		if s := sameSound[c]; s != 0 {
			c = s
		}
		if c == 'f' && i >= len(w)-2 && (i == len(w)-1 || w[i+1] == 'f') {
			c = 'v' // IVANOFF is IVANOV
		}
		switch {
		case isVowel(c) || c == 'y':
			continue
		case c == 'h' && !isVowel(w[i-1]):
			continue
		case c == 'x':
			if last != 'k' {
				b = append(b, 'k')
			}
			c = 's'
		}
		if c != last {
			b = append(b, c)
		}
		last = c
	}
	return b
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// idKeys are the keys an identifier as typed may be listed under: all of it,
// and without a leading word naming its type ("IMO 9187629", "Passport
// C1234567"). Keys shorter than five characters find too much by chance.
func idKeys(s string) []string {
	var out []string
	for _, k := range []string{idKey(s), idKey(typed.ReplaceAllString(s, ""))} {
		if len(k) >= 5 && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// typed is a leading word naming an identifier's type.
var typed = regexp.MustCompile(`^\s*[A-Za-z][A-Za-z.]*[:#]?\s+`)

func idKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
}

func newScratch(names, words, entries int) *scratch {
	return &scratch{points: make([]float32, names), wordRow: make([]int32, words), best: make([]found, entries)}
}

// found is an entry's best name and its score; name -1 is an identifier match.
type found struct {
	score float64
	name  int32
	ok    bool
}

type candidate struct {
	name   int32
	points float32
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
		q.Name = name
		for _, h := range ix.search(q, limit) {
			h.Explanation += readingNotes[i]
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return rank(a.Score, b.Score, a.Entry, b.Entry) })
	seen := make(map[*Entry]bool, len(hits))
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

// rank orders hits best first; equal scores by list and id, so that ties come
// in a stable order.
func rank(scoreA, scoreB float64, a, b *Entry) int {
	if c := cmp.Compare(scoreB, scoreA); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(string(a.Source), string(b.Source)), strings.Compare(a.SourceID, b.SourceID))
}

// search is Search for one reading of the name.
func (ix *Index) search(q Query, limit int) []Hit {
	sc := ix.scratch.Get().(*scratch)
	defer ix.release(sc)
	// A name typed as a number, and every identifier given, may equal a
	// listed identifier; found.name -1-i says it was the i-th of ids.
	ids := append([]string{q.Name}, q.Identifiers...)
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
	order := sc.found
	slices.SortFunc(order, func(a, b int32) int { return rank(sc.best[a].score, sc.best[b].score, &ix.entries[a], &ix.entries[b]) })
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

// keep records f for entry e when it beats what e has.
func (sc *scratch) keep(e int32, f found) {
	cur := &sc.best[e]
	if !cur.ok {
		sc.found = append(sc.found, e)
	} else if f.score <= cur.score {
		return
	}
	*cur = f
	cur.ok = true
}

func (ix *Index) release(sc *scratch) {
	for _, e := range sc.found {
		sc.best[e] = found{}
	}
	for _, w := range sc.rowWords {
		sc.wordRow[w] = 0
	}
	sc.found, sc.rowWords = sc.found[:0], sc.rowWords[:0]
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
		if leads[k] < 0 || rare && leads[k] > commonWord {
			continue
		}
		for _, w := range q.near[k] {
			post := ix.postings[w]
			rarity := 1 / float32(1+len(post)/50)
			for _, id := range post {
				if sc.points[id] == 0 {
					sc.named = append(sc.named, id)
				}
				sc.points[id] += rarity
			}
		}
	}
	sc.cands = sc.cands[:0]
	for _, id := range sc.named {
		sc.cands = append(sc.cands, candidate{id, sc.points[id]})
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

// selectBest moves the k candidates with the most points (the lower name
// first among equals) to the front of c, in no order: a quickselect, as
// only which names are scored matters.
func selectBest(c []candidate, k int) {
	before := func(a, b candidate) bool { return a.points > b.points || a.points == b.points && a.name < b.name }
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

// score is a name's score for the query, with its explanation when asked.
func (ix *Index) score(q Query, qq *query, n *indexedName, explain bool) (float64, string) {
	score, why := ix.scoreName(qq, n, explain)
	if n.weak {
		score *= 0.95
		if explain {
			why += "; weak alias (×0.95)"
		}
	}
	return ix.sharpen(q, qq, n.entry, score, why, explain)
}

// nearEqual is the similarity from which two words count as the same word
// written differently (typos, transliteration variants).
const nearEqual = 0.88

var jaroWinkler = metrics.NewJaroWinkler()

// wordSim is how alike two words are in [0,1]: 1 for equal words, Jaro-
// Winkler otherwise, at least skeletonSim for transliteration variants (the
// same consonant skeleton at about the same length, letters transliterations
// swap) and, for words of five letters or more, for typos (one edit). Words
// of three letters or fewer are alike only when equal or transliteration
// variants (ALI and ALY).
func wordSim(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) <= 3 || len(b) <= 3 {
		if soundSwap(a, b) {
			return skeletonSim
		}
		return 0
	}
	if absDiff(len(a), len(b)) > 3 {
		return 0
	}
	s := jaroWinkler.Compare(a, b)
	if s < skeletonSim && (sameSkeleton(a, b, s) || len(a) >= 5 && len(b) >= 5 && oneEdit(a, b) || soundSwap(a, b)) {
		s = skeletonSim
	}
	return s
}

// joinedSim is wordSim for words written as one (AEROCARIBBEAN and AERO
// CARIBBEAN): typos only, as transliteration rules over a joined pair find
// too much by chance (MARIA DIAZ and MIRDASH share a skeleton).
func joinedSim(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) <= 3 || len(b) <= 3 || absDiff(len(a), len(b)) > 3 {
		return 0
	}
	s := jaroWinkler.Compare(a, b)
	if s < skeletonSim && len(a) >= 5 && len(b) >= 5 && oneEdit(a, b) {
		s = skeletonSim
	}
	return s
}

// skeletonSim is the similarity of two different spellings of one name.
const skeletonSim = 0.9

// scoreName aligns query words with a listed name's words in any order, one
// to one (a word may also equal two adjacent words joined), and weighs what
// matched: 70 % for how much of the query is found in the name, 30 % for how
// much of the name the query covers, so a dropped middle name costs little
// and a generic or legal-form word counts little either way.
func (ix *Index) scoreName(q *query, n *indexedName, explain bool) (float64, string) {
	used := append(q.sc.used[:0], make([]bool, len(n.words))...)
	q.sc.used = used
	var matchedQ, totalQ, matchedN, totalN float64
	strongMatched := 0
	var parts []string
	note := func(s string) {
		if explain {
			parts = append(parts, s)
		}
	}
	for i := 0; i < len(q.tokens); i++ {
		t := q.tokens[i]
		totalQ += t.Weight
		bestJ, bestSim, span := ix.bestMatch(q, i, n, used)
		if i+1 < len(q.tokens) && bestSim < 1 {
			if j := ix.joinedQuery(q, i, n, used); j >= 0 {
				u := n.tokens[j]
				used[j] = true
				matchedQ += t.Weight + q.tokens[i+1].Weight
				totalQ += q.tokens[i+1].Weight
				matchedN += u.Weight
				strongMatched += boolInt(u.Weight == weightWord)
				note(t.Text + "+" + q.tokens[i+1].Text + "=" + u.Text)
				i++
				continue
			}
		}
		if bestJ < 0 {
			note(t.Text + " not found")
			continue
		}
		matchedQ += t.Weight * bestSim
		for k := bestJ; k < bestJ+span; k++ {
			used[k] = true
			matchedN += n.tokens[k].Weight * bestSim
			strongMatched += boolInt(n.tokens[k].Weight == weightWord && t.Weight == weightWord)
		}
		if explain {
			matched := n.tokens[bestJ].Text
			if span == 2 {
				matched += "+" + n.tokens[bestJ+1].Text
			}
			switch {
			case bestSim == 1 && span == 1:
				note(t.Text)
			case bestSim == 1:
				note(t.Text + "=" + matched)
			default:
				note(fmt.Sprintf("%s≈%s (%.2f)", t.Text, matched, bestSim))
			}
		}
	}
	missing := 0
	for j, u := range n.tokens {
		totalN += u.Weight
		if !used[j] && u.Weight == weightWord {
			missing++
		}
	}
	if totalQ == 0 || totalN == 0 {
		return 0, "nothing to compare"
	}
	score := 0.7*matchedQ/totalQ + 0.3*matchedN/totalN
	capped := strongMatched == 0 && score > 0.5
	if capped {
		score = 0.5
	}
	if !explain {
		return score, ""
	}
	why := "words: " + strings.Join(parts, ", ")
	if missing > 0 {
		why += fmt.Sprintf("; %d listed word(s) not in the query", missing)
	}
	if capped {
		why += "; only generic words or legal forms match (capped at 0.5)"
	}
	return score, why
}

// bestMatch returns the name token, not yet used, most like query token i,
// with their similarity and span: 2 when the token is like that name token
// and the next written as one; -1 when none is near-equal.
func (ix *Index) bestMatch(q *query, i int, n *indexedName, used []bool) (j int, sim float64, span int) {
	j, span = -1, 1
	if len(q.near[i]) == 0 {
		return j, sim, span // near no indexed word
	}
	for k, w := range n.words {
		if used[k] {
			continue
		}
		if s := q.sim(i, w); s > sim {
			j, sim, span = k, s, 1
		}
		if k+1 < len(n.words) && !used[k+1] && sim < 1 {
			if s := ix.joinedName(q, i, n, k); s > sim {
				j, sim, span = k, s, 2
			}
		}
	}
	return j, sim, span
}

// joinedName is the similarity of query token i to the name's tokens j and
// j+1 written as one: equal, or near-equal by joinedSim when both name
// tokens have four letters or more (short words joined find too much by
// chance: TAO+ZHOU ≈ TUSO).
func (ix *Index) joinedName(q *query, i int, n *indexedName, j int) float64 {
	s := q.sim(i, n.joined[j])
	if s == 0 || s == 1 {
		return s
	}
	if len(n.tokens[j].Text) < 4 || len(n.tokens[j+1].Text) < 4 {
		return 0
	}
	if s = joinedSim(q.keys[i], ix.words[n.joined[j]]); s < nearEqual {
		return 0
	}
	return s
}

// joinedQuery returns the name token, not yet used, that is query tokens i
// and i+1 written as one: exactly, or near-equal when both query tokens have
// four letters or more; -1 for none.
func (ix *Index) joinedQuery(q *query, i int, n *indexedName, used []bool) int {
	if len(q.near[q.pair(i)]) == 0 {
		return -1
	}
	short := len(q.tokens[i].Text) < 4 || len(q.tokens[i+1].Text) < 4
	for j, w := range n.words {
		if s := q.sim(q.pair(i), w); !used[j] && (s == 1 || s > 0 && !short) {
			return j
		}
	}
	return -1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// soundPairs are letters that transliterations swap (IHOR and IGOR, UMAR and
// OMAR, ALI and ALY).
var soundPairs = map[[2]byte]bool{{'g', 'h'}: true, {'o', 'u'}: true, {'i', 'y'}: true,
	{'k', 'q'}: true, {'c', 'k'}: true, {'s', 'z'}: true, {'v', 'w'}: true, {'j', 'y'}: true, {'f', 'v'}: true}

// soundSwap reports whether a and b differ only in one letter that
// transliterations swap; in words of three letters or fewer only I and Y
// (SUN and SON are other names).
func soundSwap(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := -1
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return false
	}
	x, y := min(a[diff], b[diff]), max(a[diff], b[diff])
	if len(a) <= 3 {
		return x == 'i' && y == 'y'
	}
	return soundPairs[[2]byte{x, y}]
}

// oneEdit reports whether a and b differ by one substitution, insertion,
// deletion or swap of neighbouring letters: a typo, or IHOR and IGOR.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		diff := -1
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of these two neighbours is one edit
					return diff == i-1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// sameSkeleton reports whether two words of about the same length have the
// same consonant skeleton: of at least three letters, or of two (SAID and
// SAEED) when they are otherwise alike too (jaroWinkler at least 0.8: MEERA
// and MURO are not).
func sameSkeleton(a, b string, jaroWinkler float64) bool {
	if absDiff(len(a), len(b)) > 2 {
		return false
	}
	var ba, bb [64]byte
	k := appendSkeleton(ba[:0], a)
	return (len(k) >= 3 || len(k) == 2 && jaroWinkler >= 0.8) && string(k) == string(appendSkeleton(bb[:0], b))
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// sharpen applies what the query says beyond the name: a different kind, a
// country the entry is not tied to, or a birth year it does not have lower
// the score.
func (ix *Index) sharpen(q Query, qq *query, ei int32, score float64, why string, explain bool) (float64, string) {
	e := &ix.entries[ei]
	if q.Kind != "" && e.Kind != Unknown && e.Kind != "" && q.Kind != e.Kind {
		score *= 0.85
		if explain {
			why += fmt.Sprintf("; listed as %s, not %s (×0.85)", e.Kind, q.Kind)
		}
	}
	if c := strings.TrimSpace(q.Country); c != "" {
		if places := ix.places[ei]; len(places) > 0 {
			found := slices.Contains(places, qq.country)
			if found {
				if explain {
					why += "; country " + c + " matches"
				}
			} else {
				score *= 0.9
				if explain {
					why += "; country " + c + " not among the entry's (×0.9)"
				}
			}
		}
	}
	if y := yearOf(q.BirthDate); y != "" && len(e.BirthDates) > 0 {
		found := false
		for _, d := range e.BirthDates {
			found = found || strings.Contains(d, y)
		}
		if found {
			if explain {
				why += "; birth year " + y + " matches"
			}
		} else {
			score *= 0.8
			if explain {
				why += "; birth year " + y + " not the entry's (×0.8)"
			}
		}
	}
	return score, why
}

func yearOf(d string) string {
	d = strings.TrimSpace(d)
	if len(d) >= 4 {
		return d[:4]
	}
	return ""
}
