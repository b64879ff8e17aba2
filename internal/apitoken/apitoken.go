// Package apitoken keeps the tokens with which other systems (ERP, CRM) call
// Vigil's JSON API. An administrator creates and revokes them; a token is
// shown once at creation and stored only as its SHA-256, which is enough for
// 32 random bytes: nothing is left to guess, so no slow hash is needed, and a
// token is found by its hash with one indexed read. Each token has its own
// rate limit.
package apitoken

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Scheme starts every token, so that a token is recognised in a
// configuration file or by a secret scanner.
const Scheme = "vgl_"

// shownLen is how much of a token its prefix keeps: the scheme and 8 hex
// digits (32 bits), enough to tell an organisation's tokens apart.
const shownLen = len(Scheme) + 8

// MaxNameLen bounds a token's name.
const MaxNameLen = 100

// touchEvery bounds how often a busy token's last_used_at is written.
const touchEvery = time.Minute

// Token is one API token, without its secret.
type Token struct {
	ID         string     `gorm:"column:id;primaryKey"`
	Name       string     `gorm:"column:name"`
	Prefix     string     `gorm:"column:prefix"`
	Hash       string     `gorm:"column:token_hash"`
	CreatedBy  *string    `gorm:"column:created_by"` // nil: the command line
	CreatedAt  time.Time  `gorm:"column:created_at"`
	LastUsedAt *time.Time `gorm:"column:last_used_at"`
	RevokedAt  *time.Time `gorm:"column:revoked_at"`
	RevokedBy  *string    `gorm:"column:revoked_by"`
	// CreatorEmail is read with List: the creator's email, "" for the system.
	CreatorEmail string `gorm:"->;column:creator_email"`
}

func (Token) TableName() string { return "api_tokens" }

// Creator names who created the token for lists: the creator's email, or
// the system for the command line.
func (t *Token) Creator() string {
	if t.CreatedBy == nil {
		return auth.SystemName
	}
	return t.CreatorEmail
}

// Limits is the rate limit of each token: a sustained rate of units per
// second and a burst. A request costs one unit; a caller may charge more
// for heavier work (see Allow).
type Limits struct {
	Rate  rate.Limit
	Burst int
}

// DefaultLimits allow 20 units a second per token, in bursts of up to 40.
var DefaultLimits = Limits{Rate: 20, Burst: 40}

// Service keeps API tokens and their rate limits. The limits are counted in
// this process: with several instances, each allows a token its own rate.
type Service struct {
	db *db.DB
	// Limits applies to tokens first seen after it is set: set it before use.
	Limits   Limits
	mu       sync.Mutex
	limiters map[string]*rate.Limiter // by token id
}

// NewService returns the token service with DefaultLimits.
func NewService(d *db.DB) *Service {
	return &Service{db: d, Limits: DefaultLimits, limiters: map[string]*rate.Limiter{}}
}

// newSecret returns a token: the scheme and a new auth secret in hex.
func newSecret() string { return Scheme + hex.EncodeToString(auth.NewSecret()) }

// userID is who an actor of auth.RequireOrSystem is in a token's row: nil
// for the system.
func userID(a *auth.Actor) *string {
	if a == nil {
		return nil
	}
	return &a.UserID
}

// Create makes a token named name and returns it with its secret, which
// exists only in this answer. Errors: Invalid, Conflict (a live token has
// the name), Forbidden, Unauthenticated.
func (s *Service) Create(ctx context.Context, name string) (*Token, string, error) {
	a, err := auth.RequireOrSystem(ctx, auth.PermManageAPITokens)
	if err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return nil, "", nameError("Give the token a name that says which system uses it.")
	case utf8.RuneCountInString(name) > MaxNameLen:
		return nil, "", nameError(fmt.Sprintf("Use at most %d characters.", MaxNameLen))
	}
	secret := newSecret()
	now := s.db.Now()
	t := &Token{ID: db.NewID(), Name: name, Prefix: secret[:shownLen], Hash: auth.HashToken(secret), CreatedBy: userID(a), CreatedAt: now}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := checkNameFree(tx, name); err != nil {
			return err
		}
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "api_token.create", ObjectType: "api_token", ObjectID: t.ID,
			Summary: fmt.Sprintf("Created API token %q (%s…)", t.Name, t.Prefix), After: map[string]string{"name": t.Name, "prefix": t.Prefix}})
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// checkNameFree refuses with Conflict a name that a live token has.
func checkNameFree(tx *gorm.DB, name string) error {
	var live int64
	if err := tx.Model(&Token{}).Where("name = ? AND revoked_at IS NULL", name).Count(&live).Error; err != nil || live == 0 {
		return err
	}
	return &apperr.Error{Code: apperr.Conflict, Message: "A live token already has this name.",
		Fields: map[string]string{"name": "A live token already has this name: revoke it first, or choose another."}}
}

