package web_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/web"
)

// matrixRoles are the columns of the matrix: who makes the request. The
// export manager is manager2: the cases seeded are opened by manager@, and
// nobody signs off a case they opened or decides its hits.
var matrixRoles = []struct{ name, email string }{
	{"anonymous", ""},
	{"admin", "admin@example.com"},
	{"export_manager", "manager2@example.com"},
	{"compliance_officer", "officer@example.com"},
	{"staff", "staff@example.com"},
	{"auditor", "auditor@example.com"},
	{"management", "board@example.com"},
}

// matrix is every route × every role, probed with real objects (see
// matrixWorld): Y allowed and done (2xx or 3xx, and not sent to sign-in),
// V allowed and the form refused by validation (422: the form would need a
// file, or its success would lock the role's later probes out), - refused
// (403 when signed in, sent to sign-in when not). Columns follow matrixRoles. The /api/
// routes take a bearer token, never a session: refused with 401 to everyone
// here, TestAuthorization_APITokens opens them. So does /metrics, with the
// metrics token: TestMetrics_MainAddressOpensOnlyToTheToken opens it.
var matrix = map[string]string{
	// columns: anonymous, admin, export_manager, compliance_officer, staff, auditor, management
	"GET /healthz":     "Y Y Y Y Y Y Y",
	"GET /readyz":      "Y Y Y Y Y Y Y",
	"GET /static/*":    "Y Y Y Y Y Y Y",
	"GET /favicon.ico": "Y Y Y Y Y Y Y",
	"GET /signin":      "Y Y Y Y Y Y Y",
	"POST /signin":     "Y Y Y Y Y Y Y",
	// anonymous: a sign-in waiting for its second step (see mfaPending);
	// signed in: sent on home
	"GET /signin/second-factor":         "Y Y Y Y Y Y Y",
	"POST /signin/second-factor":        "Y Y Y Y Y Y Y",
	"POST /signout":                     "- Y Y Y Y Y Y",
	"GET /":                             "- Y Y Y Y Y Y",
	"GET /account":                      "- Y Y Y Y Y Y",
	"POST /account/password":            "- V V V V V V",
	"POST /account/sessions/:id/end":    "- Y Y Y Y Y Y",
	"POST /account/sessions/end-others": "- Y Y Y Y Y Y",
	// each their own second factor; turning it on, off or making codes is
	// refused for want of a right code (or of a second factor): a second
	// factor turned on would change every later probe's sign-in
	"POST /account/mfa":                               "- Y Y Y Y Y Y",
	"GET /account/mfa":                                "- Y Y Y Y Y Y",
	"POST /account/mfa/confirm":                       "- V V V V V V",
	"POST /account/mfa/recovery-codes":                "- V V V V V V",
	"POST /account/mfa/disable":                       "- V V V V V V",
	"GET /admin/sign-in-policy":                       "- Y - - - - -",
	"POST /admin/sign-in-policy":                      "- Y - - - - -",
	"GET /admin/users":                                "- Y - - - - -",
	"GET /admin/users/new":                            "- Y - - - - -",
	"POST /admin/users":                               "- Y - - - - -",
	"GET /admin/users/:id":                            "- Y - - - - -",
	"POST /admin/users/:id/roles":                     "- Y - - - - -",
	"POST /admin/users/:id/deactivate":                "- Y - - - - -",
	"POST /admin/users/:id/reactivate":                "- Y - - - - -",
	"POST /admin/users/:id/password":                  "- Y - - - - -",
	"GET /admin/exporter":                             "- Y - - - - -",
	"POST /admin/exporter":                            "- Y - - - - -",
	"GET /admin/tokens":                               "- Y - - - - -",
	"POST /admin/tokens":                              "- Y - - - - -",
	"POST /admin/tokens/:id/revoke":                   "- Y - - - - -",
	"POST /api/v1/screen":                             "- - - - - - -",
	"POST /api/v1/screen/batch":                       "- - - - - - -",
	"GET /audit":                                      "- Y - Y - Y -",
	"GET /audit/verify":                               "- Y - Y - Y -",
	"GET /audit.csv":                                  "- Y - Y - Y -",
	"GET /audit/events/:seq":                          "- Y - Y - Y -",
	"GET /screening":                                  "- - Y Y - - -",
	"GET /lists":                                      "- Y Y Y - Y -",
	"POST /lists":                                     "- V - - - - -",
	"POST /lists/policy":                              "- - - V - - -",
	"GET /lists/versions/:id":                         "- Y Y Y - Y -",
	"GET /lists/jobs/:id":                             "- Y Y Y - Y -",
	"GET /products":                                   "- - Y Y - Y -",
	"GET /programme":                                  "- Y Y Y Y Y Y",
	"GET /dashboard":                                  "- - - Y - Y Y",
	"GET /programme/review":                           "- - - Y - Y Y",
	"GET /programme/review/:year":                     "- - - Y - Y Y",
	"GET /risks":                                      "- - - Y - Y Y",
	"GET /risks/new":                                  "- - - Y - - -",
	"POST /risks":                                     "- - - Y - - -",
	"GET /risks/:id":                                  "- - - Y - Y Y",
	"POST /risks/:id":                                 "- - - Y - - -",
	"POST /risks/:id/review":                          "- - - Y - - -",
	"GET /technology":                                 "- - Y Y - Y -",
	"GET /technology/new":                             "- - - Y - - -",
	"POST /technology":                                "- - - Y - - -",
	"GET /technology/:id":                             "- - Y Y - Y -",
	"POST /technology/:id":                            "- - - Y - - -",
	"POST /technology/:id/transfers":                  "- - Y Y - - -",
	"POST /products":                                  "- - Y Y - - -",
	"GET /products/:id":                               "- - Y Y - Y -",
	"POST /products/:id/classifications":              "- - Y Y - - -",
	"GET /signin/oidc":                                "Y Y Y Y Y Y Y",
	"GET /signin/oidc/callback":                       "Y Y Y Y Y Y Y",
	"GET /metrics":                                    "- - - - - - -",
	"POST /products/:id/classifications/:cid/confirm": "- - - Y - - -",
	"POST /products/:id/classifications/:cid/decline": "- - - Y - - -",
	"GET /cases":                                      "- - Y Y - Y -",
	"GET /cases/new":                                  "- - Y - - - -",
	"GET /cases/sample":                               "- - Y Y - Y -",
	"POST /cases":                                     "- - Y - - - -",
	"GET /cases/:id":                                  "- - Y Y - Y -",
	"GET /cases/:id/edit":                             "- - Y - - - -",
	"POST /cases/:id":                                 "- - Y - - - -",
	"GET /cases/:id/party-suggestions":                "- - Y - - - -",
	"POST /cases/:id/parties":                         "- - Y - - - -",
	"POST /cases/:id/parties/:link/remove":            "- - V - - - -",
	"POST /cases/:id/items":                           "- - Y - - - -",
	"GET /cases/:id/items/catalogue":                  "- - Y - - - -",
	"GET /cases/:id/items/:item/edit":                 "- - Y - - - -",
	"POST /cases/:id/items/:item":                     "- - Y - - - -",
	"POST /cases/:id/items/:item/remove":              "- - Y - - - -",
	"POST /cases/:id/attachments":                     "- - V - - - -",
	"GET /cases/:id/attachments/:att":                 "- - Y Y - Y -",
	"GET /cases/:id/events/:seq":                      "- - Y Y - Y -",
	"GET /cases/:id/dossier":                          "- - Y Y - Y -",
	"GET /cases/:id/dossier.json":                     "- - Y Y - Y -",
	"GET /cases/:id/dossier.csv":                      "- - Y Y - Y -",
	"GET /cases/:id/dossier.zip":                      "- - Y Y - Y -",
	"POST /cases/:id/attachments/:att/remove":         "- - V - - - -",
	"POST /cases/:id/submit":                          "- - Y - - - -",
	"POST /cases/:id/decision":                        "- - Y Y - - -",
	"POST /cases/:id/close":                           "- - Y - - - -",
	"POST /cases/:id/risk":                            "- - - Y - - -",
	"POST /cases/:id/art4":                            "- - Y - - - -",
	"GET /cases/:id/art4/notification":                "- - Y Y - Y -",
	"POST /cases/:id/art4/sent":                       "- - Y Y - - -",
	"POST /cases/:id/art4/decision":                   "- - Y Y - - -",
	"POST /cases/:id/export-facts":                    "- - Y - - - -",
	"POST /cases/:id/applications":                    "- - Y Y - - -",
	"POST /cases/:id/applications/:app/decision":      "- - Y Y - - -",
	"POST /cases/:id/shipments":                       "- - Y - - - -",
	"POST /cases/:id/screen":                          "- - Y - - - -",
	"POST /cases/:id/hits/:hit/decision":              "- - Y Y - - -",
	"GET /cases/:id/assessment":                       "- - Y Y - Y -",
	"POST /cases/:id/assessment/sections/:section":    "- - Y Y - - -",
	"POST /cases/:id/assessment/conclusion":           "- - Y Y - - -",
	"POST /cases/:id/assessment/sign":                 "- - - Y - - -",
	"GET /cases/:id/assessment/versions/:version":     "- - Y Y - Y -",
	"GET /cases/:id/notification":                     "- - Y Y - Y -",
	"POST /cases/:id/notification/sent":               "- - - Y - - -",
	"POST /cases/:id/notification/reply":              "- - - Y - - -",

	// correcting a confirmed match is for compliance officers; a second one
	// answers (the proposal answered here is another officer's)
	"POST /cases/:id/hits/:hit/not-applicable/confirm": "- - - Y - - -",
	"POST /cases/:id/hits/:hit/correction":             "- - - Y - - -",
	"POST /cases/:id/hits/:hit/correction/confirm":     "- - - Y - - -",
	"POST /cases/:id/hits/:hit/correction/decline":     "- - - Y - - -",

	// country reference data and red flags
	"GET /countries":                             "- Y Y Y - Y -",
	"GET /countries/:code":                       "- Y Y Y - Y -",
	"POST /countries/:code/measures":             "- Y - Y - - -",
	"POST /countries/:code/measures/:id/confirm": "- - - Y - - -",
	"POST /countries/:code/measures/:id/end":     "- Y - Y - - -",
	"POST /countries/:code/indicators":           "- Y - Y - - -",
	"POST /countries/:code/tier":                 "- - - Y - - -",
	"GET /red-flags":                             "- Y Y Y - Y -",
	"POST /red-flags/:code":                      "- Y - Y - - -",

	// licences: read with the reference data, recorded by compliance officers
	// (a licence needs its document: the probe sends none)
	"GET /licences":                         "- Y Y Y - Y -",
	"GET /licences/new":                     "- - - Y - - -",
	"POST /licences":                        "- - - V - - -",
	"GET /licences/gea/:code":               "- Y Y Y - Y -",
	"POST /licences/gea/:code/registration": "- - - Y - - -",
	"GET /licences/:id":                     "- Y Y Y - Y -",
	"GET /licences/:id/document":            "- Y Y Y - Y -",

	// the control list (Annex I): read with the reference data, imported by
	// administrators (the probe sends no file)
	"GET /control-list":              "- Y Y Y - Y -",
	"POST /control-list":             "- V - - - - -",
	"GET /control-list/versions/:id": "- Y Y Y - Y -",

	// training: everyone has their own; the service keeps staff to it
	"GET /training":                              "- Y Y Y Y Y Y",
	"GET /training/assignments/:id":              "- Y Y Y Y Y Y",
	"POST /training/assignments/:id/items/:item": "- Y Y Y Y Y Y",
	"POST /training/assignments/:id/attest":      "- Y Y Y Y Y Y",
	"GET /training/certificates/:id":             "- Y Y Y Y Y Y",
	"GET /training/courses":                      "- Y Y Y Y Y Y",
	"GET /training/courses/new":                  "- - - Y - - -",
	"POST /training/courses":                     "- - - Y - - -",
	"GET /training/courses/:id":                  "- Y Y Y Y Y Y",
	"GET /training/courses/:id/material":         "- Y Y Y Y Y Y",
	"GET /training/courses/:id/edit":             "- - - Y - - -",
	"POST /training/courses/:id":                 "- - - Y - - -",
	"POST /training/courses/:id/assign":          "- - - Y - - -",
	"GET /training/matrix":                       "- - Y Y - Y Y",
	"GET /training/matrix.csv":                   "- - Y Y - Y Y",

	// the API's description is public; its screening routes take a token
	"GET /api/v1/openapi.json": "Y Y Y Y Y Y Y",

	// reports of concern: anyone reports and follows up with a receipt code;
	// the report probed is the role's own named one (the service shows it to
	// its reporter and to those who read reports); compliance officers triage
	"GET /concerns/new":                               "- Y Y Y Y Y Y",
	"POST /concerns":                                  "- Y Y Y Y Y Y",
	"GET /concerns/follow-up":                         "- Y Y Y Y Y Y",
	"POST /concerns/follow-up":                        "- Y Y Y Y Y Y",
	"POST /concerns/follow-up/information":            "- Y Y Y Y Y Y",
	"GET /concerns":                                   "- Y Y Y Y Y Y",
	"GET /concerns/:id":                               "- Y Y Y Y Y Y",
	"POST /concerns/:id/steps":                        "- - - Y - - -",
	"POST /concerns/:id/messages":                     "- - - Y - - -",
	"POST /concerns/:id/disclosure":                   "- - - Y - - -",
	"GET /self-assessments":                           "- - - Y - Y Y",
	"POST /self-assessments":                          "- - - V - - -",
	"GET /self-assessments/:id":                       "- - - Y - Y Y",
	"GET /self-assessments/:id/comparison":            "- - - Y - Y Y",
	"POST /self-assessments/:id/answers/:key":         "- - - Y - - -",
	"POST /self-assessments/:id/answers/:key/finding": "- - - Y - - -",
	"POST /self-assessments/:id/complete":             "- - - V - - -",
	"GET /self-assessments/:id/files/:file":           "- - - Y - Y Y",
	"POST /self-assessments/:id/files/:file/remove":   "- - - Y - - -",
	"POST /concerns/:id/findings":                     "- - - Y - Y -",
	"GET /findings":                                   "- - - Y - Y Y",
	"GET /findings/new":                               "- - - Y - Y -",
	"POST /findings":                                  "- - - Y - Y -",
	"GET /findings/:id":                               "- - - Y - Y Y",
	"POST /findings/:id/close":                        "- - - Y - - -",
	"POST /findings/:id/actions":                      "- - - Y - - -",
	"POST /actions/:id/reassign":                      "- - - Y - - -",
	"POST /actions/:id/start":                         "- - - Y - - -",
	"POST /actions/:id/evidence":                      "- - - Y - - -",
	"POST /actions/:id/review":                        "- - - Y - - -",
	"GET /actions/:id/files/:entry":                   "- - - Y - Y Y",
	"GET /commitment":                                 "- Y Y Y Y Y Y",
	"GET /commitment/new":                             "- - - - - - Y",
	"POST /commitment":                                "- - - - - - Y",
	"POST /commitment/acknowledge":                    "- Y Y Y Y Y Y",
	"GET /commitment/versions/:version":               "- Y Y Y Y Y Y",
	"GET /commitment/acknowledgements":                "- - - Y - Y Y",
	"GET /organisation":                               "- Y Y Y Y Y Y",
	"POST /organisation/holdings":                     "- - - Y - - Y",
	"POST /organisation/holdings/:id/end":             "- - - Y - - Y",
}

