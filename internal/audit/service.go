package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

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

// Lines returns events newest first without what they changed (see
// Lines). Errors: those of mayRead, Invalid.
func (s *Service) Lines(ctx context.Context, f Filter) ([]Line, error) {
	if err := s.mayRead(ctx); err != nil {
		return nil, err
	}
	return Lines(ctx, s.db.Gorm, f)
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

// Downloaded records that the caller of ctx downloaded what (a part of the
// trail, a dossier): what is taken away is itself on the record. Whoever
// may download it was decided before; anyone's download is recorded.
func (s *Service) Downloaded(ctx context.Context, what string) error {
	return s.note(ctx, Event{Action: "audit.download", ObjectType: "audit", ObjectID: what, Summary: "Downloaded " + what})
}

// Sampled records a sample of cases the caller of ctx drew for review:
// what it was drawn from, with which seed, and which cases it holds.
func (s *Service) Sampled(ctx context.Context, from string, seed uint64, refs []string) error {
	return s.note(ctx, Event{Action: "audit.sample", ObjectType: "audit", ObjectID: from,
		Summary: fmt.Sprintf("Drew a sample of %d cases (seed %d) from %s: %s", len(refs), seed, from, strings.Join(refs, ", ")),
		After:   map[string]any{"seed": seed, "from": from, "cases": refs}})
}

// Searched records a search the caller of ctx made (its address).
func (s *Service) Searched(ctx context.Context, what string) error {
	return s.note(ctx, Event{Action: "audit.search", ObjectType: "audit", ObjectID: what, Summary: "Searched " + what})
}

// note appends ev, an act of reading that is itself on the record.
func (s *Service) note(ctx context.Context, ev Event) error {
	return s.db.InTx(ctx, func(tx *gorm.DB) error { return Record(ctx, tx, s.db.Now(), ev) })
}

// csvHeader names the columns CSV writes.
var csvHeader = []string{"seq", "occurred_at", "actor_email", "actor_role", "action", "object_type", "object_id", "summary",
	"before", "after", "request_id", "client_ip", "prev_hash", "hash"}

// CSV writes every event f matches, newest first, page by page, as CSV
// with the chain's hashes. Errors: those of mayRead, Invalid.
func (s *Service) CSV(ctx context.Context, f Filter, w io.Writer) error {
	if err := s.mayRead(ctx); err != nil {
		return err
	}
	out := csv.NewWriter(w)
	if err := out.Write(csvHeader); err != nil {
		return err
	}
	f.Limit = 500
	for {
		page, err := List(ctx, s.db.Gorm, f)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := out.Write([]string{strconv.FormatInt(e.Seq, 10), e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ActorEmail,
				e.ActorRole, e.Action, e.ObjectType, e.ObjectID, e.Summary, e.BeforeJSON, e.AfterJSON, e.RequestID, e.ClientIP,
				e.PrevHash, e.Hash}); err != nil {
				return err
			}
		}
		if len(page) < f.Limit {
			break
		}
		f.BeforeSeq = page[len(page)-1].Seq
	}
	out.Flush()
	return out.Error()
}
