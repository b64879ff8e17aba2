package testutil

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// OIDCProvider is an OpenID Connect identity provider for tests, served on
// 127.0.0.1: discovery, keys, an authorization page where a person (or a
// test) types who they are, and a token endpoint that checks the code,
// the PKCE verifier and the client secret before it issues a signed ID
// token with the person's claims.
type OIDCProvider struct {
	*httptest.Server
	ClientID, ClientSecret string

	key    *rsa.PrivateKey
	signer jose.Signer

	mu     sync.Mutex
	people map[string]map[string]any // claims by login
	grants map[string]oidcGrant      // by code
	// tamper, when set, changes the claims of the ID tokens issued next.
	tamper func(claims map[string]any)
}

// oidcGrant is what an authorization code stands for until it is redeemed.
type oidcGrant struct {
	login, clientID, redirectURI, nonce, challenge string
}

// NewOIDCProvider starts a provider that knows the client "vigil" with the
// secret "vigil-secret"; it stops when the test ends.
func NewOIDCProvider(t testing.TB) *OIDCProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "test", Algorithm: "RS256"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	p := &OIDCProvider{ClientID: "vigil", ClientSecret: "vigil-secret", key: key, signer: signer,
		people: map[string]map[string]any{}, grants: map[string]oidcGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorizePage)
	mux.HandleFunc("POST /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

// Settings are the VIGIL_* settings of single sign-on through p, mapping
// the groups vigil-admins, vigil-officers and vigil-staff to roles.
func (p *OIDCProvider) Settings() map[string]string {
	return map[string]string{"VIGIL_OIDC_ISSUER": p.URL, "VIGIL_OIDC_CLIENT_ID": p.ClientID,
		"VIGIL_OIDC_CLIENT_SECRET": p.ClientSecret, "VIGIL_OIDC_NAME": "Test IdP",
		"VIGIL_OIDC_ROLE_MAP": "vigil-admins=admin,vigil-officers=compliance_officer,vigil-staff=staff"}
}

// SetPerson adds or changes the person who signs in as login; claims are
// those of their ID token besides the protocol's own (sub defaults to login).
func (p *OIDCProvider) SetPerson(login string, claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := map[string]any{"sub": login}
	maps.Copy(c, claims)
	p.people[login] = c
}

// Tamper makes the next ID tokens carry claims changed by fn (nil: none).
func (p *OIDCProvider) Tamper(fn func(claims map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = fn
}

func (p *OIDCProvider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize",
		"token_endpoint": p.URL + "/token", "jwks_uri": p.URL + "/jwks",
		"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"}})
}

func (p *OIDCProvider) jwks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "test", Algorithm: "RS256", Use: "sig"}}})
}

var oidcLoginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head><body>
<main><h1>Test IdP</h1>
<form method="post" action="/authorize">
{{range $k, $v := .}}<input type="hidden" name="{{$k}}" value="{{index $v 0}}">
{{end}}<label for="login">User name</label> <input id="login" name="login" autocomplete="off">
<button type="submit" id="idp-signin">Sign in</button>
</form></main></body></html>`))

// authorizePage shows the login form, carrying the request's parameters.
func (p *OIDCProvider) authorizePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	oidcLoginPage.Execute(w, r.URL.Query())
}

// authorize signs in the person typed and sends the browser back to the
// client with a code, as a provider does once it knows who is there.
func (p *OIDCProvider) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := r.PostForm
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	back, err := http.NewRequest(http.MethodGet, q.Get("redirect_uri"), nil) // builds the address back
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	answer := back.URL.Query()
	answer.Set("state", q.Get("state"))
	answer.Set("error", "access_denied")
	p.mu.Lock()
	if _, known := p.people[q.Get("login")]; known {
		code := rand.Text()
		p.grants[code] = oidcGrant{login: q.Get("login"), clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
			nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
		answer.Del("error")
		answer.Set("code", code)
	}
	p.mu.Unlock()
	back.URL.RawQuery = answer.Encode()
	http.Redirect(w, r, back.URL.String(), http.StatusSeeOther)
}

// Authorize does what a person does on the login page of authURL (the
// address the client sent the browser to) as login, and returns the
// address the provider sends the browser back to.
func (p *OIDCProvider) Authorize(t testing.TB, authURL, login string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, authURL, nil) // reads the address's parameters
	if err != nil {
		t.Fatal(err)
	}
	form := req.URL.Query()
	form.Set("login", login)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(p.URL+"/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("authorize at the test provider: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

// token redeems a code once, for the client that asked for it, with the
// verifier of its PKCE challenge, and returns a signed ID token.
func (p *OIDCProvider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	p.mu.Lock()
	g, found := p.grants[r.PostFormValue("code")]
	delete(p.grants, r.PostFormValue("code"))
	claims := maps.Clone(p.people[g.login])
	tamper := p.tamper
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	switch {
	case id != p.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1:
		oidcError(w, http.StatusUnauthorized, "invalid_client")
		return
	case !found || g.clientID != id || g.redirectURI != r.PostFormValue("redirect_uri") ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge || r.PostFormValue("grant_type") != "authorization_code":
		oidcError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	now := time.Now()
	maps.Copy(claims, map[string]any{"iss": p.URL, "aud": p.ClientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	if tamper != nil {
		tamper(claims)
	}
	payload, _ := json.Marshal(claims)
	jws, err := p.signer.Sign(payload)
	if err != nil {
		oidcError(w, http.StatusInternalServerError, "server_error")
		return
	}
	idToken, _ := jws.CompactSerialize()
	writeJSON(w, map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

func oidcError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
