package reference

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// RedFlag is one entry of the red-flag catalogue (REFERENCE.md §4): a sign
// that calls for inquiry before an export goes ahead.
type RedFlag struct {
	Code      string    `gorm:"column:code;primaryKey"` // RF01 ...
	Title     string    `gorm:"column:title"`
	Source    string    `gorm:"column:source"` // BIS, EU, UK, 2024/2659, CSL; I: Vigil's own inference
	Guidance  string    `gorm:"column:guidance"`
	Active    bool      `gorm:"column:active"`     // inactive flags stay on record but are no longer asked about
	UpdatedBy *string   `gorm:"column:updated_by"` // nil: as seeded
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

// TableName maps RedFlag to its table.
func (RedFlag) TableName() string { return "red_flags" }

// RedFlags returns the active red flags ordered by code: what an assessment
// asks about. Errors: Forbidden.
func (s *Service) RedFlags(ctx context.Context) ([]RedFlag, error) {
	return s.redFlags(ctx, true)
}

// Catalogue returns every red flag, inactive ones too, ordered by code.
// Errors: Forbidden.
func (s *Service) Catalogue(ctx context.Context) ([]RedFlag, error) {
	return s.redFlags(ctx, false)
}

func (s *Service) redFlags(ctx context.Context, activeOnly bool) ([]RedFlag, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	q := s.db.Gorm.WithContext(ctx).Order("code")
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	var flags []RedFlag
	if err := q.Find(&flags).Error; err != nil {
		return nil, fmt.Errorf("red flags: %w", err)
	}
	return flags, nil
}

// RedFlagInput is a red flag's wording as a person edits it.
type RedFlagInput struct {
	Title, Guidance string
	Active          bool
}

// UpdateRedFlag changes the wording of a red flag, or takes it out of (or
// back into) use. Errors: Invalid, NotFound, Forbidden.
func (s *Service) UpdateRedFlag(ctx context.Context, code string, in RedFlagInput) (*RedFlag, error) {
	actor, err := auth.Require(ctx, auth.PermEditReference)
	if err != nil {
		return nil, err
	}
	e := fieldErrors{}
	title := e.text("title", in.Title, 300, "Give the red flag a title.")
	guidance := e.text("guidance", in.Guidance, 4000, "")
	if err := e.err(); err != nil {
		return nil, err
	}
	var f RedFlag
	now := s.db.Now()
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).Take(&f).Error
		if db.IsNotFound(err) {
			return apperr.New(apperr.NotFound, "No red flag %q.", code)
		}
		if err != nil {
			return err
		}
		before := f
		f.Title, f.Guidance, f.Active, f.UpdatedBy, f.UpdatedAt = title, guidance, in.Active, &actor.UserID, now
		if err := tx.Save(&f).Error; err != nil {
			return err
		}
		summary := fmt.Sprintf("%s %s: edited", f.Code, f.Title)
		if before.Active != f.Active {
			summary = fmt.Sprintf("%s %s: %s", f.Code, f.Title, map[bool]string{true: "back in use", false: "taken out of use"}[f.Active])
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "red_flag.update", ObjectType: "red_flag", ObjectID: f.Code, Summary: summary,
			Before: map[string]any{"title": before.Title, "guidance": before.Guidance, "active": before.Active},
			After:  map[string]any{"title": f.Title, "guidance": f.Guidance, "active": f.Active}})
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}
