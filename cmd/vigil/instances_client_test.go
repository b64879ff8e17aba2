package main

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
)

// browser is a signed-in client that may send each request to any
// instance: it keeps its cookies itself (the session cookie is Secure
// outside localhost, which a cookie jar would not send over plain HTTP to
// 127.0.0.1) and the CSRF token of the last page that had one.
type browser struct {
	t       *testing.T
	mu      sync.Mutex
	cookies map[string]string
	csrf    string
	client  *http.Client
}

func newBrowser(t *testing.T) *browser {
	return &browser{t: t, cookies: map[string]string{}, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs email in through the instance at base.
func (b *browser) signIn(base, email string) {
	b.t.Helper()
	if status, _ := b.get(base, "/signin"); status != http.StatusOK {
		b.t.Fatalf("GET /signin: %d", status)
	}
	status, _ := b.post(base, "/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if status != http.StatusSeeOther {
		b.t.Fatalf("sign in %s: %d", email, status)
	}
}

func (b *browser) get(base, path string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends form with the CSRF token the browser holds.
func (b *browser) post(base, path string, form url.Values) (int, string) {
	b.mu.Lock()
	form.Set("csrf_token", b.csrf)
	b.mu.Unlock()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) do(req *http.Request) (int, string) {
	b.mu.Lock()
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	b.mu.Unlock()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Error(err)
		return 0, ""
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range res.Cookies() {
		b.cookies[c.Name] = c.Value
	}
	if m := csrfToken.FindSubmatch(body); m != nil {
		b.csrf = html.UnescapeString(string(m[1]))
	}
	return res.StatusCode, string(body)
}
