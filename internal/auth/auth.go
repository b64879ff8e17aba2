// Package auth holds Vigil's users, roles and permissions, password hashing,
// database-backed sessions and sign-in throttling. It knows nothing of HTTP:
// the web layer passes in what it saw (client address, user agent, token).
package auth

import (
	"context"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// Actor is the signed-in user behind a request.
type Actor struct {
	UserID    string
	Email     string
	Name      string
	Roles     []Role
	SessionID string
	CSRFToken string
}

// Can reports whether the actor holds p through any role.
func (a *Actor) Can(p Permission) bool {
	if a == nil {
		return false
	}
	_, ok := GrantingRole(a.Roles, p)
	return ok
}

// Require returns the signed-in actor of ctx when it holds p. Errors:
// Unauthenticated, Forbidden.
func Require(ctx context.Context, p Permission) (*Actor, error) {
	a := ActorFrom(ctx)
	if a == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	if !a.Can(p) {
		return nil, apperr.New(apperr.Forbidden, "You do not have permission to do that.")
	}
	return a, nil
}

// HasRole reports whether the actor holds r.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, have := range a.Roles {
		if have == r {
			return true
		}
	}
	return false
}

type actorKey struct{}

// WithActor returns ctx carrying the signed-in actor. It also makes the actor
// the author of audit events recorded under ctx, acting in role (or in all of
// their roles when role is empty).
func WithActor(ctx context.Context, a *Actor, role Role) context.Context {
	ctx = context.WithValue(ctx, actorKey{}, a)
	au := audit.ActorFrom(ctx)
	au.ID, au.Email = a.UserID, a.Email
	au.Role = string(role)
	if role == "" {
		au.Role = JoinRoles(a.Roles)
	}
	return audit.WithActor(ctx, au)
}

// ActorFrom returns the signed-in actor, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Settings are the security parameters of the service.
type Settings struct {
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
}

// Throttling limits, from the product's security requirements.
const (
	ThrottleWindow         = 15 * time.Minute
	MaxFailuresPerAccount  = 5
	MaxFailuresPerClientIP = 20
)

// Service is the auth capability.
type Service struct {
	db             *db.DB
	settings       Settings
	passwordParams *argon2id.Params
	// dummyHash is checked when no such user exists, so that a wrong email
	// takes as long as a wrong password.
	dummyHash func() string
}

// NewService returns the auth service. Passwords are hashed with argon2id's
// recommended parameters (64 MiB, 1 pass, 2 lanes).
func NewService(d *db.DB, s Settings) *Service {
	return (&Service{db: d, settings: s}).WithPasswordParams(argon2id.DefaultParams)
}

// WithPasswordParams returns a copy of s hashing with p; tests use cheap
// parameters to stay fast.
func (s *Service) WithPasswordParams(p *argon2id.Params) *Service {
	c := *s
	c.passwordParams = p
	c.dummyHash = sync.OnceValue(func() string {
		h, _ := argon2id.CreateHash("not anyone's password", p)
		return h
	})
	return &c
}
