package screening

import (
	"fmt"
	"slices"
	"strings"

	"github.com/adrg/strutil/metrics"
)

// AlgorithmVersion names the matching algorithm; results record it so an
// auditor can replay a screening.
const AlgorithmVersion = "vigil-match/1"

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
	grams    map[string][]int32 // trigram → words
	ids      map[string][]int32 // identifier number, letters and digits only → entries
}

type indexedName struct {
	entry  int32
	text   string
	tokens []Token
	weak   bool
}

// NewIndex indexes every name and alias of entries.
func NewIndex(entries []Entry) *Index {
	ix := &Index{entries: entries, postings: map[string][]int32{}, grams: map[string][]int32{}, ids: map[string][]int32{}}
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
					for _, g := range trigrams(k) {
						ix.grams[g] = append(ix.grams[g], w)
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
	return ix
}

// Len is the number of entries indexed.
func (ix *Index) Len() int { return len(ix.entries) }

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func trigrams(w string) []string {
	p := " " + w + " "
	out := make([]string, 0, len(p))
	for i := 0; i+3 <= len(p); i++ {
		out = append(out, p[i:i+3])
	}
	return dedupe(out)
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
const maxCandidates = 300

// Search returns the entries that may be meant by q, best first, at most
// limit. Every hit carries its score and explanation.
func (ix *Index) Search(q Query, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	best := map[int32]Hit{}
	if ents, ok := ix.ids[idKey(q.Name)]; ok && len(idKey(q.Name)) >= 5 {
		for _, ei := range ents {
			best[ei] = Hit{Entry: &ix.entries[ei], MatchedName: ix.entries[ei].Names[0].Text, Score: 1,
				Explanation: "identifier " + strings.TrimSpace(q.Name) + " matches exactly"}
		}
	}
	qt := Normalize(q.Name)
	if len(qt) > 0 {
		for _, c := range ix.candidates(qt) {
			n := &ix.names[c]
			score, why := scoreName(qt, n.tokens)
			if n.weak {
				score *= 0.95
				why += "; weak alias (×0.95)"
			}
			score, why = ix.sharpen(q, &ix.entries[n.entry], score, why)
			if cur, ok := best[n.entry]; !ok || score > cur.Score {
				best[n.entry] = Hit{Entry: &ix.entries[n.entry], MatchedName: n.text, Score: score, Explanation: why}
			}
		}
	}
	hits := make([]Hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(string(a.Entry.Source)+a.Entry.SourceID, string(b.Entry.Source)+b.Entry.SourceID)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// candidates finds the names sharing a word, or a near-equal word, with the
// query, rarest words first, and keeps the best maxCandidates by the rarity
// of what they share.
func (ix *Index) candidates(qt []Token) []int32 {
	keys := make([]string, 0, 2*len(qt))
	strong := false
	for _, t := range qt {
		strong = strong || t.Weight == weightWord
	}
	for i, t := range qt {
		if strong && t.Weight < weightWord {
			continue // generic words and legal forms alone find nothing
		}
		keys = append(keys, t.Text)
		if i+1 < len(qt) {
			keys = append(keys, t.Text+qt[i+1].Text)
		}
	}
	points := map[int32]float64{}
	for _, k := range dedupe(keys) {
		for _, w := range ix.similarWords(k) {
			post := ix.postings[w]
			rarity := 1 / float64(1+len(post)/50)
			for _, id := range post {
				points[id] += rarity
			}
		}
	}
	ids := make([]int32, 0, len(points))
	for id := range points {
		ids = append(ids, id)
	}
	if len(ids) > maxCandidates {
		slices.SortFunc(ids, func(a, b int32) int {
			switch {
			case points[a] > points[b]:
				return -1
			case points[a] < points[b]:
				return 1
			}
			return int(a - b)
		})
		ids = ids[:maxCandidates]
	}
	return ids
}

// similarWords returns the indexed words equal or near-equal to w: same
// first letter, close in length and Jaro-Winkler similarity ≥ nearEqual.
// Words of three letters or fewer match only exactly.
func (ix *Index) similarWords(w string) []string {
	out := []string{}
	if _, ok := ix.postings[w]; ok {
		out = append(out, w)
	}
	if len(w) <= 3 {
		return out
	}
	shared := map[int32]int{}
	for _, g := range trigrams(w) {
		for _, id := range ix.grams[g] {
			shared[id]++
		}
	}
	need := max(1, (len(w)+2)/3-1)
	for id, n := range shared {
		cand := ix.words[id]
		if n < need || cand == w || cand[0] != w[0] || absDiff(len(cand), len(w)) > 2 {
			continue
		}
		if similarity(w, cand) >= nearEqual {
			out = append(out, cand)
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

func similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) <= 3 || len(b) <= 3 {
		return 0
	}
	return jaroWinkler.Compare(a, b)
}

// scoreName aligns query words with a listed name's words in any order, one
// to one (a word may also equal two adjacent words joined), and weighs what
// matched: 70 % for how much of the query is found in the name, 30 % for how
// much of the name the query covers, so a dropped middle name costs little
// and a generic or legal-form word counts little either way.
func scoreName(q, n []Token) (float64, string) {
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
			if s := similarity(t.Text, u.Text); s >= nearEqual && s > bestSim {
				bestJ, bestSim, span = j, s, 1
			}
			if j+1 < len(n) && !usedN[j+1] && t.Text == u.Text+n[j+1].Text && bestSim < 1 {
				bestJ, bestSim, span = j, 1, 2
			}
		}
		if i+1 < len(q) {
			for j, u := range n {
				if !usedN[j] && u.Text == t.Text+q[i+1].Text && bestSim < 1 {
					usedN[j] = true
					matchedQ += t.Weight + q[i+1].Weight
					totalQ += q[i+1].Weight
					matchedN += u.Weight
					strongMatched += boolInt(u.Weight == weightWord)
					parts = append(parts, t.Text+"+"+q[i+1].Text+"="+u.Text)
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
			parts = append(parts, t.Text+" not found")
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
			parts = append(parts, t.Text+"="+n[bestJ].Text+"+"+n[bestJ+1].Text)
		case bestSim == 1:
			parts = append(parts, t.Text)
		default:
			parts = append(parts, fmt.Sprintf("%s≈%s (%.2f)", t.Text, n[bestJ].Text, bestSim))
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
	why := "words: " + strings.Join(parts, ", ")
	if missing > 0 {
		why += fmt.Sprintf("; %d listed word(s) not in the query", missing)
	}
	if strongMatched == 0 && score > 0.5 {
		score = 0.5
		why += "; only generic words or legal forms match (capped at 0.5)"
	}
	return score, why
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
func (ix *Index) sharpen(q Query, e *Entry, score float64, why string) (float64, string) {
	if q.Kind != "" && e.Kind != Unknown && e.Kind != "" && q.Kind != e.Kind {
		score *= 0.85
		why += fmt.Sprintf("; listed as %s, not %s (×0.85)", e.Kind, q.Kind)
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
				why += "; country " + c + " matches"
			} else {
				score *= 0.9
				why += "; country " + c + " not among the entry's (×0.9)"
			}
		}
	}
	if y := yearOf(q.BirthDate); y != "" && len(e.BirthDates) > 0 {
		found := false
		for _, d := range e.BirthDates {
			found = found || strings.Contains(d, y)
		}
		if found {
			why += "; birth year " + y + " matches"
		} else {
			score *= 0.8
			why += "; birth year " + y + " not the entry's (×0.8)"
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
