// Package reference reads Vigil's reference data: the ISO 3166-1 countries
// (plus XK Kosovo) that export cases point to. The data is loaded by migration
// 00003_reference.sql, which internal/reference/gen generates from iso-codes.
package reference

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
)

// Country is one ISO 3166-1 country.
type Country struct {
	Code   string `gorm:"column:code;primaryKey"` // alpha-2, upper case, e.g. "DE"
	Alpha3 string `gorm:"column:alpha3"`          // alpha-3, e.g. "DEU"
	Name   string `gorm:"column:name"`            // short name a person searches for, e.g. "Germany"
}

// TableName maps Country to the countries table.
func (Country) TableName() string { return "countries" }

// Countries returns every country ordered by name as a reader expects,
// ignoring accents and case ("Åland Islands" among the A's, "Türkiye" before
// "Turkmenistan"), the same on SQLite and PostgreSQL whatever their collation.
func Countries(ctx context.Context, db *gorm.DB) ([]Country, error) {
	var cs []Country
	if err := db.WithContext(ctx).Order("code").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("list countries: %w", err)
	}
	keys := make(map[string]string, len(cs))
	for _, c := range cs {
		keys[c.Code] = Fold(c.Name)
	}
	slices.SortStableFunc(cs, func(a, b Country) int {
		if c := strings.Compare(keys[a.Code], keys[b.Code]); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return cs, nil
}

// CountryByCode returns the country with the alpha-2 code, ignoring case and
// surrounding space ("de " is Germany). An unknown code is an apperr.NotFound.
func CountryByCode(ctx context.Context, db *gorm.DB, code string) (Country, error) {
	want := strings.ToUpper(strings.TrimSpace(code))
	var c Country
	err := db.WithContext(ctx).Where("code = ?", want).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Country{}, apperr.New(apperr.NotFound, "Unknown country code %q.", code)
	}
	if err != nil {
		return Country{}, fmt.Errorf("country %q: %w", want, err)
	}
	return c, nil
}

// Fold reduces a name to what look-ups and ordering compare: accents
// removed, lower case, runs of spaces made one.
func Fold(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, name)
	if err != nil {
		folded = name
	}
	return strings.Join(strings.Fields(strings.ToLower(folded)), " ")
}
