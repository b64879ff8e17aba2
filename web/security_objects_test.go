package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// othersRecord is a request for a record of staff@'s (the world's owner) or
// of manager@'s, by someone whose roles do not reach it.
type othersRecord struct {
	who, method, path string
	form              url.Values
}

// othersRecords are the records that belong to a person: sessions,
// training, named reports of concern, corrective actions and risks.
func (w *matrixWorld) othersRecords(t *testing.T) map[string]othersRecord {
	staffSession := w.otherSession(t)
	return map[string]othersRecord{
		"another's session ended":           {"admin@example.com", http.MethodPost, "/account/sessions/" + staffSession + "/end", nil},
		"another's assignment read":         {"admin@example.com", http.MethodGet, "/training/assignments/" + w.tick, nil},
		"another's assignment ticked":       {"manager2@example.com", http.MethodPost, "/training/assignments/" + w.tick + "/items/" + w.tickItem, url.Values{"done": {"1"}}},
		"another's assignment ticked by HR": {"board@example.com", http.MethodPost, "/training/assignments/" + w.tick + "/items/" + w.tickItem, url.Values{"done": {"1"}}},
		"another's assignment attested":     {"manager2@example.com", http.MethodPost, "/training/assignments/" + w.attest + "/attest", url.Values{"understood": {"1"}, "name": {w.ownerName}}},
		"another's certificate read":        {"admin@example.com", http.MethodGet, "/training/certificates/" + w.certificate, nil},
		"another's report of concern read":  {"admin@example.com", http.MethodGet, "/concerns/" + w.concern, nil},
		"a report read by a case handler":   {"manager2@example.com", http.MethodGet, "/concerns/" + w.concern, nil},
		"another's action started":          {"manager2@example.com", http.MethodPost, "/actions/" + w.actions["POST /actions/:id/start"] + "/start", nil},
		"another's action evidenced":        {"manager2@example.com", http.MethodPost, "/actions/" + w.actions["POST /actions/:id/evidence"] + "/evidence", url.Values{"note": {"Forged."}, "step": {"evidence"}}},
		"another's action's file read":      {"staff@example.com", http.MethodGet, "/actions/" + w.actions["GET /actions/:id/files/:entry"] + "/files/" + w.entry, nil},
		"another's risk reviewed":           {"staff@example.com", http.MethodPost, "/risks/" + w.risk + "/review", url.Values{"note": {"Forged."}, "next_review": {"2099-06-01"}}},
		"another's risk read":               {"staff@example.com", http.MethodGet, "/risks/" + w.risk, nil},
		"another's finding read":            {"staff@example.com", http.MethodGet, "/findings/" + w.finding, nil},
	}
}

// TestObjects_OtherPeoplesRecordsAreNeitherShownNorChanged: records that
// belong to one person, asked for by another with real ids, are refused
// (404 or 403) and stay as they were.
func TestObjects_OtherPeoplesRecordsAreNeitherShownNorChanged(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	records := w.othersRecords(t)
	visitors := map[string]*visitor{}
	for _, r := range records {
		if visitors[r.who] == nil {
			visitors[r.who] = newVisitor(t, w.ts)
			visitors[r.who].signIn(r.who)
		}
	}
	before := storedState(t, w.app)
	for name, r := range records {
		v := visitors[r.who]
		var res response
		if r.method == http.MethodGet {
			res = v.get(r.path)
		} else {
			res = v.form(r.path, r.form)
		}
		if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s %s by %s: %d, want 404 or 403", name, r.method, r.path, r.who, res.StatusCode)
		}
	}
	if changed := changedTables(before, storedState(t, w.app)); len(changed) > 0 {
		t.Errorf("requests for others' records changed %v", changed)
	}
}

// TestObjects_UnknownIdsAndIdsOfAnotherKind puts in each parameter of every
// route, in turn, an id no object has and the id of an object of another
// kind (a user's where a case is expected), as a role that may use the
// route: it is refused, never shown or changed, and nothing fails.
func TestObjects_UnknownIdsAndIdsOfAnotherKind(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	visitors := map[string]*visitor{}
	for _, role := range matrixRoles[1:] {
		visitors[role.email] = newVisitor(t, w.ts)
		visitors[role.email].signIn(role.email)
	}
	wrongIDs := map[string]string{"unknown": "01900000-0000-7000-8000-000000000000", "a user's": w.user,
		"a course's": w.course, "a number": "12345"}
	type probe struct{ route, path string }
	var probes []probe
	forms := map[string]url.Values{}
	for _, r := range w.app.Server.Routes() {
		route := r.Method + " " + r.Path
		params := routeParams(r.Path)
		if len(params) == 0 || r.Path == "/static/*" || r.Access.Public {
			continue
		}
		_, real, form := w.probe(t, route)
		forms[route] = form
		for i := range params {
			for kind, id := range wrongIDs {
				if path := withSegment(r.Path, real, i, id); path != real { // a user's id on a user route is the right kind
					probes = append(probes, probe{route + " (" + kind + " id, parameter " + string(rune('1'+i)) + ")", path})
				}
			}
		}
	}
	before := storedState(t, w.app)
	for _, p := range probes {
		route := p.route[:strings.Index(p.route, " (")]
		role, email := allowedRole(t, route)
		v := visitors[email]
		var res response
		if strings.HasPrefix(route, "GET ") {
			res = v.get(p.path)
		} else {
			res = v.form(p.path, forms[route])
		}
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("%s as %s, %s: %d, want refused", p.route, role, p.path, res.StatusCode)
		}
	}
	if changed := changedTables(before, storedState(t, w.app)); len(changed) > 0 {
		t.Errorf("requests with wrong ids changed %v", changed)
	}
}
