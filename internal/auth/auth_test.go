package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

const pw = "correct horse battery"

// clock is a settable time for session and throttling tests.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) advance(d time.Duration) { c.now = c.now.Add(d) }
func newClock(d *db.DB) *clock {
	c := &clock{now: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
	d.Now = c.Now
	return c
}
func client(ip string) auth.Client         { return auth.Client{IP: ip, UserAgent: "test"} }
func codeIs(err error, c apperr.Code) bool { return apperr.CodeOf(err) == c }

type fixture struct {
	d     *db.DB
	svc   *auth.Service
	clock *clock
	admin context.Context // signed in as an administrator
}

func setup(t *testing.T) *fixture {
	t.Helper()
	d := testutil.NewDB(t)
	f := &fixture{d: d, svc: testutil.NewAuth(d), clock: newClock(d)}
	f.user(t, "root@example.com", auth.RoleAdmin)
	f.admin = f.signIn(t, "root@example.com")
	return f
}

func (f *fixture) user(t *testing.T, email string, roles ...auth.Role) *auth.User {
	t.Helper()
	u, err := f.svc.Bootstrap(context.Background(), auth.NewUser{Email: email, Name: "Test " + email, Roles: roles, Password: pw})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// signIn signs in and returns a context carrying the actor, as the web layer does.
func (f *fixture) signIn(t *testing.T, email string) context.Context {
	t.Helper()
	token, _, err := f.svc.SignIn(context.Background(), email, pw, client("192.0.2.1"))
	if err != nil {
		t.Fatalf("sign in %s: %v", email, err)
	}
	return f.authenticate(t, token)
}

func (f *fixture) authenticate(t *testing.T, token string) context.Context {
	t.Helper()
	a, err := f.svc.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return auth.WithActor(context.Background(), a, "")
}

func (f *fixture) events(t *testing.T, action string) []audit.Entry {
	t.Helper()
	es, err := audit.List(context.Background(), f.d.Gorm, audit.Filter{Action: action, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestPermissions_TableReadsLikeTheProduct(t *testing.T) {
	tests := []struct {
		role auth.Role
		perm auth.Permission
		want bool
	}{
		{auth.RoleAdmin, auth.PermManageUsers, true},
		{auth.RoleAdmin, auth.PermReadAudit, true},
		{auth.RoleExportManager, auth.PermManageUsers, false},
		{auth.RoleExportManager, auth.PermReadAudit, false},
		{auth.RoleComplianceOfficer, auth.PermManageUsers, false},
		{auth.RoleComplianceOfficer, auth.PermReadAudit, true},
		{auth.RoleStaff, auth.PermManageUsers, false},
		{auth.RoleStaff, auth.PermReadAudit, false},
		{auth.RoleAuditor, auth.PermManageUsers, false},
		{auth.RoleAuditor, auth.PermReadAudit, true},
		{auth.RoleAdmin, auth.PermImportLists, true},
		{auth.RoleComplianceOfficer, auth.PermImportLists, false},
		{auth.RoleExportManager, auth.PermImportLists, false},
		{auth.RoleAdmin, auth.PermSignOffCases, false},
		{auth.RoleExportManager, auth.PermSignOffCases, true},
		{auth.RoleComplianceOfficer, auth.PermSignOffCases, true},
		{auth.RoleStaff, auth.PermReadCases, false},
		{auth.RoleAuditor, auth.PermReadCases, true},
		{auth.RoleAuditor, auth.PermEditCases, false},
		{auth.RoleComplianceOfficer, auth.PermSetCaseRisk, true},
		{auth.RoleExportManager, auth.PermSetCaseRisk, false},
	}
	for _, tc := range tests {
		role, got := auth.GrantingRole([]auth.Role{tc.role}, tc.perm)
		if got != tc.want || (got && role != tc.role) {
			t.Errorf("%s %s: got %v (%s), want %v", tc.role, tc.perm, got, role, tc.want)
		}
	}
	if role, _ := auth.GrantingRole([]auth.Role{auth.RoleAuditor, auth.RoleAdmin}, auth.PermReadAudit); role != auth.RoleAdmin {
		t.Errorf("granting role of admin+auditor = %s, want the first in role order (admin)", role)
	}
}

func TestPasswordProblem(t *testing.T) {
	tests := []struct {
		pw   string
		okay bool
	}{
		{"", false},
		{"elevenchars", false},
		{"twelve chars", true},
		{"ünïcödé-pässwörd", true},
		{"ääääääääääää", true}, // 12 characters, 24 bytes
		{strings.Repeat("x", 256), true},
		{strings.Repeat("x", 257), false},
	}
	for _, tc := range tests {
		if got := auth.PasswordProblem(tc.pw) == ""; got != tc.okay {
			t.Errorf("PasswordProblem(%q) ok=%v, want %v", tc.pw, got, tc.okay)
		}
	}
}

func TestCreateUser_ValidatesAndRecords(t *testing.T) {
	f := setup(t)
	tests := []struct {
		name   string
		in     auth.NewUser
		fields []string
		code   apperr.Code
	}{
		{"bad email", auth.NewUser{Email: "not-an-email", Name: "X", Password: pw}, []string{"email"}, apperr.Invalid},
		{"display-name email", auth.NewUser{Email: "X <x@example.com>", Name: "X", Password: pw}, []string{"email"}, apperr.Invalid},
		{"no name", auth.NewUser{Email: "x@example.com", Name: "  ", Password: pw}, []string{"name"}, apperr.Invalid},
		{"short password", auth.NewUser{Email: "x@example.com", Name: "X", Password: "short"}, []string{"password"}, apperr.Invalid},
		{"unknown role", auth.NewUser{Email: "x@example.com", Name: "X", Password: pw, Roles: []auth.Role{"root"}}, []string{"roles"}, apperr.Invalid},
		{"taken email, other case", auth.NewUser{Email: "ROOT@example.com", Name: "X", Password: pw}, []string{"email"}, apperr.Conflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.CreateUser(f.admin, tc.in)
			if !codeIs(err, tc.code) {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			for _, field := range tc.fields {
				if apperr.FieldsOf(err)[field] == "" {
					t.Errorf("no message for field %s: %v", field, apperr.FieldsOf(err))
				}
			}
		})
	}
	u, err := f.svc.CreateUser(f.admin, auth.NewUser{Email: " Nora@Example.com ", Name: "Nora", Password: pw,
		Roles: []auth.Role{auth.RoleStaff, auth.RoleExportManager, auth.RoleStaff}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "nora@example.com" || fmt.Sprint(u.Roles) != "[export_manager staff]" || !u.Active {
		t.Errorf("created %+v", u)
	}
	ev := f.events(t, "user.create")[0]
	if ev.ObjectID != u.ID || ev.ActorEmail != "root@example.com" || !strings.Contains(ev.AfterJSON, `"roles":"export_manager,staff"`) ||
		strings.Contains(ev.AfterJSON, "argon2") {
		t.Errorf("audit event %+v", ev)
	}
}

func TestServices_RecheckPermission(t *testing.T) {
	f := setup(t)
	staff := f.user(t, "staff@example.com", auth.RoleStaff)
	auditor := f.user(t, "auditor@example.com", auth.RoleAuditor)
	for _, email := range []string{staff.Email, auditor.Email} {
		ctx := f.signIn(t, email)
		if _, err := f.svc.CreateUser(ctx, auth.NewUser{Email: "x@example.com", Name: "X", Password: pw}); !codeIs(err, apperr.Forbidden) {
			t.Errorf("%s CreateUser: %v, want Forbidden", email, err)
		}
		if _, err := f.svc.SetRoles(ctx, staff.ID, []auth.Role{auth.RoleAdmin}); !codeIs(err, apperr.Forbidden) {
			t.Errorf("%s SetRoles: %v, want Forbidden", email, err)
		}
		if _, err := f.svc.ListUsers(ctx); !codeIs(err, apperr.Forbidden) {
			t.Errorf("%s ListUsers: %v, want Forbidden", email, err)
		}
	}
	if _, err := f.svc.ListUsers(context.Background()); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("anonymous ListUsers: %v, want Unauthenticated", err)
	}
}

func TestRequire_RefusalSaysWhichRolesMay(t *testing.T) {
	staff := auth.WithActor(context.Background(), &auth.Actor{UserID: "u1", Roles: []auth.Role{auth.RoleStaff}}, "")
	for _, tc := range []struct {
		perm auth.Permission
		want string
	}{
		{auth.PermManageAPITokens, "Managing API tokens is for administrators."},
		{auth.PermJudgeCountries, "Confirming measures and setting risk tiers is for compliance officers."},
		{auth.PermEditReference, "Recording reference data is for administrators and compliance officers."},
		{auth.PermScreen, "Screening names is for export managers and compliance officers."},
		{auth.PermReadReference, "Seeing the country reference data is for administrators, export managers, compliance officers and auditors."},
	} {
		_, err := auth.Require(staff, tc.perm)
		if !codeIs(err, apperr.Forbidden) || apperr.Message(err) != tc.want {
			t.Errorf("%s: %v (%q), want Forbidden: %q", tc.perm, apperr.CodeOf(err), apperr.Message(err), tc.want)
		}
	}
	if _, err := auth.Require(context.Background(), auth.PermScreen); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("nobody signed in: %v, want Unauthenticated", err)
	}
}

func TestSystem_ActsFromTheCommandLineOnly(t *testing.T) {
	f := setup(t)
	system := auth.AsSystem(context.Background())
	if !auth.IsSystem(system) || auth.IsSystem(context.Background()) || auth.IsSystem(f.admin) {
		t.Error("IsSystem: want true only for a context made by AsSystem")
	}
	if a, err := auth.RequireOrSystem(system, auth.PermManageAPITokens); a != nil || err != nil {
		t.Errorf("system: %v, %v; want no actor and no error", a, err)
	}
	// A job started by a request acts as the system in the trail but keeps
	// the request's actor, whose rights still decide.
	staff := f.signIn(t, f.user(t, "staff@example.com", auth.RoleStaff).Email)
	if _, err := auth.RequireOrSystem(auth.AsSystem(staff), auth.PermManageAPITokens); !codeIs(err, apperr.Forbidden) {
		t.Errorf("signed-in staff as the system: %v, want Forbidden", err)
	}
	if _, err := auth.RequireOrSystem(context.Background(), auth.PermManageAPITokens); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("nobody: %v, want Unauthenticated", err)
	}
	if es := f.events(t, "user.create"); len(es) != 2 || es[0].ActorEmail != auth.SystemName || es[0].ActorRole != auth.SystemName {
		t.Errorf("Bootstrap's events: %+v, want them by the system", es)
	}
}

func TestSecrets_AreRandomAndStoredAsTheirHash(t *testing.T) {
	a, b := auth.NewSecret(), auth.NewSecret()
	if len(a) != 32 || bytes.Equal(a, b) {
		t.Errorf("secrets %x and %x: want 32 random bytes each", a, b)
	}
	tok := auth.RandomToken()
	if _, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(tok) != 43 {
		t.Errorf("token %q: want 32 bytes in URL-safe base64", tok)
	}
	sum := sha256.Sum256([]byte(tok))
	if auth.HashToken(tok) != hex.EncodeToString(sum[:]) {
		t.Errorf("HashToken(%q) = %s, want its SHA-256 in hex", tok, auth.HashToken(tok))
	}
}

func TestSignIn_FailureNeverRevealsTheEmail(t *testing.T) {
	f := setup(t)
	_, _, errWrongPw := f.svc.SignIn(context.Background(), "root@example.com", "wrong password!", client("192.0.2.9"))
	_, _, errNoUser := f.svc.SignIn(context.Background(), "nobody@example.com", pw, client("192.0.2.9"))
	if !codeIs(errWrongPw, apperr.Unauthenticated) || apperr.Message(errWrongPw) != apperr.Message(errNoUser) {
		t.Errorf("messages differ: %q vs %q", apperr.Message(errWrongPw), apperr.Message(errNoUser))
	}
	if n := len(f.events(t, "auth.signin_failed")); n != 2 {
		t.Errorf("%d failure events, want 2", n)
	}
}

func TestSignIn_Throttling(t *testing.T) {
	tests := []struct {
		name      string
		failures  func(f *fixture, t *testing.T)
		thenEmail string
		thenIP    string
		want      apperr.Code
	}{
		{"five failures for one account, then the right password", func(f *fixture, t *testing.T) {
			for i := range 5 {
				f.fail(t, "root@example.com", fmt.Sprintf("198.51.100.%d", i))
			}
		}, "root@example.com", "198.51.100.99", apperr.TooManyRequests},
		{"four failures are not enough", func(f *fixture, t *testing.T) {
			for range 4 {
				f.fail(t, "root@example.com", "198.51.100.1")
			}
		}, "root@example.com", "198.51.100.1", ""},
		{"failures older than 15 minutes expire", func(f *fixture, t *testing.T) {
			for range 5 {
				f.fail(t, "root@example.com", "198.51.100.1")
			}
			f.clock.advance(15*time.Minute + time.Second)
		}, "root@example.com", "198.51.100.1", ""},
		{"twenty failures from one address lock every account there", func(f *fixture, t *testing.T) {
			for i := range 20 {
				f.fail(t, fmt.Sprintf("guess%d@example.com", i), "203.0.113.5")
			}
		}, "root@example.com", "203.0.113.5", apperr.TooManyRequests},
		{"other addresses are not affected by one address's failures", func(f *fixture, t *testing.T) {
			for i := range 20 {
				f.fail(t, fmt.Sprintf("guess%d@example.com", i), "203.0.113.5")
			}
		}, "root@example.com", "203.0.113.6", ""},
		{"a success resets the account's count", func(f *fixture, t *testing.T) {
			for range 4 {
				f.fail(t, "root@example.com", "198.51.100.1")
			}
			f.signIn(t, "root@example.com")
			for range 4 {
				f.fail(t, "root@example.com", "198.51.100.1")
			}
		}, "root@example.com", "198.51.100.1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			tc.failures(f, t)
			_, _, err := f.svc.SignIn(context.Background(), tc.thenEmail, pw, client(tc.thenIP))
			if apperr.CodeOf(err) != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if tc.want == apperr.TooManyRequests {
				var ae *apperr.Error
				if e, ok := err.(*apperr.Error); ok {
					ae = e
				}
				if ae == nil || ae.RetryAfter <= 0 || ae.RetryAfter > auth.ThrottleWindow {
					t.Errorf("RetryAfter = %v, want within the window", ae)
				}
				if n := len(f.events(t, "auth.signin_throttled")); n != 1 {
					t.Errorf("%d throttling events, want 1", n)
				}
			}
		})
	}
}

func (f *fixture) fail(t *testing.T, email, ip string) {
	t.Helper()
	_, _, err := f.svc.SignIn(context.Background(), email, "wrong password!", client(ip))
	if !codeIs(err, apperr.Unauthenticated) {
		t.Fatalf("failure for %s from %s: got %v", email, ip, err)
	}
	f.clock.advance(time.Second)
}

func TestSessions_Timeouts(t *testing.T) {
	tests := []struct {
		name  string
		steps []time.Duration // requests after these pauses
		alive bool
	}{
		{"active user", []time.Duration{10 * time.Minute, 29 * time.Minute}, true},
		{"idle 30 minutes", []time.Duration{30 * time.Minute}, false},
		{"busy but past 8 hours", []time.Duration{
			25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute,
			25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute,
			25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute, 25 * time.Minute,
			25 * time.Minute, 25 * time.Minute}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			token, _, err := f.svc.SignIn(context.Background(), "root@example.com", pw, client("192.0.2.1"))
			if err != nil {
				t.Fatal(err)
			}
			for _, pause := range tc.steps {
				f.clock.advance(pause)
				_, err = f.svc.Authenticate(context.Background(), token)
			}
			if (err == nil) != tc.alive {
				t.Fatalf("alive=%v (%v), want %v", err == nil, err, tc.alive)
			}
			if !tc.alive {
				f.clock.now = f.clock.now.Add(-time.Hour) // even back in time, an ended session stays ended
				if _, err := f.svc.Authenticate(context.Background(), token); err == nil {
					t.Error("ended session came back")
				}
			}
		})
	}
}

func TestSessions_EndWhenAccountChanges(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *fixture, u *auth.User) error
	}{
		{"role change", func(f *fixture, u *auth.User) error {
			_, err := f.svc.SetRoles(f.admin, u.ID, []auth.Role{auth.RoleStaff, auth.RoleExportManager})
			return err
		}},
		{"password reset", func(f *fixture, u *auth.User) error {
			return f.svc.ResetPassword(f.admin, u.ID, "a brand new password")
		}},
		{"deactivation", func(f *fixture, u *auth.User) error {
			_, err := f.svc.SetActive(f.admin, u.ID, false)
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			u := f.user(t, "staff@example.com", auth.RoleStaff)
			token, _, err := f.svc.SignIn(context.Background(), u.Email, pw, client("192.0.2.1"))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.change(f, u); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Authenticate(context.Background(), token); !codeIs(err, apperr.Unauthenticated) {
				t.Fatalf("session still valid after %s: %v", tc.name, err)
			}
			if len(f.events(t, "session.end_all")) != 1 {
				t.Error("ending the sessions was not recorded")
			}
		})
	}
}

