package screening

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/matching"
)

// LoadCountries reads the country reference table into the names the index
// compares countries by.
func LoadCountries(ctx context.Context, g *gorm.DB) (matching.Countries, error) {
	var rows []struct {
		Code, Alpha3, Name string
		OfficialName       *string
	}
	if err := g.WithContext(ctx).Raw("SELECT code, alpha3, name, official_name FROM countries").Scan(&rows).Error; err != nil {
		return nil, err
	}
	c := matching.NewCountries()
	for _, r := range rows {
		c.Add(r.Code, r.Code, r.Alpha3, r.Name)
		if r.OfficialName != nil {
			c.Add(r.Code, *r.OfficialName)
		}
	}
	return c, nil
}
