package matching

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/adrg/strutil/metrics"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// score is a name's score for the query, with its explanation when asked.
func (ix *Index) score(q Query, qq *query, n *indexedName, explain bool) (float64, string) {
	score, why := ix.scoreName(qq, n, explain)
	if n.weak {
		score *= 0.95
		if explain {
			why += "; weak alias (×0.95)"
		}
	}
	score, why = ix.sharpen(q, qq, n.entry, score, why, explain)
	// Rounded so that names of the same words in another order, whose
	// weights add up in another order, tie exactly.
	return math.Round(score*1e9) / 1e9, why
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
		if soundSwap(a, b) || sameByEar(a, b) {
			return skeletonSim
		}
		return 0
	}
	if absDiff(len(a), len(b)) > 3 {
		return 0
	}
	s := jaroWinkler.Compare(a, b)
	if s < skeletonSim && (sameSkeleton(a, b, s) || len(a) >= 5 && len(b) >= 5 && oneEdit(a, b) || soundSwap(a, b) || sameByEar(a, b)) {
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
	a := alignment{explain: explain}
	for i := 0; i < len(q.tokens); i++ {
		a.totalQ += q.tokens[i].Weight
		j, sim, span := ix.bestMatch(q, i, n, used)
		// The next query word written onto this one may be a name word that
		// neither is alone (ABD ELWANIS and ABDEL WANIS).
		if i+1 < len(q.tokens) && (sim < 1 || len(q.near[i+1]) == 0) {
			if k, span := ix.joinedQuery(q, i, n, used); k >= 0 {
				a.joined(q.tokens[i], q.tokens[i+1], n, k, span)
				for u := k; u < k+span; u++ {
					used[u] = true
				}
				i++
				continue
			}
		}
		a.matched(q.tokens[i], n, j, sim, span, used)
	}
	return a.score(n, used)
}

// alignment is what aligning a query's words with a name's words found so
// far: the weights matched and in all, on the query's side and the name's.
type alignment struct {
	matchedQ, totalQ, matchedN, totalN float64
	strongMatched                      int      // words that identify, matched on both sides
	unmatchedQ                         int      // query words, other than legal forms, not found
	explain                            bool     // whether to note what each query word matched
	parts                              []string // the notes
}

// joined counts query words t and next as the name's words k to k+span
// written as one.
func (a *alignment) joined(t, next Token, n *indexedName, k, span int) {
	a.matchedQ += t.Weight + next.Weight
	a.totalQ += next.Weight
	for _, u := range n.tokens[k : k+span] {
		a.matchedN += u.Weight
		a.strongMatched += boolInt(u.Weight == weightWord)
	}
	if a.explain {
		a.parts = append(a.parts, t.Text+"+"+next.Text+"="+strings.Join(n.texts(k, span), "+"))
	}
}

// matched counts query word t as the name's words j to j+span, with
// similarity sim, and marks them used; j < 0: t was not found.
func (a *alignment) matched(t Token, n *indexedName, j int, sim float64, span int, used []bool) {
	if j < 0 {
		a.unmatchedQ += boolInt(t.Weight > weightLegalForm)
		if a.explain {
			a.parts = append(a.parts, t.Text+" not found")
		}
		return
	}
	a.matchedQ += t.Weight * sim
	for k := j; k < j+span; k++ {
		used[k] = true
		a.matchedN += n.tokens[k].Weight * sim
		a.strongMatched += boolInt(n.tokens[k].Weight == weightWord && t.Weight == weightWord)
	}
	if a.explain {
		a.parts = append(a.parts, matchNote(t, n, j, sim, span))
	}
}

// texts returns the texts of the name's tokens j to j+span.
func (n *indexedName) texts(j, span int) []string {
	out := make([]string, span)
	for k := range out {
		out[k] = n.tokens[j+k].Text
	}
	return out
}

// matchNote tells how query word t matched the name's words j to j+span.
func matchNote(t Token, n *indexedName, j int, sim float64, span int) string {
	matched := strings.Join(n.texts(j, span), "+")
	switch {
	case sim == 1 && span == 1:
		return t.Text
	case sim == 1:
		return t.Text + "=" + matched
	}
	return fmt.Sprintf("%s≈%s (%.2f)", t.Text, matched, sim)
}

