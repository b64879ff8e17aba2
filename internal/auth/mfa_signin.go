package auth

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// pendingSignIn is a sign-in whose password was right and whose second
// step is still to come. The browser holds the token; the row its hash.
type pendingSignIn struct {
	ID        string     `gorm:"column:id;primaryKey"`
	TokenHash string     `gorm:"column:token_hash"`
	UserID    string     `gorm:"column:user_id"`
	Purpose   string     `gorm:"column:purpose"`
	Failures  int        `gorm:"column:failures"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	ExpiresAt time.Time  `gorm:"column:expires_at"`
	EndedAt   *time.Time `gorm:"column:ended_at"`
}

func (pendingSignIn) TableName() string { return "mfa_pending_signins" }

const (
	purposeVerify = "verify" // a code of the user's authenticator app, or a recovery code
	purposeEnrol  = "enrol"  // the first code of an authenticator app set up now
)

const (
	// PendingSignInLifetime is how long a right password waits for its
	// second step.
	PendingSignInLifetime = 5 * time.Minute
	// MaxCodeFailures is how many wrong codes one sign-in takes before its
	// password must be given again. Each also counts towards the account's
	// and the address's throttling, as a wrong password does.
	MaxCodeFailures = 3
)

var errPendingGone = apperr.New(apperr.Unauthenticated, "Your sign-in has expired. Please sign in again.")

// SecondStepNeeded is what SignIn returns, as its error, when the password
// was right but no session opens yet: the user has a second factor, or one
// of their roles requires one they must set up first (Enrol). Token names
// the waiting sign-in for SignInSecondStep; it belongs in a cookie of its
// own and expires after PendingSignInLifetime.
type SecondStepNeeded struct {
	Token string
	Enrol bool
}

func (*SecondStepNeeded) Error() string { return "auth: the sign-in needs its second step" }

// secondStep returns the second step u's sign-in needs, or nil when the
// password is enough.
func (s *Service) secondStep(ctx context.Context, at *signinAttempt, u *User) (*SecondStepNeeded, error) {
	g := s.db.Gorm.WithContext(ctx)
	full, err := loadUser(ctx, g, u.ID)
	if err != nil {
		return nil, err
	}
	row, err := confirmedTOTP(ctx, g, u.ID)
	if err != nil {
		return nil, err
	}
	required, err := requiredRoles(ctx, g)
	if err != nil {
		return nil, err
	}
	need := &SecondStepNeeded{Token: RandomToken(), Enrol: mustEnrol(full.Roles, required, row != nil)}
	if row == nil && !need.Enrol {
		return nil, nil
	}
	return need, s.db.InTx(ctx, func(tx *gorm.DB) error { return s.openPending(ctx, tx, at, full, need) })
}

// openPending stores the sign-in waiting for its second step. Its password
// attempt is dropped: a right password is no failure, and not yet a
// sign-in; each code tried is an attempt of its own.
func (s *Service) openPending(ctx context.Context, tx *gorm.DB, at *signinAttempt, u *User, need *SecondStepNeeded) error {
	now := at.AttemptedAt
	if err := tx.Delete(at).Error; err != nil {
		return err
	}
	p := &pendingSignIn{ID: db.NewID(), TokenHash: HashToken(need.Token), UserID: u.ID, Purpose: purposeVerify,
		CreatedAt: now, ExpiresAt: now.Add(PendingSignInLifetime)}
	what := "a second factor is asked for"
	if need.Enrol {
		p.Purpose, what = purposeEnrol, "they must set up a second factor, which their role requires"
		if _, err := s.beginEnrolment(ctx, tx, u.ID, u.Email, now); err != nil {
			return err
		}
	}
	if err := tx.Create(p).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "auth.signin_second_step", ObjectType: "user", ObjectID: u.ID,
		Summary: u.Email + " gave the right password from " + at.ClientIP + "; " + what})
}

// PendingSignIn is a sign-in waiting for its second step, as its page
// shows it; Enrolment is the authenticator to set up when the user has none.
type PendingSignIn struct {
	Email     string
	Enrolment *Enrolment
}

// PendingSignIn returns the sign-in token names. Errors: Unauthenticated
// (none, ended or expired).
func (s *Service) PendingSignIn(ctx context.Context, token string) (*PendingSignIn, error) {
	p, u, err := s.loadPending(ctx, token)
	if err != nil {
		return nil, err
	}
	out := &PendingSignIn{Email: u.Email}
	if p.Purpose == purposeEnrol {
		out.Enrolment, err = s.enrolmentInProgress(ctx, s.db.Gorm, u.ID, u.Email)
	}
	return out, err
}

// loadPending returns the open sign-in of token and its active user.
func (s *Service) loadPending(ctx context.Context, token string) (*pendingSignIn, *User, error) {
	if token == "" {
		return nil, nil, errPendingGone
	}
	g := s.db.Gorm.WithContext(ctx)
	var p pendingSignIn
	err := g.Where("token_hash = ? AND ended_at IS NULL AND expires_at > ?", HashToken(token), s.db.Now()).Take(&p).Error
	if db.IsNotFound(err) {
		return nil, nil, errPendingGone
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := loadUser(ctx, g, p.UserID)
	if err != nil || !u.Active {
		return nil, nil, cmpErr(err, errPendingGone)
	}
	return &p, u, nil
}

// SecondStep is a sign-in completed: the session's cookie token and actor,
// and the recovery codes of a second factor set up in it, shown once.
type SecondStep struct {
	Token         string
	Actor         *Actor
	RecoveryCodes []string
}

// SignInSecondStep completes the sign-in token names with code: a code of
// the user's authenticator app or one of their recovery codes, or, when
// they are setting one up, the app's first code. Only then is a session
// opened, as SignIn opens one. Codes are throttled with passwords (see
// SignIn), and after MaxCodeFailures wrong ones the password must be given
// again. Errors: Unauthenticated (no such sign-in, or too many wrong
// codes), Invalid (wrong code), TooManyRequests.
func (s *Service) SignInSecondStep(ctx context.Context, token, code string, c Client) (*SecondStep, error) {
	p, u, err := s.loadPending(ctx, token)
	if err != nil {
		return nil, err
	}
	at := &signinAttempt{ID: db.NewID(), Email: u.Email, ClientIP: truncate(c.IP, 64), AttemptedAt: s.db.Now()}
	if err := s.countAttempt(ctx, at); err != nil {
		return nil, err
	}
	var out SecondStep
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		out.RecoveryCodes, err = s.passSecondStep(ctx, tx, p, u, code, at.AttemptedAt)
		return err
	})
	if errors.Is(err, errWrongCode) {
		return nil, s.codeFailed(ctx, at, p, u)
	}
	if err != nil {
		return nil, err
	}
	out.Token, out.Actor, err = s.openSignedIn(ctx, at, u, c)
	return &out, err
}

// passSecondStep checks code for p and ends p, returning the recovery
// codes of a second factor set up now. A wrong code is errWrongCode.
func (s *Service) passSecondStep(ctx context.Context, tx *gorm.DB, p *pendingSignIn, u *User, code string, now time.Time) ([]string, error) {
	var codes []string
	var ok bool
	var err error
	how := "a newly set-up authenticator app"
	switch p.Purpose {
	case purposeEnrol:
		if codes, err = s.enableTOTP(ctx, tx, u.ID, code, now); err == nil {
			ok, err = true, recordEnabled(ctx, tx, now, u.ID, u.Email)
		}
	default:
		// Recovery codes first: they still work when the app's secret no
		// longer opens (the session key was replaced).
		how = "a recovery code"
		if ok, err = spendRecoveryCode(ctx, tx, u.ID, code, now); err == nil && !ok {
			how = "their authenticator app"
			ok, err = s.useTOTP(ctx, tx, u.ID, code, now)
		}
	}
	if err != nil || !ok {
		return nil, cmpErr(err, errWrongCode)
	}
	res := tx.Model(p).Where("ended_at IS NULL").Update("ended_at", now)
	if res.Error != nil || res.RowsAffected != 1 {
		return nil, cmpErr(res.Error, errPendingGone)
	}
	return codes, audit.Record(ctx, tx, now, audit.Event{Action: "auth.signin_second_factor", ObjectType: "user", ObjectID: u.ID,
		Summary: u.Email + " passed the second step of signing in with " + how})
}

// codeFailed records a wrong code for p like a wrong password, ends p at
// its MaxCodeFailures-th, and returns the refusal to give.
func (s *Service) codeFailed(ctx context.Context, at *signinAttempt, p *pendingSignIn, u *User) error {
	refusal := errWrongCode
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(p).Update("failures", gorm.Expr("failures + 1")).Error; err != nil {
			return err
		}
		res := tx.Model(p).Where("failures >= ?", MaxCodeFailures).Update("ended_at", at.AttemptedAt)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected > 0 {
			refusal = apperr.New(apperr.Unauthenticated, "Too many wrong codes. Please sign in again.")
		}
		return audit.Record(ctx, tx, at.AttemptedAt, audit.Event{Action: "auth.signin_code_failed", ObjectType: "signin", ObjectID: u.Email,
			Summary: "Failed second step of signing in for " + u.Email + " from " + at.ClientIP})
	})
	return cmpErr(err, refusal)
}
