package reference

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Record is everything recorded about a country, for its page.
type Record struct {
	Country    Country
	Measures   []Measure   // lifted ones too: those in force first, by kind
	Indicators []Indicator // every observation: by indicator, the latest first (see latestFirst)
	Tiers      []Tier      // newest first: Tiers[0] is the country's tier
}

// Record returns what is recorded about the country with code. Errors:
// NotFound, Forbidden.
func (s *Service) Record(ctx context.Context, code string) (*Record, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	c, err := CountryByCode(ctx, g, code)
	if err != nil {
		return nil, err
	}
	r := &Record{Country: c}
	err = g.Select("restrictive_measures.*, COALESCE(cu.name, '') AS created_by_name, COALESCE(fu.name, '') AS confirmed_by_name").
		Joins("LEFT JOIN users cu ON cu.id = restrictive_measures.created_by").
		Joins("LEFT JOIN users fu ON fu.id = restrictive_measures.confirmed_by").
		Where("restrictive_measures.country_code = ?", c.Code).Find(&r.Measures).Error
	if err != nil {
		return nil, fmt.Errorf("measures of %s: %w", c.Code, err)
	}
	err = g.Select("hr_indicators.*, COALESCE(u.name, '') AS entered_by_name").
		Joins("LEFT JOIN users u ON u.id = hr_indicators.entered_by").
		Where("hr_indicators.country_code = ?", c.Code).Find(&r.Indicators).Error
	if err != nil {
		return nil, fmt.Errorf("indicators of %s: %w", c.Code, err)
	}
	err = g.Select("country_tiers.*, COALESCE(u.name, '') AS set_by_name").
		Joins("LEFT JOIN users u ON u.id = country_tiers.set_by").
		Where("country_tiers.country_code = ?", c.Code).Order("set_at DESC, id DESC").Find(&r.Tiers).Error
	if err != nil {
		return nil, fmt.Errorf("tiers of %s: %w", c.Code, err)
	}
	now := s.db.Now()
	slices.SortStableFunc(r.Measures, func(a, b Measure) int { return compareMeasures(&a, &b, now) })
	slices.SortStableFunc(r.Indicators, latestFirst)
	return r, nil
}

// compareMeasures orders measures in force before lifted ones, then by kind
// (arms embargoes first), then by when they were recorded.
func compareMeasures(a, b *Measure, now time.Time) int {
	if a.InForce(now) != b.InForce(now) {
		if a.InForce(now) {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(MeasureKinds.Index(a.Kind), MeasureKinds.Index(b.Kind)),
		a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
}

// latestFirst orders observations by indicator, and within one indicator the
// newest edition first (editions compare as text, so years order rightly),
// then the most recently read.
func latestFirst(a, b Indicator) int {
	return cmp.Or(strings.Compare(Fold(a.Indicator), Fold(b.Indicator)), -strings.Compare(a.Edition, b.Edition),
		-a.RetrievedAt.Compare(b.RetrievedAt), -a.EnteredAt.Compare(b.EnteredAt))
}

// CountryProfile is what a human-rights assessment reads about a
// destination: the measures in force, the latest observation of each
// indicator and the current risk tier.
type CountryProfile struct {
	Country    Country
	Measures   []Measure   // in force on the day the profile was read
	Indicators []Indicator // the latest observation of each indicator
	Tier       *Tier       // nil: no tier set yet
}

// Profile returns the country's profile as of day.
func (r *Record) Profile(day time.Time) *CountryProfile {
	p := &CountryProfile{Country: r.Country}
	for _, m := range r.Measures {
		if m.InForce(day) {
			p.Measures = append(p.Measures, m)
		}
	}
	for i, o := range r.Indicators {
		if i == 0 || Fold(o.Indicator) != Fold(r.Indicators[i-1].Indicator) {
			p.Indicators = append(p.Indicators, o)
		}
	}
	if len(r.Tiers) > 0 {
		p.Tier = &r.Tiers[0]
	}
	return p
}

// Profile returns the profile of the country with code as of now. Errors:
// NotFound, Forbidden.
func (s *Service) Profile(ctx context.Context, code string) (*CountryProfile, error) {
	r, err := s.Record(ctx, code)
	if err != nil {
		return nil, err
	}
	return r.Profile(s.db.Now()), nil
}

// ArmsEmbargoed returns the arms embargo in force on the whole country, and
// whether there is one, whatever its confidence: the caller shows whether it
// is confirmed or still to verify.
func (p *CountryProfile) ArmsEmbargoed() (Measure, bool) {
	for _, m := range p.Measures {
		if m.Kind == ArmsEmbargo && m.Scope == FullScope {
			return m, true
		}
	}
	return Measure{}, false
}

// NoTier is the filter value for countries without a tier.
const NoTier = "none"

// Filter narrows the country overview: Query matches the name (ignoring
// accents and case) or the code; Tier is a TierLevel, NoTier or "" for all.
type Filter struct {
	Query, Tier string
}

// CountryRow is a country in the overview with its tier and measures in force.
type CountryRow struct {
	Country
	Tier     TierLevel // "": not set
	Measures []Measure
}

// Overview returns the countries matching f ordered by name, each with its
// tier and the measures in force. Errors: Forbidden, Invalid (search text too long).
func (s *Service) Overview(ctx context.Context, f Filter) ([]CountryRow, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	if err := db.CheckSearch("q", f.Query); err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	countries, err := Countries(ctx, g)
	if err != nil {
		return nil, err
	}
	var tiers []Tier
	if err := g.Order("set_at, id").Find(&tiers).Error; err != nil {
		return nil, fmt.Errorf("tiers: %w", err)
	}
	current := map[string]TierLevel{}
	for _, t := range tiers {
		current[t.CountryCode] = t.Tier // the newest comes last
	}
	var measures []Measure
	if err := g.Find(&measures).Error; err != nil {
		return nil, fmt.Errorf("measures: %w", err)
	}
	now := s.db.Now()
	slices.SortStableFunc(measures, func(a, b Measure) int { return compareMeasures(&a, &b, now) })
	inForce := map[string][]Measure{}
	for _, m := range measures {
		if m.InForce(now) {
			inForce[m.CountryCode] = append(inForce[m.CountryCode], m)
		}
	}
	query, code := Fold(f.Query), strings.ToUpper(strings.TrimSpace(f.Query))
	var rows []CountryRow
	for _, c := range countries {
		row := CountryRow{Country: c, Tier: current[c.Code], Measures: inForce[c.Code]}
		if query != "" && c.Code != code && !strings.Contains(Fold(c.Name), query) {
			continue
		}
		if f.Tier != "" && string(row.Tier) != f.Tier && !(f.Tier == NoTier && row.Tier == "") {
			continue
		}
		rows = append(rows, row)
	}
	return rows, nil
}
