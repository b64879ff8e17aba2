package findings

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

// Service keeps the findings and their corrective actions.
type Service struct{ db *db.DB }

// NewService returns the service over d.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// Record records a finding, numbered F-YYYY-NNNN in the year of now, on the
// audit trail. A finding from a report of concern names the report's id as
// its source reference, and the report must exist; nothing of who reported
// it is copied. Errors: Unauthenticated, Forbidden, Invalid, NotFound (no
// such report of concern or self-assessment answer).
func (s *Service) Record(ctx context.Context, in Input) (f *Finding, err error) {
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		f, err = s.RecordIn(ctx, tx, in)
		return err
	})
	return f, err
}

// RecordIn records a finding as Record does, within tx: for a caller whose
// own change must commit with the finding or not at all.
func (s *Service) RecordIn(ctx context.Context, tx *gorm.DB, in Input) (*Finding, error) {
	actor, err := auth.Require(ctx, auth.PermRecordFindings)
	if err != nil {
		return nil, err
	}
	if errs := in.validate(); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	f := &Finding{ID: db.NewID(), Title: in.Title, Description: in.Description, Element: in.Element, Severity: in.Severity,
		Source: in.Source, SourceRef: in.SourceRef, Status: Open, RecordedBy: actor.UserID, RecordedAt: now}
	if err := f.resolveSource(ctx, tx); err != nil {
		return nil, err
	}
	if f.Reference, err = nextReference(tx, now.Year()); err != nil {
		return nil, err
	}
	if err := tx.Create(f).Error; err != nil {
		return nil, err
	}
	return f, audit.Record(ctx, tx, now, audit.Event{Action: "finding.record", ObjectType: "finding", ObjectID: f.ID,
		Summary: "Finding " + f.Reference + " recorded (" + f.Source.Label() + "): " + f.Title, After: f})
}

// nextReference hands out F-YYYY-NNNN; the upsert holds the year's counter
// row until the transaction ends, so references are unique and gap-free.
func nextReference(tx *gorm.DB, year int) (string, error) {
	var n int64
	err := tx.Raw(`INSERT INTO finding_counters (year, last_number) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last_number = finding_counters.last_number + 1
		RETURNING last_number`, year).Scan(&n).Error
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("F-%d-%04d", year, n), nil
}

// resolveSource finds the report of concern or the self-assessment answer a
// finding comes from: NotFound when there is none.
func (f *Finding) resolveSource(ctx context.Context, tx *gorm.DB) (err error) {
	switch f.Source {
	case FromConcern:
		f.ConcernReference, err = concernReference(ctx, tx, f.SourceRef)
	case FromSelfAssessment:
		f.Answer, err = answerOrigin(ctx, tx, f.SourceRef)
	}
	return err
}

// answerOrigin is the self-assessment answer id, with its period.
func answerOrigin(ctx context.Context, tx *gorm.DB, id string) (*AnswerOrigin, error) {
	var found []AnswerOrigin
	err := tx.WithContext(ctx).Table("selfassess_answers a").Joins("JOIN selfassess_periods p ON p.id = a.period_id").
		Where("a.id = ?", id).Select("p.id AS period_id, p.name AS period_name, a.question_key").Scan(&found).Error
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, apperr.New(apperr.NotFound, "There is no such self-assessment answer.")
	}
	return &found[0], nil
}

// concernReference returns the reference of the report of concern id, and
// nothing else of it. Errors: NotFound.
func concernReference(ctx context.Context, tx *gorm.DB, id string) (string, error) {
	var ref []string
	if err := tx.WithContext(ctx).Table("concern_reports").Where("id = ?", id).Pluck("reference", &ref).Error; err != nil {
		return "", err
	}
	if len(ref) == 0 {
		return "", apperr.New(apperr.NotFound, "There is no such report of concern.")
	}
	return ref[0], nil
}

// Filter narrows the list of findings; empty fields match all.
type Filter struct {
	Status Status
	Source Source
	// Overdue keeps the findings with an overdue action.
	Overdue bool
}

