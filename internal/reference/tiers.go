package reference

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// TierLevel is a country's human-rights risk tier.
type TierLevel string

const (
	Low    TierLevel = "low"
	Medium TierLevel = "medium"
	High   TierLevel = "high"
)

// TierLevels lists the tiers in the order forms offer them, with their
// names for people.
var TierLevels = vocab.Terms[TierLevel]{
	{Value: Low, Label: "Low"},
	{Value: Medium, Label: "Medium"},
	{Value: High, Label: "High"},
}

// Label is the tier for people.
func (t TierLevel) Label() string { return TierLevels.Label(t) }

// Tier is a risk tier a compliance officer set for a country, with why. The
// newest is the country's tier; the older ones stay as its history.
type Tier struct {
	ID          string    `gorm:"column:id;primaryKey"`
	CountryCode string    `gorm:"column:country_code"`
	Tier        TierLevel `gorm:"column:tier"`
	Rationale   string    `gorm:"column:rationale"`
	SetBy       string    `gorm:"column:set_by"`
	SetAt       time.Time `gorm:"column:set_at"`
	// SetByName is the name of the person, read with the row.
	SetByName string `gorm:"column:set_by_name;->" json:"-"`
}

// TableName maps Tier to its table.
func (Tier) TableName() string { return "country_tiers" }

// SetTier sets the risk tier of the country with code, with the compliance
// officer's rationale; the tier it replaces stays in the history. Errors:
// Invalid, NotFound, Forbidden.
func (s *Service) SetTier(ctx context.Context, code, tier, rationale string) (*Tier, error) {
	actor, err := auth.Require(ctx, auth.PermJudgeCountries)
	if err != nil {
		return nil, err
	}
	e := fieldErrors{}
	t := &Tier{ID: db.NewID(), Tier: TierLevel(tier),
		Rationale: e.text("rationale", rationale, 4000, "Give the rationale for the tier: the measures, indicators and reports it rests on.")}
	if !TierLevels.Has(t.Tier) {
		e["tier"] = "Choose low, medium or high."
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	err = s.change(ctx, actor, code, func(tx *gorm.DB, c Country, now time.Time) (audit.Event, error) {
		var before Tier
		if err := tx.Where("country_code = ?", c.Code).Order("set_at DESC, id DESC").Limit(1).Find(&before).Error; err != nil {
			return audit.Event{}, err
		}
		t.CountryCode, t.SetBy, t.SetAt = c.Code, actor.UserID, now
		if err := tx.Create(t).Error; err != nil {
			return audit.Event{}, err
		}
		ev := audit.Event{Action: "country.tier_set", Summary: fmt.Sprintf("%s: risk tier %s — %s", c.Name, t.Tier, t.Rationale),
			After: map[string]any{"tier": t.Tier, "rationale": t.Rationale}}
		if before.ID != "" {
			ev.Before = map[string]any{"tier": before.Tier, "rationale": before.Rationale}
		}
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}
