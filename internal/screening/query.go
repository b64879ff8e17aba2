package screening

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// MaxQueryText is how many characters a query's name, country or birth date
// may have.
const MaxQueryText = 300

// QueryFields are the fields CheckQuery checks, in the order in which one
// refusal names the first wrong one.
var QueryFields = []string{"name", "country", "birth_date", "kind"}

// queryKinds are the kinds a query may ask for.
var queryKinds = []watchlist.Kind{watchlist.Individual, watchlist.Entity, watchlist.Vessel, watchlist.Aircraft}

// CheckQuery returns what is wrong with q by field name (see QueryFields),
// nothing when q can be screened: a name with no word to screen, a name,
// country or birth date over MaxQueryText characters, or an unknown kind.
// Spaces around the name do not count: they are not screened. The API, the
// command line and the ad-hoc page all check their queries with it, so a
// query is refused alike wherever it is typed.
func CheckQuery(q matching.Query) map[string]string {
	problems := map[string]string{}
	for field, value := range map[string]string{"name": strings.TrimSpace(q.Name), "country": q.Country, "birth_date": q.BirthDate} {
		if n := utf8.RuneCountInString(value); n > MaxQueryText {
			problems[field] = fmt.Sprintf("Use at most %d characters; this has %d.", MaxQueryText, n)
		}
	}
	// A long name is not normalised just to be told it is too long.
	if problems["name"] == "" && matching.Blank(q.Name) {
		problems["name"] = "Enter a name to screen."
	}
	if q.Kind != "" && !slices.Contains(queryKinds, q.Kind) {
		problems["kind"] = fmt.Sprintf("Choose individual, entity, vessel or aircraft, not %q.", q.Kind)
	}
	return problems
}
