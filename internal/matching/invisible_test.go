package matching

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// reportedInvisibles are the characters of the bug report: each shows
// nothing, and each made "Dmitri" + it + "Kazantsev" one unknown word.
var reportedInvisibles = []rune{'\u3164', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u180E', '\u2063', '\u034F', '\u115F'}

func TestInvisible_DefaultIgnorableCodePoints(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'\u3164', true}, {'\u115F', true}, {'\u1160', true}, {'\uFFA0', true}, // Hangul fillers
		{'\u200B', true}, {'\u200C', true}, {'\u200D', true}, {'\u2060', true}, {'\u2063', true}, {'\uFEFF', true},
		{'\u00AD', true}, {'\u034F', true}, {'\u17B4', true}, {'\u17B5', true}, {'\u180B', true}, {'\u180E', true}, {'\u180F', true},
		{'\u200E', true}, {'\u202E', true}, {'\u2066', true}, // bidirectional controls
		{'\uFE00', true}, {'\uFE0F', true}, {'\U000E0100', true}, {'\U000E01EF', true}, // variation selectors
		{'\U000E0001', true}, {'\U000E0041', true}, {'\U000E007F', true}, // tags
		{' ', false}, {'a', false}, {'-', false}, {'\u00A0', false}, {'\u3000', false}, {'é', false}, {'Ж', false}, {'\u0301', false},
	} {
		if got := invisible(tc.r); got != tc.want {
			t.Errorf("invisible(%U) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestNormalize_InvisibleCharacters(t *testing.T) {
	for _, c := range reportedInvisibles {
		t.Run(fmt.Sprintf("%U", c), func(t *testing.T) {
			// between words, read as a space: what the reviewer sees
			between := readings("Dmitri" + string(c) + "Kazantsev")
			if len(between) != 2 || Key(between[1]) != "dmitri kazantsev" || Key(between[0]) != "dmitrikazantsev" {
				t.Errorf("between words: readings %q, keys %q", between, keys(between))
			}
			// inside a word, removed: the word stays whole
			inside := readings("Kazan" + string(c) + "tsev, Dmitri")
			if len(inside) != 2 || Key(inside[0]) != "kazantsev dmitri" || Key(inside[1]) != "kazan tsev dmitri" {
				t.Errorf("inside a word: readings %q, keys %q", inside, keys(inside))
			}
			// Normalize alone removes it, before transliteration
			if got := Key("Kazan" + string(c) + "tsev"); got != "kazantsev" {
				t.Errorf("Key = %q, want kazantsev", got)
			}
		})
	}
	// characters that transliteration turned into letters or spaces
	for in, want := range map[string]string{"Ka\u17B4zan\u17B5tsev": "kazantsev", "Kazan\u200Btsev": "kazantsev", "Kazan\u00ADtsev": "kazantsev"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
	if got := readings("Dmitri Kazantsev"); len(got) != 1 || got[0] != "Dmitri Kazantsev" {
		t.Errorf("a name without invisible characters has one reading, itself: %q", got)
	}
}

func keys(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Key(n)
	}
	return out
}

func TestBlank(t *testing.T) {
	for _, tc := range []struct {
		name  string
		blank bool
	}{
		{"", true},
		{"   ", true},
		{"\u3164", true},
		{"\u3164\u3164\u3164", true},
		{" \u200D \u200D ", true},
		{"\uFEFF\u2060\u180E\u034F\u115F\u2063\u200C", true},
		{"\U000E0041\U000E0042", true}, // tag letters
		{"...", true},
		{"Mr.", true},
		{"Dmitri", false},
		{"\u3164X\u3164", false},
		{"Kazan\u200Dtsev", false},
		{"7100234561", false},
		{"Владимир", false},
	} {
		if got := Blank(tc.name); got != tc.blank {
			t.Errorf("Blank(%q) = %v, want %v", tc.name, got, tc.blank)
		}
	}
}

// demoIndex indexes the demonstration list, which holds KAZANTSEV, Dmitri
// Olegovich (aka KAZANTSEV, Dmitry), the entry of the bug report.
func demoIndex(t *testing.T) *Index {
	t.Helper()
	dir := filepath.Join("..", "demo", "lists")
	return NewIndex(parseSDN(t, filepath.Join(dir, "sdn.csv"), filepath.Join(dir, "add.csv"), filepath.Join(dir, "alt.csv")))
}

// scoreOf is the score of the entry sourceID among the hits of name, 0 when
// it is not among them.
func scoreOf(ix *Index, name, sourceID string) float64 {
	for _, h := range ix.Search(Query{Name: name}, 10) {
		if h.Entry.SourceID == sourceID {
			return h.Score
		}
	}
	return 0
}

func TestIndex_InvisibleCharactersDoNotLowerTheScore(t *testing.T) {
	ix := demoIndex(t)
	const kazantsev = "900003"
	want := scoreOf(ix, "Dmitri Kazantsev", kazantsev)
	if want < DefaultThreshold {
		t.Fatalf("Dmitri Kazantsev scores %.3f on KAZANTSEV, Dmitri Olegovich", want)
	}
	for _, c := range reportedInvisibles {
		for _, name := range []string{
			"Dmitri" + string(c) + "Kazantsev",         // for a space
			"Dmitri " + string(c) + "Kazantsev",        // beside a space
			"Dmitri Kazan" + string(c) + "tsev",        // inside a word
			string(c) + "Dmitri Kazantsev" + string(c), // around the name
		} {
			if got := scoreOf(ix, name, kazantsev); got < want {
				t.Errorf("%q scores %.3f, want at least %.3f as Dmitri Kazantsev", name, got, want)
			}
		}
	}
	hits := ix.Search(Query{Name: "Dmitri\u3164Kazantsev"}, 1)
	if len(hits) == 0 || hits[0].Explanation != "words: dmitri≈dmitry (0.93), kazantsev; invisible characters in the query read as spaces" {
		t.Errorf("explanation: %+v", hits)
	}
}

func TestIndex_InvisibleCharactersListAndQuerySideAgree(t *testing.T) {
	index := func(name string) *Index {
		return NewIndex([]watchlist.Entry{{Source: watchlist.OFACSDN, SourceID: "1", Kind: watchlist.Individual, Names: []watchlist.Name{{Text: name}}}})
	}
	score := func(ix *Index, name string) float64 {
		hits := ix.Search(Query{Name: name}, 1)
		if len(hits) == 0 {
			return 0
		}
		return hits[0].Score
	}
	const listed = "KAZANTSEV, Dmitri Olegovich"
	clean := index(listed)
	want := score(clean, listed)
	for _, c := range reportedInvisibles {
		for _, name := range []string{"KAZANTSEV," + string(c) + "Dmitri" + string(c) + "Olegovich", "KAZAN" + string(c) + "TSEV, Dmitri Olegovich"} {
			onList, inQuery := score(index(name), listed), score(clean, name)
			if math.Abs(onList-want) > 1e-9 || math.Abs(inQuery-want) > 1e-9 {
				t.Errorf("%q: listed, the clean name scores %.3f; queried, %.3f on the clean name; want %.3f both", name, onList, inQuery, want)
			}
		}
	}
}