// List returns the findings that match f, newest first, to those who read
// the programme. Errors: Unauthenticated, Forbidden.
func (s *Service) List(ctx context.Context, f Filter) ([]Finding, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	q := s.db.Gorm.WithContext(ctx).Model(&Finding{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Source != "" {
		q = q.Where("source = ?", f.Source)
	}
	if f.Overdue {
		q = q.Where("id IN (?)", s.overdue(ctx).Select("finding_id"))
	}
	var out []Finding
	return out, q.Order("recorded_at DESC, reference DESC").Find(&out).Error
}

// overdue selects the actions not closed whose due day has passed.
func (s *Service) overdue(ctx context.Context) *gorm.DB {
	return s.db.Gorm.WithContext(ctx).Model(&Action{}).Where("status <> ? AND due_on < ?", ActionClosed, day(s.db.Now()))
}

// Get returns a finding with its actions and their histories to those who
// read the programme and to the owners of its actions. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) Get(ctx context.Context, id string) (*Finding, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	g := s.db.Gorm.WithContext(ctx)
	f, err := find(ctx, g, id)
	if err != nil {
		return nil, err
	}
	if err := g.Where("finding_id = ?", id).Order("created_at, id").Find(&f.Actions).Error; err != nil {
		return nil, err
	}
	if !a.Can(auth.PermReadProgramme) && !ownsOne(f.Actions, a.UserID) {
		_, err := auth.Require(ctx, auth.PermReadProgramme)
		return nil, err
	}
	if err := histories(g, f.Actions); err != nil {
		return nil, err
	}
	if err := f.resolveSource(ctx, g); err != nil {
		return nil, err
	}
	return f, nil
}

func ownsOne(actions []Action, userID string) bool {
	for _, a := range actions {
		if a.OwnerID == userID {
			return true
		}
	}
	return false
}

func find(ctx context.Context, tx *gorm.DB, id string) (*Finding, error) {
	var f Finding
	err := tx.WithContext(ctx).Where("id = ?", id).Take(&f).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such finding.")
	}
	return &f, err
}

// FromConcern returns the findings recorded from the report of concern id,
// oldest first, to those who record findings or read the programme; to
// anyone else none. Errors: Unauthenticated.
func (s *Service) FromConcern(ctx context.Context, concernID string) ([]Finding, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	if !a.Can(auth.PermRecordFindings) && !a.Can(auth.PermReadProgramme) {
		return nil, nil
	}
	var out []Finding
	return out, s.db.Gorm.WithContext(ctx).Where("source = ? AND source_ref = ?", FromConcern, concernID).
		Order("recorded_at, reference").Find(&out).Error
}

// Close closes an open finding whose actions are all closed, with what it
// concluded, on the audit trail (the company's rule: a finding stays open
// while any of its actions is). Errors: Unauthenticated, Forbidden,
// NotFound, Invalid, Conflict.
func (s *Service) Close(ctx context.Context, id, note string) (*Finding, error) {
	actor, err := auth.Require(ctx, auth.PermManageActions)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	errs := map[string]string{}
	if text(errs, "closing_note", note, MaxText, "Say what the finding concluded."); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	var after Finding
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := find(ctx, tx, id)
		if err != nil {
			return err
		}
		var open int64
		if err := tx.Model(&Action{}).Where("finding_id = ? AND status <> ?", id, ActionClosed).Count(&open).Error; err != nil {
			return err
		}
		switch {
		case before.Status == Closed:
			return apperr.New(apperr.Conflict, "The finding is closed already.")
		case open > 0:
			return apperr.New(apperr.Conflict, "The finding has %d corrective action(s) not yet closed.", open)
		}
		after = *before
		after.Status, after.ClosedBy, after.ClosedAt, after.ClosingNote = Closed, &actor.UserID, &now, note
		if err := tx.Save(&after).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "finding.close", ObjectType: "finding", ObjectID: id,
			Summary: "Finding " + after.Reference + " closed: " + note, Before: before, After: &after})
	})
	if err != nil {
		return nil, err
	}
	return &after, nil
}

// Owner is a user who may own an action.
type Owner = auth.Person

// Owners returns the users who may own an action (active, no auditor), by
// name, for those who manage actions.
// Errors: Unauthenticated, Forbidden.
func (s *Service) Owners(ctx context.Context) ([]Owner, error) {
	if _, err := auth.Require(ctx, auth.PermManageActions); err != nil {
		return nil, err
	}
	var out []Owner
	return out, owners(ctx, s.db.Gorm).Select("id, name, email").Order("name").Scan(&out).Error
}

// histories reads the history of every action in one query.
func histories(g *gorm.DB, actions []Action) error {
	if len(actions) == 0 {
		return nil
	}
	ids := make([]string, len(actions))
	at := make(map[string]*Action, len(actions))
	for i := range actions {
		ids[i], at[actions[i].ID] = actions[i].ID, &actions[i]
	}
	var entries []Entry
	if err := g.Where("action_id IN ?", ids).Order("at, id").Find(&entries).Error; err != nil {
		return err
	}
	for _, e := range entries {
		at[e.ActionID].History = append(at[e.ActionID].History, e)
	}
	return nil
}
