package matching

import "github.com/vigil-icp/vigil/internal/reference"

// Countries maps what lists and people write for a country — its ISO codes,
// its short and official names, and the older names lists still use — to
// its ISO 3166-1 alpha-2 code, all folded (see reference.Fold).
type Countries map[string]string

// listCountryNames are country names the official lists use that are not
// the ISO names.
var listCountryNames = map[string]string{
	"russia": "RU", "korea, north": "KP", "korea, south": "KR", "burma": "MM", "turkey": "TR",
	"czech republic": "CZ", "congo, democratic republic of the": "CD", "viet nam": "VN", "syrian arab republic": "SY",
	"iran, islamic republic of": "IR", "united states of america": "US", "usa": "US", "uk": "GB",
	"lao people's democratic republic": "LA", "macau": "MO", "west bank": "PS", "gaza": "PS", "palestinian": "PS",
}

// NewCountries returns the country names the official lists use; Add
// files the reference table's names over them.
func NewCountries() Countries {
	c := make(Countries, len(listCountryNames))
	for name, code := range listCountryNames {
		c[name] = code
	}
	return c
}

// Add files names (codes, short and official names) as the country code.
func (c Countries) Add(code string, names ...string) {
	for _, n := range names {
		c[reference.Fold(n)] = code
	}
}

// key is the country as the index compares it: its ISO code when known,
// else the name folded.
func (c Countries) key(s string) string {
	k := reference.Fold(s)
	if code, ok := c[k]; ok {
		return code
	}
	return k
}
