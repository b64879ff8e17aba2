package concerns

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// change runs fn on report id in one transaction for a compliance officer
// who handles reports: fn changes the report and returns the history entry
// and the audit action and summary; the report's new state is saved, the
// entry added and the event recorded together. Errors: Unauthenticated,
// Forbidden, NotFound, and fn's.
func (s *Service) change(ctx context.Context, id string, fn func(r *Report) (Entry, string, string, error)) (*Report, error) {
	actor, err := auth.Require(ctx, auth.PermHandleConcerns)
	if err != nil {
		return nil, err
	}
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	e, action, summary, err := fn(r)
	if err != nil {
		return r, err
	}
	e.AuthorID = &actor.UserID
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		err := tx.Model(&Report{}).Where("id = ?", r.ID).Updates(map[string]any{"status": r.Status, "outcome": r.Outcome,
			"disclosed_on": r.DisclosedOn, "disclosure_reference": r.DisclosureReference}).Error
		if err != nil {
			return err
		}
		return s.record(ctx, tx, r, e, action, summary)
	})
	if err != nil {
		return nil, err
	}
	return r, s.history(ctx, r)
}

// Triage takes a triage step on a report: acknowledge, investigate, or close
// with its outcome (required). Errors: Unauthenticated, Forbidden, NotFound,
// Invalid, Conflict (the step does not lead on from the report's status).
func (s *Service) Triage(ctx context.Context, id string, step Step, outcome string) (*Report, error) {
	return s.change(ctx, id, func(r *Report) (Entry, string, string, error) {
		to, kind, errs, conflict := next(r.Status, step, trim(outcome))
		switch {
		case len(errs) > 0:
			return Entry{}, "", "", apperr.Validation(errs)
		case conflict != "":
			return Entry{}, "", "", apperr.New(apperr.Conflict, "%s", conflict)
		}
		r.Status = to
		e := Entry{Kind: kind}
		if step == Close {
			r.Outcome, e.Text = trim(outcome), trim(outcome)
		}
		return e, "concern." + string(step), "Report of concern " + r.Reference + ": " + to.Label(), nil
	})
}

// RecordDisclosure records the voluntary disclosure of a report to the
// competent authority, with its date and the authority's reference; a later
// one replaces it, the history keeps both. Errors: Unauthenticated,
// Forbidden, NotFound, Invalid.
func (s *Service) RecordDisclosure(ctx context.Context, id string, d Disclosure) (*Report, error) {
	return s.change(ctx, id, func(r *Report) (Entry, string, string, error) {
		if errs := d.validate(s.db.Now()); len(errs) > 0 {
			return Entry{}, "", "", apperr.Validation(errs)
		}
		r.DisclosedOn, r.DisclosureReference = d.Date, d.Reference
		text := "Disclosed to the competent authority on " + d.Date + ", reference " + d.Reference
		return Entry{Kind: KindDisclosed, Text: text}, "concern.disclosure", "Report of concern " + r.Reference + ": " + text, nil
	})
}

// Message writes to a report's reporter, who reads it when following the
// report up. Errors: Unauthenticated, Forbidden, NotFound, Invalid.
func (s *Service) Message(ctx context.Context, id, text string) (*Report, error) {
	return s.change(ctx, id, func(r *Report) (Entry, string, string, error) {
		errs := map[string]string{}
		if textField(errs, "message", trim(text), MaxText, "Write the message to the reporter."); len(errs) > 0 {
			return Entry{}, "", "", apperr.Validation(errs)
		}
		return Entry{Kind: KindToReporter, Text: trim(text)}, "concern.message", "Message to the reporter of " + r.Reference, nil
	})
}
