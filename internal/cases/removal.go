package cases

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// maxReason is the longest reason for a removal kept.
const maxReason = 1000

// removalReason trims the reason given for taking something off a case and
// refuses none: a removal without a reason cannot be explained later.
func removalReason(what, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", apperr.New(apperr.Invalid, "Give the reason for removing the %s: it is kept with the case.", what)
	case utf8.RuneCountInString(reason) > maxReason:
		return "", apperr.New(apperr.Invalid, "Give the reason for removing the %s in at most 1,000 characters.", what)
	}
	return reason, nil
}

// remove is the one way a party link, item or document leaves a case: its row
// (model, id) is kept and marked removed by the actor, now, for a reason.
// find returns what the timeline says of the row, or false when the case
// does not hold it (any more). Errors: Invalid (no reason), NotFound,
// Forbidden, Conflict.
func (s *Service) remove(ctx context.Context, caseID string, version int64, action, what string, model any, id, reason string,
	find func(f *Case) (string, bool)) (*Case, error) {
	reason, err := removalReason(what, reason)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, caseID, version, auth.PermEditCases, action, true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		said, ok := find(f)
		if !ok {
			return "", apperr.New(apperr.NotFound, "That %s is not on this case.", what)
		}
		return "removed " + said + " because: " + reason, tx.Model(model).Where("id = ? AND removed_at IS NULL", id).
			Updates(map[string]any{"removed_at": now, "removed_by": auth.ActorFrom(ctx).UserID, "removed_reason": reason}).Error
	})
}

// by returns the people who removed something.
func (r Removed) by() []string {
	var ids []string
	for _, m := range r.marks() {
		if m.RemovedBy != nil {
			ids = append(ids, *m.RemovedBy)
		}
	}
	return ids
}

func (r Removed) marks() []Removal {
	var out []Removal
	for _, p := range r.Parties {
		out = append(out, p.Removal)
	}
	for _, it := range r.Items {
		out = append(out, it.Removal)
	}
	for _, a := range r.Attachments {
		out = append(out, a.Removal)
	}
	return out
}