// TestAuthorizationMatrix_HasEveryRoute: a route without a row would go
// unprobed, a row without a route probes nothing.
func TestAuthorizationMatrix_HasEveryRoute(t *testing.T) {
	app := testutil.NewApp(t)
	routes := map[string]bool{}
	for _, r := range app.Server.Routes() {
		key := r.Method + " " + r.Path
		routes[key] = true
		if _, ok := matrix[key]; !ok {
			t.Errorf("route %s has no row in the authorization matrix", key)
		}
	}
	for key, row := range matrix {
		if !routes[key] {
			t.Errorf("matrix row %s names no route", key)
		}
		if n := len(strings.Fields(row)); n != len(matrixRoles) {
			t.Errorf("matrix row %s has %d columns, want %d", key, n, len(matrixRoles))
		}
	}
}

// TestAuthorizationMatrix probes every route as every role, each role in an
// application of its own seeded with real objects, so that an allowed
// request does the route's work: a 404 or 500 there fails like a refusal.
func TestAuthorizationMatrix(t *testing.T) {
	for col, role := range matrixRoles {
		t.Run(role.name, func(t *testing.T) {
			w := newMatrixWorld(t, role.email)
			for _, route := range slices.Sorted(maps.Keys(matrix)) {
				want := strings.Fields(matrix[route])[col]
				t.Run(route, func(t *testing.T) {
					method, path, form := w.probe(t, route)
					v, formPage := newVisitor(t, w.ts), "/signin"
					if role.email != "" {
						v.signIn(role.email)
						formPage = "/account"
					} else if strings.HasPrefix(path, "/signin/second-factor") {
						v.startSecondStep(mfaUser)
					}
					var res response
					if method == http.MethodGet {
						res = v.get(path)
					} else {
						form.Set("csrf_token", v.csrf(formPage))
						res = v.post(path, form)
					}
					bearer := strings.HasPrefix(path, "/api/") || path == "/metrics"
					if got := outcome(res, role.email != "", bearer); got != want {
						t.Errorf("%s %s as %s: %d (Location %q), want %s", method, path, role.name, res.StatusCode,
							res.Header.Get("Location"), outcomes[want])
					}
				})
			}
		})
	}
}

