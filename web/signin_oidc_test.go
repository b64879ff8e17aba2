package web_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// newSSOServer runs Vigil with single sign-on through a test provider, and
// the settings of extra on top.
func newSSOServer(t *testing.T, extra map[string]string) (*testutil.App, *httptest.Server, *testutil.OIDCProvider) {
	t.Helper()
	idp := testutil.NewOIDCProvider(t)
	env := idp.Settings()
	maps.Copy(env, extra)
	app := testutil.NewAppWith(t, env)
	ts := httptest.NewServer(app.Server)
	t.Cleanup(ts.Close)
	return app, ts, idp
}

// ssoStart presses "Sign in with …" and returns where Vigil sends the browser.
func (v *visitor) ssoStart() string {
	v.t.Helper()
	res := v.get("/signin/oidc")
	if res.StatusCode != http.StatusSeeOther {
		v.t.Fatalf("GET /signin/oidc: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

// ssoReturn follows the provider's redirect back to Vigil.
func (v *visitor) ssoReturn(callback string) response {
	v.t.Helper()
	u, err := url.Parse(callback)
	if err != nil || u.Path != "/signin/oidc/callback" {
		v.t.Fatalf("the provider sent the browser to %q", callback)
	}
	return v.get(u.RequestURI())
}

// ssoSignIn signs in at the provider as login and returns Vigil's answer.
func (v *visitor) ssoSignIn(idp *testutil.OIDCProvider, login string) response {
	v.t.Helper()
	return v.ssoReturn(idp.Authorize(v.t, v.ssoStart(), login))
}

// flashAfter follows a redirect to the sign-in page and returns the message it shows.
func (v *visitor) flashAfter(res response) string {
	v.t.Helper()
	if !res.redirectsTo("/signin") {
		v.t.Fatalf("%d to %q, want a redirect to /signin", res.StatusCode, res.Header.Get("Location"))
	}
	body := v.get("/signin").Body
	_, after, _ := strings.Cut(body, `data-testid="flash">`)
	msg, _, _ := strings.Cut(after, "<")
	return msg
}

func ssoUser(t *testing.T, app *testutil.App, email string) *auth.User {
	t.Helper()
	var users []auth.User
	if err := app.DB.Gorm.Where("email = ?", email).Find(&users).Error; err != nil {
		t.Fatal(err)
	}
	if len(users) == 0 {
		return nil
	}
	u, err := app.Auth.GetUser(app.SignedIn(t, "admin@example.com"), users[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func auditActions(t *testing.T, app *testutil.App, action string) []audit.Entry {
	t.Helper()
	es, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestSSO_SignInPageOffersTheProvider(t *testing.T) {
	_, ts, _ := newSSOServer(t, nil)
	body := newVisitor(t, ts).get("/signin?next=/cases").Body
	if !strings.Contains(body, "Sign in with Test IdP") || !strings.Contains(body, `href="/signin/oidc?next=%2Fcases"`) ||
		!strings.Contains(body, `name="password"`) {
		t.Errorf("sign-in page:\n%s", body)
	}
	_, plain := newServer(t)
	if body := newVisitor(t, plain).get("/signin").Body; strings.Contains(body, "signin-sso") {
		t.Error("the sign-in page offers single sign-on that is not set up")
	}
}

func TestSSO_FirstSignInCreatesTheUserAndLaterOnesTakeTheRoles(t *testing.T) {
	app, ts, idp := newSSOServer(t, nil)
	idp.SetPerson("ana", map[string]any{"email": "ana@example.com", "email_verified": true, "name": "Ana Lima",
		"groups": []string{"vigil-officers", "everyone"}})
	first := newVisitor(t, ts)
	if res := first.ssoSignIn(idp, "ana"); !res.redirectsTo("/") {
		t.Fatalf("sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := first.get("/"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Ana Lima") {
		t.Fatalf("home after sign-in: %d", res.StatusCode)
	}
	u := ssoUser(t, app, "ana@example.com")
	if u == nil || u.Name != "Ana Lima" || auth.JoinRoles(u.Roles) != "compliance_officer" || !u.Active || u.PasswordHash != "" {
		t.Fatalf("user %+v", u)
	}
	if es := auditActions(t, app, "user.create"); len(es) == 0 || es[0].ObjectID != u.ID {
		t.Errorf("no user.create event for the new user: %+v", es)
	}

	idp.SetPerson("ana", map[string]any{"email": "ana@example.com", "email_verified": true, "name": "Ana Lima", "groups": "vigil-staff"})
	second := newVisitor(t, ts)
	if res := second.ssoSignIn(idp, "ana"); !res.redirectsTo("/") {
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	if u := ssoUser(t, app, "ana@example.com"); auth.JoinRoles(u.Roles) != "staff" {
		t.Errorf("roles after the second sign-in: %v", u.Roles)
	}
	if es := auditActions(t, app, "user.sso_update"); len(es) != 1 || !strings.Contains(es[0].Summary, "granted staff, removed compliance_officer") {
		t.Errorf("user.sso_update events %+v", es)
	}
	// The first browser's session held the officer's role: it has ended.
	if res := first.get("/"); !sentToSignIn(res) {
		t.Errorf("the session from before the change of roles: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSSO_Refusals(t *testing.T) {
	tests := []struct {
		name    string
		person  map[string]any
		tamper  func(claims map[string]any)
		state   string // the state the browser brings back, when not the one sent
		flash   string
		audited string
	}{
		{name: "state mismatch", state: "forged", flash: "expired or was not started here"},
		{name: "nonce mismatch", tamper: func(c map[string]any) { c["nonce"] = "replayed" }, flash: "could not be verified", audited: "auth.sso_failed"},
		{name: "wrong audience", tamper: func(c map[string]any) { c["aud"] = "another-app" }, flash: "could not be verified", audited: "auth.sso_failed"},
		{name: "expired token", tamper: func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() },
			flash: "could not be verified", audited: "auth.sso_failed"},
		{name: "another issuer", tamper: func(c map[string]any) { c["iss"] = "https://evil.example.com" }, flash: "could not be verified",
			audited: "auth.sso_failed"},
		{name: "unmapped group", person: map[string]any{"groups": []string{"sales"}}, flash: "no group that gives a role in Vigil",
			audited: "auth.sso_refused"},
		{name: "unverified email", person: map[string]any{"email_verified": false}, flash: "has not verified your email", audited: "auth.sso_refused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app, ts, idp := newSSOServer(t, nil)
			person := map[string]any{"email": "eve@example.com", "email_verified": true, "groups": []string{"vigil-admins"}}
			maps.Copy(person, tc.person)
			idp.SetPerson("eve", person)
			idp.Tamper(tc.tamper)
			v := newVisitor(t, ts)
			callback := idp.Authorize(t, v.ssoStart(), "eve")
			if tc.state != "" {
				u, _ := url.Parse(callback)
				q := u.Query()
				q.Set("state", tc.state)
				u.RawQuery = q.Encode()
				callback = u.String()
			}
			if msg := v.flashAfter(v.ssoReturn(callback)); !strings.Contains(msg, tc.flash) {
				t.Errorf("message %q, want %q", msg, tc.flash)
			}
			if u := ssoUser(t, app, "eve@example.com"); u != nil {
				t.Errorf("a refused sign-in created %+v", u)
			}
			if res := v.get("/"); !sentToSignIn(res) {
				t.Errorf("after a refused sign-in, / answers %d", res.StatusCode)
			}
			if tc.audited != "" && len(auditActions(t, app, tc.audited)) != 1 {
				t.Errorf("no %s event", tc.audited)
			}
		})
	}
}

func TestSSO_CallbackIsUsedOnce(t *testing.T) {
	app, ts, idp := newSSOServer(t, nil)
	idp.SetPerson("ana", map[string]any{"email": "ana@example.com", "groups": []string{"vigil-staff"}})
	v := newVisitor(t, ts)
	callback := idp.Authorize(t, v.ssoStart(), "ana")
	if res := v.ssoReturn(callback); !res.redirectsTo("/") {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	// The same answer again, in this browser or another, finds no attempt
	// and opens no session.
	if res := v.ssoReturn(callback); !res.redirectsTo("/signin") {
		t.Errorf("the answer used again: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	other := newVisitor(t, ts)
	if msg := other.flashAfter(other.ssoReturn(callback)); !strings.Contains(msg, "expired or was not started here") {
		t.Errorf("the answer used in another browser: %q", msg)
	}
	var sessions int64
	app.DB.Gorm.Table("sessions").Where("user_email = ?", "ana@example.com").Count(&sessions)
	if sessions != 1 {
		t.Errorf("%d sessions, want 1", sessions)
	}
}

func TestSSO_LocalPasswordsOff(t *testing.T) {
	app, ts, _ := newSSOServer(t, map[string]string{"VIGIL_LOCAL_PASSWORDS": "false"})
	v := newVisitor(t, ts)
	page := v.get("/signin").Body
	if strings.Contains(page, `name="password"`) || !strings.Contains(page, "Sign in with Test IdP") {
		t.Errorf("sign-in page with passwords off:\n%s", page)
	}
	// The page has no form, but the browser holds its anti-forgery token
	// (in the htmx headers): a hand-made post carries it.
	token := regexp.MustCompile(`X-CSRF-Token(?:&#34;|"):(?:&#34;|")([^&"]+)`).FindStringSubmatch(page)
	if token == nil {
		t.Fatal("no anti-forgery token on the sign-in page")
	}
	res := v.post("/signin", url.Values{"csrf_token": {token[1]}, "email": {"admin@example.com"}, "password": {demo.Password}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Sign-in with a password is turned off") {
		t.Errorf("password sign-in: %d", res.StatusCode)
	}
	var sessions int64
	app.DB.Gorm.Table("sessions").Count(&sessions)
	if es := auditActions(t, app, "auth.password_refused"); sessions != 0 || len(es) != 1 {
		t.Errorf("%d sessions and %d refusals recorded, want 0 and 1", sessions, len(es))
	}
}
