package screening

import (
	"fmt"
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
type Index struct {
	entries  []Entry
	names    []indexedName
	postings map[string][]int32 // token (and joined pair of adjacent tokens) → names
	words    []string           // every indexed token, for fuzzy look-up
	variants map[string][]int32 // a word, each of its one-letter deletions, and its consonant skeleton → words
	ids      map[string][]int32 // identifier number, letters and digits only → entries
	scratch  sync.Pool          // *scratch
}

type indexedName struct {
	entry  int32
	text   string
	tokens []Token
	weak   bool
}

// NewIndex indexes every name and alias of entries.
func NewIndex(entries []Entry) *Index {
	ix := &Index{entries: entries, postings: map[string][]int32{}, variants: map[string][]int32{}, ids: map[string][]int32{}}
	seenWord := map[string]bool{}
	for ei := range entries {
		e := &entries[ei]
		for _, n := range e.Names {
			toks := Normalize(n.Text)
			if len(toks) == 0 {
				continue
			}
			id := int32(len(ix.names))
			ix.names = append(ix.names, indexedName{entry: int32(ei), text: n.Text, tokens: toks,
				weak: n.Quality == "weak" || n.Quality == "low"})
			keys := make([]string, 0, 2*len(toks))
			for i, t := range toks {
				keys = append(keys, t.Text)
				if i+1 < len(toks) {
					keys = append(keys, t.Text+toks[i+1].Text)
				}
			}
			for _, k := range dedupe(keys) {
				ix.postings[k] = append(ix.postings[k], id)
				if !seenWord[k] {
					seenWord[k] = true
					w := int32(len(ix.words))
					ix.words = append(ix.words, k)
					for _, v := range wordVariants(k) {
						ix.variants[v] = append(ix.variants[v], w)
					}
				}
			}
		}
		for _, idf := range e.Identifiers {
			if k := idKey(idf.Number); len(k) >= 5 {
				ix.ids[k] = append(ix.ids[k], int32(ei))
			}
		}
	}
	ix.scratch.New = func() any { return &scratch{points: make([]float64, len(ix.names))} }
	return ix
}

// Entries returns how many entries the index holds.
func (ix *Index) Entries() int { return len(ix.entries) }

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// wordVariants are the keys under which a word is found by near-equal
// words: itself; for words of four letters or more, each one-letter deletion
// (two words one edit apart share a deletion) and its consonant skeleton
// (MOHAMMED and MUHAMMAD are both "#mhmd").
func wordVariants(w string) []string {
	if len(w) < 4 {
		return []string{w}
	}
	out := make([]string, 0, len(w)+2)
	out = append(out, w, "#"+skeleton(w))
	for i := range len(w) {
		out = append(out, w[:i]+w[i+1:])
	}
	return dedupe(out)
}

// sameSound maps letters that transliterations use for one sound to one of them.
var sameSound = map[byte]byte{'w': 'v', 'q': 'k', 'c': 'k', 'z': 's', 'j': 'y'}

// skeleton is a word without vowels (and y, h after a consonant) and with
// doubled letters made single: what survives transliteration.
func skeleton(w string) string {
	var b strings.Builder
	var last byte
	for i := 0; i < len(w); i++ {
		c := sameSound[w[i]]
		if c == 0 {
			c = w[i]
		}
		if c == 'f' && i >= len(w)-2 && (i == len(w)-1 || w[i+1] == 'f') {
			c = 'v' // IVANOFF is IVANOV
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			continue
		case 'h':
			if i > 0 && !strings.ContainsRune("aeiouy", rune(w[i-1])) {
				continue
			}
		}
		if c != last {
			b.WriteByte(c)
		}
		last = c
	}
	return string(w[0]) + b.String()
}

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

// Search returns the entries that may be meant by q, best first, at most
// limit. Every hit carries its score and explanation.
func (ix *Index) Search(q Query, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	type found struct {
		score float64
		name  int32 // -1: an identifier matched
	}
	best := map[int32]found{}
	if k := idKey(q.Name); len(k) >= 5 {
		for _, ei := range ix.ids[k] {
			best[ei] = found{1, -1}
		}
	}
	qt := Normalize(q.Name)
	var sims wordSims
	qj := joinedPairs(qt)
	if len(qt) > 0 {
		var cands []int32
		cands, sims = ix.candidates(qt)
		// Score every candidate; explain only the hits returned.
		for _, c := range cands {
			n := &ix.names[c]
			score, _ := ix.score(q, qt, qj, n, sims, false)
			if cur, ok := best[n.entry]; !ok || score > cur.score {
				best[n.entry] = found{score, c}
			}
		}
	}
	order := make([]int32, 0, len(best))
	for ei := range best {
		order = append(order, ei)
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch {
		case best[a].score > best[b].score:
			return -1
		case best[a].score < best[b].score:
			return 1
		}
		ea, eb := &ix.entries[a], &ix.entries[b]
		return strings.Compare(string(ea.Source)+ea.SourceID, string(eb.Source)+eb.SourceID)
	})
	if len(order) > limit {
		order = order[:limit]
	}
	hits := make([]Hit, len(order))
	for i, ei := range order {
		e := &ix.entries[ei]
		f := best[ei]
		if f.name < 0 {
			hits[i] = Hit{Entry: e, MatchedName: e.Names[0].Text, Score: 1,
				Explanation: "identifier " + strings.TrimSpace(q.Name) + " matches exactly"}
			continue
		}
		n := &ix.names[f.name]
		score, why := ix.score(q, qt, qj, n, sims, true)
		hits[i] = Hit{Entry: e, MatchedName: n.text, Score: score, Explanation: why}
	}
	return hits
}

