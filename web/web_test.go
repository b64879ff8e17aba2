package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/demo"
)

func TestCSRF_StateChangeWithoutValidTokenIsRefusedAndChangesNothing(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("admin@example.com")
	newUser := url.Values{"email": {"mallory@example.com"}, "name": {"Mallory"}, "password": {"long enough password"}}
	tests := []struct {
		name  string
		token string
	}{
		{"no token", ""},
		{"wrong token", "forged-token"},
		{"token of another session", otherSessionToken(t, ts)},
	}
	eventsBefore, _, _ := audit.Head(t.Context(), app.DB.Gorm)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{}
			for k, vs := range newUser {
				form[k] = vs
			}
			if tc.token != "" {
				form.Set("csrf_token", tc.token)
			}
			res := v.post("/admin/users", form)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
		})
	}
	if n, _ := app.Auth.UserTotal(t.Context()); n != int64(len(demo.Users)) {
		t.Errorf("%d users after refused posts, want the %d demo users", n, len(demo.Users))
	}
	// The only trace the refused posts leave is their record in the audit trail.
	newer, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Limit: 100})
	for _, e := range newer {
		if e.Seq > eventsBefore && e.Action != "access.denied" {
			t.Errorf("refused post recorded %s", e.Action)
		}
	}
	if after, _, _ := audit.Head(t.Context(), app.DB.Gorm); after != eventsBefore+int64(len(tests)) {
		t.Errorf("audit trail grew from %d to %d events, want one refusal per post", eventsBefore, after)
	}
	// The same form with the session's token, as a header (htmx) or a field, works.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/admin/users", strings.NewReader(newUser.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", v.csrf("/account"))
	if res := v.do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the header token: %d, want 303", res.StatusCode)
	}
}

func otherSessionToken(t *testing.T, ts *httptest.Server) string {
	o := newVisitor(t, ts)
	o.signIn("admin@example.com")
	return o.csrf("/account")
}

func TestCSRF_CrossSiteRequestIsRefused(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("admin@example.com")
	form := url.Values{"csrf_token": {v.csrf("/account")}, "email": {"x@example.com"}, "name": {"X"}, "password": {"long enough password"}}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/admin/users", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := v.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %d, want 403", res.StatusCode)
	}
}

func TestSignIn_FiveWrongPasswordsThenRightOneIsThrottled(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	try := func(pw string) response {
		return v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"officer@example.com"}, "password": {pw}})
	}
	for i := range 5 {
		res := try("wrong password " + strconv.Itoa(i))
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "The email or password is not correct.") {
			t.Fatalf("failure %d: status %d", i, res.StatusCode)
		}
		if !strings.Contains(res.Body, `value="officer@example.com"`) {
			t.Error("the email typed was not kept")
		}
	}
	res := try(demo.Password)
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("right password after five failures: %d, want 429", res.StatusCode)
	}
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60 {
		t.Errorf("Retry-After %q, want seconds within 15 minutes", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(res.Body, "Too many failed sign-in attempts") {
		t.Error("throttled page does not say why")
	}
	if !strings.Contains(app.Log.String(), `"status":429`) {
		t.Error("throttled request not in the access log")
	}
	// Another account from another client is unaffected.
	newVisitor(t, ts).signIn("staff@example.com")
}

func TestSignIn_UnknownEmailGetsTheSameAnswer(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	bodies := map[string]string{}
	for _, email := range []string{"admin@example.com", "nobody@example.com"} {
		res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {email}, "password": {"not the password"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("%s: %d", email, res.StatusCode)
		}
		bodies[email] = strings.ReplaceAll(res.Body, email, "EMAIL")
	}
	strip := func(s string) string { return csrfField.ReplaceAllString(s, "") }
	if strip(bodies["admin@example.com"]) != strip(bodies["nobody@example.com"]) {
		t.Error("the answer differs between a known and an unknown email")
	}
}

func TestSignIn_RedirectsOnlyWithinTheSite(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/account", "/account"},
		{"/audit?q=x", "/audit?q=x"},
		{"", "/"},
		{"//evil.example/x", "/"},
		{"https://evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"javascript:alert(1)", "/"},
	}
	_, ts := newServer(t)
	for _, tc := range tests {
		v := newVisitor(t, ts)
		res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"admin@example.com"},
			"password": {demo.Password}, "next": {tc.next}})
		if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != tc.want {
			t.Errorf("next=%q: %d to %q, want %q", tc.next, res.StatusCode, got, tc.want)
		}
	}
}

