package governance

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

// holdings reads holdings with their holder's name and account email.
func holdings(ctx context.Context, g *gorm.DB) *gorm.DB {
	return g.WithContext(ctx).Table("responsibility_holdings h").Select("h.*, u.name AS user_name, u.email AS account_email").
		Joins("JOIN users u ON u.id = h.user_id")
}

// Holdings returns every holding, past, current and planned, by
// responsibility (in the order of Roles) and then latest start first.
// Errors: Unauthenticated.
func (s *Service) Holdings(ctx context.Context) ([]Holding, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var all []Holding
	if err := holdings(ctx, s.db.Gorm).Order("h.from_on DESC, u.name").Find(&all).Error; err != nil {
		return nil, err
	}
	out := make([]Holding, 0, len(all))
	for _, r := range Roles {
		for _, h := range all {
			if h.Responsibility == r.Responsibility {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// Holders returns the holdings that cover today, in the order of Roles.
// Errors: Unauthenticated.
func (s *Service) Holders(ctx context.Context) ([]Holding, error) {
	all, err := s.Holdings(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	var out []Holding
	for _, h := range all {
		if h.HoldsOn(now) {
			out = append(out, h)
		}
	}
	return out, nil
}

// Candidate is an active user who may be given a responsibility.
type Candidate = auth.Person

// Candidates returns the active users, by name, to those who record
// holdings. Errors: Forbidden.
func (s *Service) Candidates(ctx context.Context) ([]Candidate, error) {
	if _, err := auth.Require(ctx, auth.PermManageOrganisation); err != nil {
		return nil, err
	}
	return auth.ActivePeople(ctx, s.db.Gorm)
}

// HoldingInput is a holding as the form gives it; days as YYYY-MM-DD.
type HoldingInput struct {
	Responsibility, UserID, From, To, Phone, Email string
}

// parse checks in and returns the holding it describes, without its id and
// bookkeeping, or the message of each bad field.
func (in HoldingInput) parse() (Holding, map[string]string) {
	errs := map[string]string{}
	h := Holding{Responsibility: Responsibility(in.Responsibility), UserID: strings.TrimSpace(in.UserID),
		Phone: strings.TrimSpace(in.Phone), Email: strings.TrimSpace(in.Email)}
	if _, ok := RoleOf(h.Responsibility); !ok {
		errs["responsibility"] = "Choose a responsibility."
	}
	if h.UserID == "" {
		errs["user_id"] = "Choose who holds it."
	}
	from, err := time.Parse(time.DateOnly, strings.TrimSpace(in.From))
	if err != nil {
		errs["from"] = "Give the first day as YYYY-MM-DD."
	}
	h.FromOn = from
	if t := strings.TrimSpace(in.To); t != "" {
		to, err := time.Parse(time.DateOnly, t)
		switch {
		case err != nil:
			errs["to"] = "Give the last day as YYYY-MM-DD, or leave it empty."
		case to.Before(from):
			errs["to"] = "The last day may not come before the first."
		}
		h.ToOn = &to
	}
	checkContact(errs, h.Phone, h.Email)
	return h, errs
}

// checkContact refuses a phone number without digits or with letters, and
// an email address that is not one.
func checkContact(errs map[string]string, phone, email string) {
	if phone != "" && (len(phone) > 40 || strings.Trim(phone, "+0123456789 ()-./") != "" || !strings.ContainsAny(phone, "0123456789")) {
		errs["phone"] = "Give the phone number in digits, with + ( ) - / . and spaces if you like."
	}
	local, domain, ok := strings.Cut(email, "@")
	if email != "" && (len(email) > 254 || !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(email, " <>,;")) {
		errs["email"] = "Give an email address such as name@example.com, or leave it empty for the person's own."
	}
}

// conflicts returns why h may not be recorded beside the holdings that
// exist, "" when it may: one person at a time where the company allows only
// one, nobody twice at once, and nobody their own deputy.
func conflicts(h *Holding, others []Holding) string {
	role, _ := RoleOf(h.Responsibility)
	for _, o := range others {
		if o.ID == h.ID || !h.overlaps(&o) {
			continue
		}
		switch {
		case o.Responsibility == h.Responsibility && o.UserID == h.UserID:
			return fmt.Sprintf("%s already holds this responsibility in that period (from %s).", o.Name, o.FromOn.Format(time.DateOnly))
		case o.Responsibility == h.Responsibility && !role.Several:
			return fmt.Sprintf("%s holds this responsibility from %s%s: the company has one %s at a time. End that holding first.",
				o.Name, o.FromOn.Format(time.DateOnly), until(o.ToOn), strings.ToLower(role.Label))
		case o.UserID == h.UserID && deputyPair(o.Responsibility, h.Responsibility):
			return "Nobody is their own deputy: " + o.Name + " is " + strings.ToLower(o.Responsibility.Label()) + " in that period."
		}
	}
	return ""
}

func until(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " to " + t.Format(time.DateOnly)
}

func deputyPair(a, b Responsibility) bool {
	return (a == ExportControlOfficer && b == DeputyOfficer) || (a == DeputyOfficer && b == ExportControlOfficer)
}

// Assign records that a user holds a responsibility over a period, on the
// audit trail. Errors: Forbidden, Invalid.
func (s *Service) Assign(ctx context.Context, in HoldingInput) (*Holding, error) {
	actor, err := auth.Require(ctx, auth.PermManageOrganisation)
	if err != nil {
		return nil, err
	}
	h, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	h.ID, h.RecordedBy, h.RecordedAt = db.NewID(), actor.UserID, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var person []Candidate
		if err := tx.Table("users").Select("id, name, email").Where("id = ? AND active = ?", h.UserID, true).Scan(&person).Error; err != nil {
			return err
		}
		if len(person) == 0 {
			return apperr.Validation(map[string]string{"user_id": "Choose an active user."})
		}
		h.Name, h.AccountEmail = person[0].Name, person[0].Email
		if err := s.checkConflicts(ctx, tx, &h, "user_id"); err != nil {
			return err
		}
		if err := tx.Create(&h).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "organisation.assign", ObjectType: "responsibility", ObjectID: h.ID,
			Summary: fmt.Sprintf("%s holds the responsibility %s from %s%s", h.Name, h.Responsibility.Label(), h.FromOn.Format(time.DateOnly), until(h.ToOn)),
			After:   &h})
	})
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// checkConflicts refuses h, under the form field field, when it conflicts
// with the holdings recorded.
func (s *Service) checkConflicts(ctx context.Context, tx *gorm.DB, h *Holding, field string) error {
	var others []Holding
	if err := holdings(ctx, tx).Where("h.responsibility = ? OR h.user_id = ?", h.Responsibility, h.UserID).Find(&others).Error; err != nil {
		return err
	}
	if msg := conflicts(h, others); msg != "" {
		return apperr.Validation(map[string]string{field: msg})
	}
	return nil
}

// End sets the last day of a holding, on the audit trail with before and
// after: a holding open-ended or ending later is ended on that day, which
// may not come before its first. Errors: Forbidden, NotFound, Invalid.
func (s *Service) End(ctx context.Context, id, to string) (*Holding, error) {
	actor, err := auth.Require(ctx, auth.PermManageOrganisation)
	if err != nil {
		return nil, err
	}
	last, err := time.Parse(time.DateOnly, strings.TrimSpace(to))
	if err != nil {
		return nil, apperr.Validation(map[string]string{"to": "Give the last day as YYYY-MM-DD."})
	}
	var after Holding
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var found []Holding
		if err := holdings(ctx, tx).Where("h.id = ?", id).Find(&found).Error; err != nil {
			return err
		}
		if len(found) == 0 {
			return apperr.New(apperr.NotFound, "There is no such holding.")
		}
		before := found[0]
		switch {
		case last.Before(before.FromOn):
			return apperr.Validation(map[string]string{"to": "The last day may not come before the first (" + before.FromOn.Format(time.DateOnly) + ")."})
		case before.ToOn != nil && !last.Before(*before.ToOn):
			return apperr.Validation(map[string]string{"to": "This holding ends on " + before.ToOn.Format(time.DateOnly) + " already; give an earlier day."})
		}
		now := s.db.Now()
		after = before
		after.ToOn, after.EndedBy, after.EndedAt = &last, &actor.UserID, &now
		if err := tx.Model(&Holding{}).Where("id = ?", id).Updates(map[string]any{"to_on": last, "ended_by": actor.UserID, "ended_at": now}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "organisation.end", ObjectType: "responsibility", ObjectID: id,
			Summary: fmt.Sprintf("%s holds the responsibility %s until %s", before.Name, before.Responsibility.Label(), last.Format(time.DateOnly)),
			Before:  &before, After: &after})
	})
	if err != nil {
		return nil, err
	}
	return &after, nil
}