// joinedPairs are the query's adjacent words written as one.
func joinedPairs(qt []Token) []string {
	out := make([]string, len(qt))
	for i := 0; i+1 < len(qt); i++ {
		out[i] = qt[i].Text + qt[i+1].Text
	}
	return out
}

// score is a name's score for the query, with its explanation when asked.
func (ix *Index) score(q Query, qt []Token, qj []string, n *indexedName, sims wordSims, explain bool) (float64, string) {
	score, why := scoreName(qt, qj, n.tokens, sims, explain)
	if n.weak {
		score *= 0.95
		if explain {
			why += "; weak alias (×0.95)"
		}
	}
	return ix.sharpen(q, &ix.entries[n.entry], score, why, explain)
}

// near is an indexed word near-equal to a query word.
type near struct {
	word string
	sim  float64
}

// wordSims holds, for each query word, the indexed words near-equal to it
// with their similarity: computed once per query, used for every candidate.
type wordSims map[string][]near

func (ws wordSims) sim(q, n string) float64 {
	if q == n {
		return 1
	}
	for _, c := range ws[q] {
		if c.word == n {
			return c.sim
		}
	}
	return 0
}

// scratch is per-query working memory, reused through a pool: a score slot
// for every indexed name, and the slots in use.
type scratch struct {
	points  []float64
	touched []int32
}