func TestSession_CookieHoldsOnlyASignedIdAndRotatesAtSignIn(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	before := v.get("/signin")
	anon := sessionCookie(t, before)
	res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"admin@example.com"}, "password": {demo.Password}})
	signedIn := sessionCookie(t, res)
	if signedIn.Value == anon.Value {
		t.Error("session cookie not rotated at sign-in")
	}
	if !signedIn.HttpOnly || signedIn.SameSite != http.SameSiteLaxMode || signedIn.Secure {
		t.Errorf("cookie flags on localhost: HttpOnly=%v SameSite=%v Secure=%v", signedIn.HttpOnly, signedIn.SameSite, signedIn.Secure)
	}
	if signedIn.MaxAge != 8*3600 {
		t.Errorf("MaxAge %d, want 8 h", signedIn.MaxAge)
	}
	// A tampered cookie is no session at all.
	jar := v.c.Jar
	u, _ := url.Parse(ts.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "vigil_session", Value: signedIn.Value[:len(signedIn.Value)-4] + "AAAA", Path: "/"}})
	if res := v.get("/account"); !res.redirectsTo("/signin") {
		t.Errorf("tampered cookie: %d, want redirect to sign-in", res.StatusCode)
	}
}

func TestSession_CookieIsSecureOutsideLocalhost(t *testing.T) {
	app, _ := newServer(t)
	for host, secure := range map[string]bool{"localhost:8080": false, "127.0.0.1:8080": false, "[::1]:8080": false,
		"vigil.example.com": true, "10.1.2.3:8080": true} {
		req := httptest.NewRequest(http.MethodGet, "/signin", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		app.Server.ServeHTTP(rec, req)
		c := sessionCookie(t, response{Response: rec.Result()})
		if c.Secure != secure {
			t.Errorf("host %s: Secure=%v, want %v", host, c.Secure, secure)
		}
	}
}

func sessionCookie(t *testing.T, res response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == "vigil_session" {
			return c
		}
	}
	t.Fatalf("no session cookie set (status %d)", res.StatusCode)
	return nil
}

func TestSecurityHeaders(t *testing.T) {
	app, _ := newServer(t)
	for _, overTLS := range []bool{false, true} {
		req := httptest.NewRequest(http.MethodGet, "/signin", nil)
		if overTLS {
			req.TLS = &tls.ConnectionState{}
		}
		rec := httptest.NewRecorder()
		app.Server.ServeHTTP(rec, req)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("CSP %q", csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("headers %v", h)
		}
		if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != overTLS {
			t.Errorf("TLS=%v: HSTS %q", overTLS, hsts)
		}
		if h.Get("Cache-Control") != "no-store" {
			t.Errorf("pages may be cached: Cache-Control %q", h.Get("Cache-Control"))
		}
		if !strings.Contains(rec.Body.String(), `"historyCacheSize":0`) {
			t.Error("htmx keeps copies of pages in the browser's history cache")
		}
		if strings.Contains(rec.Body.String(), "<script>") {
			t.Error("inline script on the page")
		}
	}
}

func TestErrorPages(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("staff@example.com")
	res := v.get("/no/such/page")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, `data-testid="error-page"`) ||
		!strings.Contains(res.Body, `data-testid="main-nav"`) {
		t.Errorf("404: status %d, page in layout=%v", res.StatusCode, strings.Contains(res.Body, "main-nav"))
	}
	res = v.get("/admin/users")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Not allowed") {
		t.Errorf("403: status %d", res.StatusCode)
	}
	// A failure inside: the database goes away.
	app.DB.Close()
	res = v.get("/account")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("500: status %d", res.StatusCode)
	}
	ref := res.Header.Get("X-Request-Id")
	if ref == "" || !strings.Contains(res.Body, ref) {
		t.Errorf("500 page does not show the reference %q", ref)
	}
	if !strings.Contains(app.Log.String(), `"request_id":"`+ref+`"`) || !strings.Contains(app.Log.String(), `"level":"ERROR"`) {
		t.Errorf("reference %s not in the error log", ref)
	}
}

