package auth_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// code returns the authenticator's code for secret at the fixture's time
// plus d.
func (f *fixture) code(t *testing.T, secret string, d time.Duration) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, f.clock.now.Add(d))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol turns on email's second factor and returns its secret and
// recovery codes.
func (f *fixture) enrol(t *testing.T, email string) (string, []string) {
	t.Helper()
	ctx := f.signIn(t, email)
	e, err := f.svc.BeginMFA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := f.svc.ConfirmMFA(ctx, f.code(t, e.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	f.clock.advance(30 * time.Second) // the code used to confirm is spent
	return e.Secret, codes
}

// startSignIn gives email's password and returns the second step asked for.
func (f *fixture) startSignIn(t *testing.T, email string) *auth.SecondStepNeeded {
	t.Helper()
	token, _, err := f.svc.SignIn(context.Background(), email, pw, client("192.0.2.1"))
	var need *auth.SecondStepNeeded
	if !errors.As(err, &need) || token != "" {
		t.Fatalf("sign in %s: token %q, %v; want a second step", email, token, err)
	}
	return need
}

func (f *fixture) count(t *testing.T, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := f.d.Gorm.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMFA_EnrolmentStoresNeitherSecretNorCodes(t *testing.T) {
	f := setup(t)
	u := f.user(t, "anna@example.com", auth.RoleStaff)
	ctx := f.signIn(t, "anna@example.com")
	e, err := f.svc.BeginMFA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmMFA(ctx, f.code(t, e.Secret, 90*time.Second)); !codeIs(err, apperr.Invalid) {
		t.Fatalf("confirm with a code of later: %v, want Invalid", err)
	}
	if st, _ := f.svc.MFAStatus(ctx); st.Enabled {
		t.Fatal("a wrong code turned the second factor on")
	}
	codes, err := f.svc.ConfirmMFA(ctx, f.code(t, e.Secret, 0))
	if err != nil || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("confirm: %d codes, %v", len(codes), err)
	}
	var stored string
	f.d.Gorm.Raw("SELECT secret FROM mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL", u.ID).Scan(&stored)
	if stored == "" || strings.Contains(stored, e.Secret) {
		t.Errorf("stored secret %q: want it sealed", stored)
	}
	var hashes []string
	f.d.Gorm.Raw("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?", u.ID).Scan(&hashes)
	for _, c := range codes {
		if slices.Contains(hashes, c) || slices.ContainsFunc(hashes, func(h string) bool { return strings.Contains(h, c[:4]+c[5:9]) }) {
			t.Errorf("recovery code %s is stored as it is", c)
		}
	}
	if len(hashes) != auth.RecoveryCodeCount {
		t.Errorf("%d hashes stored, want %d", len(hashes), auth.RecoveryCodeCount)
	}
	if st, _ := f.svc.MFAStatus(ctx); !st.Enabled || st.RecoveryLeft != auth.RecoveryCodeCount {
		t.Errorf("status %+v", st)
	}
	if n := len(f.events(t, "auth.mfa_enabled")); n != 1 {
		t.Errorf("%d auth.mfa_enabled events, want 1", n)
	}
}

func TestMFA_SignInOpensASessionOnlyAfterTheCode(t *testing.T) {
	f := setup(t)
	u := f.user(t, "anna@example.com", auth.RoleStaff)
	secret, _ := f.enrol(t, "anna@example.com")
	sessionsBefore := f.count(t, "sessions", "user_id = ?", u.ID)
	need := f.startSignIn(t, "anna@example.com")
	if need.Enrol {
		t.Error("an enrolled user is asked to enrol")
	}
	if n := f.count(t, "sessions", "user_id = ?", u.ID); n != sessionsBefore {
		t.Fatalf("%d sessions after the password alone, want %d", n, sessionsBefore)
	}
	if _, err := f.svc.SignInSecondStep(context.Background(), need.Token, "000000", client("192.0.2.1")); !codeIs(err, apperr.Invalid) {
		t.Fatalf("a wrong code: %v, want Invalid", err)
	}
	if n := f.count(t, "sessions", "user_id = ?", u.ID); n != sessionsBefore {
		t.Fatalf("%d sessions after a wrong code, want %d", n, sessionsBefore)
	}
	code := f.code(t, secret, 0)
	done, err := f.svc.SignInSecondStep(context.Background(), need.Token, code, client("192.0.2.1"))
	if err != nil || done.Actor.Email != "anna@example.com" || done.RecoveryCodes != nil {
		t.Fatalf("second step: %+v, %v", done, err)
	}
	f.authenticate(t, done.Token)
	if _, err := f.svc.SignInSecondStep(context.Background(), need.Token, code, client("192.0.2.1")); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("the same sign-in again: %v, want Unauthenticated", err)
	}
	again := f.startSignIn(t, "anna@example.com")
	if _, err := f.svc.SignInSecondStep(context.Background(), again.Token, code, client("192.0.2.1")); !codeIs(err, apperr.Invalid) {
		t.Errorf("the code replayed in a new sign-in: %v, want Invalid", err)
	}
	if n := len(f.events(t, "auth.signin_code_failed")); n != 2 {
		t.Errorf("%d auth.signin_code_failed events, want 2", n)
	}
}

func TestMFA_RecoveryCodeIsSpentOnce(t *testing.T) {
	f := setup(t)
	f.user(t, "anna@example.com", auth.RoleStaff)
	_, codes := f.enrol(t, "anna@example.com")
	need := f.startSignIn(t, "anna@example.com")
	done, err := f.svc.SignInSecondStep(context.Background(), need.Token, strings.ToUpper(codes[3]), client("192.0.2.1"))
	if err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	if st, _ := f.svc.MFAStatus(f.authenticate(t, done.Token)); st.RecoveryLeft != auth.RecoveryCodeCount-1 {
		t.Errorf("%d recovery codes left, want %d", st.RecoveryLeft, auth.RecoveryCodeCount-1)
	}
	again := f.startSignIn(t, "anna@example.com")
	if _, err := f.svc.SignInSecondStep(context.Background(), again.Token, codes[3], client("192.0.2.1")); !codeIs(err, apperr.Invalid) {
		t.Errorf("the spent code again: %v, want Invalid", err)
	}
}

func TestMFA_WrongCodesEndTheSignInAndThrottle(t *testing.T) {
	f := setup(t)
	f.user(t, "anna@example.com", auth.RoleStaff)
	secret, _ := f.enrol(t, "anna@example.com")
	need := f.startSignIn(t, "anna@example.com")
	for i := 1; i <= auth.MaxCodeFailures; i++ {
		_, err := f.svc.SignInSecondStep(context.Background(), need.Token, "000000", client("192.0.2.1"))
		want := apperr.Invalid
		if i == auth.MaxCodeFailures {
			want = apperr.Unauthenticated // the password must be given again
		}
		if !codeIs(err, want) {
			t.Fatalf("wrong code %d: %v, want %s", i, err, want)
		}
	}
	if _, err := f.svc.SignInSecondStep(context.Background(), need.Token, f.code(t, secret, 0), client("192.0.2.1")); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("the right code after too many wrong ones: %v, want Unauthenticated", err)
	}
	more := f.startSignIn(t, "anna@example.com")
	for range auth.MaxFailuresPerAccount - auth.MaxCodeFailures {
		f.svc.SignInSecondStep(context.Background(), more.Token, "000000", client("192.0.2.1"))
	}
	if _, _, err := f.svc.SignIn(context.Background(), "anna@example.com", pw, client("192.0.2.1")); !codeIs(err, apperr.TooManyRequests) {
		t.Errorf("the password after %d wrong codes: %v, want TooManyRequests", auth.MaxFailuresPerAccount, err)
	}
}

