package screenapi_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screenapi"
)

// blankNames show nothing to screen: invisible characters (Hangul filler,
// zero-width joiner, byte order mark, word joiner), alone or with spaces.
var blankNames = []string{"\u3164", "\u3164\u3164\u3164", " \u200D \u200D ", "\uFEFF\u2060", "\u115F\u034F\u180E"}

func TestQueryValidate_RefusesNamesBlankAfterNormalisation(t *testing.T) {
	for _, name := range blankNames {
		err := screenapi.Query{Name: name}.Validate()
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)["name"] != "name: Enter a name to screen." {
			t.Errorf("%q: %v, want Invalid: name: Enter a name to screen.", name, err)
		}
		err = screenapi.Batch{Names: []screenapi.Query{{Name: "ACME"}, {Name: name}}}.Validate()
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)["names[1].name"] != "names[1].name: Enter a name to screen." {
			t.Errorf("batch with %q: %v, want Invalid: names[1].name: Enter a name to screen.", name, err)
		}
	}
	// an invisible character between words is no reason to refuse
	if err := (screenapi.Query{Name: "Dmitri\u3164Kazantsev"}).Validate(); err != nil {
		t.Errorf("Dmitri<U+3164>Kazantsev: %v", err)
	}
}
