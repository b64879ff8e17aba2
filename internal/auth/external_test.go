package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func externalID(sub, email string, verified bool, roles ...auth.Role) auth.ExternalIdentity {
	return auth.ExternalIdentity{Provider: "Corp", Issuer: "https://idp.example.com", Subject: sub, Email: email,
		EmailVerified: &verified, Name: "Ana Lima", Roles: roles}
}

// signInExternal signs in through the provider and returns the actor of
// the session opened, checked with Authenticate as every request is.
func (f *fixture) signInExternal(t *testing.T, id auth.ExternalIdentity) *auth.Actor {
	t.Helper()
	token, _, err := f.svc.SignInExternal(context.Background(), id, client("192.0.2.9"))
	if err != nil {
		t.Fatalf("sign in %s through the provider: %v", id.Email, err)
	}
	return auth.ActorFrom(f.authenticate(t, token))
}

func (f *fixture) links(t *testing.T, userID string) []string {
	t.Helper()
	var subjects []string
	if err := f.d.Gorm.Table("external_identities").Where("user_id = ?", userID).Order("subject").Pluck("subject", &subjects).Error; err != nil {
		t.Fatal(err)
	}
	return subjects
}

func TestSignInExternal_CreatesTheUserJustInTime(t *testing.T) {
	f := setup(t)
	a := f.signInExternal(t, externalID("s-1", " Ana@Example.com", true, auth.RoleStaff, auth.RoleComplianceOfficer))
	if a.Email != "ana@example.com" || a.Name != "Ana Lima" || auth.JoinRoles(a.Roles) != "compliance_officer,staff" {
		t.Errorf("actor %+v", a)
	}
	if got := f.links(t, a.UserID); len(got) != 1 || got[0] != "s-1" {
		t.Errorf("identities %v, want [s-1]", got)
	}
	if es := f.events(t, "user.create"); len(es) != 2 || es[0].ObjectID != a.UserID || es[0].ActorEmail != auth.SystemName ||
		!strings.Contains(es[0].Summary, "first sign-in through Corp") {
		t.Errorf("user.create events %+v", es)
	}
	if es := f.events(t, "auth.signin"); len(es) != 2 || es[0].ActorEmail != "ana@example.com" || !strings.Contains(es[0].Summary, "through Corp") {
		t.Errorf("auth.signin events %+v", es)
	}
	// The user has no password: none signs them in.
	if _, _, err := f.svc.SignIn(context.Background(), "ana@example.com", "", client("192.0.2.9")); !codeIs(err, apperr.Unauthenticated) {
		t.Errorf("password sign-in of a single sign-on user: %v", err)
	}
}

func TestSignInExternal_LaterSignInsTakeRolesAndNameFromTheProvider(t *testing.T) {
	f := setup(t)
	first := f.signInExternal(t, externalID("s-1", "ana@example.com", true, auth.RoleStaff))
	id := externalID("s-1", "ana@example.com", true, auth.RoleComplianceOfficer)
	id.Name = "Ana Lima-Souza"
	second := f.signInExternal(t, id)
	if second.UserID != first.UserID || second.Name != "Ana Lima-Souza" || auth.JoinRoles(second.Roles) != "compliance_officer" {
		t.Errorf("second sign-in: %+v", second)
	}
	es := f.events(t, "user.sso_update")
	if len(es) != 1 || !strings.Contains(es[0].Summary, "granted compliance_officer, removed staff") ||
		!strings.Contains(es[0].AfterJSON, "Ana Lima-Souza") || !strings.Contains(es[0].BeforeJSON, `"staff"`) {
		t.Fatalf("user.sso_update events %+v", es)
	}
	// The first session held the old roles: it ended with the change.
	var open int64
	f.d.Gorm.Table("sessions").Where("user_id = ? AND ended_at IS NULL", first.UserID).Count(&open)
	if open != 1 {
		t.Errorf("%d open sessions, want only the new one", open)
	}
	// The same roles again change nothing and record nothing.
	f.signInExternal(t, id)
	if es := f.events(t, "user.sso_update"); len(es) != 1 {
		t.Errorf("%d user.sso_update events after an unchanged sign-in, want 1", len(es))
	}
}

