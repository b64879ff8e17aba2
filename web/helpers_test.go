package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// visitor is an HTTP client with a cookie jar that does not follow
// redirects, so tests see every 303.
type visitor struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newServer(t *testing.T) (*testutil.App, *httptest.Server) {
	t.Helper()
	app := testutil.NewApp(t)
	ts := httptest.NewServer(app.Server)
	t.Cleanup(ts.Close)
	return app, ts
}

func newVisitor(t *testing.T, ts *httptest.Server) *visitor {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, base: ts.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is a finished request.
type response struct {
	*http.Response
	Body string
}

func (v *visitor) do(req *http.Request) response {
	v.t.Helper()
	res, err := v.c.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{res, string(body)}
}

func (v *visitor) get(path string) response {
	v.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, v.base+path, nil)
	return v.do(req)
}

// post sends a form; the caller supplies csrf_token.
func (v *visitor) post(path string, form url.Values) response {
	v.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, v.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf fetches page and returns the token its forms carry.
func (v *visitor) csrf(page string) string {
	v.t.Helper()
	m := csrfField.FindStringSubmatch(v.get(page).Body)
	if m == nil {
		v.t.Fatalf("no CSRF token on %s", page)
	}
	return m[1]
}

// signIn signs in through the sign-in form and fails the test if it does not work.
func (v *visitor) signIn(email string) {
	v.t.Helper()
	res := v.post("/signin", url.Values{"csrf_token": {v.csrf("/signin")}, "email": {email}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		v.t.Fatalf("sign in %s: %d %s", email, res.StatusCode, res.Header.Get("Location"))
	}
}

// form posts form to path with the CSRF token of the signed-in session.
func (v *visitor) form(path string, form url.Values) response {
	v.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", v.csrf("/account"))
	return v.post(path, form)
}

func (r response) redirectsTo(prefix string) bool {
	return r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), prefix)
}

// multipartForm posts fields and, when content is not "", a file in the
// field named file, as the browser sends a form with a file field.
func (v *visitor) multipartForm(path string, fields url.Values, file, filename, content string) response {
	v.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", v.csrf("/account"))
	for k, vs := range fields {
		for _, x := range vs {
			w.WriteField(k, x)
		}
	}
	if content != "" {
		part, _ := w.CreateFormFile(file, filename)
		part.Write([]byte(content))
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, v.base+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return v.do(req)
}