// candidates finds the names sharing a word, or a near-equal word, with the
// query, and keeps the best maxCandidates by the rarity of what they share.
func (ix *Index) candidates(qt []Token) ([]int32, wordSims) {
	strong := false
	for _, t := range qt {
		strong = strong || t.Weight == weightWord
	}
	sims := wordSims{}
	sc := ix.scratch.Get().(*scratch)
	defer func() {
		for _, id := range sc.touched {
			sc.points[id] = 0
		}
		sc.touched = sc.touched[:0]
		ix.scratch.Put(sc)
	}()
	type key struct {
		text  string
		skip  bool // a generic word or legal form beside strong words: finds nothing alone
		total int  // names it leads to
	}
	var keys []key
	for i, t := range qt {
		texts := []string{t.Text}
		if i+1 < len(qt) {
			texts = append(texts, t.Text+qt[i+1].Text)
		}
		for _, k := range texts {
			if _, done := sims[k]; done {
				continue
			}
			similar := ix.similarWords(k)
			sims[k] = similar
			kk := key{text: k, skip: strong && t.Weight < weightWord && k == t.Text}
			for _, c := range similar {
				kk.total += len(ix.postings[c.word])
			}
			keys = append(keys, kk)
		}
	}
	// A word on thousands of names (MOHAMMED) finds nothing a rarer word of
	// the query would not find; it still counts when the names are scored.
	rare := false
	for _, k := range keys {
		rare = rare || (!k.skip && k.total > 0 && k.total <= commonWord)
	}
	for _, k := range keys {
		if k.skip || (rare && k.total > commonWord) {
			continue
		}
		for _, c := range sims[k.text] {
			post := ix.postings[c.word]
			rarity := 1 / float64(1+len(post)/50)
			for _, id := range post {
				if sc.points[id] == 0 {
					sc.touched = append(sc.touched, id)
				}
				sc.points[id] += rarity
			}
		}
	}
	type scored struct {
		id  int32
		pts float64
	}
	all := make([]scored, 0, len(sc.touched))
	for _, id := range sc.touched {
		all = append(all, scored{id, sc.points[id]})
	}
	if len(all) > maxCandidates {
		slices.SortFunc(all, func(a, b scored) int {
			switch {
			case a.pts > b.pts:
				return -1
			case a.pts < b.pts:
				return 1
			}
			return int(a.id - b.id)
		})
		all = all[:maxCandidates]
	}
	ids := make([]int32, len(all))
	for i, c := range all {
		ids[i] = c.id
	}
	return ids, sims
}

// similarWords returns the indexed words equal or near-equal to w with their
// similarity: found through the variant keys, then confirmed by wordSim.
func (ix *Index) similarWords(w string) []near {
	var out []near
	var seen []int32
	for _, v := range wordVariants(w) {
		for _, id := range ix.variants[v] {
			if slices.Contains(seen, id) {
				continue
			}
			seen = append(seen, id)
			if s := wordSim(w, ix.words[id]); s >= nearEqual {
				out = append(out, near{ix.words[id], s})
			}
		}
	}
	return out
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// nearEqual is the Jaro-Winkler similarity from which two words count as the
// same word written differently (typos, transliteration variants).
const nearEqual = 0.88

var jaroWinkler = metrics.NewJaroWinkler()

// wordSim is how alike two words are in [0,1]: 1 for equal words, Jaro-
// Winkler otherwise, at least skeletonSim for words of the same first letter
// and consonant skeleton (transliteration variants). Words of three letters or
// fewer are alike only when equal.
func wordSim(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) <= 3 || len(b) <= 3 || absDiff(len(a), len(b)) > 3 {
		return 0
	}
	s := jaroWinkler.Compare(a, b)
	if s < skeletonSim && (sameSkeleton(a, b) || len(a) >= 5 && len(b) >= 5 && oneEdit(a, b) || soundSwap(a, b)) {
		s = skeletonSim
	}
	return s
}

// soundPairs are letters that transliterations swap (IHOR and IGOR, UMAR and OMAR).
var soundPairs = map[[2]byte]bool{{'g', 'h'}: true, {'o', 'u'}: true,
	{'k', 'q'}: true, {'c', 'k'}: true, {'s', 'z'}: true, {'v', 'w'}: true, {'j', 'y'}: true, {'f', 'v'}: true}

