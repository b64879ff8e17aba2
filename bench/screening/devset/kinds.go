package devset

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// pickFor picks the name of e that variant v is made from: for common-name a
// name that several entries share but write differently, for generic-name a
// name made only of generic words or with an article, otherwise pickName.
func pickFor(v string, e *watchlist.Entry, ties *tieGroups, rng *rand.Rand) string {
	var names []string
	switch v {
	case "common-name":
		names = ties.spelledApart(e)
	case "generic-name":
		for _, n := range e.Names {
			if allGeneric(n.Text) || hasArticle(n.Text) {
				names = append(names, n.Text)
			}
		}
	default:
		return pickName(e, rng)
	}
	if len(names) == 0 {
		return ""
	}
	return names[rng.IntN(len(names))]
}

// soundSwap is a spelling a person may type for a sound they heard: from is
// written to; when marks where the swap keeps the sound.
type soundSwap struct {
	from, to string
	when     func(w string, i int) bool
}

// Where a swap keeps the sound; i is where from starts in w, in lower case.
var (
	anywhere        = func(string, int) bool { return true }
	notFirst        = func(_ string, i int) bool { return i > 0 }
	longWord        = func(w string, _ int) bool { return len(w) >= 4 }
	beforeHardVowel = func(w string, i int) bool { return i+1 < len(w) && strings.IndexByte("aou", w[i+1]) >= 0 }
	beforeVowel     = func(w string, i int) bool { return i+1 < len(w) && strings.IndexByte("aeiou", w[i+1]) >= 0 }
	betweenVowels   = func(w string, i int) bool {
		return i > 0 && strings.IndexByte("aeiou", w[i-1]) >= 0 && beforeVowel(w, i)
	}
	hardC            = func(w string, i int) bool { return i+1 == len(w) || strings.IndexByte("eiy", w[i+1]) < 0 }
	consonantYBefore = func(w string, i int) bool {
		return beforeVowel(w, i) && (i == 0 || strings.IndexByte("aeiou", w[i-1]) < 0)
	}
)

// soundSwaps are the consonants and vowels that are written differently for
// one sound: PH/F, V/W, C/K/Q, Z/S, X/KS, J/Y, U/OO/OU, E/I.
var soundSwaps = []soundSwap{
	{"ph", "f", anywhere}, {"f", "ph", anywhere}, {"v", "w", anywhere}, {"w", "v", anywhere},
	{"ck", "k", anywhere}, {"c", "k", hardC}, {"k", "c", beforeHardVowel}, {"q", "k", anywhere},
	{"z", "s", anywhere}, {"s", "z", betweenVowels}, {"x", "ks", notFirst}, {"ks", "x", notFirst},
	{"j", "y", beforeVowel}, {"y", "j", consonantYBefore},
	{"oo", "u", longWord}, {"ou", "u", longWord}, {"u", "oo", longWord}, {"u", "ou", longWord},
	{"ee", "i", longWord}, {"e", "i", longWord}, {"i", "e", longWord}, {"oe", "e", longWord}, {"ae", "e", longWord},
}

