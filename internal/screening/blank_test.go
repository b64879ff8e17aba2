package screening_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/matching"
)

// blankNames show nothing to screen: invisible characters (Hangul fillers,
// zero-width joiner, byte order mark, word joiner), alone or with spaces.
var blankNames = []string{"\u3164", "\u3164\u3164 \u200D ", "\uFEFF\u2060", "\u115F\u034F\u180E"}

func TestScreenFor_RefusesANameBlankAfterNormalisation(t *testing.T) {
	w := newCasework(t, unList)
	for _, name := range blankNames {
		_, err := w.scr.ScreenAndRecord(w.officer, matching.Query{Name: name}, 10)
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)["name"] != "Enter a name to screen." {
			t.Errorf("%q: %v, want Invalid: Enter a name to screen.", name, err)
		}
	}
	if res, err := w.scr.ScreenAndRecord(w.officer, matching.Query{Name: "John\u3164Dark"}, 10); err != nil || res.Strong() != 1 {
		t.Errorf("John<U+3164>Dark: %v, %d hits", err, res.Strong())
	}
}

func TestCaseParties_ANameBlankAfterNormalisationIsRefused(t *testing.T) {
	w := newCasework(t, unList)
	c := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Probes", Destination: "DE"}))
	for _, name := range blankNames {
		_, err := w.cases.AddParty(w.manager, c.ID, c.Version, cases.PartyInput{Role: "end_user", Name: name, Kind: "company"})
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)["name"] != "Enter the party's name." {
			t.Errorf("%q: %v, want Invalid: Enter the party's name.", name, err)
		}
	}
	if after := w.ok(w.cases.Get(w.manager, c.ID)); after.Version != c.Version || len(after.Parties) != 0 {
		t.Errorf("case after the refusals: version %d → %d, parties %+v", c.Version, after.Version, after.Parties)
	}
}
