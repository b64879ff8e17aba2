package auth

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

type signinAttempt struct {
	ID          string    `gorm:"column:id;primaryKey"`
	Email       string    `gorm:"column:email"`
	ClientIP    string    `gorm:"column:client_ip"`
	Succeeded   bool      `gorm:"column:succeeded"`
	AttemptedAt time.Time `gorm:"column:attempted_at"`
}

func (signinAttempt) TableName() string { return "signin_attempts" }

// SignInFailure is why a sign-in was refused, as the server's metrics count
// it: never which account, which the person signing in is not told either.
type SignInFailure string

// The reasons a sign-in is refused.
const (
	FailureBadPassword     SignInFailure = "bad_password"
	FailureUnknownAccount  SignInFailure = "unknown_account"
	FailureInactiveAccount SignInFailure = "inactive_account"
	FailureThrottled       SignInFailure = "throttled"
)

// SignInFailures are every reason, for metrics exported before the first.
var SignInFailures = []SignInFailure{FailureBadPassword, FailureUnknownAccount, FailureInactiveAccount, FailureThrottled}

// OnSignInFailure makes fn hear of every refused sign-in with its reason.
// Call it before the service is in use.
func (s *Service) OnSignInFailure(fn func(SignInFailure)) { s.signInFailed = fn }

func (s *Service) failed(reason SignInFailure) {
	if s.signInFailed != nil {
		s.signInFailed(reason)
	}
}

// errBadCredentials never says whether the email exists.
var errBadCredentials = apperr.New(apperr.Unauthenticated, "The email or password is not correct.")

// SignIn checks an email and password and opens a session, returning its
// cookie token. Throttling state lives in the database so it holds across
// instances: each attempt is counted before the password is checked, and
// after MaxFailuresPerAccount failures for an account, or
// MaxFailuresPerClientIP from one client address, within ThrottleWindow,
// attempts are refused with TooManyRequests even with the right password.
// A user with a second factor, or whose role requires one, gets no session
// but a *SecondStepNeeded as the error (see SignInSecondStep).
// Errors: Unauthenticated (bad credentials), TooManyRequests, Forbidden
// (passwords are turned off).
func (s *Service) SignIn(ctx context.Context, email, password string, c Client) (string, *Actor, error) {
	email = truncate(NormalizeEmail(email), 254)
	if s.settings.NoLocalPasswords {
		return "", nil, s.refusePassword(ctx, email, c)
	}
	attempt := &signinAttempt{ID: db.NewID(), Email: email, ClientIP: truncate(c.IP, 64), AttemptedAt: s.db.Now()}
	if err := s.countAttempt(ctx, attempt); err != nil {
		return "", nil, err
	}
	u, err := s.matchUser(ctx, attempt, password)
	if err != nil {
		return "", nil, err
	}
	if second, err := s.secondStep(ctx, attempt, u); second != nil || err != nil {
		return "", nil, cmpErr(err, second)
	}
	return s.openSignedIn(ctx, attempt, u, c)
}

// countAttempt stores the attempt, or refuses it with TooManyRequests when
// its account or client address is throttled, and records the refusal.
func (s *Service) countAttempt(ctx context.Context, at *signinAttempt) error {
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.lockAttempts(tx, at.Email, at.ClientIP); err != nil {
			return err
		}
		wait, err := s.throttled(ctx, tx, at.Email, at.ClientIP, at.AttemptedAt)
		if err != nil {
			return err
		}
		if wait > 0 {
			return &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: wait,
				Message: "Too many failed sign-in attempts. Please wait before trying again."}
		}
		return tx.Create(at).Error
	})
	if apperr.CodeOf(err) != apperr.TooManyRequests {
		return err
	}
	s.failed(FailureThrottled)
	if recErr := s.record(ctx, at.AttemptedAt, audit.Event{Action: "auth.signin_throttled", ObjectType: "signin", ObjectID: at.Email,
		Summary: "Refused a sign-in attempt for " + at.Email + " from " + at.ClientIP + ": too many failures"}); recErr != nil {
		return recErr
	}
	return err
}

// lockAttempts makes attempts for one account, or from one client address,
// count one after another, even through different instances: each reads
// the failures before it, then adds itself. SQLite's write transactions run
// one at a time already; on PostgreSQL two would read the same count and
// both pass, so the transaction first takes a lock on the account's and the
// address's names (in that order, so two attempts never wait on each
// other), released when it ends.
func (s *Service) lockAttempts(tx *gorm.DB, email, ip string) error {
	if s.db.Dialect != db.Postgres {
		return nil
	}
	for _, name := range []string{"signin account " + email, "signin address " + ip} {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", name).Error; err != nil {
			return err
		}
	}
	return nil
}

