package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// enrolMFA turns on email's second factor through the service and returns
// its secret and recovery codes. The code that confirmed it is spent: a
// sign-in uses totpCode's, of the next time step.
func enrolMFA(t *testing.T, app *testutil.App, email string) (string, []string) {
	t.Helper()
	ctx := app.SignedIn(t, email)
	e, err := app.Auth.BeginMFA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(e.Secret, app.DB.Now())
	codes, err := app.Auth.ConfirmMFA(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return e.Secret, codes
}

// totpCode is the code of secret's next time step, which the skew of one
// step accepts and no earlier use has spent.
func totpCode(t *testing.T, app *testutil.App, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, app.DB.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// startSecondStep gives email's password, which leads to the second step.
func (v *visitor) startSecondStep(email string) {
	v.t.Helper()
	res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {email}, "password": {demo.Password}})
	if !res.redirectsTo("/signin/second-factor") {
		v.t.Fatalf("password of %s: %d %s, want the second step", email, res.StatusCode, res.Header.Get("Location"))
	}
}

// secondStep posts code to the second step of signing in.
func (v *visitor) secondStep(code string) response {
	v.t.Helper()
	return v.post("/signin/second-factor", url.Values{"csrf_token": {v.csrf("/signin/second-factor")}, "code": {code}})
}

func openSessions(t *testing.T, app *testutil.App, email string) int64 {
	t.Helper()
	var n int64
	if err := app.DB.Gorm.Table("sessions").Where("user_email = ? AND ended_at IS NULL", email).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var secretOnPage = regexp.MustCompile(`data-testid="mfa-secret">([A-Z2-7]+)<`)
var codeOnPage = regexp.MustCompile(`data-testid="recovery-code">([a-z2-7-]+)<`)

func TestMFA_EnrolFromTheAccountPageKeepsOnlyHashes(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("staff@example.com")
	if res := v.form("/account/mfa", nil); !res.redirectsTo("/account/mfa") {
		t.Fatalf("begin: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := v.get("/account/mfa")
	m := secretOnPage.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil || !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page %d without the key or the QR code:\n%s", page.StatusCode, page.Body)
	}
	secret := m[1]
	if res := v.form("/account/mfa/confirm", url.Values{"code": {"123"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong code: %d, want 422", res.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, app.DB.Now())
	res := v.form("/account/mfa/confirm", url.Values{"code": {code}})
	codes := codeOnPage.FindAllStringSubmatch(res.Body, -1)
	if res.StatusCode != http.StatusOK || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("confirm: %d with %d recovery codes", res.StatusCode, len(codes))
	}
	var stored []string
	app.DB.Gorm.Raw(`SELECT secret FROM mfa_totp UNION ALL SELECT code_hash FROM mfa_recovery_codes`).Scan(&stored)
	if len(stored) != 1+auth.RecoveryCodeCount {
		t.Fatalf("%d rows stored, want the secret and %d codes", len(stored), auth.RecoveryCodeCount)
	}
	for _, s := range stored {
		if strings.Contains(s, secret) || slices.ContainsFunc(codes, func(c []string) bool { return strings.Contains(s, c[1]) }) {
			t.Errorf("stored %q shows the secret or a code", s)
		}
	}
	account := v.get("/account").Body
	if !strings.Contains(html.UnescapeString(account), "10 unused recovery codes") {
		t.Errorf("the account page does not say the second factor is on")
	}
	events, _ := audit.List(context.Background(), app.DB.Gorm, audit.Filter{Action: "auth.mfa_enabled"})
	if len(events) != 1 || events[0].ActorEmail != "staff@example.com" {
		t.Errorf("auth.mfa_enabled events %+v", events)
	}
}

func TestMFA_SessionOnlyAfterTheSecondStep(t *testing.T) {
	app, ts := newServer(t)
	secret, _ := enrolMFA(t, app, "staff@example.com")
	before := openSessions(t, app, "staff@example.com")
	v := newVisitor(t, ts)
	v.startSecondStep("staff@example.com")
	if n := openSessions(t, app, "staff@example.com"); n != before {
		t.Fatalf("%d open sessions after the password alone, want %d", n, before)
	}
	if res := v.get("/account"); !sentToSignIn(res) {
		t.Fatalf("the account page after the password alone: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := v.secondStep("000000"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "not right") {
		t.Fatalf("a wrong code: %d", res.StatusCode)
	}
	if n := openSessions(t, app, "staff@example.com"); n != before {
		t.Fatalf("%d open sessions after a wrong code, want %d", n, before)
	}
	if res := v.secondStep(totpCode(t, app, secret)); !res.redirectsTo("/") {
		t.Fatalf("the right code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := openSessions(t, app, "staff@example.com"); n != before+1 {
		t.Fatalf("%d open sessions after the code, want %d", n, before+1)
	}
	if res := v.get("/account"); res.StatusCode != http.StatusOK {
		t.Errorf("the account page once signed in: %d", res.StatusCode)
	}
	failed, _ := audit.List(context.Background(), app.DB.Gorm, audit.Filter{Action: "auth.signin_code_failed"})
	if len(failed) != 1 || failed[0].ObjectID != "staff@example.com" {
		t.Errorf("auth.signin_code_failed events %+v", failed)
	}
}

func TestMFA_RecoveryCodeSignsInOnce(t *testing.T) {
	app, ts := newServer(t)
	_, codes := enrolMFA(t, app, "staff@example.com")
	v := newVisitor(t, ts)
	v.startSecondStep("staff@example.com")
	if res := v.secondStep(strings.ToUpper(codes[0])); !res.redirectsTo("/") {
		t.Fatalf("a recovery code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	again := newVisitor(t, ts)
	again.startSecondStep("staff@example.com")
	if res := again.secondStep(codes[0]); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the spent recovery code: %d, want 422", res.StatusCode)
	}
	var used int64
	app.DB.Gorm.Table("mfa_recovery_codes").Where("used_at IS NOT NULL").Count(&used)
	if used != 1 {
		t.Errorf("%d recovery codes used, want 1", used)
	}
}

func TestMFA_RequiredRoleEnrolsBeforeAnythingElse(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if res := admin.form("/admin/sign-in-policy", url.Values{"roles": {"compliance_officer"}}); !res.redirectsTo("/admin/sign-in-policy") {
		t.Fatalf("set the policy: %d", res.StatusCode)
	}
	if res := officer.get("/cases"); !sentToSignIn(res) {
		t.Errorf("the officer's session went on after the policy: %d", res.StatusCode)
	}
	officer.startSecondStep("officer@example.com")
	page := officer.get("/signin/second-factor")
	m := secretOnPage.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, "requires a second factor") {
		t.Fatalf("no enrolment on the second step:\n%s", page.Body)
	}
	if res := officer.get("/cases"); !sentToSignIn(res) {
		t.Errorf("cases before enrolling: %d", res.StatusCode)
	}
	code, _ := totp.GenerateCode(m[1], app.DB.Now())
	res := officer.secondStep(code)
	if res.StatusCode != http.StatusOK || len(codeOnPage.FindAllString(res.Body, -1)) != auth.RecoveryCodeCount {
		t.Fatalf("enrol: %d", res.StatusCode)
	}
	if res := officer.get("/cases"); res.StatusCode != http.StatusOK {
		t.Errorf("cases once enrolled: %d", res.StatusCode)
	}
	events, _ := audit.List(context.Background(), app.DB.Gorm, audit.Filter{Action: "auth.mfa_policy"})
	if len(events) != 1 || events[0].ActorEmail != "admin@example.com" {
		t.Errorf("auth.mfa_policy events %+v", events)
	}
}