func TestSignInExternal_RefusalsAreRecorded(t *testing.T) {
	f := setup(t)
	f.user(t, "local@example.com", auth.RoleExportManager)
	gone := f.signInExternal(t, externalID("s-gone", "gone@example.com", true, auth.RoleStaff))
	if _, err := f.svc.SetActive(f.admin, gone.UserID, false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		id   auth.ExternalIdentity
		why  string
	}{
		{"no mapped group", externalID("s-2", "new@example.com", true), "no group that gives a role"},
		{"unverified email", externalID("s-3", "new@example.com", false, auth.RoleStaff), "not verified"},
		{"local user, email not verified", externalID("s-4", "local@example.com", false, auth.RoleStaff), "not verified"},
		{"deactivated", externalID("s-gone", "gone@example.com", true, auth.RoleStaff), "deactivated"},
	}
	for i, tc := range tests {
		_, _, err := f.svc.SignInExternal(context.Background(), tc.id, client("192.0.2.9"))
		if !codeIs(err, apperr.Forbidden) || !strings.Contains(apperr.Message(err), tc.why) {
			t.Errorf("%s: %v, want Forbidden saying %q", tc.name, err, tc.why)
		}
		if es := f.events(t, "auth.sso_refused"); len(es) != i+1 || !strings.Contains(es[0].Summary, tc.why) {
			t.Errorf("%s: refusals recorded %+v", tc.name, es)
		}
	}
	var users int64
	f.d.Gorm.Table("users").Where("email = ?", "new@example.com").Count(&users)
	if users != 0 {
		t.Error("a refused sign-in created its user")
	}
}

func TestSignInExternal_LinksALocalUserOnlyOnAVerifiedEmail(t *testing.T) {
	f := setup(t)
	local := f.user(t, "local@example.com", auth.RoleExportManager)
	a := f.signInExternal(t, externalID("s-local", "local@example.com", true, auth.RoleStaff))
	if a.UserID != local.ID || auth.JoinRoles(a.Roles) != "staff" {
		t.Errorf("linked actor %+v, want the local user with the provider's roles", a)
	}
	if got := f.links(t, local.ID); len(got) != 1 || got[0] != "s-local" {
		t.Errorf("identities %v", got)
	}
	if es := f.events(t, "user.link"); len(es) != 1 || es[0].ObjectID != local.ID {
		t.Errorf("user.link events %+v", es)
	}
	// Another subject with the same address does not take the account over.
	_, _, err := f.svc.SignInExternal(context.Background(), externalID("s-other", "local@example.com", true, auth.RoleAdmin), client("192.0.2.9"))
	if !codeIs(err, apperr.Forbidden) || !strings.Contains(apperr.Message(err), "another sign-in") {
		t.Errorf("a second identity for a linked user: %v", err)
	}
	if got := f.links(t, local.ID); len(got) != 1 {
		t.Errorf("identities %v after the refusal", got)
	}
}

func TestSignIn_RefusedWhenPasswordsAreOff(t *testing.T) {
	d := testutil.NewDB(t)
	svc := auth.NewService(d, auth.Settings{IdleTimeout: 1e9, AbsoluteTimeout: 1e10, NoLocalPasswords: true}).WithPasswordParams(testutil.FastPasswords)
	if _, err := svc.Bootstrap(context.Background(), auth.NewUser{Email: "root@example.com", Name: "Root", Roles: []auth.Role{auth.RoleAdmin}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	_, _, err := svc.SignIn(context.Background(), "root@example.com", pw, client("192.0.2.1"))
	if !codeIs(err, apperr.Forbidden) {
		t.Errorf("password sign-in with passwords off: %v, want Forbidden", err)
	}
	var sessions int64
	d.Gorm.Table("sessions").Count(&sessions)
	f := &fixture{d: d}
	if es := f.events(t, "auth.password_refused"); sessions != 0 || len(es) != 1 || es[0].ObjectID != "root@example.com" {
		t.Errorf("%d sessions, refusals %+v", sessions, es)
	}
}