// byEar writes one or two sounds of the name's identifying words another way,
// as a person types a name they heard (PHOENIX as FENIX, VOSTOK as WOSTOK).
func byEar(name string, rng *rand.Rand) string {
	words := strings.Fields(name)
	changes := 1 + rng.IntN(3)/2 // a second one in a third of the names
	changed := false
	for range changes {
		type place struct{ word, at, swap int }
		var places []place
		for wi, w := range words {
			lw := strings.ToLower(w)
			if !allLetters(w) || len(lw) != len(w) || !identifies(lw) {
				continue
			}
			for si, s := range soundSwaps {
				for at := 0; at < len(lw); at++ {
					if strings.HasPrefix(lw[at:], s.from) && s.when(lw, at) {
						places = append(places, place{wi, at, si})
					}
				}
			}
		}
		if len(places) == 0 {
			break
		}
		p := places[rng.IntN(len(places))]
		w, s := words[p.word], soundSwaps[p.swap]
		words[p.word] = w[:p.at] + withCase(s.to, w[p.at:p.at+len(s.from)]) + w[p.at+len(s.from):]
		changed = true
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// identifies reports whether the word alone is a word that identifies, not a
// generic word or legal form: people mishear names, not "company".
func identifies(w string) bool {
	t := matching.Normalize(w)
	return len(t) == 1 && t[0].Weight == 1
}

// allGeneric reports whether the name is made of generic words, with or
// without legal forms (INDUSTRIAL BANK, GENERAL TECHNOLOGY LIMITED).
func allGeneric(name string) bool {
	toks := matching.Normalize(name)
	return slices.ContainsFunc(toks, func(t matching.Token) bool { return t.Weight > 0.2 }) &&
		!slices.ContainsFunc(toks, func(t matching.Token) bool { return t.Weight == 1 })
}

// articles are the Arabic article as lists write it before a word, with a
// hyphen or a space (AL-AQSA, EL SHARIF); people join it (ALAQSA).
var articles = []string{"al-", "el-", "al ", "el "}

// articleAt returns where in name an article starts, before a word of at
// least three letters; -1 for none.
func articleAt(name string) int {
	lower := asciiLower(name)
	for i := 0; i+3 < len(lower); i++ {
		if i > 0 && lower[i-1] != ' ' && lower[i-1] != '-' ||
			!slices.ContainsFunc(articles, func(a string) bool { return strings.HasPrefix(lower[i:], a) }) {
			continue
		}
		if next, _, _ := strings.Cut(lower[i+3:], " "); len(next) >= 3 && allLetters(next) {
			return i
		}
	}
	return -1
}

// asciiLower lowers A to Z only, so that positions in it are positions in s.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func hasArticle(name string) bool { return articleAt(name) >= 0 }

// genericName is a name made only of generic words as typed (exactly, or in
// lower case), or a name with its article joined to the next word
// (AL-AQSA FOUNDATION as ALAQSA FOUNDATION).
func genericName(name string, rng *rand.Rand) (string, bool) {
	if allGeneric(name) {
		if rng.IntN(2) == 0 {
			return strings.ToLower(name), true
		}
		return name, true
	}
	i := articleAt(name)
	if i < 0 {
		return "", false
	}
	out := name[:i+2] + name[i+3:]
	if rng.IntN(2) == 0 {
		out = strings.ToLower(out)
	}
	return out, true
}

// genericFirst orders the entries with a name made only of generic words
// first, then those with a name holding an article; the rest are left out.
func genericFirst(entries []watchlist.Entry, order []int) []int {
	var generic, article []int
	for _, i := range order {
		switch {
		case slices.ContainsFunc(entries[i].Names, func(n watchlist.Name) bool { return allGeneric(n.Text) }):
			generic = append(generic, i)
		case slices.ContainsFunc(entries[i].Names, func(n watchlist.Name) bool { return hasArticle(n.Text) }):
			article = append(article, i)
		}
	}
	return append(generic, article...)
}

// tieGroups are the names that several entries share once normalised, in any
// word order: a query for one of them ties at the top score with all of
// them, and only how each is written tells them apart.
type tieGroups struct {
	entries []watchlist.Entry
	size    map[string]int      // words in order → entries with a name of those words
	written map[string][]string // name as written → IDs of the entries with it
}

// minTie is the least number of entries a common name is shared by.
const minTie = 3

func newTieGroups(entries []watchlist.Entry) *tieGroups {
	g := &tieGroups{entries: entries, size: map[string]int{}, written: map[string][]string{}}
	for i := range entries {
		id := ID(&entries[i])
		counted := map[string]bool{}
		for _, n := range entries[i].Names {
			w := wordSet(n.Text)
			if w != "" && !counted[w] {
				counted[w] = true
				g.size[w]++
			}
			if !slices.Contains(g.written[n.Text], id) {
				g.written[n.Text] = append(g.written[n.Text], id)
			}
		}
	}
	return g
}

// wordSet is the name's normalised words in alphabetical order.
func wordSet(name string) string {
	w := strings.Fields(matching.Key(name))
	sort.Strings(w)
	return strings.Join(w, " ")
}

// spelledApart returns e's names shared by at least minTie entries that
// fewer of them write this way.
func (g *tieGroups) spelledApart(e *watchlist.Entry) []string {
	var out []string
	for _, n := range e.Names {
		if size := g.size[wordSet(n.Text)]; size >= minTie && len(g.written[n.Text]) < size && !slices.Contains(out, n.Text) {
			out = append(out, n.Text)
		}
	}
	return out
}

// order keeps the entries with a name spelledApart, those of the largest
// groups first.
func (g *tieGroups) order(order []int) []int {
	largest := map[int]int{}
	var out []int
	for _, i := range order {
		for _, n := range g.spelledApart(&g.entries[i]) {
			largest[i] = max(largest[i], g.size[wordSet(n)])
		}
		if largest[i] > 0 {
			out = append(out, i)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return largest[out[a]] > largest[out[b]] })
	return out
}

// writtenAs returns the IDs of the entries with a name written exactly so.
func (g *tieGroups) writtenAs(name string) []string { return g.written[name] }
