package auth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
)

// requiredRole is a role whose holders must sign in with a second factor.
type requiredRole struct {
	Role       Role      `gorm:"column:role;primaryKey"`
	RequiredAt time.Time `gorm:"column:required_at"`
}

func (requiredRole) TableName() string { return "mfa_required_roles" }

// requiredRoles returns the roles requiring a second factor, in Roles order.
func requiredRoles(ctx context.Context, g *gorm.DB) ([]Role, error) {
	var roles []Role
	if err := g.WithContext(ctx).Model(&requiredRole{}).Pluck("role", &roles).Error; err != nil {
		return nil, err
	}
	return SortRoles(roles), nil
}

// requires reports whether one of roles is among the required ones.
func requires(required, roles []Role) bool {
	return slices.ContainsFunc(roles, func(r Role) bool { return slices.Contains(required, r) })
}

// mustEnrol reports whether a user holding roles must set up a second
// factor before signing in: one of their roles requires it and they have
// none.
func mustEnrol(roles, required []Role, enrolled bool) bool {
	return !enrolled && requires(required, roles)
}

// MFAPolicy returns the roles whose holders must sign in with a second
// factor. Errors: Unauthenticated, Forbidden.
func (s *Service) MFAPolicy(ctx context.Context) ([]Role, error) {
	if _, err := Require(ctx, PermSetMFAPolicy); err != nil {
		return nil, err
	}
	return requiredRoles(ctx, s.db.Gorm)
}

// SetMFAPolicy makes roles (and no others) require a second factor. The
// holders of a newly required role who have none are signed out (all but
// the acting session), so their next sign-in asks them to set one up.
// Errors: Unauthenticated, Forbidden, Invalid (unknown role).
func (s *Service) SetMFAPolicy(ctx context.Context, roles []Role) error {
	a, err := Require(ctx, PermSetMFAPolicy)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if !r.Valid() {
			return apperr.New(apperr.Invalid, "There is no role %q.", r)
		}
	}
	roles = SortRoles(roles)
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := requiredRoles(ctx, tx)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if err := tx.Where("1 = 1").Delete(&requiredRole{}).Error; err != nil {
			return err
		}
		for _, r := range roles {
			if err := tx.Create(&requiredRole{Role: r, RequiredAt: now}).Error; err != nil {
				return err
			}
		}
		added := slices.DeleteFunc(slices.Clone(roles), func(r Role) bool { return slices.Contains(before, r) })
		ended, err := endUnenrolledSessions(ctx, tx, added, a.SessionID, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "auth.mfa_policy", ObjectType: "policy", ObjectID: "mfa",
			Summary: fmt.Sprintf("Set the roles that must sign in with a second factor to %q; ended %d session(s) of people who must now set one up",
				JoinRoles(roles), ended),
			Before: map[string]string{"roles": JoinRoles(before)}, After: map[string]string{"roles": JoinRoles(roles)}})
	})
}

// endUnenrolledSessions ends the sessions, but exceptID, of the holders of
// roles who have no second factor, and returns how many.
func endUnenrolledSessions(ctx context.Context, tx *gorm.DB, roles []Role, exceptID string, now time.Time) (int64, error) {
	if len(roles) == 0 {
		return 0, nil
	}
	holders := tx.WithContext(ctx).Model(&userRole{}).Select("user_id").Where("role IN ?", roles).
		Where("user_id NOT IN (?)", tx.Model(&totpRow{}).Select("user_id").Where("confirmed_at IS NOT NULL"))
	return endSessions(tx.WithContext(ctx).Where("user_id IN (?) AND id <> ?", holders, exceptID), now, "a second factor is now required")
}
