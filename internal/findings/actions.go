package findings

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// AddAction gives an open finding a corrective action, with its owner (an
// active user) and due date (not in the past), on the audit trail. Errors:
// Unauthenticated, Forbidden, NotFound, Invalid, Conflict (the finding is
// closed).
func (s *Service) AddAction(ctx context.Context, findingID string, in ActionInput) (*Action, error) {
	actor, err := auth.Require(ctx, auth.PermManageActions)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	a, errs := in.parse(now, nil)
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	a.ID, a.FindingID, a.Status, a.CreatedBy, a.CreatedAt, a.UpdatedAt = db.NewID(), findingID, ActionOpen, actor.UserID, now, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		f, err := find(ctx, tx, findingID)
		if err != nil {
			return err
		}
		if f.Status == Closed {
			return apperr.New(apperr.Conflict, "The finding is closed.")
		}
		if err := checkOwner(ctx, tx, a.OwnerID); err != nil {
			return err
		}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		return s.entry(ctx, tx, &a, Entry{Kind: KindCreated, AuthorID: actor.UserID}, audit.Event{
			Action: "action.create", Summary: "Corrective action given on finding " + f.Reference + ": " + a.What, After: &a})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// checkOwner refuses an owner who is not an active user, or who is an
// auditor: an auditor reviews the programme and records findings, and
// writes nothing else.
func checkOwner(ctx context.Context, tx *gorm.DB, id string) error {
	var n int64
	if err := owners(ctx, tx).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return apperr.Validation(map[string]string{"owner_id": "Choose an active user, not an auditor, as the owner."})
	}
	return nil
}

// owners selects the users who may own an action.
func owners(ctx context.Context, tx *gorm.DB) *gorm.DB {
	return tx.WithContext(ctx).Table("users").Where("active = ?", true).
		Where("id NOT IN (?)", tx.Table("user_roles").Select("user_id").Where("role = ?", auth.RoleAuditor))
}

// entry adds e to a's history and records ev about a, in tx.
func (s *Service) entry(ctx context.Context, tx *gorm.DB, a *Action, e Entry, ev audit.Event) error {
	e.ID, e.ActionID, e.At = db.NewID(), a.ID, s.db.Now()
	if err := tx.Create(&e).Error; err != nil {
		return err
	}
	ev.ObjectType, ev.ObjectID = "corrective_action", a.ID
	ev.After = map[string]any{"action": ev.After, "entry": &e}
	return audit.Record(ctx, tx, e.At, ev)
}

// Reassign gives an action that is not closed a new owner and due date (an
// overdue date may be kept), on the audit trail with before and after.
// Errors: Unauthenticated, Forbidden, NotFound, Invalid, Conflict.
func (s *Service) Reassign(ctx context.Context, id string, in ActionInput) (*Action, error) {
	return s.step(ctx, id, Reassign, func(tx *gorm.DB, _ *auth.Actor, before *Action, now time.Time) (*Action, Entry, error) {
		a, errs := in.parse(now, &before.DueOn)
		a.What = before.What // the work stays what it was
		delete(errs, "what")
		if len(errs) > 0 {
			return nil, Entry{}, apperr.Validation(errs)
		}
		if err := checkOwner(ctx, tx, a.OwnerID); err != nil {
			return nil, Entry{}, err
		}
		var name []string
		if err := tx.Table("users").Where("id = ?", a.OwnerID).Pluck("name", &name).Error; err != nil {
			return nil, Entry{}, err
		}
		if len(name) == 0 { // checkOwner found the user a moment ago, in this transaction
			return nil, Entry{}, apperr.New(apperr.NotFound, "There is no such user.")
		}
		after := *before
		after.OwnerID, after.DueOn = a.OwnerID, a.DueOn
		return &after, Entry{Kind: KindReassigned, Note: "To " + name[0] + ", due " + a.DueOn.Format(time.DateOnly) + "."}, nil
	})
}

// MayWork refuses the signed-in viewer work on action id (starting it,
// giving evidence, marking it done) unless they may now: the web layer
// asks before it stores an uploaded file. Errors: Unauthenticated,
// NotFound, Forbidden, Conflict.
func (s *Service) MayWork(ctx context.Context, id string) error {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	a, err := findAction(ctx, s.db.Gorm, id)
	if err != nil {
		return err
	}
	_, err = Next(a.Status, AddProof, Who{Owner: a.OwnerID == actor.UserID, Manages: actor.Can(auth.PermManageActions)})
	return err
}

// Start records that work on an open action has started. Errors:
// Unauthenticated, Forbidden, NotFound, Conflict.
func (s *Service) Start(ctx context.Context, id string) (*Action, error) {
	return s.step(ctx, id, Start, func(_ *gorm.DB, _ *auth.Actor, before *Action, _ time.Time) (*Action, Entry, error) {
		after := *before
		return &after, Entry{Kind: KindStarted}, nil
	})
}

// AddEvidence files evidence (a note, a link, a stored file: at least one)
// on an action being worked on. Errors: Unauthenticated, Forbidden,
// NotFound, Invalid, Conflict.
func (s *Service) AddEvidence(ctx context.Context, id string, e Evidence) (*Action, error) {
	return s.step(ctx, id, AddProof, func(_ *gorm.DB, _ *auth.Actor, before *Action, _ time.Time) (*Action, Entry, error) {
		errs := e.check()
		if e.empty() {
			errs["note"] = "Give a note, a link or a file."
		}
		if len(errs) > 0 {
			return nil, Entry{}, apperr.Validation(errs)
		}
		after := *before
		return &after, evidenceEntry(KindEvidence, e), nil
	})
}

