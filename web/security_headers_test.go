package web_test

import (
	"crypto/tls"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// missingHeaders lists what a response lacks of the security headers every
// response carries, pages, errors and static files alike.
func missingHeaders(h http.Header, overTLS bool) []string {
	var missing []string
	csp := h.Get("Content-Security-Policy")
	script := cspDirective(csp, "script-src")
	if script == "" {
		script = cspDirective(csp, "default-src") // what script-src falls back to
	}
	if script == "" || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") {
		missing = append(missing, "CSP script-src without unsafe-inline or unsafe-eval: "+csp)
	}
	if cspDirective(csp, "frame-ancestors") != "'none'" && h.Get("X-Frame-Options") != "DENY" {
		missing = append(missing, "frame-ancestors 'none' or X-Frame-Options DENY")
	}
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cross-Origin-Opener-Policy": "same-origin"} {
		if h.Get(name) != want {
			missing = append(missing, name+": "+want)
		}
	}
	for _, name := range []string{"Referrer-Policy", "Permissions-Policy"} {
		if h.Get(name) == "" {
			missing = append(missing, name)
		}
	}
	if hsts := h.Get("Strict-Transport-Security"); overTLS && !strings.HasPrefix(hsts, "max-age=") {
		missing = append(missing, "Strict-Transport-Security over HTTPS")
	}
	return missing
}

// cspDirective is the value of a directive of a policy, "" when absent.
func cspDirective(policy, name string) string {
	for _, d := range strings.Split(policy, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == name {
			return strings.Join(f[1:], " ")
		}
	}
	return ""
}

// TestSecurityHeaders_OnEveryRouteAndError requests every GET route as
// every role of the matrix (pages, refusals, files, static assets), unknown
// pages, a wrong method and a cross-site form, over HTTP and HTTPS, and
// finds the security headers on each answer, and no script a policy without
// 'unsafe-inline' would block in any page.
func TestSecurityHeaders_OnEveryRouteAndError(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	var paths []string
	for _, r := range w.app.Server.Routes() {
		if r.Method == http.MethodGet {
			_, path, _ := w.probe(t, r.Method+" "+r.Path)
			paths = append(paths, path)
		}
	}
	paths = append(paths, "/no/such/page", "/static/no-such.css", "/cases/no-such-case")
	for _, role := range matrixRoles {
		v := newVisitor(t, w.ts)
		if role.email != "" {
			v.signIn(role.email)
		}
		for _, path := range paths {
			res := v.get(path)
			if m := missingHeaders(res.Header, false); len(m) > 0 {
				t.Errorf("GET %s as %s (%d) lacks %v", path, role.name, res.StatusCode, m)
			}
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				for _, p := range scriptProblems(res.Body) {
					t.Errorf("GET %s as %s: %s", path, role.name, p)
				}
			}
		}
	}
	for name, req := range oddRequests(w.ts.URL) {
		for _, overTLS := range []bool{false, true} {
			if overTLS {
				req.TLS = &tls.ConnectionState{}
			}
			rec := httptest.NewRecorder()
			w.app.Server.ServeHTTP(rec, req)
			if m := missingHeaders(rec.Header(), overTLS); len(m) > 0 {
				t.Errorf("%s (%d, HTTPS %v) lacks %v", name, rec.Code, overTLS, m)
			}
		}
	}
}

// oddRequests are requests answered before or outside any handler.
func oddRequests(base string) map[string]*http.Request {
	crossSite := httptest.NewRequest(http.MethodPost, base+"/admin/users", strings.NewReader(url.Values{"name": {"x"}}.Encode()))
	crossSite.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	crossSite.Header.Set("Sec-Fetch-Site", "cross-site")
	return map[string]*http.Request{
		"the sign-in page":       httptest.NewRequest(http.MethodGet, base+"/signin", nil),
		"a wrong method":         httptest.NewRequest(http.MethodDelete, base+"/signin", nil),
		"a cross-site form":      crossSite,
		"an unknown page":        httptest.NewRequest(http.MethodGet, base+"/no/such/page", nil),
		"a form without a token": httptest.NewRequest(http.MethodPost, base+"/signin", nil),
	}
}

// scriptProblems lists what in a page a content security policy without
// 'unsafe-inline' would block or an attacker could use: inline scripts,
// event handler attributes (htmx's hx-on too) and javascript: addresses.
func scriptProblems(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "script" && (attr(n, "src") == "" || n.FirstChild != nil) {
			problems = append(problems, "an inline <script>")
		}
		for _, a := range n.Attr {
			name, value := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(name, "on") || strings.HasPrefix(name, "hx-on"):
				problems = append(problems, "<"+n.Data+" "+a.Key+"=…>")
			case urlAttrs[name] && strings.HasPrefix(strings.Join(strings.Fields(value), ""), "javascript:"):
				problems = append(problems, "<"+n.Data+" "+a.Key+"=\""+a.Val+"\">")
			}
		}
	}
	return problems
}

var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "hx-get": true, "hx-post": true, "data": true}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// TestTemplates_NoInlineScriptOrHandler scans the templates' source for
// what rendered pages must not carry, so that a page no test renders is
// covered too.
func TestTemplates_NoInlineScriptOrHandler(t *testing.T) {
	inline := regexp.MustCompile(`<script(\s[^>]*)?>`)
	handler := regexp.MustCompile(`(?i)\s(on[a-z]+|hx-on[:\-a-z]*)\s*=`)
	err := filepath.WalkDir("../templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".templ") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, tag := range inline.FindAllString(string(src), -1) {
			if !strings.Contains(tag, "src=") {
				t.Errorf("%s: inline script %s", path, tag)
			}
		}
		for _, m := range handler.FindAllString(string(src), -1) {
			t.Errorf("%s: event handler attribute %q", path, strings.TrimSpace(m))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