func TestMFA_PolicyForcesEnrolmentBeforeTheSession(t *testing.T) {
	f := setup(t)
	u := f.user(t, "officer@example.com", auth.RoleComplianceOfficer)
	f.user(t, "staff@example.com", auth.RoleStaff)
	officer := f.signIn(t, "officer@example.com")
	if err := f.svc.SetMFAPolicy(f.admin, []auth.Role{auth.RoleComplianceOfficer, auth.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.MFAStatus(officer); err != nil {
		t.Fatal(err)
	}
	if n := f.count(t, "sessions", "user_id = ? AND ended_at IS NULL", u.ID); n != 0 {
		t.Errorf("%d open sessions of the officer without a second factor, want 0", n)
	}
	if err := f.svc.SetMFAPolicy(officer, nil); !codeIs(err, apperr.Forbidden) {
		t.Errorf("an officer setting the policy: %v, want Forbidden", err)
	}
	f.signIn(t, "staff@example.com") // staff are not required
	need := f.startSignIn(t, "officer@example.com")
	p, err := f.svc.PendingSignIn(context.Background(), need.Token)
	if !need.Enrol || err != nil || p.Enrolment == nil {
		t.Fatalf("pending %+v, %v; want an enrolment", p, err)
	}
	done, err := f.svc.SignInSecondStep(context.Background(), need.Token, f.code(t, p.Enrolment.Secret, 0), client("192.0.2.1"))
	if err != nil || len(done.RecoveryCodes) != auth.RecoveryCodeCount {
		t.Fatalf("enrol while signing in: %+v, %v", done, err)
	}
	st, _ := f.svc.MFAStatus(f.authenticate(t, done.Token))
	if !st.Enabled || !st.Required {
		t.Errorf("status %+v, want on and required", st)
	}
	if err := f.svc.DisableMFA(f.authenticate(t, done.Token), "", pw); !codeIs(err, apperr.Invalid) {
		t.Errorf("turning off a required second factor: %v, want Invalid", err)
	}
	if es := f.events(t, "auth.mfa_policy"); len(es) != 1 || !strings.Contains(es[0].Summary, "admin,compliance_officer") {
		t.Errorf("policy events %+v", es)
	}
}

func TestMFA_DisableAndRegenerate(t *testing.T) {
	f := setup(t)
	f.user(t, "anna@example.com", auth.RoleStaff)
	secret, old := f.enrol(t, "anna@example.com")
	need := f.startSignIn(t, "anna@example.com")
	done, err := f.svc.SignInSecondStep(context.Background(), need.Token, f.code(t, secret, 0), client("192.0.2.1"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := f.authenticate(t, done.Token)
	fresh, err := f.svc.RegenerateRecoveryCodes(ctx)
	if err != nil || len(fresh) != auth.RecoveryCodeCount || slices.Contains(fresh, old[0]) {
		t.Fatalf("regenerate: %v, %v", fresh, err)
	}
	f.clock.advance(30 * time.Second)
	p := f.startSignIn(t, "anna@example.com")
	if _, err := f.svc.SignInSecondStep(context.Background(), p.Token, old[0], client("192.0.2.1")); !codeIs(err, apperr.Invalid) {
		t.Errorf("an old recovery code: %v, want Invalid", err)
	}
	if err := f.svc.DisableMFA(ctx, "", "not the password"); !codeIs(err, apperr.Invalid) {
		t.Errorf("disable with a wrong password: %v, want Invalid", err)
	}
	if err := f.svc.DisableMFA(ctx, "000000", ""); !codeIs(err, apperr.Invalid) {
		t.Errorf("disable with a wrong code: %v, want Invalid", err)
	}
	if err := f.svc.DisableMFA(ctx, f.code(t, secret, 0), ""); err != nil {
		t.Fatalf("disable with the code: %v", err)
	}
	if _, _, err := f.svc.SignIn(context.Background(), "anna@example.com", pw, client("192.0.2.1")); err != nil {
		t.Errorf("sign in after turning it off: %v", err)
	}
	if f.count(t, "mfa_recovery_codes", "1 = 1")+f.count(t, "mfa_totp", "1 = 1") != 0 {
		t.Error("the second factor's rows remain")
	}
	for _, action := range []string{"auth.mfa_recovery_codes", "auth.mfa_disabled"} {
		if n := len(f.events(t, action)); n != 1 {
			t.Errorf("%d %s events, want 1", n, action)
		}
	}
}
