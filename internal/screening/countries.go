package screening

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/reference"
)

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

// LoadCountries reads the country reference table.
func LoadCountries(ctx context.Context, g *gorm.DB) (Countries, error) {
	var rows []struct {
		Code, Alpha3, Name string
		OfficialName       *string
	}
	if err := g.WithContext(ctx).Raw("SELECT code, alpha3, name, official_name FROM countries").Scan(&rows).Error; err != nil {
		return nil, err
	}
	c := Countries{}
	for name, code := range listCountryNames {
		c[name] = code
	}
	for _, r := range rows {
		for _, k := range []string{r.Code, r.Alpha3, r.Name} {
			c[reference.Fold(k)] = r.Code
		}
		if r.OfficialName != nil {
			c[reference.Fold(*r.OfficialName)] = r.Code
		}
	}
	return c, nil
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
