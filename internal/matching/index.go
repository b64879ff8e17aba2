package matching

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Index is the in-memory search structure over the active list entries. It
// is built once and never changed: a new import builds a new Index, which
// replaces the old one atomically.
//
// Words are numbered: every token of a name, and every two adjacent tokens
// written as one, is a word with postings (the names holding it) and
// variant keys (below) through which near-equal words find it.
type Index struct {
	entries   []watchlist.Entry
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
		n += len(w) + 3
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
func NewIndex(entries []watchlist.Entry) *Index {
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
// "mhmd") and how it sounds (appendEarKey: FENIX and PHOENIX).
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
		keys = append(keys, hashSkipping(string(appendEarKey(buf[:0], w)), -1, earOffset))
	}
	return keys
}

// FNV-1a, started from other offsets for skeletons and ear keys so that
// they and a word of the same letters have different keys.
const (
	fnvOffset      uint64 = 14695981039346656037
	skeletonOffset uint64 = 1469598103934665603
	earOffset      uint64 = 146959810393466560
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
