package auth

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// ExternalIdentity is a person as an identity provider vouched for them in
// a verified ID token, with the roles their groups map to.
type ExternalIdentity struct {
	Provider string // the provider's name, as the sign-in button shows it
	Issuer   string
	Subject  string
	Email    string
	// EmailVerified is the provider's email_verified claim; nil when the
	// provider does not send one.
	EmailVerified *bool
	Name          string
	Roles         []Role
}

// externalIdentity is the link between a user and an identity at a provider.
type externalIdentity struct {
	Issuer       string    `gorm:"column:issuer;primaryKey"`
	Subject      string    `gorm:"column:subject;primaryKey"`
	UserID       string    `gorm:"column:user_id"`
	Email        string    `gorm:"column:email"`
	LinkedAt     time.Time `gorm:"column:linked_at"`
	LastSigninAt time.Time `gorm:"column:last_signin_at"`
}

func (externalIdentity) TableName() string { return "external_identities" }

// externalStep is what a sign-in through the identity provider does.
type externalStep int

const (
	externalRefuse externalStep = iota
	externalCreate              // a new user, just in time
	externalLink                // the local user with the same email takes this identity
	externalUpdate              // the user of this identity, roles and name from the provider
)

// externalMatch is what the database knows of an identity: the user linked
// to it, or else the user with its email and whether that user already has
// an identity of its own.
type externalMatch struct {
	Linked        *User
	SameEmail     *User
	SameEmailLink bool
}

// planExternal decides a sign-in through the identity provider, and when it
// refuses, says why in words for the person. The provider is authoritative
// for its users' roles, so an identity that maps to no role is refused even
// for a known user. A local account is linked only when the provider states
// that the address is verified (an unverified address proves nothing about
// who owns the account) and the account has no other identity.
func planExternal(id ExternalIdentity, m externalMatch) (externalStep, string) {
	contact := "Ask your administrator for help."
	u := m.Linked
	if u == nil {
		u = m.SameEmail
	}
	switch {
	case u != nil && !u.Active:
		return externalRefuse, "Your Vigil account is deactivated. " + contact
	case len(id.Roles) == 0:
		return externalRefuse, "Your account at " + id.Provider + " is in no group that gives a role in Vigil. " + contact
	case m.Linked != nil:
		return externalUpdate, ""
	case id.Email == "":
		return externalRefuse, id.Provider + " did not give your email address. " + contact
	case id.EmailVerified != nil && !*id.EmailVerified:
		return externalRefuse, id.Provider + " has not verified your email address. " + contact
	case m.SameEmail == nil:
		return externalCreate, ""
	case m.SameEmailLink:
		return externalRefuse, "A Vigil account with your email address belongs to another sign-in. " + contact
	case id.EmailVerified == nil:
		return externalRefuse, "A Vigil account with your email address exists, and " + id.Provider +
			" does not say that the address is verified, so the two cannot be joined. " + contact
	}
	return externalLink, ""
}

// SignInExternal signs in the person an identity provider vouched for,
// creating their user on first sign-in, linking a local user with their
// verified email, and otherwise setting the user's roles and name from the
// provider (a change of roles ends the user's other sessions, as an
// administrator's does). It opens a session as SignIn does and returns its
// cookie token. Every change and every refusal is recorded.
// Errors: Forbidden (refused, with the reason for the person).
func (s *Service) SignInExternal(ctx context.Context, id ExternalIdentity, c Client) (string, *Actor, error) {
	id.Email = truncate(NormalizeEmail(id.Email), 254)
	id.Roles = SortRoles(id.Roles)
	ctx = bySystem(ctx) // the provider's word, not a person in Vigil, changes the user
	var token, refusal string
	var actor *Actor
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		m, err := findExternal(ctx, tx, id)
		if err != nil {
			return err
		}
		step, why := planExternal(id, m)
		if step == externalRefuse {
			refusal = why
			return audit.Record(ctx, tx, now, audit.Event{Action: "auth.sso_refused", ObjectType: "signin", ObjectID: id.Email,
				Summary: fmt.Sprintf("Refused single sign-on of %s (%s %s) from %s: %s", id.Email, id.Issuer, id.Subject, c.IP, why)})
		}
		u, err := s.applyExternal(ctx, tx, step, id, m, now)
		if err != nil {
			return err
		}
		token, actor, err = s.openExternalSession(ctx, tx, u, id, c, now)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	if refusal != "" {
		return "", nil, apperr.New(apperr.Forbidden, "%s", refusal)
	}
	return token, actor, nil
}

