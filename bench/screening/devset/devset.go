// Package devset builds a screening development set from the real lists —
// list names altered the ways users and other systems write them, plus
// ordinary names that are on no list — and scores a Searcher against it.
package devset

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Case is one query of the development set.
type Case struct {
	Query   matching.Query `json:"query"`
	Variant string         `json:"variant"`
	Origin  string         `json:"origin,omitempty"` // the list name the query was made from (positives)
	// Want holds "source:source_id" of the entries the query must find;
	// empty for a negative.
	Want []string `json:"want"`
}

// Variant kinds of positives; negatives are "negative-person" and
// "negative-company".
var Variants = []string{
	"exact", "typo", "reordered", "lowercase", "dropped-middle",
	"transliteration", "accents", "legal-form", "joined-words",
	"by-ear", "common-name", "generic-name",
}

// ID is how a case names an entry.
func ID(e *watchlist.Entry) string { return string(e.Source) + ":" + e.SourceID }

// KeyIndex maps the normalised key of every name of every entry to the IDs
// of the entries carrying it.
func KeyIndex(entries []watchlist.Entry) map[string][]string {
	m := make(map[string][]string)
	for i := range entries {
		id := ID(&entries[i])
		for _, n := range entries[i].Names {
			k := matching.Key(n.Text)
			if k == "" {
				continue
			}
			if !slices.Contains(m[k], id) {
				m[k] = append(m[k], id)
			}
		}
	}
	return m
}

// Generate makes about n positive cases, spread evenly over the variant
// kinds and over the sources and kinds of entries, and about n/5 (at least
// 300) negatives. The same entries, n and seed give the same cases.
func Generate(entries []watchlist.Entry, n int, seed uint64) []Case {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	keys := KeyIndex(entries)
	order := stratified(entries, rng)
	ties := newTieGroups(entries)
	per := max(n/len(Variants), 1)

	var cases []Case
	for vi, v := range Variants {
		got := 0
		from, start := order, (vi*per)%max(len(order), 1)
		switch v {
		case "common-name":
			from, start = ties.order(order), 0
		case "generic-name":
			from, start = genericFirst(entries, order), 0
		}
		seen := map[string]bool{}
		for j := 0; j < len(from) && got < per; j++ {
			e := &entries[from[(start+j)%len(from)]]
			name, want := pickFor(v, e, ties, rng), []string(nil)
			key := matching.Key(name)
			if len(key) < 3 || !isLatin(name) {
				continue
			}
			q, ok := apply(v, e.Kind, name, rng)
			if !ok || seen[q] {
				continue
			}
			seen[q] = true
			if want = keys[key]; v == "common-name" {
				want = ties.writtenAs(name)
			}
			kind := e.Kind
			if kind == watchlist.Unknown {
				kind = ""
			}
			cases = append(cases, Case{Query: matching.Query{Name: q, Kind: kind}, Variant: v, Origin: name, Want: slices.Clone(want)})
			got++
		}
	}
	return append(cases, Negatives(keys, max(n/5, 300), rng)...)
}

