package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
)

// cookieValue is the session cookie the visitor's browser holds.
func (v *visitor) cookieValue() string {
	u, _ := url.Parse(v.base)
	for _, c := range v.c.Jar.Cookies(u) {
		if c.Name == "vigil_session" {
			return c.Value
		}
	}
	return ""
}

// holding is a browser that holds the session cookie value.
func holding(t *testing.T, ts *httptest.Server, value string) *visitor {
	v := newVisitor(t, ts)
	u, _ := url.Parse(ts.URL)
	v.c.Jar.SetCookies(u, []*http.Cookie{{Name: "vigil_session", Value: value, Path: "/"}})
	return v
}

// signedInAs tells whose session a browser holds, from the account page.
func (v *visitor) signedInAs() string {
	v.t.Helper()
	res := v.get("/account")
	if res.StatusCode != http.StatusOK {
		return ""
	}
	for _, u := range demo.Users {
		if strings.Contains(res.Body, u.Email) {
			return u.Email
		}
	}
	return "?"
}

// TestSession_PlantedCookieIsNotTheOneUsedAfterSignIn: an attacker plants
// a cookie in the victim's browser, their own anonymous one or one of their
// own session; the victim's sign-in issues a new one, the victim is signed in
// as themselves, and the planted cookie does not open the victim's session.
func TestSession_PlantedCookieIsNotTheOneUsedAfterSignIn(t *testing.T) {
	_, ts := newServer(t)
	attacker := newVisitor(t, ts)
	attacker.get("/signin")
	anonymous := attacker.cookieValue()
	attacker.signIn("staff@example.com")
	// A browser holding a session is shown no sign-in form; one posted
	// there carries the token of the pages it shows.
	for _, tc := range []struct{ name, planted, formPage string }{
		{"anonymous cookie", anonymous, "/signin"}, {"the attacker's session", attacker.cookieValue(), "/account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			planted := tc.planted
			victim := holding(t, ts, planted)
			res := victim.post("/signin", url.Values{"csrf_token": {victim.csrf(tc.formPage)}, "email": {"officer@example.com"},
				"password": {demo.Password}})
			if !res.redirectsTo("/") {
				t.Fatalf("victim's sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if victim.cookieValue() == planted {
				t.Error("the planted cookie was kept at sign-in")
			}
			if who := victim.signedInAs(); who != "officer@example.com" {
				t.Errorf("the victim is signed in as %q", who)
			}
			if who := holding(t, ts, planted).signedInAs(); who == "officer@example.com" {
				t.Error("the planted cookie opens the victim's session")
			}
		})
	}
}

// TestSession_SignOutEndsTheSessionOnTheServer: the cookie of a signed-out
// session, replayed, no longer signs anyone in, and its row says it ended.
func TestSession_SignOutEndsTheSessionOnTheServer(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	cookie := v.cookieValue()
	if res := v.form("/signout", nil); !res.redirectsTo("/signin") {
		t.Fatalf("sign out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	replayed := holding(t, ts, cookie)
	if res := replayed.get("/account"); !sentToSignIn(res) {
		t.Errorf("the signed-out session's cookie, replayed: %d %s, want sent to sign-in", res.StatusCode, res.Header.Get("Location"))
	}
	var open int64
	if err := app.DB.Gorm.Raw("SELECT COUNT(*) FROM sessions WHERE user_id = ? AND ended_at IS NULL",
		userID(t, app, "officer@example.com")).Scan(&open).Error; err != nil || open != 0 {
		t.Errorf("%d sessions of the officer still open after signing out (%v)", open, err)
	}
}
