package matching

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// Token is one word of a normalised name with its weight in matching: 1 for
// a word that identifies, less for a legal form or a generic word, which
// alone must never make a strong hit.
type Token struct {
	Text   string
	Weight float64
}

// Weights of the word classes.
const (
	weightWord      = 1.0
	weightGeneric   = 0.3
	weightLegalForm = 0.1
)

// honorifics are dropped: they say nothing about who is meant.
var honorifics = set("mr", "mrs", "ms", "miss", "mme", "mlle", "dr", "prof", "herr", "frau", "sr", "sra", "srta", "hon", "sir", "dame", "madam", "mister")

// legalForms mark the kind of company, in the languages the lists use.
var legalForms = set(
	"llc", "ltd", "limited", "gmbh", "mbh", "ooo", "oao", "zao", "pao", "ao", "jsc", "ojsc", "cjsc", "pjsc", "tov", "pp",
	"sa", "sas", "sarl", "srl", "spa", "sl", "bv", "nv", "ag", "kg", "ohg", "ug", "co", "corp", "corporation", "inc",
	"incorporated", "plc", "lp", "llp", "ab", "oy", "oyj", "as", "asa", "aps", "kk", "pte", "pvt", "sdn", "bhd", "tbk",
	"company", "compania", "cia", "sociedad", "societe", "anonima", "anonyme", "limitada", "ltda", "cv", "de", "rl",
	"fze", "fzco", "fzc", "fzllc", "dmcc", "est", "establishment", "sirketi", "ticaret", "sanayi", "jv",
)

