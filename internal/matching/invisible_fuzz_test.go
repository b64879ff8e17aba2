package matching_test

import (
	"sync"
	"testing"
	"unicode"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// invisibles are the characters that show nothing and are not spaces, as
// Unicode lists them: format characters (Cf), the other default-ignorable
// code points and the variation selectors.
var invisibles = func() []rune {
	var out []rune
	for _, table := range []*unicode.RangeTable{unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector} {
		for _, r := range table.R16 {
			for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
				out = append(out, c)
			}
		}
		for _, r := range table.R32 {
			for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
				out = append(out, c)
			}
		}
	}
	return out
}()

var (
	listedOnce  sync.Once
	listedIndex *matching.Index
)

// listed returns the entries of every real list the screening bench loads
// and the index over them, built once per process.
func listed(tb testing.TB) ([]watchlist.Entry, *matching.Index) {
	tb.Helper()
	entries, _ := benchData(tb)
	listedOnce.Do(func() { listedIndex = matching.NewIndex(entries) })
	return entries, listedIndex
}

// finds reports whether name finds e at or above the threshold among the
// hits an API call returns by default.
func finds(ix *matching.Index, name string, e *watchlist.Entry) bool {
	for _, h := range ix.Search(matching.Query{Name: name}, 10) {
		if h.Entry == e {
			return h.Score >= matching.DefaultThreshold
		}
	}
	return false
}

// withInvisible is name with c inserted before its rune at pos (pos beyond
// the last rune: at the end), or, when forSpace, put in place of its space
// nearest after pos.
func withInvisible(name string, pos int, c rune, forSpace bool) string {
	runes := []rune(name)
	pos = min(pos, len(runes))
	for i := pos; forSpace && i < len(runes); i++ {
		if runes[i] == ' ' {
			runes[i] = c
			return string(runes)
		}
	}
	return string(runes[:pos]) + string(c) + string(runes[pos:])
}

// TestIndex_InvisibleCharactersKeepEveryUNNameFound puts an invisible
// character at two places of every name of the UN list and in place of one
// of its spaces, in the index of every real list: each name still finds its
// entry at the threshold. Places and characters step through all of them
// over the names, the same in every run.
func TestIndex_InvisibleCharactersKeepEveryUNNameFound(t *testing.T) {
	entries, ix := listed(t)
	tried, k := 0, 0
	for i := range entries {
		e := &entries[i]
		if e.Source != watchlist.UN {
			continue
		}
		for _, n := range e.Names {
			if !finds(ix, n.Text, e) {
				continue
			}
			tried++
			for _, forSpace := range []bool{false, false, true} {
				k++
				pos, c := k*31%(len([]rune(n.Text))+1), invisibles[k*7919%len(invisibles)]
				if modified := withInvisible(n.Text, pos, c, forSpace); !finds(ix, modified, e) {
					t.Errorf("%s %s: %q finds it, %q (%U) does not", e.Source, e.SourceID, n.Text, modified, c)
				}
			}
		}
	}
	if tried < 1000 {
		t.Errorf("only %d UN names found their entry", tried)
	}
}

// FuzzScreening_InvisibleCharacters: a listed name that finds its entry at
// the threshold still finds it with any invisible character inserted
// anywhere, or in place of a space.
func FuzzScreening_InvisibleCharacters(f *testing.F) {
	entries, _ := listed(f)
	for i := 0; i < len(entries); i += 97 {
		f.Add(uint(i), uint(i/97), uint(i), uint(i*31), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, entry, name, pos, char uint, forSpace bool) {
		entries, ix := listed(t)
		e := &entries[entry%uint(len(entries))]
		if len(e.Names) == 0 {
			return
		}
		text := e.Names[name%uint(len(e.Names))].Text
		if !finds(ix, text, e) {
			return
		}
		c := invisibles[char%uint(len(invisibles))]
		if modified := withInvisible(text, int(pos%uint(len([]rune(text))+1)), c, forSpace); !finds(ix, modified, e) {
			t.Errorf("%s %s: %q finds it, %q (%U) does not", e.Source, e.SourceID, text, modified, c)
		}
	})
}
