package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
)

var newSecret = regexp.MustCompile(`data-testid="new-token-secret">(vgl_[0-9a-f]{64})<`)

func TestAdminTokens_CreateShowsTheTokenOnceThenRevoke(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	if res := admin.get("/"); !strings.Contains(res.Body, `href="/admin/tokens"`) {
		t.Error("no API tokens entry in the administrator's menu")
	}
	if res := admin.get("/admin/tokens"); !strings.Contains(res.Body, `name="rate" type="number" value="20"`) {
		t.Errorf("the form does not offer the default rate:\n%s", res.Body)
	}

	res := admin.form("/admin/tokens", url.Values{"name": {"SAP ERP production"}, "rate": {"5"}})
	m := newSecret.FindStringSubmatch(res.Body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(res.Body, "shown only this once") {
		t.Fatalf("create: %d, token shown: %v", res.StatusCode, m != nil)
	}
	secret := m[1]
	if res := apiPost(t, ts, secret, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
		t.Fatalf("the new token on the API: %d %s", res.StatusCode, res.Body)
	}

	list := admin.get("/admin/tokens")
	if strings.Contains(list.Body, secret) || !strings.Contains(list.Body, "<code>"+secret[:12]+"…</code>") ||
		!strings.Contains(list.Body, "admin@example.com") || strings.Contains(list.Body, ">never<") {
		t.Fatalf("list: the secret again, or no prefix, creator or last use:\n%s", list.Body)
	}
	if !strings.Contains(list.Body, `data-testid="token-rate">5 requests a second<`) {
		t.Errorf("the list does not show the token's rate")
	}
	var stored int
	tokens, _ := app.Tokens.List(systemCtx)
	if app.DB.Gorm.Raw("SELECT rate_per_second FROM api_tokens WHERE id = ?", tokens[0].ID).Scan(&stored); stored != 5 {
		t.Errorf("stored rate %d, want 5", stored)
	}
	res = admin.form("/admin/tokens/"+tokens[0].ID+"/revoke", nil)
	if !res.redirectsTo("/admin/tokens") {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if list := admin.get("/admin/tokens"); !strings.Contains(list.Body, "Revoked the token “SAP ERP production”") || !strings.Contains(list.Body, "revoked 20") {
		t.Errorf("after revoking: %s", list.Body)
	}
	if res := apiPost(t, ts, secret, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked token on the API: %d", res.StatusCode)
	}
	for _, action := range []string{"api_token.create", "api_token.revoke"} {
		es, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: action})
		if len(es) != 1 || es[0].ActorEmail != "admin@example.com" || es[0].ObjectID != tokens[0].ID {
			t.Errorf("%s events %+v", action, es)
		}
	}
	if es, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "api_token.create"}); !strings.Contains(es[0].AfterJSON, `"rate_per_second":5`) {
		t.Errorf("the creation does not record the rate: %s", es[0].AfterJSON)
	}
}

func TestAdminTokens_BadRateComesBackWithTheFormStoringNothing(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	for _, rate := range []string{"0", "1001", "-3", "2.5", "fast", "1e3"} {
		res := admin.form("/admin/tokens", url.Values{"name": {"SAP ERP"}, "rate": {rate}})
		want := `Give the rate as a whole number of requests a second from 1 to 1000, not &#34;` + rate + `&#34;.`
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="rate-error">`+want) ||
			!strings.Contains(res.Body, `value="`+rate+`"`) || !strings.Contains(res.Body, `value="SAP ERP"`) || newSecret.MatchString(res.Body) {
			t.Errorf("rate %q: %d, want 422 with %q and the form kept", rate, res.StatusCode, want)
		}
	}
	res := admin.form("/admin/tokens", url.Values{"name": {" "}, "rate": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the token a name") || !strings.Contains(res.Body, `value="7"`) {
		t.Errorf("a bad name with a good rate: %d", res.StatusCode)
	}
	if tokens, _ := app.Tokens.List(systemCtx); len(tokens) != 0 {
		t.Errorf("%d tokens stored after refusals", len(tokens))
	}
	if es, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "api_token.create"}); len(es) != 0 {
		t.Errorf("%d creations recorded", len(es))
	}
}

func TestAdminTokens_BadNameComesBackWithTheForm(t *testing.T) {
	app, ts := newServer(t)
	newToken(t, app, "crm")
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	for name, want := range map[string]struct {
		status  int
		message string
	}{
		"   ": {http.StatusUnprocessableEntity, "Give the token a name"},
		"crm": {http.StatusConflict, "A live token already has this name"},
	} {
		res := admin.form("/admin/tokens", url.Values{"name": {name}})
		if res.StatusCode != want.status || !strings.Contains(res.Body, want.message) || !strings.Contains(res.Body, `value="`+name+`"`) ||
			newSecret.MatchString(res.Body) {
			t.Errorf("%q: %d, want %d with %q and the name kept", name, res.StatusCode, want.status, want.message)
		}
	}
	if tokens, _ := app.Tokens.List(systemCtx); len(tokens) != 1 {
		t.Errorf("%d tokens, want only crm", len(tokens))
	}
}