// matchUser returns the active user of the attempt's email whose password
// this is. Anything else is recorded as a failed sign-in and refused with
// errBadCredentials; an unknown email is checked against a dummy hash, so
// it takes as long as a wrong password.
func (s *Service) matchUser(ctx context.Context, at *signinAttempt, password string) (*User, error) {
	var u User
	err := s.db.Gorm.WithContext(ctx).Where("email = ?", at.Email).Take(&u).Error
	if err != nil && !db.IsNotFound(err) {
		return nil, err
	}
	found := err == nil
	hash := s.dummyHash()
	if found {
		hash = u.PasswordHash
	}
	switch ok := checkPassword(password, hash); {
	case ok && found && u.Active:
		return &u, nil
	case !found:
		s.failed(FailureUnknownAccount)
	case !ok:
		s.failed(FailureBadPassword)
	default:
		s.failed(FailureInactiveAccount)
	}
	if err := s.record(ctx, at.AttemptedAt, audit.Event{Action: "auth.signin_failed", ObjectType: "signin", ObjectID: at.Email,
		Summary: "Failed sign-in for " + at.Email + " from " + at.ClientIP}); err != nil {
		return nil, err
	}
	return nil, errBadCredentials
}

// openSignedIn marks the attempt successful and opens a session for u,
// returning its cookie token and actor.
func (s *Service) openSignedIn(ctx context.Context, at *signinAttempt, u *User, c Client) (string, *Actor, error) {
	var token string
	var actor *Actor
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		full, err := loadUser(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if err := tx.Model(at).Update("succeeded", true).Error; err != nil {
			return err
		}
		var sess *Session
		if token, sess, err = s.openSession(ctx, tx, full, c, at.AttemptedAt); err != nil {
			return err
		}
		actor = sess.actor()
		return audit.Record(WithActor(ctx, actor, ""), tx, at.AttemptedAt, audit.Event{Action: "auth.signin", ObjectType: "session",
			ObjectID: sess.ID, Summary: full.Email + " signed in from " + at.ClientIP})
	})
	if err != nil {
		return "", nil, err
	}
	return token, actor, nil
}

// record appends ev on its own, for what is refused and so changes nothing else.
func (s *Service) record(ctx context.Context, now time.Time, ev audit.Event) error {
	return s.db.InTx(ctx, func(tx *gorm.DB) error { return audit.Record(ctx, tx, now, ev) })
}

// throttled returns how long the client must wait, or 0 if it may try now.
// An account's failures count only since its last successful sign-in.
func (s *Service) throttled(ctx context.Context, tx *gorm.DB, email, ip string, now time.Time) (time.Duration, error) {
	since := now.Add(-ThrottleWindow)
	var lastOK []time.Time
	if err := tx.WithContext(ctx).Model(&signinAttempt{}).Where("email = ? AND succeeded = ? AND attempted_at > ?", email, true, since).
		Order("attempted_at DESC").Limit(1).Pluck("attempted_at", &lastOK).Error; err != nil {
		return 0, err
	}
	accountSince := since
	if len(lastOK) == 1 {
		accountSince = lastOK[0]
	}
	wait := time.Duration(0)
	for _, q := range []struct {
		column, value string
		since         time.Time
		limit         int
	}{
		{"email", email, accountSince, MaxFailuresPerAccount},
		{"client_ip", ip, since, MaxFailuresPerClientIP},
	} {
		var times []time.Time
		if err := tx.WithContext(ctx).Model(&signinAttempt{}).
			Where(q.column+" = ? AND succeeded = ? AND attempted_at >= ?", q.value, false, q.since).
			Order("attempted_at DESC").Limit(q.limit).Pluck("attempted_at", &times).Error; err != nil {
			return 0, err
		}
		if len(times) < q.limit {
			continue
		}
		// Attempts open again when the oldest of the last `limit` failures leaves the window.
		if w := times[q.limit-1].Add(ThrottleWindow).Sub(now); w > wait {
			wait = w
		}
	}
	if wait > 0 && wait < time.Second {
		wait = time.Second
	}
	return wait, nil
}
