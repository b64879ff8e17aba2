// Package matching finds the listed entries a name may mean: it normalises
// names as lists write them and people type them (transliteration, accents,
// legal forms, word order, invisible characters), indexes the entries' names
// in memory and scores every hit with an explanation. It reads no file and
// no database.
package matching

import "github.com/vigil-icp/vigil/internal/watchlist"

// Algorithm names the matcher and its rules. Every screening records it with
// the list versions and the query, so that an auditor can replay a result;
// change it whenever a change to the normaliser or the scoring can change a
// score.
const Algorithm = "vigil-match/3"

// DefaultThreshold is the score from which a hit is shown for review.
const DefaultThreshold = 0.80

// Query is what is screened: a name, and optionally what sharpens the match.
type Query struct {
	Name      string         `json:"name"`
	Kind      watchlist.Kind `json:"kind,omitempty"`       // "" when unknown
	Country   string         `json:"country,omitempty"`    // ISO 3166-1 alpha-2 or a country name, "" when unknown
	BirthDate string         `json:"birth_date,omitempty"` // "1970" or "1970-05-01", "" when unknown
	// Identifiers are document or registration numbers; one equal to a
	// listed entry's identifier scores 1.
	Identifiers []string `json:"identifiers,omitempty"`
}

// Hit is one listed entry that may be the party screened.
type Hit struct {
	Entry       *watchlist.Entry
	MatchedName string  // the entry's name or alias that matched best
	Score       float64 // in [0,1]
	Explanation string  // why it matched and what lowered the score
}

// Searcher finds the entries a query may mean, best first.
type Searcher interface {
	Search(q Query, limit int) []Hit
}
