// Package apitoken keeps the tokens with which other systems (ERP, CRM) call
// Vigil's JSON API. An administrator creates and revokes them; a token is
// shown once at creation and stored only as its SHA-256, which is enough for
// 32 random bytes: nothing is left to guess, so no slow hash is needed, and a
// token is found by its hash with one indexed read. Each token has its own
// rate limit, set when it is created.
package apitoken

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
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
	// RatePerSecond is how many requests a second the token may make on
	// average; it may make twice as many at once (see Limits).
	RatePerSecond int `gorm:"column:rate_per_second"`
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

// Limits is a rate limit: a sustained rate of units per second and a burst.
// A request costs one unit; a caller may charge more for heavier work (see
// AllowMore).
type Limits struct {
	Rate  rate.Limit
	Burst int
}

// Bounds of a token's rate, in requests a second. A token that does not
// say has DefaultRate, the rate every token had before each had its own.
const (
	MinRate     = 1
	MaxRate     = 1000
	DefaultRate = 20
	// burstPerRate is how many seconds of its rate a token may spend at once.
	burstPerRate = 2
)

// Limits is the token's rate limit: RatePerSecond, in bursts of twice as many.
func (t *Token) Limits() Limits {
	return Limits{Rate: rate.Limit(t.RatePerSecond), Burst: burstPerRate * t.RatePerSecond}
}

// ParseRate reads a rate as typed into a form or on the command line: a
// whole number of requests a second from MinRate to MaxRate, DefaultRate
// when empty. Errors: Invalid, for the field "rate".
func ParseRate(text string) (int, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return DefaultRate, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < MinRate || n > MaxRate {
		msg := rateProblem(text)
		return 0, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"rate": msg}}
	}
	return n, nil
}

func rateProblem(text string) string {
	return fmt.Sprintf("Give the rate as a whole number of requests a second from %d to %d, not %q.", MinRate, MaxRate, text)
}

// Service keeps API tokens and their rate limits. The limits are counted in
// this process: with several instances, each allows a token its own rate.
type Service struct {
	db *db.DB
	// Limits, when its Rate is set, replaces every token's own limit for
	// tokens first seen after it is set (a benchmark lifts the limit with
	// rate.Inf). Zero: each token has its own.
	Limits   Limits
	mu       sync.Mutex
	limiters map[string]*rate.Limiter // by token id
}

// NewService returns the token service.
func NewService(d *db.DB) *Service {
	return &Service{db: d, limiters: map[string]*rate.Limiter{}}
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

// Create makes a token named name that may make ratePerSecond
// requests a second, and returns it with its secret, which exists only in
// this answer. Errors: Invalid, Conflict (a live token has the name),
// Forbidden, Unauthenticated.
func (s *Service) Create(ctx context.Context, name string, ratePerSecond int) (*Token, string, error) {
	a, err := auth.RequireOrSystem(ctx, auth.PermManageAPITokens)
	if err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	if err := checkNew(name, ratePerSecond); err != nil {
		return nil, "", err
	}
	secret := newSecret()
	now := s.db.Now()
	t := &Token{ID: db.NewID(), Name: name, Prefix: secret[:shownLen], Hash: auth.HashToken(secret), CreatedBy: userID(a), CreatedAt: now,
		RatePerSecond: ratePerSecond}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := checkNameFree(tx, name); err != nil {
			return err
		}
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "api_token.create", ObjectType: "api_token", ObjectID: t.ID,
			Summary: fmt.Sprintf("Created API token %q (%s…), %s", t.Name, t.Prefix, PerSecond(t.RatePerSecond)),
			After:   map[string]any{"name": t.Name, "prefix": t.Prefix, "rate_per_second": t.RatePerSecond}})
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// checkNew refuses a blank or long name and a rate out of bounds, naming
// every field at fault.
func checkNew(name string, ratePerSecond int) error {
	problems := map[string]string{}
	switch {
	case name == "":
		problems["name"] = "Give the token a name that says which system uses it."
	case utf8.RuneCountInString(name) > MaxNameLen:
		problems["name"] = fmt.Sprintf("Use at most %d characters.", MaxNameLen)
	}
	if ratePerSecond < MinRate || ratePerSecond > MaxRate {
		problems["rate"] = rateProblem(strconv.Itoa(ratePerSecond))
	}
	var msgs []string
	for _, field := range []string{"name", "rate"} {
		if msg, ok := problems[field]; ok {
			msgs = append(msgs, msg)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: strings.Join(msgs, " "), Fields: problems}
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
	err := s.db.QueryRow(ctx, `SELECT id, name, prefix, rate_per_second, created_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = ?`, t.Hash).
		Scan(&t.ID, &t.Name, &t.Prefix, &t.RatePerSecond, &t.CreatedAt, &lastUsed, &revoked)
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

// Allow charges cost units to the token's rate limit (a request costs one).
// Errors: TooManyRequests, saying the token's limit and when to try again.
func (s *Service) Allow(t *Token, cost int) error { return s.charge(t, 0, cost) }

// AllowMore charges more units to a request that has paid paid units
// already. Refused, the request is sent again and pays them all again: when
// to try again counts them too. Errors: TooManyRequests.
func (s *Service) AllowMore(t *Token, paid, more int) error { return s.charge(t, paid, more) }

func (s *Service) charge(t *Token, paid, cost int) error {
	lim := s.limiter(t)
	now := s.db.Now()
	r := lim.ReserveN(now, cost)
	if !r.OK() {
		return apperr.New(apperr.TooManyRequests, "This request counts as %d requests; this token may make at most %d at once.", paid+cost, lim.Burst())
	}
	wait := r.DelayFrom(now)
	if wait <= 0 {
		return nil
	}
	r.CancelAt(now)
	wait += time.Duration(float64(paid) / float64(lim.Limit()) * float64(time.Second))
	return &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: wait,
		Message: fmt.Sprintf("This token may make %s; try again in %d s.", PerSecond(t.RatePerSecond), int(math.Ceil(wait.Seconds())))}
}

// PerSecond says a rate in words: "1 request a second", "20 requests a second".
func PerSecond(n int) string {
	if n == 1 {
		return "1 request a second"
	}
	return fmt.Sprintf("%d requests a second", n)
}

// limiter returns the token's limiter, made on its first request. A token's
// rate never changes, so the limiter is kept for as long as the process runs.
func (s *Service) limiter(t *Token) *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	lim, ok := s.limiters[t.ID]
	if !ok {
		limits := s.Limits
		if limits.Rate == 0 {
			limits = t.Limits()
		}
		lim = rate.NewLimiter(limits.Rate, limits.Burst)
		s.limiters[t.ID] = lim
	}
	return lim
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