var outcomes = map[string]string{"Y": "2xx or 3xx", "V": "422", "-": "refused: 403, or sent to sign-in when not signed in (401 on /api/ and /metrics)"}

// outcome classes a response as a cell of the matrix, or "" for none of
// them: a 404, a 500, a refusal of the wrong kind.
func outcome(res response, signedIn, api bool) string {
	code := res.StatusCode
	switch {
	case api && code == http.StatusUnauthorized:
		return "-"
	case sentToSignIn(res):
		if !signedIn {
			return "-"
		}
	case code == http.StatusForbidden:
		if signedIn {
			return "-"
		}
	case code == http.StatusUnprocessableEntity:
		return "V"
	case code >= 200 && code < 400:
		return "Y"
	}
	return ""
}

func TestAuthorization_RefusalIsRecorded(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("auditor@example.com")
	res := v.form("/admin/users", url.Values{"email": {"x@example.com"}, "name": {"X"}, "password": {"long enough password"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("auditor creating a user: %d, want 403", res.StatusCode)
	}
	events, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "access.denied"})
	if err != nil || len(events) != 1 {
		t.Fatalf("got %d access.denied events (%v), want 1", len(events), err)
	}
	if e := events[0]; e.ActorEmail != "auditor@example.com" || e.ObjectID != "POST /admin/users" {
		t.Errorf("event %+v", e)
	}
	if n, _ := app.Auth.UserTotal(t.Context()); n != int64(len(demo.Users)) {
		t.Errorf("%d users, want the %d demo users only", n, len(demo.Users))
	}
}

