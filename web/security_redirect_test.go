package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
)

// offSite are return addresses that would send a browser to another site
// or run a script, plainly and in the encodings a browser or a form decodes.
var offSite = []string{
	"//evil.example", "//evil.example/%2e%2e", "///evil.example", "https://evil.example/", "http:evil.example",
	"/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example", "javascript:alert(1)",
	"JaVaScRiPt:alert(1)", " //evil.example", "\t//evil.example", "/\t/evil.example", "/\n/evil.example",
	"%2F%2Fevil.example", "%2f%2fevil.example", "/%2F%2Fevil.example", "%5C%5Cevil.example", "/%5Cevil.example",
	"https:%2F%2Fevil.example", "data:text/html,<script>alert(1)</script>", "//evil.example@vigil.example",
	"/signin?next=//evil.example", "\x00//evil.example", "//%09/evil.example",
}

// staysLocal reports whether a browser following Location stays on the site:
// a path of its own, however the browser reads backslashes and blanks.
func staysLocal(location string) bool {
	loose := strings.ReplaceAll(location, "\\", "/")
	loose = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1 // browsers drop tabs and new lines from addresses
		}
		return r
	}, loose)
	if decoded, err := url.PathUnescape(loose); err == nil && strings.HasPrefix(decoded, "//") && strings.HasPrefix(loose, "//") {
		return false
	}
	u, err := url.Parse(loose)
	return err == nil && strings.HasPrefix(loose, "/") && !strings.HasPrefix(loose, "//") && u.Scheme == "" && u.Host == ""
}

// leadsHome reports whether res sends the browser to a page of the site, or
// refuses the request outright (a NUL byte in an address is refused with 400
// before sign-in is looked at) and so sends it nowhere.
func leadsHome(res response) bool {
	if res.StatusCode == http.StatusBadRequest {
		return res.Header.Get("Location") == ""
	}
	return res.StatusCode == http.StatusSeeOther && staysLocal(res.Header.Get("Location"))
}

// TestSignIn_NextNeverLeavesTheSite: after signing in, and when a signed-in
// browser opens the sign-in page, the return address only leads to a page
// of Vigil's.
func TestSignIn_NextNeverLeavesTheSite(t *testing.T) {
	_, ts := newServer(t)
	signedIn := newVisitor(t, ts)
	signedIn.signIn("staff@example.com")
	for _, next := range offSite {
		v := newVisitor(t, ts)
		res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"staff@example.com"},
			"password": {demo.Password}, "next": {next}})
		if !leadsHome(res) {
			t.Errorf("sign-in with next=%q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
		res = signedIn.get("/signin?next=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); !leadsHome(res) {
			t.Errorf("signed in, GET /signin?next=%q: %d to %q", next, res.StatusCode, loc)
		}
	}
	// A page of the site itself is where the browser returns.
	v := newVisitor(t, ts)
	res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"staff@example.com"},
		"password": {demo.Password}, "next": {"/training?x=1"}})
	if loc := res.Header.Get("Location"); loc != "/training?x=1" {
		t.Errorf("next=/training?x=1 led to %q", loc)
	}
}

// TestSignIn_RequestedAddressKeptForAfterSignInStaysLocal: a visitor sent
// to sign in from an address made to look like another site's returns to a
// page of Vigil's.
func TestSignIn_RequestedAddressKeptForAfterSignInStaysLocal(t *testing.T) {
	_, ts := newServer(t)
	for _, path := range []string{"//evil.example/account", "/\\evil.example", "/%5Cevil.example", "/%2F%2Fevil.example"} {
		v := newVisitor(t, ts)
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/account", nil)
		req.URL.Opaque = path // sent as typed, not cleaned
		res := v.do(req)
		loc := res.Header.Get("Location")
		if loc == "" {
			continue // not found: nothing to follow
		}
		if !staysLocal(loc) {
			t.Fatalf("GET %s: %d to %q", path, res.StatusCode, loc)
		}
		u, _ := url.Parse(loc)
		next := u.Query().Get("next")
		if next == "" {
			continue // not sent to sign-in: no return address to follow
		}
		res = v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {"staff@example.com"},
			"password": {demo.Password}, "next": {next}})
		if loc := res.Header.Get("Location"); !staysLocal(loc) {
			t.Errorf("GET %s, then signed in: to %q", path, loc)
		}
	}
}