// findExternal reads the user linked to id, or else the one with its email.
func findExternal(ctx context.Context, tx *gorm.DB, id ExternalIdentity) (externalMatch, error) {
	var m externalMatch
	var link externalIdentity
	err := tx.WithContext(ctx).Where("issuer = ? AND subject = ?", id.Issuer, id.Subject).Take(&link).Error
	if err == nil {
		m.Linked, err = loadUser(ctx, tx, link.UserID)
		return m, err
	}
	if !db.IsNotFound(err) || id.Email == "" {
		return m, ignoreNotFound(err)
	}
	var u User
	if err := tx.WithContext(ctx).Where("email = ?", id.Email).Take(&u).Error; err != nil {
		return m, ignoreNotFound(err)
	}
	if m.SameEmail, err = loadUser(ctx, tx, u.ID); err != nil {
		return m, err
	}
	var n int64
	err = tx.WithContext(ctx).Model(&externalIdentity{}).Where("user_id = ?", u.ID).Count(&n).Error
	m.SameEmailLink = n > 0
	return m, err
}

func ignoreNotFound(err error) error {
	if db.IsNotFound(err) {
		return nil
	}
	return err
}

// applyExternal carries out step and returns the user who signs in.
func (s *Service) applyExternal(ctx context.Context, tx *gorm.DB, step externalStep, id ExternalIdentity, m externalMatch, now time.Time) (*User, error) {
	switch step {
	case externalCreate:
		return s.createExternal(ctx, tx, id, now)
	case externalLink:
		if err := linkExternal(ctx, tx, m.SameEmail, id, now); err != nil {
			return nil, err
		}
		return m.SameEmail, s.syncExternal(ctx, tx, m.SameEmail, id, now)
	}
	if err := tx.Model(&externalIdentity{}).Where("issuer = ? AND subject = ?", id.Issuer, id.Subject).
		Update("last_signin_at", now).Error; err != nil {
		return nil, err
	}
	return m.Linked, s.syncExternal(ctx, tx, m.Linked, id, now)
}

// createExternal creates the user of a first sign-in. It has no password:
// the password hash is empty, which no password matches.
func (s *Service) createExternal(ctx context.Context, tx *gorm.DB, id ExternalIdentity, now time.Time) (*User, error) {
	name := truncate(id.Name, 200)
	if name == "" {
		name = id.Email
	}
	u := &User{ID: db.NewID(), Email: id.Email, Name: name, Active: true,
		CreatedAt: now, UpdatedAt: now, PasswordChangedAt: now, Roles: id.Roles}
	if err := tx.Create(u).Error; err != nil {
		return nil, err
	}
	if err := s.insertRoles(ctx, tx, u.ID, u.Roles, now); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, now, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: u.ID,
		Summary: fmt.Sprintf("Created user %s at first sign-in through %s with roles %s", u.Email, id.Provider, rolesText(u.Roles)),
		After:   u.state()}); err != nil {
		return nil, err
	}
	return u, linkExternal(ctx, tx, u, id, now)
}

// linkExternal records that id signs in as u.
func linkExternal(ctx context.Context, tx *gorm.DB, u *User, id ExternalIdentity, now time.Time) error {
	link := &externalIdentity{Issuer: id.Issuer, Subject: id.Subject, UserID: u.ID, Email: id.Email, LinkedAt: now, LastSigninAt: now}
	if err := tx.Create(link).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "user.link", ObjectType: "user", ObjectID: u.ID,
		Summary: fmt.Sprintf("Linked %s to the identity %s at %s (%s)", u.Email, id.Subject, id.Provider, id.Issuer)})
}