// TestAuthorization_APITokens opens every token route with a live token,
// and finds it shut to the same token once revoked.
func TestAuthorization_APITokens(t *testing.T) {
	app, ts := newServer(t)
	token := newToken(t, app, "erp")
	bodies := map[string]string{"/api/v1/screen": `{"name": "ACME"}`, "/api/v1/screen/batch": `{"names": [{"name": "ACME"}]}`}
	var tokenRoutes []web.Route
	for _, r := range app.Server.Routes() {
		if r.Access.Token {
			tokenRoutes = append(tokenRoutes, r)
		}
	}
	if len(tokenRoutes) != len(bodies) {
		t.Fatalf("%d token routes, %d tested", len(tokenRoutes), len(bodies))
	}
	for _, r := range tokenRoutes {
		if res := apiPost(t, ts, token, r.Path, bodies[r.Path]); res.StatusCode != http.StatusOK {
			t.Errorf("%s %s with a live token: %d %s", r.Method, r.Path, res.StatusCode, res.Body)
		}
	}
	if _, err := app.Tokens.Revoke(systemCtx, token[:12]); err != nil {
		t.Fatal(err)
	}
	for _, r := range tokenRoutes {
		if res := apiPost(t, ts, token, r.Path, bodies[r.Path]); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s with a revoked token: %d, want 401", r.Method, r.Path, res.StatusCode)
		}
	}
}

func userID(t *testing.T, app *testutil.App, email string) string {
	t.Helper()
	var id string
	if err := app.DB.Gorm.Raw("SELECT id FROM users WHERE email = ?", email).Scan(&id).Error; err != nil || id == "" {
		t.Fatalf("no user %s: %v", email, err)
	}
	return id
}

// sentToSignIn tells the refusal of a visitor who is not signed in: a
// redirect to the sign-in page that is not the farewell after signing out.
func sentToSignIn(res response) bool {
	for _, c := range res.Cookies() {
		if c.Name == "vigil_flash" {
			return false
		}
	}
	return res.redirectsTo("/signin")
}