// MarkDone marks an action done with its evidence: a note saying what was
// done, and a link or a file, given now or before (the company's rule).
// The action then awaits a second person's sign-off. Errors:
// Unauthenticated, Forbidden, NotFound, Invalid, Conflict.
func (s *Service) MarkDone(ctx context.Context, id string, e Evidence) (*Action, error) {
	return s.step(ctx, id, MarkDone, func(tx *gorm.DB, actor *auth.Actor, before *Action, now time.Time) (*Action, Entry, error) {
		errs := e.check()
		if e.Note == "" {
			errs["note"] = "Say what was done."
		}
		if e.Link == "" && e.File == nil && errs["link"] == "" {
			var proofs int64
			if err := tx.Model(&Entry{}).Where("action_id = ? AND (link <> '' OR sha256 <> '')", id).Count(&proofs).Error; err != nil {
				return nil, Entry{}, err
			}
			if proofs == 0 {
				errs["link"] = "Give the evidence: a link or a file."
			}
		}
		if len(errs) > 0 {
			return nil, Entry{}, apperr.Validation(errs)
		}
		after := *before
		after.DoneBy, after.DoneAt = &actor.UserID, &now
		return &after, evidenceEntry(KindDone, e), nil
	})
}

func evidenceEntry(k Kind, e Evidence) Entry {
	out := Entry{Kind: k, Note: e.Note, Link: e.Link}
	if e.File != nil {
		out.Filename, out.ContentType, out.Size, out.SHA256 = e.File.Filename, e.File.ContentType, e.File.Size, e.File.SHA256
	}
	return out
}

// Review is a second person's answer to an action marked done: sign it off
// (closed) or send it back with the reason (in progress). The reviewer holds
// auth.PermManageActions and is neither the action's owner nor whoever
// marked it done. Errors: Unauthenticated, Forbidden, NotFound, Invalid,
// Conflict.
func (s *Service) Review(ctx context.Context, id string, step Step, reason string) (*Action, error) {
	if step != SignOff && step != SendBack {
		return nil, apperr.Validation(map[string]string{"decision": "Choose to sign the action off or to send it back."})
	}
	return s.step(ctx, id, step, func(_ *gorm.DB, actor *auth.Actor, before *Action, now time.Time) (*Action, Entry, error) {
		e := Evidence{Note: reason}
		errs := e.check()
		if msg, ok := errs["note"]; ok { // the review form calls its note the reason
			delete(errs, "note")
			errs["reason"] = msg
		}
		if step == SendBack && e.Note == "" {
			errs["reason"] = "Say why the action goes back."
		}
		if len(errs) > 0 {
			return nil, Entry{}, apperr.Validation(errs)
		}
		after := *before
		if step == SignOff {
			after.ClosedBy, after.ClosedAt = &actor.UserID, &now
			return &after, Entry{Kind: KindSignedOff, Note: e.Note}, nil
		}
		after.DoneBy, after.DoneAt = nil, nil
		return &after, Entry{Kind: KindReturned, Note: e.Note}, nil
	})
}

// edit makes an action's new state and the history entry of a step.
type edit func(tx *gorm.DB, actor *auth.Actor, before *Action, now time.Time) (*Action, Entry, error)

// step takes st on action id for the signed-in actor, in one transaction:
// the rule of the steps (Next) decides whether it may and the status it
// reaches, fn makes the rest of the new state and the history entry; the
// action is saved, the entry added, and the event recorded with before and
// after. Errors: Unauthenticated, NotFound, Next's and fn's.
func (s *Service) step(ctx context.Context, id string, st Step, fn edit) (*Action, error) {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	now := s.db.Now()
	var after *Action
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := findAction(ctx, tx, id)
		if err != nil {
			return err
		}
		who := Who{Owner: before.OwnerID == actor.UserID, Manages: actor.Can(auth.PermManageActions),
			MarkedDone: before.DoneBy != nil && *before.DoneBy == actor.UserID}
		to, err := Next(before.Status, st, who)
		if err != nil {
			return err
		}
		var e Entry
		if after, e, err = fn(tx, actor, before, now); err != nil {
			return err
		}
		after.Status, after.UpdatedAt, e.AuthorID = to, now, actor.UserID
		if err := tx.Save(after).Error; err != nil {
			return err
		}
		return s.entry(ctx, tx, after, e, audit.Event{Action: "action." + string(st), Before: before, After: after,
			Summary: "Corrective action on finding " + before.FindingReference + ": " + e.Kind.Label() + ": " + clip(before.What)})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// findAction reads an action with its finding's reference and title.
func findAction(ctx context.Context, tx *gorm.DB, id string) (*Action, error) {
	var a Action
	err := actions(ctx, tx).Where("a.id = ?", id).Take(&a).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such corrective action.")
	}
	return &a, err
}

// actions selects actions with their finding's reference and title.
func actions(ctx context.Context, tx *gorm.DB) *gorm.DB {
	return tx.WithContext(ctx).Table("corrective_actions a").
		Select("a.*, f.reference AS finding_reference, f.title AS finding_title").Joins("JOIN findings f ON f.id = a.finding_id")
}

// clip shortens what an action is for a summary line.
func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
