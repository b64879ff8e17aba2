// Package audit keeps Vigil's append-only audit trail. Every change is an event
// that names who did what, in which role, with the state before and after.
// Events form a SHA-256 hash chain: each event's hash covers its own content
// and the previous event's hash, so a changed, removed or inserted event
// breaks the chain from that point on, and Verify names the first broken link.
//
// The package has no update or delete, and the database refuses both.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// GenesisHash is the previous hash of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Actor says who causes the events recorded under a context.
type Actor struct {
	ID, Email, Role string
	RequestID       string
	ClientIP        string
}

type actorKey struct{}

// WithActor returns ctx carrying the actor that Record attributes events to.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, or the zero Actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Event is what a service records. Before and After are marshalled to JSON;
// nil stays empty.
type Event struct {
	Action     string // verb in dotted form: "user.create", "auth.signin_failed"
	ObjectType string // "user", "session", "case" ...
	ObjectID   string
	Summary    string // one line a person can read
	Before     any
	After      any
}

// Entry is one stored event of the chain.
type Entry struct {
	Seq        int64     `gorm:"column:seq;primaryKey;autoIncrement:false"`
	OccurredAt time.Time `gorm:"column:occurred_at"`
	ActorID    string    `gorm:"column:actor_id"`
	ActorEmail string    `gorm:"column:actor_email"`
	ActorRole  string    `gorm:"column:actor_role"`
	Action     string    `gorm:"column:action"`
	ObjectType string    `gorm:"column:object_type"`
	ObjectID   string    `gorm:"column:object_id"`
	Summary    string    `gorm:"column:summary"`
	BeforeJSON string    `gorm:"column:before_json"`
	AfterJSON  string    `gorm:"column:after_json"`
	RequestID  string    `gorm:"column:request_id"`
	ClientIP   string    `gorm:"column:client_ip"`
	PrevHash   string    `gorm:"column:prev_hash"`
	Hash       string    `gorm:"column:hash"`
}

// TableName binds Entry to its table.
func (Entry) TableName() string { return "audit_events" }

// ComputeHash returns the SHA-256 over the canonical encoding of the entry:
// a JSON array of every field but Hash, in a fixed order, with the time in
// UTC at microsecond precision (what both engines store exactly).
func (e *Entry) ComputeHash() string {
	var buf [1024]byte
	sum := sha256.Sum256(appendCanonical(buf[:0], e))
	return hex.EncodeToString(sum[:])
}

// Record appends ev to the chain inside the caller's transaction tx, so the
// event commits or rolls back with the change it describes. now is the
// service's clock. Appends are serialised by the audit_chain row lock.
func Record(ctx context.Context, tx *gorm.DB, now time.Time, ev Event) error {
	before, err := marshal(ev.Before)
	if err != nil {
		return err
	}
	after, err := marshal(ev.After)
	if err != nil {
		return err
	}
	tx = tx.WithContext(ctx)
	if err := tx.Exec("UPDATE audit_chain SET head_seq = head_seq + 1 WHERE id = 1").Error; err != nil {
		return fmt.Errorf("audit: lock chain: %w", err)
	}
	var seq int64
	if err := tx.Raw("SELECT head_seq FROM audit_chain WHERE id = 1").Scan(&seq).Error; err != nil {
		return fmt.Errorf("audit: read chain head: %w", err)
	}
	prev := GenesisHash
	if seq > 1 {
		if err := tx.Raw("SELECT hash FROM audit_events WHERE seq = ?", seq-1).Scan(&prev).Error; err != nil {
			return fmt.Errorf("audit: read previous event: %w", err)
		}
	}
	a := ActorFrom(ctx)
	e := Entry{
		Seq:        seq,
		OccurredAt: now.UTC().Truncate(time.Microsecond),
		ActorID:    a.ID,
		ActorEmail: a.Email,
		ActorRole:  a.Role,
		Action:     ev.Action,
		ObjectType: ev.ObjectType,
		ObjectID:   Cut(ev.ObjectID),
		Summary:    Cut(ev.Summary),
		BeforeJSON: before,
		AfterJSON:  after,
		RequestID:  a.RequestID,
		ClientIP:   a.ClientIP,
		PrevHash:   prev,
	}
	e.Hash = e.ComputeHash()
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("audit: append event: %w", err)
	}
	return nil
}

// MaxText is the most characters of an event's object id and summary. They
// carry request data (a path, a name typed into a form), and the trail can
// never be cleaned, so what one request brings into it is bounded.
const MaxText = 512

// Cut returns s shortened to MaxText characters, marked as cut, or s itself
// when it is no longer.
func Cut(s string) string {
	if len(s) <= MaxText { // bytes bound characters
		return s
	}
	n := 0
	for i := range s {
		if n == MaxText {
			return s[:i] + fmt.Sprintf("… [cut, %d characters in all]", utf8.RuneCountInString(s))
		}
		n++
	}
	return s
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: encode state: %w", err)
	}
	return string(b), nil
}
