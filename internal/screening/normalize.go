package screening

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
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

// Normalize reduces a name as written on a list or typed by a user to
// weighted tokens: compatibility forms unified (NFKC), every script
// transliterated to Latin and diacritics removed, case folded, apostrophes
// dropped (O'BRIEN ~ OBRIEN), other punctuation made a space, runs of single
// letters joined (S.A. ~ SA, L.L.C. ~ LLC) and honorifics dropped. Word order
// is left to the matcher.
func Normalize(name string) []Token {
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
	words := strings.Fields(b.String())
	out := make([]Token, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if len(w) == 1 && unicode.IsLetter(rune(w[0])) {
			j := i
			for j+1 < len(words) && len(words[j+1]) == 1 && unicode.IsLetter(rune(words[j+1][0])) {
				j++
			}
			if j > i {
				w = strings.Join(words[i:j+1], "")
				i = j
			}
		}
		if honorifics[w] {
			continue
		}
		out = append(out, Token{Text: w, Weight: weightOf(w)})
	}
	return out
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
