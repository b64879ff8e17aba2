package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// Session is one signed-in browser. The cookie holds a random token; the row
// holds its SHA-256, so it can be listed, ended and expired on the server.
type Session struct {
	ID         string     `gorm:"column:id;primaryKey"`
	TokenHash  string     `gorm:"column:token_hash"`
	UserID     string     `gorm:"column:user_id"`
	CSRFToken  string     `gorm:"column:csrf_token"`
	ClientIP   string     `gorm:"column:client_ip"`
	UserAgent  string     `gorm:"column:user_agent"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
	LastSeenAt time.Time  `gorm:"column:last_seen_at"`
	ExpiresAt  time.Time  `gorm:"column:expires_at"`
	EndedAt    *time.Time `gorm:"column:ended_at"`
	EndReason  *string    `gorm:"column:end_reason"`
	// Who the session belongs to, copied at sign-in; any change to the
	// user's roles, password or status ends the session instead.
	UserEmail string `gorm:"column:user_email"`
	UserName  string `gorm:"column:user_name"`
	UserRoles string `gorm:"column:user_roles"`
}

// actor is the signed-in user this session stands for.
func (s *Session) actor() *Actor {
	var roles []Role
	for _, r := range strings.Split(s.UserRoles, ",") {
		if r != "" {
			roles = append(roles, Role(r))
		}
	}
	return &Actor{UserID: s.UserID, Email: s.UserEmail, Name: s.UserName, Roles: roles, SessionID: s.ID, CSRFToken: s.CSRFToken}
}

func (Session) TableName() string { return "sessions" }

// Client is what the web layer knows of the browser making a request.
type Client struct {
	IP        string
	UserAgent string
}

// touchEvery bounds how often a busy session's last_seen_at is written; the
// idle timeout is therefore exact to within this interval.
const touchEvery = time.Minute

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// openSession creates a session row for u and returns its cookie token.
func (s *Service) openSession(ctx context.Context, tx *gorm.DB, u *User, c Client, now time.Time) (string, *Session, error) {
	token := RandomToken()
	sess := &Session{ID: db.NewID(), TokenHash: HashToken(token), UserID: u.ID, CSRFToken: RandomToken(),
		ClientIP: truncate(c.IP, 64), UserAgent: truncate(c.UserAgent, 300),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.settings.AbsoluteTimeout),
		UserEmail: u.Email, UserName: u.Name, UserRoles: JoinRoles(u.Roles)}
	if err := tx.WithContext(ctx).Create(sess).Error; err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// Authenticate resolves a session token to its actor with one read. A
// session that has ended, passed its absolute lifetime or been idle too long
// is refused with Unauthenticated (and ended if still open). Deactivating a
// user ends their sessions, so an open session always has an active user.
func (s *Service) Authenticate(ctx context.Context, token string) (*Actor, error) {
	none := apperr.New(apperr.Unauthenticated, "Your session has ended. Please sign in again.")
	if token == "" {
		return nil, none
	}
	g := s.db.Gorm.WithContext(ctx)
	var sess Session
	// This read runs on every request, hence plain SQL for just what it needs.
	err := s.db.QueryRow(ctx, `SELECT id, user_id, csrf_token, last_seen_at, expires_at, user_email, user_name, user_roles
		FROM sessions WHERE token_hash = ? AND ended_at IS NULL`, HashToken(token)).
		Scan(&sess.ID, &sess.UserID, &sess.CSRFToken, &sess.LastSeenAt, &sess.ExpiresAt, &sess.UserEmail, &sess.UserName, &sess.UserRoles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, none
	}
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	reason := ""
	switch {
	case !now.Before(sess.ExpiresAt):
		reason = "expired"
	case now.Sub(sess.LastSeenAt) >= s.settings.IdleTimeout:
		reason = "idle timeout"
	}
	if reason != "" {
		if err := g.Model(&sess).Updates(map[string]any{"ended_at": now, "end_reason": reason}).Error; err != nil {
			return nil, err
		}
		return nil, none
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := g.Model(&sess).Update("last_seen_at", now).Error; err != nil {
			return nil, err
		}
	}
	return sess.actor(), nil
}

// SignOut ends the actor's current session.
func (s *Service) SignOut(ctx context.Context) error {
	a := ActorFrom(ctx)
	if a == nil {
		return nil
	}
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		if _, err := endSessions(tx.Where("id = ?", a.SessionID), now, "signed out"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "auth.signout", ObjectType: "session", ObjectID: a.SessionID,
			Summary: a.Email + " signed out"})
	})
}

// ListOwnSessions returns the actor's open sessions, newest first.
func (s *Service) ListOwnSessions(ctx context.Context) ([]Session, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var out []Session
	err = s.db.Gorm.WithContext(ctx).Where("user_id = ? AND ended_at IS NULL AND expires_at > ?", a.UserID, s.db.Now()).
		Order("last_seen_at DESC").Find(&out).Error
	return out, err
}

// EndOwnSession ends one of the actor's other sessions; another user's
// session is NotFound. Errors: NotFound, Invalid (the current session).
func (s *Service) EndOwnSession(ctx context.Context, sessionID string) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if sessionID == a.SessionID {
		return apperr.New(apperr.Invalid, "To end this session, sign out.")
	}
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		n, err := endSessions(tx.Where("id = ? AND user_id = ?", sessionID, a.UserID), now, "ended by user")
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "No such session.")
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "session.end", ObjectType: "session", ObjectID: sessionID,
			Summary: a.Email + " ended one of their other sessions"})
	})
}

// EndOtherOwnSessions ends every session of the actor but the current one.
func (s *Service) EndOtherOwnSessions(ctx context.Context) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		return s.endUserSessions(ctx, tx, &User{ID: a.UserID, Email: a.Email}, a.SessionID, "ended by user")
	})
}

// endUserSessions ends all open sessions of u except exceptID and records it.
func (s *Service) endUserSessions(ctx context.Context, tx *gorm.DB, u *User, exceptID, reason string) error {
	now := s.db.Now()
	q := tx.WithContext(ctx).Where("user_id = ?", u.ID)
	if exceptID != "" {
		q = q.Where("id <> ?", exceptID)
	}
	n, err := endSessions(q, now, reason)
	if err != nil || n == 0 {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "session.end_all", ObjectType: "user", ObjectID: u.ID,
		Summary: fmt.Sprintf("Ended %d session(s) of %s: %s", n, u.Email, reason)})
}

// endSessions ends the open sessions q selects and returns how many.
func endSessions(q *gorm.DB, now time.Time, reason string) (int64, error) {
	res := q.Model(&Session{}).Where("ended_at IS NULL").Updates(map[string]any{"ended_at": now, "end_reason": reason})
	return res.RowsAffected, res.Error
}

// Me returns the signed-in user and their open sessions.
func (s *Service) Me(ctx context.Context) (*User, []Session, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := loadUser(ctx, s.db.Gorm, a.UserID)
	if err != nil {
		return nil, nil, err
	}
	sessions, err := s.ListOwnSessions(ctx)
	return u, sessions, err
}