func TestDeactivatedUserCannotSignIn(t *testing.T) {
	f := setup(t)
	u := f.user(t, "gone@example.com", auth.RoleStaff)
	if _, err := f.svc.SetActive(f.admin, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.SignIn(context.Background(), u.Email, pw, client("192.0.2.1")); !codeIs(err, apperr.Unauthenticated) {
		t.Fatalf("got %v, want Unauthenticated", err)
	}
	if _, err := f.svc.SetActive(f.admin, u.ID, true); err != nil {
		t.Fatal(err)
	}
	f.signIn(t, u.Email)
}

func TestLastAdministratorIsProtected(t *testing.T) {
	f := setup(t)
	root := f.admin
	me := auth.ActorFrom(root)
	if _, err := f.svc.SetActive(root, me.UserID, false); !codeIs(err, apperr.Conflict) {
		t.Errorf("deactivate self: %v, want Conflict", err)
	}
	if _, err := f.svc.SetRoles(root, me.UserID, []auth.Role{auth.RoleStaff}); !codeIs(err, apperr.Conflict) {
		t.Errorf("remove own admin role as last admin: %v, want Conflict", err)
	}
	other := f.user(t, "second@example.com", auth.RoleAdmin)
	if _, err := f.svc.SetRoles(root, me.UserID, []auth.Role{auth.RoleStaff}); err != nil {
		t.Errorf("with a second admin, dropping admin should work: %v", err)
	}
	_ = other
}

func TestChangeOwnPassword(t *testing.T) {
	f := setup(t)
	f.user(t, "olga@example.com", auth.RoleComplianceOfficer)
	ctx := f.signIn(t, "olga@example.com")
	otherToken, _, _ := f.svc.SignIn(context.Background(), "olga@example.com", pw, client("192.0.2.2"))

	_, err := f.svc.ChangeOwnPassword(ctx, "wrong current pw", "a new long password", client("192.0.2.1"))
	if apperr.FieldsOf(err)["current"] == "" {
		t.Errorf("wrong current password: %v", err)
	}
	_, err = f.svc.ChangeOwnPassword(ctx, pw, "short", client("192.0.2.1"))
	if apperr.FieldsOf(err)["password"] == "" {
		t.Errorf("short new password: %v", err)
	}
	newToken, err := f.svc.ChangeOwnPassword(ctx, pw, "a new long password", client("192.0.2.1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), otherToken); err == nil {
		t.Error("other session survived the password change")
	}
	if _, err := f.svc.Authenticate(context.Background(), newToken); err != nil {
		t.Errorf("fresh session refused: %v", err)
	}
	if _, _, err := f.svc.SignIn(context.Background(), "olga@example.com", "a new long password", client("192.0.2.1")); err != nil {
		t.Errorf("new password refused: %v", err)
	}
}

func TestOwnSessions_ListAndEnd(t *testing.T) {
	f := setup(t)
	f.user(t, "max@example.com", auth.RoleExportManager)
	ctx := f.signIn(t, "max@example.com")
	t2, _, _ := f.svc.SignIn(context.Background(), "max@example.com", pw, client("192.0.2.2"))
	t3, _, _ := f.svc.SignIn(context.Background(), "max@example.com", pw, client("192.0.2.3"))
	list, err := f.svc.ListOwnSessions(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("got %d sessions, %v; want 3", len(list), err)
	}
	other := f.authenticate(t, t2)
	if err := f.svc.EndOwnSession(ctx, auth.ActorFrom(other).SessionID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), t2); err == nil {
		t.Error("ended session still valid")
	}
	if err := f.svc.EndOwnSession(ctx, auth.ActorFrom(ctx).SessionID); !codeIs(err, apperr.Invalid) {
		t.Errorf("ending the current session: %v, want Invalid", err)
	}
	if err := f.svc.EndOwnSession(ctx, auth.ActorFrom(f.admin).SessionID); !codeIs(err, apperr.NotFound) {
		t.Errorf("ending someone else's session: %v, want NotFound", err)
	}
	if err := f.svc.EndOtherOwnSessions(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), t3); err == nil {
		t.Error("third session survived 'end all other sessions'")
	}
	if list, _ := f.svc.ListOwnSessions(ctx); len(list) != 1 {
		t.Errorf("%d sessions left, want only the current one", len(list))
	}
}

func TestSignOut(t *testing.T) {
	f := setup(t)
	token, _, _ := f.svc.SignIn(context.Background(), "root@example.com", pw, client("192.0.2.1"))
	ctx := f.authenticate(t, token)
	if err := f.svc.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), token); err == nil {
		t.Error("session valid after sign-out")
	}
	if len(f.events(t, "auth.signout")) != 1 {
		t.Error("sign-out not recorded")
	}
}