// soundSwap reports whether a and b differ only in one letter that
// transliterations swap.
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
	x, y := a[diff], b[diff]
	if x > y {
		x, y = y, x
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
// same consonant skeleton of at least three letters.
func sameSkeleton(a, b string) bool {
	if absDiff(len(a), len(b)) > 2 {
		return false
	}
	k := skeleton(a)
	return len(k) >= 3 && k == skeleton(b)
}

// skeletonSim is the similarity of two different spellings of one name.
const skeletonSim = 0.9

// scoreName aligns query words with a listed name's words in any order, one
// to one (a word may also equal two adjacent words joined), and weighs what
// matched: 70 % for how much of the query is found in the name, 30 % for how
// much of the name the query covers, so a dropped middle name costs little
// and a generic or legal-form word counts little either way.
func scoreName(q []Token, qj []string, n []Token, sims wordSims, explain bool) (float64, string) {
	usedN := make([]bool, len(n))
	var matchedQ, totalQ, matchedN, totalN float64
	strongMatched := 0
	var parts []string
	for i := 0; i < len(q); i++ {
		t := q[i]
		totalQ += t.Weight
		bestJ, bestSim, span := -1, 0.0, 1
		for j, u := range n {
			if usedN[j] {
				continue
			}
			if s := sims.sim(t.Text, u.Text); s >= nearEqual && s > bestSim {
				bestJ, bestSim, span = j, s, 1
			}
			if j+1 < len(n) && !usedN[j+1] && bestSim < 1 && len(t.Text) == len(u.Text)+len(n[j+1].Text) &&
				strings.HasPrefix(t.Text, u.Text) && strings.HasSuffix(t.Text, n[j+1].Text) {
				bestJ, bestSim, span = j, 1, 2
			}
		}
		if i+1 < len(q) {
			for j, u := range n {
				if !usedN[j] && bestSim < 1 && joins(t.Text, q[i+1].Text, qj[i], u.Text, sims) {
					usedN[j] = true
					matchedQ += t.Weight + q[i+1].Weight
					totalQ += q[i+1].Weight
					matchedN += u.Weight
					strongMatched += boolInt(u.Weight == weightWord)
					if explain {
						parts = append(parts, t.Text+"+"+q[i+1].Text+"="+u.Text)
					}
					i++
					bestJ = -2
					break
				}
			}
			if bestJ == -2 {
				continue
			}
		}
		if bestJ < 0 {
			if explain {
				parts = append(parts, t.Text+" not found")
			}
			continue
		}
		matchedQ += t.Weight * bestSim
		for k := bestJ; k < bestJ+span; k++ {
			usedN[k] = true
			matchedN += n[k].Weight * bestSim
			strongMatched += boolInt(n[k].Weight == weightWord && t.Weight == weightWord)
		}
		switch {
		case span == 2:
			if explain {
				parts = append(parts, t.Text+"="+n[bestJ].Text+"+"+n[bestJ+1].Text)
			}
		case bestSim == 1:
			if explain {
				parts = append(parts, t.Text)
			}
		default:
			if explain {
				parts = append(parts, fmt.Sprintf("%s≈%s (%.2f)", t.Text, n[bestJ].Text, bestSim))
			}
		}
	}
	missing := 0
	for j, u := range n {
		totalN += u.Weight
		if !usedN[j] && u.Weight == weightWord {
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

// joins reports whether the name word w is the query words a and b written as
// one: exactly, or near-equal when both query words have four letters or
// more (short words joined find too much by chance: TAO+ZHOU ≈ TUSO).
func joins(a, b, ab, w string, sims wordSims) bool {
	if ab == w {
		return true
	}
	return len(a) >= 4 && len(b) >= 4 && sims.sim(ab, w) >= nearEqual
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sharpen applies what the query says beyond the name: a different kind, a
// country the entry is not tied to, or a birth year it does not have lower
// the score.
func (ix *Index) sharpen(q Query, e *Entry, score float64, why string, explain bool) (float64, string) {
	if q.Kind != "" && e.Kind != Unknown && e.Kind != "" && q.Kind != e.Kind {
		score *= 0.85
		if explain {
			why += fmt.Sprintf("; listed as %s, not %s (×0.85)", e.Kind, q.Kind)
		}
	}
	if c := strings.TrimSpace(q.Country); c != "" {
		places := slices.Concat(e.Countries, e.Nationalities)
		for _, a := range e.Addresses {
			places = append(places, a.Country)
		}
		if len(places) > 0 {
			found := false
			for _, p := range places {
				found = found || strings.EqualFold(strings.TrimSpace(p), c)
			}
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
