package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// allowedRole is the first role of the authorization matrix that may use
// route, so that a refusal can only be the anti-forgery check's.
func allowedRole(t *testing.T, route string) (name, email string) {
	t.Helper()
	for col, cell := range strings.Fields(matrix[route]) {
		if cell == "Y" || cell == "V" {
			return matrixRoles[col].name, matrixRoles[col].email
		}
	}
	t.Fatalf("no role of the matrix may use %s", route)
	return "", ""
}

// TestCSRF_EveryStateChangingRouteRefusesAForgedForm sends every route that
// is not a GET, as a role that may use it, the form the authorization matrix
// sends, but without the session's anti-forgery token: missing, wrong, or
// another session's, in the form or in the htmx header. Each is refused, and
// nothing is stored: no table changes, and the audit trail gains only the
// refusals. Token routes take a bearer token and no cookie (see
// TestAuthorization_APITokens); they are the only ones left out.
func TestCSRF_EveryStateChangingRouteRefusesAForgedForm(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	visitors, others := map[string]*visitor{}, map[string]string{}
	for _, r := range matrixRoles {
		v := newVisitor(t, w.ts)
		if r.email != "" {
			v.signIn(r.email)
			o := newVisitor(t, w.ts)
			o.signIn(r.email)
			others[r.email] = o.csrf("/account")
		} else {
			others[r.email] = newVisitor(t, w.ts).csrf("/signin")
		}
		visitors[r.email] = v
	}
	// The probes' forms name their objects: build them before the snapshot.
	type probe struct{ route, method, path, role string }
	var probes []probe
	forms := map[string]url.Values{}
	for _, r := range w.app.Server.Routes() {
		if r.Method == http.MethodGet || r.Access.Token {
			continue
		}
		route := r.Method + " " + r.Path
		role, _ := allowedRole(t, route)
		method, path, form := w.probe(t, route)
		probes = append(probes, probe{route, method, path, role})
		forms[route] = form
	}
	before, seq := storedState(t, w.app), lastEvent(t, w.app)
	for _, p := range probes {
		_, email := allowedRole(t, p.route)
		v := visitors[email]
		for _, forgery := range []struct{ name, field, header string }{
			{"no token", "", ""}, {"wrong token", "forged", ""}, {"another session's token", others[email], ""},
			{"wrong header token", "", "forged"},
		} {
			form := url.Values{}
			for k, vs := range forms[p.route] {
				form[k] = vs
			}
			if forgery.field != "" {
				form.Set("csrf_token", forgery.field)
			}
			req, _ := http.NewRequest(p.method, v.base+p.path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if forgery.header != "" {
				req.Header.Set("X-CSRF-Token", forgery.header)
			}
			if res := v.do(req); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s as %s, %s: %d, want 403", p.route, p.role, forgery.name, res.StatusCode)
			}
		}
	}
	if changed := changedTables(before, storedState(t, w.app)); len(changed) > 0 {
		t.Errorf("forged forms changed the tables %v", changed)
	}
	if changes := changesSince(t, w.app, seq); len(changes) > 0 {
		t.Errorf("forged forms were recorded as changes: %v", changes)
	}
	if len(probes) < 90 {
		t.Errorf("only %d state-changing routes probed", len(probes))
	}
}