// score weighs the alignment with the name's words, used or not. A name
// matched by generic words and legal forms alone is capped at 0.5, unless it
// is made of generic words only and the query says every one of them and no
// other word (INDUSTRIAL BANK typed as listed): legal forms may differ.
func (a *alignment) score(n *indexedName, used []bool) (float64, string) {
	missing, generic, genericMissing := 0, false, false
	for j, u := range n.tokens {
		a.totalN += u.Weight
		missing += boolInt(!used[j] && u.Weight == weightWord)
		generic = generic || u.Weight == weightGeneric
		genericMissing = genericMissing || !used[j] && u.Weight == weightGeneric
	}
	if a.totalQ == 0 || a.totalN == 0 {
		return 0, "nothing to compare"
	}
	score := 0.7*a.matchedQ/a.totalQ + 0.3*a.matchedN/a.totalN
	wholeGenericName := generic && missing == 0 && !genericMissing && a.unmatchedQ == 0
	capped := a.strongMatched == 0 && score > 0.5 && !wholeGenericName
	if capped {
		score = 0.5
	}
	if !a.explain {
		return score, ""
	}
	why := "words: " + strings.Join(a.parts, ", ")
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

// joinedQuery returns the name tokens, not yet used, that are query tokens
// i and i+1 written as one: one name token, exactly or near-equal when both
// query tokens have four letters or more, or two name tokens written as one
// exactly (ABD ELKARIM and ABDEL KARIM: the same letters spaced elsewhere);
// -1 for none.
func (ix *Index) joinedQuery(q *query, i int, n *indexedName, used []bool) (j, span int) {
	if len(q.near[q.pair(i)]) == 0 {
		return -1, 0
	}
	short := len(q.tokens[i].Text) < 4 || len(q.tokens[i+1].Text) < 4
	for j, w := range n.words {
		if s := q.sim(q.pair(i), w); !used[j] && (s == 1 || s > 0 && !short) {
			return j, 1
		}
	}
	for j, w := range n.joined {
		if !used[j] && !used[j+1] && q.sim(q.pair(i), w) == 1 {
			return j, 2
		}
	}
	return -1, 0
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
	diff, second := differences(a, b)
	if diff < 0 || second >= 0 {
		return false
	}
	x, y := min(a[diff], b[diff]), max(a[diff], b[diff])
	if len(a) <= 3 {
		return x == 'i' && y == 'y'
	}
	return soundPairs[[2]byte{x, y}]
}

// differences returns the first two positions at which a and b, of one
// length, differ; -1 for none.
func differences(a, b string) (first, second int) {
	first = -1
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if first >= 0 {
				return first, i
			}
			first = i
		}
	}
	return first, -1
}

// oneEdit reports whether a and b differ by one substitution, insertion,
// deletion or swap of neighbouring letters: a typo, or IHOR and IGOR.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		// with a second difference, only a swap of these two neighbours is one edit
		d, i := differences(a, b)
		return i < 0 || d == i-1 && a[d] == b[i] && a[i] == b[d] && a[i+1:] == b[i+1:]
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
	s := sharpening{score: score, why: why, explain: explain}
	if q.Kind != "" && e.Kind != watchlist.Unknown && e.Kind != "" && q.Kind != e.Kind {
		s.score *= 0.85
		if explain {
			s.why += fmt.Sprintf("; listed as %s, not %s (×0.85)", e.Kind, q.Kind)
		}
	}
	if c := strings.TrimSpace(q.Country); c != "" && len(ix.places[ei]) > 0 {
		s.check(slices.Contains(ix.places[ei], qq.country), 0.9, "country", c, "not among the entry's")
	}
	if y := yearOf(q.BirthDate); y != "" && len(e.BirthDates) > 0 {
		found := slices.ContainsFunc(e.BirthDates, func(d string) bool { return strings.Contains(d, y) })
		s.check(found, 0.8, "birth year", y, "not the entry's")
	}
	return s.score, s.why
}

// sharpening is a score on its way through sharpen, with its explanation
// when asked.
type sharpening struct {
	score   float64
	why     string
	explain bool
}

// check lowers the score by factor unless the query's value of what holds
// for the entry, and says which.
func (s *sharpening) check(holds bool, factor float64, what, value, missing string) {
	if !holds {
		s.score *= factor
	}
	switch {
	case !s.explain:
	case holds:
		s.why += "; " + what + " " + value + " matches"
	default:
		s.why += "; " + what + " " + value + " " + missing + " (×" + strconv.FormatFloat(factor, 'g', -1, 64) + ")"
	}
}

func yearOf(d string) string {
	d = strings.TrimSpace(d)
	if len(d) >= 4 {
		return d[:4]
	}
	return ""
}