func TestAnonymousVisitorIsSentToSignInAndBack(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	res := v.get("/admin/users")
	if !res.redirectsTo("/signin?next=%2Fadmin%2Fusers") {
		t.Fatalf("status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	form := v.get(res.Header.Get("Location"))
	if !strings.Contains(form.Body, `name="next" value="/admin/users"`) {
		t.Error("sign-in form does not carry next")
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/account", nil)
	req.Header.Set("HX-Request", "true")
	if res := v.do(req); res.Header.Get("HX-Redirect") == "" {
		t.Error("htmx request without a session gets no HX-Redirect")
	}
}

func TestAdminUsers_FormKeepsInputAndShowsErrors(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("admin@example.com")
	res := v.form("/admin/users", url.Values{"email": {"nora.example.com"}, "name": {"Nora Newcomer"}, "roles": {"staff"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`value="nora.example.com"`, `value="Nora Newcomer"`, `data-testid="email-error"`,
		`data-testid="password-error"`, `value="staff" checked`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	res = v.form("/admin/users", url.Values{"email": {"manager@example.com"}, "name": {"Dup"}, "password": {"long enough password"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "already exists") {
		t.Errorf("duplicate email: %d", res.StatusCode)
	}
}

func TestAdminUsers_RoleChangeEndsTheUsersSessionAtOnce(t *testing.T) {
	app, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	res := admin.form("/admin/users/"+userID(t, app, "staff@example.com")+"/roles", url.Values{"roles": {"staff", "auditor"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save roles: %d", res.StatusCode)
	}
	if res := staff.get("/account"); !res.redirectsTo("/signin") {
		t.Errorf("staff session survived the role change: %d", res.StatusCode)
	}
	staff.signIn("staff@example.com")
	if res := staff.get("/audit"); res.StatusCode != http.StatusOK {
		t.Errorf("new auditor role not effective: %d", res.StatusCode)
	}
}

func TestAccount_ChangePasswordKeepsThisSessionAndEndsOthers(t *testing.T) {
	_, ts := newServer(t)
	me, other := newVisitor(t, ts), newVisitor(t, ts)
	me.signIn("manager@example.com")
	other.signIn("manager@example.com")
	res := me.form("/account/password", url.Values{"current": {demo.Password}, "password": {"a fresh passphrase"}, "confirm": {"a fresh passphrase!"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "The two new passwords differ.") {
		t.Fatalf("mismatched confirmation: %d", res.StatusCode)
	}
	res = me.form("/account/password", url.Values{"current": {demo.Password}, "password": {"a fresh passphrase"}, "confirm": {"a fresh passphrase"}})
	if !res.redirectsTo("/account") {
		t.Fatalf("change password: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := me.get("/account"); res.StatusCode != http.StatusOK {
		t.Errorf("this session ended: %d", res.StatusCode)
	}
	if res := other.get("/account"); !res.redirectsTo("/signin") {
		t.Errorf("other session survived: %d", res.StatusCode)
	}
}

func TestHealth(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	if res := v.get("/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("healthz %d", res.StatusCode)
	}
	if res := v.get("/readyz"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"migrations":"current"`) {
		t.Errorf("readyz %d %s", res.StatusCode, res.Body)
	}
}

func TestStatic_HashedNamesAreCachedForAYear(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	page := v.get("/signin").Body
	for _, m := range []string{"/static/css/pico.min.", "/static/css/app.", "/static/js/htmx.min."} {
		i := strings.Index(page, m)
		if i < 0 {
			t.Fatalf("page does not link %s", m)
		}
		link := page[i : i+strings.IndexByte(page[i:], '"')]
		res := v.get(link)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", link, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	if res := v.get("/static/css/app.0000000000.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("stale asset name: %d, want 404", res.StatusCode)
	}
}

func TestDemoBannerAndNavigationByRole(t *testing.T) {
	_, ts := newServer(t)
	for email, want := range map[string][]string{
		"admin@example.com":   {"Home", "Licences", "Lists", "Countries", "Training", "Programme", "Report a concern", "Users", "API tokens", "Audit trail", "My account"},
		"manager@example.com": {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "My account"},
		"officer@example.com": {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "Audit trail", "My account"},
		"staff@example.com":   {"Home", "Training", "Programme", "Report a concern", "My account"},
		"auditor@example.com": {"Home", "Cases", "Products", "Licences", "Lists", "Countries", "Training", "Programme", "Report a concern", "Audit trail", "My account"},
		"board@example.com":   {"Home", "Training", "Programme", "Report a concern", "My account"},
	} {
		v := newVisitor(t, ts)
		v.signIn(email)
		body := v.get("/").Body
		if !strings.Contains(body, `data-testid="demo-banner"`) {
			t.Errorf("%s: no demo banner", email)
		}
		nav := body[strings.Index(body, `data-testid="main-nav"`):]
		nav = nav[:strings.Index(nav, "</ul>")]
		var got []string
		for _, part := range strings.Split(nav, "</a>")[:len(strings.Split(nav, "</a>"))-1] {
			got = append(got, part[strings.LastIndexByte(part, '>')+1:])
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: navigation %v, want %v", email, got, want)
		}
	}
}

func TestAuditPages(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("auditor@example.com")
	res := v.get("/audit/verify")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "chain intact") {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	res = v.get("/audit?action=auth.signin")
	if !strings.Contains(res.Body, "auditor@example.com signed in") || strings.Contains(res.Body, "user.create") {
		t.Error("action filter")
	}
}
