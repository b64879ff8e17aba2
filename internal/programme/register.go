package programme

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service keeps the risk register.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// Filter narrows the register; empty fields match every risk.
type Filter struct {
	Kind   Kind
	Status Status
}

// List returns the risks that match f, highest residual score first (then
// inherent score, then title). Errors: Forbidden.
func (s *Service) List(ctx context.Context, f Filter) ([]Risk, error) {
	if _, err := auth.Require(ctx, auth.PermReadRisks); err != nil {
		return nil, err
	}
	q := s.db.Gorm.WithContext(ctx)
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var out []Risk
	if err := q.Find(&out).Error; err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Risk) int {
		return cmp.Or(b.Residual()-a.Residual(), b.Inherent()-a.Inherent(), strings.Compare(a.Title, b.Title))
	})
	return out, nil
}

// Get returns a risk and its reviews, newest first, to those who read the
// register and to its owner. Errors: NotFound, Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Risk, []Review, error) {
	a := auth.ActorFrom(ctx)
	r, err := find(ctx, s.db.Gorm, id)
	if err != nil {
		return nil, nil, err
	}
	if a == nil || a.UserID != r.OwnerID {
		if _, err := auth.Require(ctx, auth.PermReadRisks); err != nil {
			return nil, nil, err
		}
	}
	var reviews []Review
	err = s.db.Gorm.WithContext(ctx).Where("risk_id = ?", id).Order("reviewed_at DESC").Find(&reviews).Error
	return r, reviews, err
}

func find(ctx context.Context, tx *gorm.DB, id string) (*Risk, error) {
	var r Risk
	err := tx.WithContext(ctx).Where("id = ?", id).Take(&r).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such risk.")
	}
	return &r, err
}

// Overdue returns the viewer's own open risks whose review date has passed,
// the most overdue first.
func (s *Service) Overdue(ctx context.Context) ([]Risk, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return nil, nil
	}
	var out []Risk
	err := s.db.Gorm.WithContext(ctx).Where("owner_id = ? AND status = ? AND next_review_on < ?", a.UserID, Open, day(s.db.Now())).
		Order("next_review_on").Find(&out).Error
	return out, err
}

// Owner is a user who may own a risk.
type Owner = auth.Person

// Owners returns the active users, by name, for managers of the register.
// Errors: Forbidden.
func (s *Service) Owners(ctx context.Context) ([]Owner, error) {
	if _, err := auth.Require(ctx, auth.PermManageRisks); err != nil {
		return nil, err
	}
	return auth.ActivePeople(ctx, s.db.Gorm)
}

// Create records a new risk, on the audit trail. Errors: Invalid, Forbidden.
func (s *Service) Create(ctx context.Context, in Input) (*Risk, error) {
	actor, err := auth.Require(ctx, auth.PermManageRisks)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	r, errs := in.parse(now, nil)
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	r.ID, r.CreatedBy, r.CreatedAt, r.UpdatedAt = db.NewID(), actor.UserID, now, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := checkOwner(ctx, tx, r.OwnerID); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "risk.create", ObjectType: "risk", ObjectID: r.ID,
			Summary: "Risk recorded: " + r.Title, After: &r})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// checkOwner refuses an owner who is not an active user.
func checkOwner(ctx context.Context, tx *gorm.DB, id string) error {
	var n int64
	if err := tx.WithContext(ctx).Table("users").Where("id = ? AND active = ?", id, true).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return apperr.Validation(map[string]string{"owner_id": "Choose an active user as the owner."})
	}
	return nil
}

// Update changes a risk, on the audit trail with before and after. Errors:
// Invalid, NotFound, Forbidden.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Risk, error) {
	if _, err := auth.Require(ctx, auth.PermManageRisks); err != nil {
		return nil, err
	}
	return s.change(ctx, id, func(tx *gorm.DB, before *Risk, now time.Time) (*Risk, audit.Event, error) {
		r, errs := in.parse(now, &before.NextReviewOn)
		if len(errs) > 0 {
			return nil, audit.Event{}, apperr.Validation(errs)
		}
		if err := checkOwner(ctx, tx, r.OwnerID); err != nil {
			return nil, audit.Event{}, err
		}
		r.ID, r.CreatedBy, r.CreatedAt, r.UpdatedAt = before.ID, before.CreatedBy, before.CreatedAt, now
		return &r, audit.Event{Action: "risk.update", Summary: "Risk changed: " + r.Title, After: &r}, tx.Save(&r).Error
	})
}

// RecordReview records that the risk's owner, or a manager of the register,
// reviewed it, with a note, and sets the date of the next review; on the
// audit trail. Errors: Invalid, NotFound, Forbidden, Unauthenticated.
func (s *Service) RecordReview(ctx context.Context, id, note, nextReview string) (*Risk, error) {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	return s.change(ctx, id, func(tx *gorm.DB, before *Risk, now time.Time) (*Risk, audit.Event, error) {
		if actor.UserID != before.OwnerID && !actor.Can(auth.PermManageRisks) {
			return nil, audit.Event{}, apperr.New(apperr.Forbidden, "Only the risk's owner or a compliance officer may review it.")
		}
		rev, err := parseReview(note, nextReview, now)
		if err != nil {
			return nil, audit.Event{}, err
		}
		rev.ID, rev.RiskID, rev.ReviewedBy = db.NewID(), id, actor.UserID
		after := *before
		after.NextReviewOn, after.UpdatedAt = rev.NextReviewOn, now
		if err := tx.Create(&rev).Error; err != nil {
			return nil, audit.Event{}, err
		}
		ev := audit.Event{Action: "risk.review", Summary: "Risk reviewed: " + before.Title + ": " + rev.Note,
			After: map[string]any{"risk": &after, "review": &rev}}
		return &after, ev, tx.Model(&Risk{}).Where("id = ?", id).Updates(map[string]any{"next_review_on": after.NextReviewOn, "updated_at": now}).Error
	})
}

// change runs edit on the risk id in one transaction and records the event
// it returns, with the risk as it was before.
func (s *Service) change(ctx context.Context, id string, edit func(tx *gorm.DB, before *Risk, now time.Time) (*Risk, audit.Event, error)) (*Risk, error) {
	now := s.db.Now()
	var after *Risk
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := find(ctx, tx, id)
		if err != nil {
			return err
		}
		var ev audit.Event
		if after, ev, err = edit(tx, before, now); err != nil {
			return err
		}
		ev.ObjectType, ev.ObjectID, ev.Before = "risk", id, before
		return audit.Record(ctx, tx, now, ev)
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// parseReview checks a review's note and next date.
func parseReview(note, nextReview string, now time.Time) (Review, error) {
	errs := map[string]string{}
	rev := Review{Note: strings.TrimSpace(note), ReviewedAt: now}
	if rev.Note == "" {
		errs["note"] = "Say what the review found."
	}
	next, msg := reviewDate(nextReview, now, nil)
	if msg != "" {
		errs["next_review"] = msg
	}
	rev.NextReviewOn = next
	if len(errs) > 0 {
		return Review{}, apperr.Validation(errs)
	}
	return rev, nil
}
