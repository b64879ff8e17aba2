package governance

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service keeps the commitment statement and the organisation.
type Service struct{ db *db.DB }

// NewService returns the service over d; d.Now is its clock.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// signedIn returns the signed-in actor. Errors: Unauthenticated.
func signedIn(ctx context.Context) (*auth.Actor, error) {
	if a := auth.ActorFrom(ctx); a != nil {
		return a, nil
	}
	return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
}

// statements reads versions with their signer's name, newest first.
func statements(ctx context.Context, g *gorm.DB) *gorm.DB {
	return g.WithContext(ctx).Table("commitment_versions c").Select("c.*, u.name AS signer_name").
		Joins("JOIN users u ON u.id = c.signed_by").Order("c.version DESC")
}

// Current returns the current version of the statement, nil while none is
// published. Errors: Unauthenticated.
func (s *Service) Current(ctx context.Context) (*Statement, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	return current(ctx, s.db.Gorm)
}

func current(ctx context.Context, g *gorm.DB) (*Statement, error) {
	var out []Statement
	if err := statements(ctx, g).Limit(1).Find(&out).Error; err != nil || len(out) == 0 {
		return nil, err
	}
	return &out[0], nil
}

// Version returns one version of the statement. Errors: Unauthenticated,
// NotFound.
func (s *Service) Version(ctx context.Context, version int) (*Statement, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var out []Statement
	if err := statements(ctx, s.db.Gorm).Where("c.version = ?", version).Find(&out).Error; err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "There is no such version of the commitment statement.")
	}
	return &out[0], nil
}

// Versions returns every version, newest first. Errors: Unauthenticated.
func (s *Service) Versions(ctx context.Context) ([]Statement, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var out []Statement
	return out, statements(ctx, s.db.Gorm).Find(&out).Error
}

// statementState is what the audit trail records of a version.
type statementState struct {
	Version  int       `json:"version"`
	SHA256   string    `json:"sha256"`
	SignedBy string    `json:"signed_by"`
	SignedAt time.Time `json:"signed_at"`
	Text     string    `json:"text"`
}

func (st *Statement) state() *statementState {
	if st == nil {
		return nil
	}
	return &statementState{Version: st.Version, SHA256: st.SHA256, SignedBy: st.SignedBy, SignedAt: st.SignedAt, Text: st.Body}
}

// Publish publishes text as the next version of the statement, signed by
// the actor, who confirms the signature with sign; it becomes current, and
// everyone is asked to acknowledge it. The signer's own acknowledgement is
// the signature. Errors: Forbidden, Invalid (text, sign), Conflict (two
// publications at once).
func (s *Service) Publish(ctx context.Context, text string, sign bool) (*Statement, error) {
	actor, err := auth.Require(ctx, auth.PermSignCommitment)
	if err != nil {
		return nil, err
	}
	body := normalise(text)
	var out *Statement
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := current(ctx, tx)
		if err != nil {
			return err
		}
		if errs := checkStatement(body, sign, before); len(errs) > 0 {
			return apperr.Validation(errs)
		}
		now := s.db.Now()
		st := Statement{Version: 1, Body: body, SHA256: Hash(body), SignedBy: actor.UserID, SignedAt: now, Signer: actor.Name}
		if before != nil {
			st.Version = before.Version + 1
		}
		if err := tx.Create(&st).Error; err != nil {
			if duplicate(err) {
				return apperr.New(apperr.Conflict, "Another version was published at the same time. Reload the page and check it.")
			}
			return err
		}
		if err := tx.Create(&Acknowledgement{Version: st.Version, UserID: actor.UserID, AcknowledgedAt: now}).Error; err != nil {
			return err
		}
		out = &st
		return audit.Record(ctx, tx, now, audit.Event{Action: "commitment.publish", ObjectType: "commitment",
			ObjectID: fmt.Sprint(st.Version), Before: before.state(), After: st.state(),
			Summary: fmt.Sprintf("Published and signed version %d of the management commitment statement (SHA-256 %s); everyone is asked to acknowledge it", st.Version, st.SHA256[:12])})
	})
	return out, err
}

// checkStatement returns what is wrong with a new version's text.
func checkStatement(body string, sign bool, before *Statement) map[string]string {
	errs := map[string]string{}
	switch {
	case body == "":
		errs["text"] = "Write the statement."
	case utf8.RuneCountInString(body) > MaxStatement:
		errs["text"] = fmt.Sprintf("Keep the statement to %d characters.", MaxStatement)
	case before != nil && before.Body == body:
		errs["text"] = fmt.Sprintf("This is the text of version %d already: change it to publish a new version.", before.Version)
	}
	if !sign {
		errs["sign"] = "Tick the box to sign the statement in your name."
	}
	return errs
}

// Acknowledge records that the actor read and acknowledges version, which
// must be the current one; acknowledging it again changes nothing.
// Errors: Unauthenticated, Conflict (not the current version), NotFound.
func (s *Service) Acknowledge(ctx context.Context, version int) (*Acknowledgement, error) {
	actor, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var out *Acknowledgement
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		cur, err := current(ctx, tx)
		switch {
		case err != nil:
			return err
		case cur == nil:
			return apperr.New(apperr.NotFound, "No commitment statement is published yet.")
		case cur.Version != version:
			return apperr.New(apperr.Conflict, "Version %d is no longer current: version %d was published since. Read it and acknowledge that one.", version, cur.Version)
		}
		var had []Acknowledgement
		if err := tx.Where("version = ? AND user_id = ?", version, actor.UserID).Find(&had).Error; err != nil || len(had) > 0 {
			out = first(had)
			return err
		}
		now := s.db.Now()
		a := Acknowledgement{Version: version, UserID: actor.UserID, AcknowledgedAt: now, Name: actor.Name}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		out = &a
		return audit.Record(ctx, tx, now, audit.Event{Action: "commitment.acknowledge", ObjectType: "commitment", ObjectID: fmt.Sprint(version),
			Summary: fmt.Sprintf("%s acknowledged version %d of the management commitment statement", actor.Name, version),
			After:   map[string]any{"version": version, "sha256": cur.SHA256, "user_id": actor.UserID, "acknowledged_at": now}})
	})
	return out, err
}

// duplicate reports whether err is a primary key already taken, in the
// words of SQLite or PostgreSQL.
func duplicate(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint") || strings.Contains(msg, "duplicate key")
}

func first(as []Acknowledgement) *Acknowledgement {
	if len(as) == 0 {
		return nil
	}
	return &as[0]
}

// Mine returns the actor's acknowledgement of version, nil when they have
// not acknowledged it. Errors: Unauthenticated.
func (s *Service) Mine(ctx context.Context, version int) (*Acknowledgement, error) {
	actor, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var had []Acknowledgement
	err = s.db.Gorm.WithContext(ctx).Where("version = ? AND user_id = ?", version, actor.UserID).Find(&had).Error
	return first(had), err
}

// Pending returns the current version when the actor has not acknowledged
// it yet, else nil: their start page asks them to. Errors: Unauthenticated.
func (s *Service) Pending(ctx context.Context) (*Statement, error) {
	cur, err := s.Current(ctx)
	if err != nil || cur == nil {
		return nil, err
	}
	mine, err := s.Mine(ctx, cur.Version)
	if err != nil || mine != nil {
		return nil, err
	}
	return cur, nil
}
