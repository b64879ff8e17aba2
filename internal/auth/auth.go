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

// Require returns the signed-in actor of ctx when it holds p, and otherwise
// refuses saying which roles may (see refusal). Errors: Unauthenticated,
// Forbidden.
func Require(ctx context.Context, p Permission) (*Actor, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Can(p) {
		return nil, apperr.New(apperr.Forbidden, "%s", refusal(p))
	}
	return a, nil
}

// signedIn returns the signed-in actor of ctx. Errors: Unauthenticated.
func signedIn(ctx context.Context) (*Actor, error) {
	if a := ActorFrom(ctx); a != nil {
		return a, nil
	}
	return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
}

// SystemName names the system in the audit trail (as actor and role) and in
// lists: it acts when no person does, from the command line, demo seeding
// and background jobs. It is auth's, not audit's, because whether the
// system may do something is a question of permission (RequireOrSystem);
// audit records whomever the context names.
const SystemName = "system"

var system = audit.Actor{Email: SystemName, Role: SystemName}

// AsSystem returns ctx under which audit events name the system as their
// author.
func AsSystem(ctx context.Context) context.Context { return audit.WithActor(ctx, system) }

// IsSystem reports whether the system acts under ctx: nobody is signed in
// and audit events name the system.
func IsSystem(ctx context.Context) bool {
	return ActorFrom(ctx) == nil && audit.ActorFrom(ctx) == system
}

// RequireOrSystem is Require for what the command line does too: the system
// may, with no actor (nil). Errors: Unauthenticated, Forbidden.
func RequireOrSystem(ctx context.Context, p Permission) (*Actor, error) {
	if IsSystem(ctx) {
		return nil, nil
	}
	return Require(ctx, p)
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
	// SessionKey is what the key sealing the second-factor secrets is
	// derived from; without one, nobody can turn a second factor on.
	SessionKey []byte
	// NoLocalPasswords refuses sign-in with a password: people sign in
	// through single sign-on only.
	NoLocalPasswords bool
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
	// secrets seals the second-factor secrets; nil without a session key.
	secrets *secretBox
	// signInFailed, when set, is told why each refused sign-in was refused.
	signInFailed func(SignInFailure)
}

// NewService returns the auth service. Passwords are hashed with argon2id's
// recommended parameters (64 MiB, 1 pass, 2 lanes).
func NewService(d *db.DB, s Settings) *Service {
	box, _ := newSecretBox(s.SessionKey) // no key: second factors are refused (see secretBoxOf)
	return (&Service{db: d, settings: s, secrets: box}).WithPasswordParams(argon2id.DefaultParams)
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
