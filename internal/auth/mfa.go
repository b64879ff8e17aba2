package auth

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// totpRow is a user's authenticator secret, sealed (see secretBox).
type totpRow struct {
	UserID      string     `gorm:"column:user_id;primaryKey"`
	Secret      string     `gorm:"column:secret"`
	ConfirmedAt *time.Time `gorm:"column:confirmed_at"`
	LastStep    int64      `gorm:"column:last_step"`
	CreatedAt   time.Time  `gorm:"column:created_at"`
}

func (totpRow) TableName() string { return "mfa_totp" }

// recoveryCode is the hash of one of a user's recovery codes.
type recoveryCode struct {
	ID        string     `gorm:"column:id;primaryKey"`
	UserID    string     `gorm:"column:user_id"`
	CodeHash  string     `gorm:"column:code_hash"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	UsedAt    *time.Time `gorm:"column:used_at"`
}

func (recoveryCode) TableName() string { return "mfa_recovery_codes" }

var errWrongCode = apperr.New(apperr.Invalid, "That code is not right. Enter the code your authenticator app shows now.")

// MFAStatus is a user's second factor as their account page shows it.
type MFAStatus struct {
	Enabled   bool
	EnabledAt time.Time
	// RecoveryLeft is how many recovery codes are still unused.
	RecoveryLeft int64
	// Required is true when one of the user's roles requires a second factor.
	Required bool
}

// MFAStatus returns the signed-in user's second factor. Errors:
// Unauthenticated.
func (s *Service) MFAStatus(ctx context.Context) (*MFAStatus, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	var st MFAStatus
	if row, err := confirmedTOTP(ctx, g, a.UserID); err != nil {
		return nil, err
	} else if row != nil {
		st.Enabled, st.EnabledAt = true, *row.ConfirmedAt
	}
	if err := g.Model(&recoveryCode{}).Where("user_id = ? AND used_at IS NULL", a.UserID).Count(&st.RecoveryLeft).Error; err != nil {
		return nil, err
	}
	required, err := requiredRoles(ctx, g)
	st.Required = requires(required, a.Roles)
	return &st, err
}

// confirmedTOTP returns the user's authenticator in use, or nil.
func confirmedTOTP(ctx context.Context, g *gorm.DB, userID string) (*totpRow, error) {
	var row totpRow
	err := g.WithContext(ctx).Where("user_id = ? AND confirmed_at IS NOT NULL", userID).Take(&row).Error
	if db.IsNotFound(err) {
		return nil, nil
	}
	return &row, err
}

// secretBoxOf returns the box sealing second-factor secrets, or an error
// when the service was made without a session key.
func (s *Service) secretBoxOf() (*secretBox, error) {
	if s.secrets == nil {
		return nil, apperr.New(apperr.Internal, "Second factors are not available: no session key is configured.")
	}
	return s.secrets, nil
}

// BeginMFA starts the signed-in user's enrolment: a fresh secret, kept
// until they confirm it with a code (ConfirmMFA). Beginning again replaces
// an unconfirmed secret. Errors: Unauthenticated, Conflict (already on).
func (s *Service) BeginMFA(ctx context.Context) (*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var e *Enrolment
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if row, err := confirmedTOTP(ctx, tx, a.UserID); err != nil || row != nil {
			return cmpErr(err, apperr.New(apperr.Conflict, "Your second factor is already on."))
		}
		now := s.db.Now()
		if e, err = s.beginEnrolment(ctx, tx, a.UserID, a.Email, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "auth.mfa_enrolment_begun", ObjectType: "user", ObjectID: a.UserID,
			Summary: a.Email + " began setting up an authenticator app"})
	})
	return e, err
}

// cmpErr returns err if there is one, else refusal.
func cmpErr(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// beginEnrolment stores a fresh unconfirmed secret for the user, replacing
// any unconfirmed one.
func (s *Service) beginEnrolment(ctx context.Context, tx *gorm.DB, userID, email string, now time.Time) (*Enrolment, error) {
	box, err := s.secretBoxOf()
	if err != nil {
		return nil, err
	}
	secret := newTOTPSecret()
	e, err := enrolmentOf(email, secret)
	if err != nil {
		return nil, err
	}
	tx = tx.WithContext(ctx)
	if err := tx.Where("user_id = ? AND confirmed_at IS NULL", userID).Delete(&totpRow{}).Error; err != nil {
		return nil, err
	}
	return e, tx.Create(&totpRow{UserID: userID, Secret: box.seal(userID, secret), CreatedAt: now}).Error
}

// MFAEnrolment returns the signed-in user's enrolment in progress, to show
// again. Errors: Unauthenticated, NotFound (none begun).
func (s *Service) MFAEnrolment(ctx context.Context) (*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	return s.enrolmentInProgress(ctx, s.db.Gorm, a.UserID, a.Email)
}

func (s *Service) enrolmentInProgress(ctx context.Context, g *gorm.DB, userID, email string) (*Enrolment, error) {
	secret, err := s.unconfirmedSecret(ctx, g, userID)
	if err != nil {
		return nil, err
	}
	return enrolmentOf(email, secret)
}

// unconfirmedSecret returns the secret of the user's enrolment in progress.
// Errors: NotFound (none begun).
func (s *Service) unconfirmedSecret(ctx context.Context, g *gorm.DB, userID string) (string, error) {
	var row totpRow
	err := g.WithContext(ctx).Where("user_id = ? AND confirmed_at IS NULL", userID).Take(&row).Error
	if db.IsNotFound(err) {
		return "", apperr.New(apperr.NotFound, "No authenticator app is being set up. Start again.")
	}
	if err != nil {
		return "", err
	}
	return s.openSecret(userID, row.Secret)
}

// openSecret unseals the user's secret.
func (s *Service) openSecret(userID, sealed string) (string, error) {
	box, err := s.secretBoxOf()
	if err != nil {
		return "", err
	}
	return box.open(userID, sealed)
}

// ConfirmMFA turns the signed-in user's second factor on with a code of
// the enrolment in progress, and returns their recovery codes, which are
// shown this once. Errors: Unauthenticated, NotFound (none begun), Invalid
// (wrong code).
func (s *Service) ConfirmMFA(ctx context.Context, code string) ([]string, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		if codes, err = s.enableTOTP(ctx, tx, a.UserID, code, now); err != nil {
			return err
		}
		return recordEnabled(ctx, tx, now, a.UserID, a.Email)
	})
	return codes, err
}

func recordEnabled(ctx context.Context, tx *gorm.DB, now time.Time, userID, email string) error {
	return audit.Record(ctx, tx, now, audit.Event{Action: "auth.mfa_enabled", ObjectType: "user", ObjectID: userID,
		Summary: email + " turned on sign-in with an authenticator app and got new recovery codes"})
}

// enableTOTP confirms the user's unconfirmed secret with code and gives
// them fresh recovery codes.
func (s *Service) enableTOTP(ctx context.Context, tx *gorm.DB, userID, code string, now time.Time) ([]string, error) {
	secret, err := s.unconfirmedSecret(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	step, ok := matchTOTP(secret, code, now, 0)
	if !ok {
		return nil, errWrongCode
	}
	res := tx.Model(&totpRow{}).Where("user_id = ? AND confirmed_at IS NULL", userID).
		Updates(map[string]any{"confirmed_at": now, "last_step": step})
	if res.Error != nil || res.RowsAffected != 1 {
		return nil, cmpErr(res.Error, apperr.New(apperr.Conflict, "Your second factor was turned on meanwhile."))
	}
	return replaceRecoveryCodes(ctx, tx, userID, now)
}

// replaceRecoveryCodes deletes the user's recovery codes and stores the
// hashes of fresh ones, which it returns.
func replaceRecoveryCodes(ctx context.Context, tx *gorm.DB, userID string, now time.Time) ([]string, error) {
	tx = tx.WithContext(ctx)
	if err := tx.Where("user_id = ?", userID).Delete(&recoveryCode{}).Error; err != nil {
		return nil, err
	}
	codes := newRecoveryCodes()
	rows := make([]recoveryCode, len(codes))
	for i, c := range codes {
		rows[i] = recoveryCode{ID: db.NewID(), UserID: userID, CodeHash: hashRecoveryCode(c), CreatedAt: now}
	}
	return codes, tx.Create(&rows).Error
}

// RegenerateRecoveryCodes replaces the signed-in user's recovery codes:
// the old ones stop working. Errors: Unauthenticated, Invalid (no second
// factor on).
func (s *Service) RegenerateRecoveryCodes(ctx context.Context) ([]string, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if row, err := confirmedTOTP(ctx, tx, a.UserID); err != nil || row == nil {
			return cmpErr(err, apperr.New(apperr.Invalid, "Turn on your second factor first."))
		}
		now := s.db.Now()
		if codes, err = replaceRecoveryCodes(ctx, tx, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "auth.mfa_recovery_codes", ObjectType: "user", ObjectID: a.UserID,
			Summary: a.Email + " replaced their recovery codes; the old ones no longer work"})
	})
	return codes, err
}

// DisableMFA turns the signed-in user's second factor off, given a current
// code of their authenticator app or their password. Errors:
// Unauthenticated, Invalid (not on, wrong code or password, or one of
// their roles requires it).
func (s *Service) DisableMFA(ctx context.Context, code, password string) error {
	a, err := signedIn(ctx)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		if err := s.checkDisable(ctx, tx, a, code, password, now); err != nil {
			return err
		}
		for _, m := range []any{&totpRow{}, &recoveryCode{}} {
			if err := tx.Where("user_id = ?", a.UserID).Delete(m).Error; err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "auth.mfa_disabled", ObjectType: "user", ObjectID: a.UserID,
			Summary: a.Email + " turned off sign-in with an authenticator app"})
	})
}

// checkDisable refuses to turn a's second factor off unless it is on, no
// role of theirs requires it, and code or password is right.
func (s *Service) checkDisable(ctx context.Context, tx *gorm.DB, a *Actor, code, password string, now time.Time) error {
	if row, err := confirmedTOTP(ctx, tx, a.UserID); err != nil || row == nil {
		return cmpErr(err, apperr.New(apperr.Invalid, "Your second factor is not on."))
	}
	required, err := requiredRoles(ctx, tx)
	if err != nil {
		return err
	}
	if requires(required, a.Roles) {
		return apperr.New(apperr.Invalid, "Your company requires a second factor for one of your roles, so it stays on.")
	}
	if code != "" {
		ok, err := s.useTOTP(ctx, tx, a.UserID, code, now)
		if err == nil && !ok {
			err = errWrongCode
		}
		return err
	}
	u, err := loadUser(ctx, tx, a.UserID)
	if err != nil {
		return err
	}
	if !checkPassword(password, u.PasswordHash) {
		return apperr.New(apperr.Invalid, "Enter a current code of your authenticator app or your password.")
	}
	return nil
}

// useTOTP accepts code for the user's authenticator if it is of a time
// step later than the last one accepted, and makes its step the last one:
// of two requests with one code, only one gets through.
func (s *Service) useTOTP(ctx context.Context, tx *gorm.DB, userID, code string, now time.Time) (bool, error) {
	row, err := confirmedTOTP(ctx, tx, userID)
	if err != nil || row == nil {
		return false, err
	}
	secret, err := s.openSecret(userID, row.Secret)
	if err != nil {
		return false, err
	}
	step, ok := matchTOTP(secret, code, now, row.LastStep)
	if !ok {
		return false, nil
	}
	res := tx.WithContext(ctx).Model(&totpRow{}).Where("user_id = ? AND last_step < ?", userID, step).Update("last_step", step)
	return res.RowsAffected == 1, res.Error
}

// spendRecoveryCode accepts one of the user's unused recovery codes and
// marks it used.
func spendRecoveryCode(ctx context.Context, tx *gorm.DB, userID, code string, now time.Time) (bool, error) {
	res := tx.WithContext(ctx).Model(&recoveryCode{}).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hashRecoveryCode(code)).
		Update("used_at", now)
	return res.RowsAffected == 1, res.Error
}
