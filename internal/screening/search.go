package screening

// Query is what is screened: a name, and optionally what sharpens the match.
type Query struct {
	Name      string `json:"name"`
	Kind      Kind   `json:"kind,omitempty"`       // "" when unknown
	Country   string `json:"country,omitempty"`    // ISO 3166-1 alpha-2 or a country name, "" when unknown
	BirthDate string `json:"birth_date,omitempty"` // "1970" or "1970-05-01", "" when unknown
	// Identifiers are document or registration numbers; one equal to a
	// listed entry's identifier scores 1.
	Identifiers []string `json:"identifiers,omitempty"`
}

// Hit is one listed entry that may be the party screened.
type Hit struct {
	Entry       *Entry
	MatchedName string  // the entry's name or alias that matched best
	Score       float64 // in [0,1]
	Explanation string  // why it matched and what lowered the score
}

// Searcher finds the entries a query may mean, best first.
type Searcher interface {
	Search(q Query, limit int) []Hit
}