func nameError(msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"name": msg}}
}

// List returns every token, live and revoked, newest first.
// Errors: Forbidden, Unauthenticated.
func (s *Service) List(ctx context.Context) ([]Token, error) {
	if _, err := auth.RequireOrSystem(ctx, auth.PermManageAPITokens); err != nil {
		return nil, err
	}
	var out []Token
	err := s.db.Gorm.WithContext(ctx).Table("api_tokens t").
		Select("t.*, COALESCE(u.email, '') AS creator_email").
		Joins("LEFT JOIN users u ON u.id = t.created_by").
		Order("t.created_at DESC, t.id DESC").Find(&out).Error
	return out, err
}

// Revoke ends the token with id ref, or with the prefix ref as lists show
// it; the next call with it is refused. Errors: NotFound, Conflict (already
// revoked, or a prefix that names several tokens), Forbidden,
// Unauthenticated.
func (s *Service) Revoke(ctx context.Context, ref string) (*Token, error) {
	a, err := auth.RequireOrSystem(ctx, auth.PermManageAPITokens)
	if err != nil {
		return nil, err
	}
	ref = strings.TrimSuffix(strings.TrimSpace(ref), "…")
	var t Token
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var found []Token
		if err := tx.Where("id = ? OR prefix = ?", ref, ref).Find(&found).Error; err != nil {
			return err
		}
		switch {
		case len(found) == 0:
			return apperr.New(apperr.NotFound, "No API token has the id or prefix %q.", ref)
		case len(found) > 1:
			return apperr.New(apperr.Conflict, "Several tokens start with %q: give the token's id.", ref)
		case found[0].RevokedAt != nil:
			return apperr.New(apperr.Conflict, "The token %q was already revoked.", found[0].Name)
		}
		t = found[0]
		now := s.db.Now()
		t.RevokedAt, t.RevokedBy = &now, userID(a)
		if err := tx.Model(&t).Updates(map[string]any{"revoked_at": now, "revoked_by": t.RevokedBy}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "api_token.revoke", ObjectType: "api_token", ObjectID: t.ID,
			Summary: fmt.Sprintf("Revoked API token %q (%s…)", t.Name, t.Prefix)})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Authenticate returns the live token whose secret this is, with one read,
// and notes when it was used (at most once a minute, to spare writes). A
// revoked token is refused like an unknown one: whoever holds it learns
// nothing about the tokens Vigil has. Errors: Unauthenticated.
func (s *Service) Authenticate(ctx context.Context, secret string) (*Token, error) {
	if secret == "" {
		return nil, apperr.New(apperr.Unauthenticated, "Send an API token in the header Authorization: Bearer <token>.")
	}
	invalid := apperr.New(apperr.Unauthenticated, "The API token is not valid.")
	if !strings.HasPrefix(secret, Scheme) {
		return nil, invalid
	}
	t := Token{Hash: auth.HashToken(secret)}
	var lastUsed, revoked sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = ?`, t.Hash).
		Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &lastUsed, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && revoked.Valid) {
		return nil, invalid
	}
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	if !lastUsed.Valid || now.Sub(lastUsed.Time) >= touchEvery {
		if err := s.db.Gorm.WithContext(ctx).Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, t.ID).Error; err != nil {
			return nil, err
		}
		lastUsed = sql.NullTime{Time: now, Valid: true}
	}
	t.LastUsedAt = &lastUsed.Time
	return &t, nil
}

// Allow charges cost units to the token's rate limit. Errors:
// TooManyRequests, with when to try again.
func (s *Service) Allow(tokenID string, cost int) error {
	s.mu.Lock()
	lim, ok := s.limiters[tokenID]
	if !ok {
		lim = rate.NewLimiter(s.Limits.Rate, s.Limits.Burst)
		s.limiters[tokenID] = lim
	}
	s.mu.Unlock()
	now := s.db.Now()
	r := lim.ReserveN(now, cost)
	if !r.OK() {
		return apperr.New(apperr.TooManyRequests, "This request needs more than the %d units a token may use at once.", lim.Burst())
	}
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: wait,
			Message: fmt.Sprintf("Too many requests with this token: at most %g a second, in bursts of %d.", float64(lim.Limit()), lim.Burst())}
	}
	return nil
}

type tokenKey struct{}

// WithToken returns ctx carrying the calling token, which also becomes the
// author of audit events recorded under ctx: "token:<name>" in the role "api".
func WithToken(ctx context.Context, t *Token) context.Context {
	ctx = context.WithValue(ctx, tokenKey{}, t)
	a := audit.ActorFrom(ctx)
	a.ID, a.Email, a.Role = t.ID, "token:"+t.Name, "api"
	return audit.WithActor(ctx, a)
}

// FromContext returns the calling token, or nil.
func FromContext(ctx context.Context) *Token {
	t, _ := ctx.Value(tokenKey{}).(*Token)
	return t
}
