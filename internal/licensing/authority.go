package licensing

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// RecordArt4Sent records that the Art. 4 notification of case caseID was
// sent to the competent authority on sentOn; the case then waits for the
// authority's decision. Errors: Invalid, NotFound, Forbidden, Conflict
// (nothing to notify, or already notified and undecided).
func (s *Service) RecordArt4Sent(ctx context.Context, caseID string, version int64, sentOn string) (*cases.Case, error) {
	e := fields{}
	day := e.date("sent_on", sentOn, "Enter the date the notification was sent.")
	if err := e.err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, caseID, version, auth.PermRecordAuthority, "case.art4_notified",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			st, err := s.read(ctx, tx, f, false)
			if err != nil {
				return "", err
			}
			if a := st.Export.Art4; !a.Aware() || a.Notified && a.Decision == "" {
				return "", apperr.New(apperr.Conflict, "There is no Art. 4 notification to send: record one once an answer says we are aware of a use it catches.")
			}
			if day.After(now) {
				return "", apperr.Validation(map[string]string{"sent_on": "The date cannot be in the future."})
			}
			n := Art4Notification{ID: db.NewID(), CaseID: f.ID, SentOn: day, SentBy: actor.UserID, RecordedAt: now}
			return "Art. 4 notification sent to the competent authority on " + day.Format(time.DateOnly), tx.Create(&n).Error
		})
}

// Art4DecisionTerms are the authority's decisions, with their names for people.
var Art4DecisionTerms = vocab.Terms[string]{
	{Value: DecisionLicenceRequired, Label: "A licence is required"},
	{Value: DecisionNoLicenceRequired, Label: "No licence is required"},
}

// RecordArt4Decision records the competent authority's decision on the
// newest Art. 4 notification of case caseID. Errors: Invalid, NotFound,
// Forbidden, Conflict (no notification awaiting a decision).
func (s *Service) RecordArt4Decision(ctx context.Context, caseID string, version int64, decision, reference, decidedOn string) (*cases.Case, error) {
	e := fields{}
	if !Art4DecisionTerms.Has(decision) {
		e["decision"] = "Choose the authority's decision."
	}
	ref := e.text("reference", reference, 200, "Enter the authority's reference.")
	day := e.date("decided_on", decidedOn, "Enter the date of the decision.")
	if err := e.err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, caseID, version, auth.PermRecordAuthority, "case.art4_decision",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			res := tx.Model(&Art4Notification{}).Where("case_id = ? AND decision = '' AND id = (SELECT id FROM case_art4_notifications WHERE case_id = ? ORDER BY recorded_at DESC, id DESC LIMIT 1)", f.ID, f.ID).
				Updates(map[string]any{"decision": decision, "reference": ref, "decided_on": day, "recorded_by": actor.UserID})
			if res.Error != nil {
				return "", res.Error
			}
			if res.RowsAffected == 0 {
				return "", apperr.New(apperr.Conflict, "No Art. 4 notification awaits a decision.")
			}
			return "the competent authority decided on the Art. 4 notification: " + Art4DecisionTerms.Label(decision) + " (" + ref + ", " + day.Format(time.DateOnly) + ")", nil
		})
}

// ApplicationOutcomes name the outcomes of a licence application.
var ApplicationOutcomes = map[string]string{"pending": "Pending", "granted": "Granted", "refused": "Refused"}

// RecordApplication records that a licence was applied for on case caseID.
// Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) RecordApplication(ctx context.Context, caseID string, version int64, authority, reference, appliedOn, note string) (*cases.Case, error) {
	e := fields{}
	a := Application{Authority: e.text("authority", authority, 200, "Name the authority applied to."),
		Reference: e.text("reference", reference, 200, "Enter the application's reference."),
		AppliedOn: e.date("applied_on", appliedOn, "Enter the date of the application."), Outcome: "pending"}
	if a.Note = fieldsNote(e, note); e.err() != nil {
		return nil, e.err()
	}
	return s.changeCase(ctx, caseID, version, auth.PermRecordAuthority, "case.licence_application",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			a.ID, a.CaseID, a.RecordedBy, a.RecordedAt = db.NewID(), f.ID, actor.UserID, now
			return "licence applied for: " + a.Reference + " to " + a.Authority + " on " + a.AppliedOn.Format(time.DateOnly), tx.Create(&a).Error
		})
}

// DecideApplication records the outcome of a pending application of case
// caseID: refused, or granted with the licence recorded under /licences.
// Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) DecideApplication(ctx context.Context, caseID string, version int64, id, outcome, licenceID, decidedOn string) (*cases.Case, error) {
	e := fields{}
	if outcome != "granted" && outcome != "refused" {
		e["outcome"] = "Choose granted or refused."
	}
	if outcome == "granted" && licenceID == "" {
		e["licence_id"] = "Choose the licence granted; record it under Licences first."
	}
	day := e.date("decided_on", decidedOn, "Enter the date of the decision.")
	if err := e.err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, caseID, version, auth.PermRecordAuthority, "case.licence_decision",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			var lic *string
			if outcome == "granted" {
				l, err := licencesIn(tx, func(q *gorm.DB) *gorm.DB { return q.Where("l.id = ?", licenceID) })
				if err != nil || len(l) == 0 {
					return "", errors.Join(err, apperr.Validation(map[string]string{"licence_id": "No such licence."}))
				}
				lic = &licenceID
			}
			res := tx.Model(&Application{}).Where("id = ? AND case_id = ? AND outcome = 'pending'", id, f.ID).
				Updates(map[string]any{"outcome": outcome, "licence_id": lic, "decided_on": day})
			if res.Error != nil || res.RowsAffected == 0 {
				return "", errors.Join(res.Error, apperr.New(apperr.Conflict, "That application is not pending on this case."))
			}
			return "licence application " + outcome + " on " + day.Format(time.DateOnly), nil
		})
}

// fieldsNote reads an optional note of at most 2,000 characters.
func fieldsNote(e fields, note string) string {
	if note == "" {
		return ""
	}
	return e.text("note", note, 2000, "")
}
