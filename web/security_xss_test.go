package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// xssPayloads break out of text, attributes, textareas and templates.
var xssPayloads = []string{
	`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `'><svg onload=alert(1)>`,
	`</textarea><svg onload=alert(1)>`, `javascript:alert(1)`, `{{7*7}}<b onmouseover=alert(1)>`,
}

// TestXSS_StoredFreeTextIsShownAsText posts each payload in every text
// field of every form the authorization matrix sends (each field of each
// state-changing route that a role may use), then renders every GET page as
// every role: no page carries an element, event handler or javascript:
// address from a payload.
func TestXSS_StoredFreeTextIsShownAsText(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	visitors := map[string]*visitor{}
	for _, role := range matrixRoles[1:] {
		visitors[role.email] = newVisitor(t, w.ts)
		visitors[role.email].signIn(role.email)
	}
	for i, payload := range xssPayloads {
		for _, r := range w.app.Server.Routes() {
			route := r.Method + " " + r.Path
			// Signing out and ending sessions would end the visitors' own.
			if r.Method == http.MethodGet || r.Access.Token || r.Access.Public || r.Path == "/signout" || strings.HasPrefix(r.Path, "/account/") {
				continue
			}
			_, email := allowedRole(t, route)
			_, path, form := w.probe(t, route)
			sent := url.Values{}
			for k, vs := range form {
				sent[k] = vs
				if freeText(k, vs) {
					sent[k] = []string{vs[0] + " " + payload + string(rune('a'+i))}
				}
			}
			visitors[email].form(path, sent)
		}
	}
	for _, r := range w.app.Server.Routes() {
		if r.Method != http.MethodGet || r.Access.Token {
			continue
		}
		_, path, _ := w.probe(t, r.Method+" "+r.Path)
		for _, role := range matrixRoles[1:] {
			res := visitors[role.email].get(path)
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			for _, p := range scriptProblems(res.Body) {
				t.Errorf("GET %s as %s: %s", path, role.name, p)
			}
		}
	}
}

// freeText reports whether a form field holds text a person typed, not a
// choice, a date, a number or an id.
func freeText(name string, values []string) bool {
	if len(values) != 1 || name == "version" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_on") {
		return false
	}
	v := values[0]
	return strings.Contains(v, " ") || name == "name" || name == "title" || name == "reference" || name == "links" || name == "mrn"
}

// TestXSS_ReflectedQueryAndFormErrorsAreEscaped sends each payload in the
// query of every GET page and in the sign-in form, whose errors echo it.
func TestXSS_ReflectedQueryAndFormErrorsAreEscaped(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	v := newVisitor(t, w.ts)
	for _, payload := range xssPayloads {
		res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {payload}, "password": {"x"}, "next": {payload}})
		for _, p := range scriptProblems(res.Body) {
			t.Errorf("sign-in with %q: %s", payload, p)
		}
		if p := scriptProblems(v.get("/signin?next=" + url.QueryEscape(payload)).Body); len(p) > 0 {
			t.Errorf("GET /signin?next=%q: %v", payload, p)
		}
	}
	v.signIn("officer@example.com")
	for _, r := range w.app.Server.Routes() {
		if r.Method != http.MethodGet || r.Access.Token {
			continue
		}
		_, path, _ := w.probe(t, r.Method+" "+r.Path)
		for _, param := range queryParams(r.Path, v.get(path).Body) {
			for _, payload := range xssPayloads {
				res := v.get(path + "?" + url.Values{param: {payload}}.Encode())
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					continue
				}
				for _, p := range scriptProblems(res.Body) {
					t.Errorf("GET %s?%s=%q: %s", path, param, payload, p)
				}
			}
		}
	}
}