// stratified orders entry indexes so that consecutive ones come from
// different (source, kind) groups, each group shuffled.
func stratified(entries []watchlist.Entry, rng *rand.Rand) []int {
	groups := map[string][]int{}
	for i := range entries {
		g := string(entries[i].Source) + "/" + string(entries[i].Kind)
		groups[g] = append(groups[g], i)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		idx := groups[g]
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
	}
	var out []int
	for i := 0; ; i++ {
		added := false
		for _, g := range names {
			if i < len(groups[g]) {
				out = append(out, groups[g][i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// pickName is the primary name, or now and then a strong alias.
func pickName(e *watchlist.Entry, rng *rand.Rand) string {
	if len(e.Names) == 0 {
		return ""
	}
	var strong []string
	for _, n := range e.Names[1:] {
		if q := n.Quality; q == "strong" || q == "good" {
			strong = append(strong, n.Text)
		}
	}
	if len(strong) > 0 && rng.IntN(5) == 0 {
		return strong[rng.IntN(len(strong))]
	}
	return e.Names[0].Text
}

func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// apply makes the variant v of name, or reports that v does not apply.
func apply(v string, kind watchlist.Kind, name string, rng *rand.Rand) (string, bool) {
	var out string
	switch v {
	case "exact":
		return name, true
	case "typo":
		out = typo(name, rng)
	case "reordered":
		out = reorder(kind, name, rng)
	case "lowercase":
		out = strings.ToLower(name)
	case "dropped-middle":
		out = dropMiddle(kind, name, rng)
	case "transliteration":
		out = transliterate(name, rng)
	case "accents":
		out = accents(name, rng)
	case "legal-form":
		out = legalForm(kind, name, rng)
	case "joined-words":
		out = joinWords(kind, name, rng)
	case "by-ear":
		out = byEar(name, rng)
	case "common-name":
		return name, name != ""
	case "generic-name":
		return genericName(name, rng)
	}
	return out, out != "" && out != name
}

func letters(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func allLetters(w string) bool { return w != "" && letters(w) == len([]rune(w)) }

// typo makes one edit inside a word of at least 5 letters. A word is a run
// of letters (apostrophes inside it count as none), as the matcher splits
// names: in YK-AKA or CH'O'L-CHAE the parts are AKA and CHAE, and a typo
// there would wipe out a short word rather than misspell a long one.
func typo(name string, rng *rand.Rand) string {
	words := strings.Fields(name)
	type long struct {
		word int
		run  letterRun
	}
	var cand []long
	for i, w := range words {
		for _, run := range letterRuns([]rune(w)) {
			if run.letters >= 5 {
				cand = append(cand, long{i, run})
			}
		}
	}
	if len(cand) == 0 {
		return ""
	}
	c := cand[rng.IntN(len(cand))]
	i := c.word
	r := []rune(words[i])
	// edit at a letter position, never the first one
	var pos []int
	for p := c.run.start + 1; p < c.run.end; p++ {
		if unicode.IsLetter(r[p]) {
			pos = append(pos, p)
		}
	}
	p := pos[rng.IntN(len(pos))]
	upper := unicode.IsUpper(r[p])
	randLetter := func() rune {
		c := rune('a' + rng.IntN(26))
		if upper {
			c = unicode.ToUpper(c)
		}
		return c
	}
	switch rng.IntN(4) {
	case 0: // substitution
		c := randLetter()
		for unicode.ToLower(c) == unicode.ToLower(r[p]) {
			c = randLetter()
		}
		r[p] = c
	case 1: // deletion
		r = slices.Delete(r, p, p+1)
	case 2: // insertion
		r = slices.Insert(r, p, randLetter())
	default: // transposition with the previous letter
		if unicode.ToLower(r[p]) == unicode.ToLower(r[p-1]) || !unicode.IsLetter(r[p-1]) {
			r = slices.Delete(r, p, p+1)
		} else {
			r[p], r[p-1] = r[p-1], r[p]
		}
	}
	words[i] = string(r)
	return strings.Join(words, " ")
}

// letterRun is the runes [start,end) of a word that the matcher reads as one
// word: letters, and apostrophes between them.
type letterRun struct{ start, end, letters int }

func letterRuns(w []rune) []letterRun {
	var runs []letterRun
	for i := 0; i < len(w); {
		if !unicode.IsLetter(w[i]) {
			i++
			continue
		}
		run := letterRun{start: i}
		for i < len(w) && (unicode.IsLetter(w[i]) || isApostrophe(w[i]) && i+1 < len(w) && unicode.IsLetter(w[i+1])) {
			if unicode.IsLetter(w[i]) {
				run.letters++
			}
			i++
		}
		run.end = i
		runs = append(runs, run)
	}
	return runs
}

func isApostrophe(r rune) bool { return r == '\'' || r == '`' || r == '’' }

// natural turns "LAST, First Middle" into "First Middle LAST".
func natural(name string) string {
	last, first, ok := strings.Cut(name, ",")
	if !ok || strings.TrimSpace(first) == "" {
		return name
	}
	return strings.TrimSpace(first) + " " + strings.TrimSpace(last)
}

func reorder(kind watchlist.Kind, name string, rng *rand.Rand) string {
	if kind == watchlist.Individual {
		if n := natural(name); n != name {
			return n
		}
		words := strings.Fields(name)
		if len(words) < 2 {
			return ""
		}
		// "First Middle Last" → "Last First Middle"
		return strings.Join(append([]string{words[len(words)-1]}, words[:len(words)-1]...), " ")
	}
	words := strings.Fields(strings.ReplaceAll(name, ",", " "))
	if len(words) < 2 {
		return ""
	}
	orig := strings.Join(words, " ")
	for range 5 {
		rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		if s := strings.Join(words, " "); s != orig {
			return s
		}
	}
	return ""
}

func dropMiddle(kind watchlist.Kind, name string, rng *rand.Rand) string {
	if kind != watchlist.Individual {
		return ""
	}
	words := strings.Fields(strings.ReplaceAll(natural(name), ",", " "))
	var named []int
	for i, w := range words {
		if letters(w) >= 2 {
			named = append(named, i)
		}
	}
	if len(named) < 3 {
		return ""
	}
	mid := named[1 : len(named)-1]
	i := mid[rng.IntN(len(mid))]
	return strings.Join(slices.Delete(words, i, i+1), " ")
}

// translit holds groups of spellings of the same given name or name part.
var translit = [][]string{
	{"mohammed", "muhammad", "mohamed", "mohammad", "mohamad", "muhammed"},
	{"ahmed", "ahmad"},
	{"yusuf", "youssef", "yousef", "yusef"},
	{"husayn", "hussein", "hossein", "husain", "hussain"},
	{"hasan", "hassan"},
	{"ali", "aly"},
	{"abdullah", "abdallah"},
	{"abdulrahman", "abdurrahman", "abdelrahman"},
	{"osama", "usama"},
	{"omar", "umar"},
	{"mustafa", "mostafa", "moustafa"},
	{"khalid", "khaled"},
	{"mahmoud", "mahmud"},
	{"ibrahim", "ebrahim"},
	{"sulaiman", "suleiman", "sulayman"},
	{"said", "saeed", "sayed"},
	{"qasim", "kasim", "qassem"},
	{"jafar", "jaafar"},
	{"aleksandr", "alexander", "aleksander", "alexandr"},
	{"sergey", "sergei", "serguei"},
	{"yevgeny", "evgeny", "evgeniy", "yevgeniy"},
	{"dmitry", "dmitri", "dmitriy"},
	{"yuri", "yury", "yuriy"},
	{"andrey", "andrei"},
	{"aleksey", "alexei", "alexey", "aleksei"},
	{"nikolay", "nikolai"},
	{"mikhail", "michail"},
	{"vyacheslav", "viacheslav"},
	{"igor", "ihor"},
	{"oleksandr", "olexandr"},
	{"yelena", "elena"},
	{"tatyana", "tatiana"},
}

var translitOf = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range translit {
		for _, w := range g {
			m[w] = g
		}
	}
	return m
}()

// withCase writes w in the case style of like.
func withCase(w, like string) string {
	switch {
	case like == strings.ToUpper(like):
		return strings.ToUpper(w)
	case like == strings.ToLower(like):
		return w
	}
	r := []rune(w)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func transliterate(name string, rng *rand.Rand) string {
	words := strings.Fields(name)
	type change struct {
		i   int
		out []string
	}
	var changes []change
	for i, w := range words {
		core := strings.TrimRight(w, ",.;")
		tail := w[len(core):]
		lw := strings.ToLower(core)
		if g, ok := translitOf[lw]; ok {
			var others []string
			for _, o := range g {
				if o != lw {
					others = append(others, o)
				}
			}
			changes = append(changes, change{i, []string{withCase(others[rng.IntN(len(others))], core) + tail}})
		}
		switch {
		case lw == "abdul":
			changes = append(changes, change{i, []string{withCase("abd", core), withCase("al", core) + tail}})
		case lw == "abd" && i+1 < len(words) && strings.EqualFold(strings.TrimRight(words[i+1], ",."), "al"):
			// "Abd al" → "Abdul": the following word is removed below
			changes = append(changes, change{i, []string{withCase("abdul", core)}})
		case len(lw) >= 5 && strings.HasSuffix(lw, "ov") && allLetters(core):
			changes = append(changes, change{i, []string{core[:len(core)-2] + withCase("off", core) + tail}})
		case len(lw) >= 6 && strings.HasSuffix(lw, "off") && allLetters(core):
			changes = append(changes, change{i, []string{core[:len(core)-3] + withCase("ov", core) + tail}})
		}
	}
	if len(changes) == 0 {
		return ""
	}
	c := changes[rng.IntN(len(changes))]
	out := slices.Clone(words[:c.i])
	out = append(out, c.out...)
	rest := words[c.i+1:]
	if len(c.out) == 1 && strings.EqualFold(c.out[0], "abdul") && strings.EqualFold(words[c.i], "abd") && len(rest) > 0 {
		// "Abd al" joined: keep the comma of "al," if any
		if strings.HasSuffix(rest[0], ",") {
			out[len(out)-1] += ","
		}
		rest = rest[1:]
	}
	return strings.Join(append(out, rest...), " ")
}

var accented = map[rune]rune{
	'e': 'é', 'a': 'á', 'o': 'ö', 'u': 'ü', 'n': 'ñ', 'c': 'ç', 'i': 'í',
	'E': 'É', 'A': 'Á', 'O': 'Ö', 'U': 'Ü', 'N': 'Ñ', 'C': 'Ç', 'I': 'Í',
}

func accents(name string, rng *rand.Rand) string {
	r := []rune(name)
	var pos []int
	for i, c := range r {
		if _, ok := accented[c]; ok {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 {
		return ""
	}
	k := 1 + rng.IntN(min(3, len(pos)))
	rng.Shuffle(len(pos), func(a, b int) { pos[a], pos[b] = pos[b], pos[a] })
	for _, p := range pos[:k] {
		r[p] = accented[r[p]]
	}
	return string(r)
}

// legal form swaps, in normalised (lower-case, no punctuation) spelling.
var legalSwaps = map[string][]string{
	"llc":                       {"limited liability company", ""},
	"limited liability company": {"llc", ""},
	"ltd":                       {"limited", ""},
	"limited":                   {"ltd", ""},
	"co":                        {"company", ""},
	"company":                   {"co", ""},
	"jsc":                       {"oao", "ojsc", ""},
	"ojsc":                      {"jsc", "oao", ""},
	"oao":                       {"jsc", "ojsc", ""},
	"cjsc":                      {"zao", ""},
	"zao":                       {"cjsc", ""},
	"ooo":                       {"llc", ""},
	"gmbh":                      {"mbh", ""},
	"sa":                        {"s a", ""},
	"inc":                       {"incorporated", ""},
	"corp":                      {"corporation", ""},
	"corporation":               {"corp", ""},
	"plc":                       {"public limited company", ""},
	"pjsc":                      {"pao", ""},
	"pao":                       {"pjsc", ""},
	"bv":                        {""},
	"nv":                        {""},
	"ag":                        {""},
	"ao":                        {"jsc", ""},
	"sarl":                      {""},
	"srl":                       {""},
	"spa":                       {""},
	"fze":                       {""},
	"llp":                       {""},
	"pte":                       {""},
}

var legalAdd = []string{"LTD", "LLC", "GMBH", "S.A.", "CO.", "JSC", "LIMITED", "INC."}

func legalForm(kind watchlist.Kind, name string, rng *rand.Rand) string {
	if kind != watchlist.Entity {
		return ""
	}
	words := strings.Fields(name)
	norm := func(w string) string {
		return strings.ToLower(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return r
			}
			return -1
		}, w))
	}
	upper := name == strings.ToUpper(name)
	// longest match first: three words, then one
	for i := len(words) - 1; i >= 1; i-- { // never the first word
		for _, span := range []int{3, 1} {
			if i+span > len(words) {
				continue
			}
			parts := make([]string, span)
			for j := range span {
				parts[j] = norm(words[i+j])
			}
			k := strings.Join(parts, " ")
			if k == "sa" && words[i] != "S.A." && words[i] != "SA" {
				continue
			}
			alts, ok := legalSwaps[k]
			if !ok {
				continue
			}
			alt := alts[rng.IntN(len(alts))]
			if !upper {
				alt = strings.ToLower(alt)
			} else {
				alt = strings.ToUpper(alt)
			}
			out := slices.Clone(words[:i])
			if alt != "" {
				out = append(out, alt)
			} else if len(out) > 0 {
				out[len(out)-1] = strings.TrimRight(out[len(out)-1], ",")
			}
			return strings.Join(append(out, words[i+span:]...), " ")
		}
	}
	add := legalAdd[rng.IntN(len(legalAdd))]
	if !upper {
		add = strings.ToLower(add)
	}
	return name + " " + add
}

func joinWords(kind watchlist.Kind, name string, rng *rand.Rand) string {
	if kind != watchlist.Entity && kind != watchlist.Vessel {
		return ""
	}
	words := strings.Fields(name)
	var long, pairs []int
	for i, w := range words {
		if allLetters(w) && len([]rune(w)) >= 10 {
			long = append(long, i)
		}
		if i+1 < len(words) && allLetters(w) && allLetters(words[i+1]) && len(w) >= 2 && len(words[i+1]) >= 2 &&
			!isLegalForm(w) && !isLegalForm(words[i+1]) {
			pairs = append(pairs, i)
		}
	}
	if len(long) > 0 && (len(pairs) == 0 || rng.IntN(4) == 0) {
		i := long[rng.IntN(len(long))]
		r := []rune(words[i])
		cut := 4 + rng.IntN(len(r)-7) // both halves ≥ 4 letters
		words[i] = string(r[:cut]) + " " + string(r[cut:])
		return strings.Join(words, " ")
	}
	if len(pairs) == 0 {
		return ""
	}
	i := pairs[rng.IntN(len(pairs))]
	words[i] += words[i+1]
	return strings.Join(slices.Delete(words, i+1, i+2), " ")
}

// isLegalForm reports whether the word is a legal form alone (LLC, AO ...).
func isLegalForm(w string) bool {
	t := matching.Normalize(w)
	return len(t) == 1 && t[0].Weight < 0.2
}