// syncExternal sets u's roles and name to the provider's. A change of roles
// ends u's sessions, whose copied roles would otherwise outlive it.
func (s *Service) syncExternal(ctx context.Context, tx *gorm.DB, u *User, id ExternalIdentity, now time.Time) error {
	name := truncate(id.Name, 200)
	if name == "" {
		name = u.Name
	}
	rolesChanged := !slices.Equal(u.Roles, id.Roles)
	if !rolesChanged && name == u.Name {
		return nil
	}
	before := u.state()
	u.Name, u.Roles, u.UpdatedAt = name, id.Roles, now
	if err := tx.Model(u).Select("name", "updated_at").Updates(u).Error; err != nil {
		return err
	}
	if rolesChanged {
		if err := tx.Where("user_id = ?", u.ID).Delete(&userRole{}).Error; err != nil {
			return err
		}
		if err := s.insertRoles(ctx, tx, u.ID, u.Roles, now); err != nil {
			return err
		}
	}
	summary := fmt.Sprintf("%s set %s's name to %q", id.Provider, u.Email, name)
	if rolesChanged {
		summary = fmt.Sprintf("%s changed the roles of %s: %s", id.Provider, u.Email, roleDiff(before.Roles, u.Roles))
	}
	if err := audit.Record(ctx, tx, now, audit.Event{Action: "user.sso_update", ObjectType: "user", ObjectID: u.ID,
		Summary: summary, Before: before, After: u.state()}); err != nil {
		return err
	}
	if !rolesChanged {
		return nil
	}
	return s.endUserSessions(ctx, tx, u, "", "roles changed")
}

// openExternalSession opens u's session and records the sign-in.
func (s *Service) openExternalSession(ctx context.Context, tx *gorm.DB, u *User, id ExternalIdentity, c Client, now time.Time) (string, *Actor, error) {
	token, sess, err := s.openSession(ctx, tx, u, c, now)
	if err != nil {
		return "", nil, err
	}
	actor := sess.actor()
	err = audit.Record(WithActor(ctx, actor, ""), tx, now, audit.Event{Action: "auth.signin", ObjectType: "session",
		ObjectID: sess.ID, Summary: u.Email + " signed in through " + id.Provider + " from " + c.IP})
	return token, actor, err
}

// LocalPasswords reports whether people may sign in with a password.
func (s *Service) LocalPasswords() bool { return !s.settings.NoLocalPasswords }

// refusePassword records and refuses a password sign-in while passwords are
// turned off. The password is not even checked: whether it was right would
// tell an attacker something.
func (s *Service) refusePassword(ctx context.Context, email string, c Client) error {
	if err := s.record(ctx, s.db.Now(), audit.Event{Action: "auth.password_refused", ObjectType: "signin", ObjectID: email,
		Summary: "Refused a password sign-in for " + email + " from " + c.IP + ": passwords are turned off"}); err != nil {
		return err
	}
	return apperr.New(apperr.Forbidden, "Sign-in with a password is turned off. Use single sign-on.")
}

// RecordExternalFailure records an answer of the identity provider that did
// not pass the checks of the ID token (signature, issuer, audience, expiry,
// nonce): a misconfiguration or an attack, for the audit trail to show.
func (s *Service) RecordExternalFailure(ctx context.Context, provider, why string, c Client) error {
	return s.record(ctx, s.db.Now(), audit.Event{Action: "auth.sso_failed", ObjectType: "signin", ObjectID: provider,
		Summary: "Refused an answer of " + provider + " from " + c.IP + ": " + audit.Cut(why)})
}

// bySystem is ctx under which the system is the author of audit events,
// keeping the request's id and client address.
func bySystem(ctx context.Context) context.Context {
	au := audit.ActorFrom(ctx)
	au.ID, au.Email, au.Role = "", SystemName, SystemName
	return audit.WithActor(ctx, au)
}
