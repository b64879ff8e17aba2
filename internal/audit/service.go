package audit

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
)

// Service reads the audit trail for the people who may: the trail shows
// everyone's actions, so each method first asks mayRead. The check is
// passed in because audit imports no other capability (auth records its own
// events here); the application wires in auth's PermReadAudit.
type Service struct {
	db      *db.DB
	mayRead func(context.Context) error
	pub     ed25519.PublicKey // checks the checkpoints' signatures; nil: not checked
}

// UsePublicKey makes Verify check the checkpoints' signatures with pub.
func (s *Service) UsePublicKey(pub ed25519.PublicKey) { s.pub = pub }

// NewService returns the reading side of the trail over d; mayRead returns
// why the caller of ctx may not read it, or nil.
func NewService(d *db.DB, mayRead func(context.Context) error) *Service {
	return &Service{db: d, mayRead: mayRead}
}

// List returns events newest first (see List). Errors: those of mayRead,
// Invalid.
func (s *Service) List(ctx context.Context, f Filter) ([]Entry, error) {
	if err := s.mayRead(ctx); err != nil {
		return nil, err
	}
	return List(ctx, s.db.Gorm, f)
}

// Own returns the latest events of the caller of ctx (audit.ActorFrom),
// newest first, at most limit. Everyone may read their own actions; a
// context with no actor id gets none.
func (s *Service) Own(ctx context.Context, limit int) ([]Entry, error) {
	id := ActorFrom(ctx).ID
	if id == "" {
		return nil, nil
	}
	return List(ctx, s.db.Gorm, Filter{ActorID: id, Limit: limit})
}

// Verify checks the whole chain and its checkpoints (see VerifyAnchored).
// Errors: those of mayRead.
func (s *Service) Verify(ctx context.Context) (Result, error) {
	if err := s.mayRead(ctx); err != nil {
		return Result{}, err
	}
	return VerifyAnchored(ctx, s.db.Gorm, s.pub)
}

// Head returns the number of events and the time of the latest one.
// Errors: those of mayRead.
func (s *Service) Head(ctx context.Context) (int64, time.Time, error) {
	if err := s.mayRead(ctx); err != nil {
		return 0, time.Time{}, err
	}
	return Head(ctx, s.db.Gorm)
}
