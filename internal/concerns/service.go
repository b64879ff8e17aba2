package concerns

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// AnonymousReporter names the author of what an anonymous reporter does:
// the audit trail's actor, its summaries and the report's history.
const AnonymousReporter = "anonymous reporter"

// Service is the reports-of-concern capability.
type Service struct{ db *db.DB }

// NewService returns the service over d.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// asAnonymousReporter returns ctx under which audit events name the
// anonymous reporter and nobody else: no user id or role, and no client
// address or request id either, as they could identify the reporter.
func asAnonymousReporter(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Email: AnonymousReporter})
}

// File files a report by the signed-in user and returns it with, for an
// anonymous report, its receipt code: shown this once, only its hash is
// kept. Errors: Unauthenticated, Invalid.
func (s *Service) File(ctx context.Context, in Input) (*Report, string, error) {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return nil, "", apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	if errs := in.validate(); len(errs) > 0 {
		return nil, "", apperr.Validation(errs)
	}
	now := s.db.Now()
	reference, receipt := newReceipt()
	_, secret := splitReceipt(receipt)
	r := &Report{ID: db.NewID(), Reference: reference, Subject: in.Subject, Body: in.Body, CaseReference: in.CaseReference,
		Anonymous: in.Anonymous, Status: Received, ReceivedAt: now}
	author, by := &actor.UserID, actor.Email
	if in.Anonymous {
		r.ReceiptHash, author, by = hashSecret(secret), nil, AnonymousReporter
		ctx = asAnonymousReporter(ctx)
	} else {
		r.ReporterID, receipt = &actor.UserID, ""
	}
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return s.record(ctx, tx, r, Entry{Kind: KindReceived, AuthorID: author}, "concern.report",
			"Report of concern "+reference+" received from "+by)
	})
	if err != nil {
		return nil, "", err
	}
	return r, receipt, nil
}

// record adds e to r's history and audits it as action, in tx.
func (s *Service) record(ctx context.Context, tx *gorm.DB, r *Report, e Entry, action, summary string) error {
	e.ID, e.ReportID, e.At = db.NewID(), r.ID, s.db.Now()
	if err := tx.Create(&e).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, e.At, audit.Event{Action: action, ObjectType: "concern", ObjectID: r.ID, Summary: summary,
		After: map[string]string{"status": string(r.Status), "outcome": r.Outcome, "disclosed_on": r.DisclosedOn,
			"disclosure_reference": r.DisclosureReference}})
}

// errNoReceipt refuses a receipt code without saying which part was wrong.
var errNoReceipt = apperr.Validation(map[string]string{"receipt": "No report matches this receipt code. Check it and try again."})

// dummyHash is compared when no report has the reference, so that a wrong
// reference takes as long as a wrong secret.
var dummyHash = hashSecret("")

// FollowUp returns the report of a receipt code, with its history. Errors:
// Invalid (no report matches).
func (s *Service) FollowUp(ctx context.Context, receipt string) (*Report, error) {
	reference, secret := splitReceipt(receipt)
	var r Report
	err := s.db.Gorm.WithContext(ctx).Where("reference = ? AND anonymous", reference).Take(&r).Error
	if err != nil && !db.IsNotFound(err) {
		return nil, err
	}
	stored := r.ReceiptHash
	if stored == "" {
		stored = dummyHash
	}
	if !secretMatches(secret, stored) || r.ID == "" || secret == "" {
		return nil, errNoReceipt
	}
	return &r, s.history(ctx, &r)
}

// AddInformation adds the anonymous reporter's text to the report of a
// receipt code, storing no user id. Errors: Invalid.
func (s *Service) AddInformation(ctx context.Context, receipt, text string) (*Report, error) {
	r, err := s.FollowUp(ctx, receipt)
	if err != nil {
		return nil, err
	}
	errs := map[string]string{}
	if textField(errs, "information", trim(text), MaxText, "Write the information to add."); len(errs) > 0 {
		return r, apperr.Validation(errs)
	}
	ctx = asAnonymousReporter(ctx)
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		return s.record(ctx, tx, r, Entry{Kind: KindFromReporter, Text: trim(text)}, "concern.information",
			"The "+AnonymousReporter+" added information to report "+r.Reference)
	})
	if err != nil {
		return nil, err
	}
	return r, s.history(ctx, r)
}
