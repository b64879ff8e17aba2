package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Client is a browser's part in a conversation with a running Vigil: a
// cookie jar, redirects not followed (so each 303 is seen), and forms sent
// with the session's CSRF token. It never fails the test itself, so load
// generators may use it from goroutines of their own.
type Client struct {
	Base string
	http *http.Client
	csrf string
}

// NewClient returns a client of the server at base, signed out.
func NewClient(base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Get returns the status and body of page.
func (c *Client) Get(page string) (int, string, error) {
	res, err := c.http.Get(c.Base + page)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, string(body), err
}

var csrfToken = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token returns the CSRF token the forms of page carry.
func (c *Client) token(page string) (string, error) {
	_, body, err := c.Get(page)
	if err != nil {
		return "", err
	}
	m := csrfToken.FindStringSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("no CSRF token on %s", page)
	}
	return m[1], nil
}

// SignIn signs in through the sign-in form, then keeps the session's CSRF
// token for the forms it sends.
func (c *Client) SignIn(email, password string) error {
	tok, err := c.token("/signin")
	if err != nil {
		return err
	}
	res, err := c.send("/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"csrf_token": {tok}, "email": {email}, "password": {password}}.Encode()))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		return fmt.Errorf("sign in %s: %d %s", email, res.StatusCode, res.Header.Get("Location"))
	}
	c.csrf, err = c.token("/account")
	return err
}

// Post sends a form with the session's CSRF token and returns the response,
// its body read and closed.
func (c *Client) Post(path string, form url.Values) (*http.Response, error) {
	if c.csrf == "" {
		return nil, errors.New("sign in before posting forms")
	}
	form.Set("csrf_token", c.csrf)
	return c.send(path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// Upload sends fields and one file in the form field "file", as a browser
// sends a form with a file field.
func (c *Client) Upload(path string, fields url.Values, filename string, content []byte) (*http.Response, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields.Set("csrf_token", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		return nil, err
	}
	fw.Write(content)
	w.Close()
	return c.send(path, w.FormDataContentType(), &body)
}

func (c *Client) send(path, contentType string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, c.Base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.Base)
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res, err
}