// generic words are common in company names and identify nothing alone.
var generic = set(
	"trading", "trade", "group", "holding", "holdings", "international", "intl", "industries", "industry", "industrial",
	"enterprise", "enterprises", "services", "service", "general", "global", "the", "and", "of", "for", "la", "el",
	"le", "les", "del", "import", "export", "imports", "exports", "commercial", "partners", "investment",
	"investments", "development", "technology", "technologies", "systems", "solutions", "engineering", "logistics",
	"shipping", "bank", "national", "state", "ministry", "organization", "organisation", "center", "centre",
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// legalPhrases are legal forms of several words, each word of which alone
// may name something (JOINT STAFF, STOCK EXCHANGE): they weigh as legal forms
// only together. An optional first word is marked "?".
var legalPhrases = [][]string{
	{"open?", "joint", "stock"},
	{"closed?", "joint", "stock"},
	{"public?", "joint", "stock"},
	{"private?", "joint", "stock"},
	{"limited", "liability"},
	{"public", "limited"},
}

// arabicArticles follow ABD ("servant of") in Arabic names: ABD AL-RAHMAN,
// ABD UL RAHMAN and ABDUL RAHMAN are one name, so ABD and the article are
// read as one word.
var arabicArticles = set("al", "el", "ul", "ar", "ur", "as", "us", "ash", "an", "ad", "at", "az")

// invisibles are the characters that show nothing and are not spaces: the
// format characters (category Cf: zero-width space and joiners, word joiner,
// byte order mark, bidirectional controls, tags, soft hyphen), the other
// default-ignorable code points (Hangul fillers, combining grapheme joiner,
// Khmer inherent vowels) and the variation selectors. None is ASCII.
var invisibles = rangetable.Merge(unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)

func invisible(r rune) bool { return r >= utf8.RuneSelf && unicode.Is(invisibles, r) }

// replaceInvisible returns name with each invisible character replaced by
// repl, and whether it held any. Most names are ASCII: they are passed over
// byte by byte.
func replaceInvisible(name, repl string) (string, bool) {
	i := 0
	for i < len(name) && name[i] < utf8.RuneSelf {
		i++
	}
	j := strings.IndexFunc(name[i:], invisible)
	if j < 0 {
		return name, false
	}
	i += j
	var b strings.Builder
	b.Grow(len(name))
	b.WriteString(name[:i])
	for _, r := range name[i:] {
		if invisible(r) {
			b.WriteString(repl)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String(), true
}

// readings returns the ways a name holding invisible characters is read:
// without them, and with each of them a space. A reviewer sees the same name
// whether such a character hides inside a word (KAZAN<ZWJ>TSEV) or stands
// for a space (DMITRI<U+3164>KAZANTSEV), but neither reading alone serves
// both: as spaces, KAZAN TSEV is two words; removed, DMITRIKAZANTSEV is one
// word that no listed name has. The index matches both readings and keeps the
// better, so an invisible character never scores lower than no character or
// a space in its place. A name without any has one reading, itself.
func readings(name string) []string {
	removed, ok := replaceInvisible(name, "")
	if !ok {
		return []string{name}
	}
	spaced, _ := replaceInvisible(name, " ")
	return []string{removed, spaced}
}

// Blank reports whether name has nothing to screen: no word survives
// normalisation in either reading (it is empty, or only spaces, punctuation,
// honorifics or invisible characters). Screening it would find nothing, which
// reads as "no hit", so it is refused like an empty name.
func Blank(name string) bool {
	for _, r := range readings(name) {
		if len(Normalize(r)) > 0 {
			return false
		}
	}
	return true
}

// Normalize reduces a name as written on a list or typed by a user to
// weighted tokens: invisible characters removed (readings gives the other
// reading of them), compatibility forms unified (NFKC), every script
// transliterated to Latin and diacritics removed, case folded, apostrophes
// dropped (O'BRIEN ~ OBRIEN), other punctuation made a space, runs of single
// letters joined (S.A. ~ SA, L.L.C. ~ LLC), honorifics dropped, legal forms
// of several words weighed as legal forms (JOINT STOCK COMPANY) and ABD
// joined with its article (ABD AL ~ ABDAL). Word order is left to the matcher.
func Normalize(name string) []Token {
	// Removed before transliteration, which drops most of them but turns
	// some into letters (U+17B4 into A) or spaces (U+200B).
	name, _ = replaceInvisible(name, "")
	latin := unidecode.Unidecode(norm.NFKC.String(name))
	var b strings.Builder
	b.Grow(len(latin))
	for _, r := range latin {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '`':
			// dropped: O'BRIEN is OBRIEN
		default:
			b.WriteByte(' ')
		}
	}
	// Honorifics go first, so that single letters around one (A SR A) are
	// joined as they would be without it.
	words := slices.DeleteFunc(strings.Fields(b.String()), func(w string) bool { return honorifics[w] })
	joined := words[:0] // in place: it is never ahead of i
	for i := 0; i < len(words); i++ {
		w := words[i]
		if isLetter(w) {
			j := i
			for j+1 < len(words) && isLetter(words[j+1]) {
				j++
			}
			if j > i {
				w = strings.Join(words[i:j+1], "")
				i = j
			}
		}
		if !honorifics[w] {
			joined = append(joined, w)
		}
	}
	words = joined
	out := make([]Token, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "abd" && i+1 < len(words) && arabicArticles[words[i+1]] {
			w += words[i+1]
			i++
		}
		out = append(out, Token{Text: w, Weight: weightOf(w)})
	}
	for i := range out {
		for k := range legalPhrase(out[i:]) {
			out[i+k].Weight = weightLegalForm
		}
	}
	return out
}

// isLetter reports whether w is a single letter.
func isLetter(w string) bool { return len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' }

// legalPhrase returns how many tokens at the start of toks are a legal form
// of several words (legalPhrases); 0 when they are none.
func legalPhrase(toks []Token) int {
	for _, p := range legalPhrases {
		n := 0
		for _, w := range p {
			optional := strings.HasSuffix(w, "?")
			if n < len(toks) && toks[n].Text == strings.TrimSuffix(w, "?") {
				n++
			} else if !optional {
				n = 0
				break
			}
		}
		if n > 0 {
			return n
		}
	}
	return 0
}

func weightOf(w string) float64 {
	switch {
	case legalForms[w]:
		return weightLegalForm
	case generic[w]:
		return weightGeneric
	}
	return weightWord
}

// Key is the normalised name as one string, for exact comparison.
func Key(name string) string {
	toks := Normalize(name)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	return strings.Join(words, " ")
}
