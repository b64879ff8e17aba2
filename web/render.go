package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/layout"
	"github.com/vigil-icp/vigil/templates/page"
)

const flashCookie = "vigil_flash"

// buffers are reused between renders: pages are tens of kilobytes, and
// growing a fresh buffer for each is most of what a page allocates.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a page: the full layout for normal and boosted requests, the
// bare component for other htmx requests. The page base (page.Page) goes into
// the render context for the layout and the forms. It renders into a buffer
// first so a failing template yields a clean error page instead of half a
// page.
func (s *Server) render(c echo.Context, status int, title string, body templ.Component) error {
	full := fullPage(c)
	out := body
	if full {
		out = layout.Page(body)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		buffers.Put(buf)
	}()
	ctx := page.With(c.Request().Context(), s.pageBase(c, title, full))
	if err := out.Render(ctx, buf); err != nil {
		return err
	}
	if isHTMX(c) && c.Request().Method != http.MethodGet {
		// A page sent in answer to a post (a form with errors) keeps the
		// address of the page the form was on: the post's URL is no page to
		// reload or go back to.
		c.Response().Header().Set("HX-Push-Url", "false")
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func isHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }

// fullPage reports whether the request wants a whole page: a normal or a
// boosted request, not one htmx makes for a fragment.
func fullPage(c echo.Context) bool {
	return !isHTMX(c) || c.Request().Header.Get("HX-Boosted") == "true"
}

// redirect answers a successful form post with 303 See Other.
func redirect(c echo.Context, to string) error {
	return c.Redirect(http.StatusSeeOther, to)
}

// pageBase is what every page shows besides its content. The flash is taken
// (and so cleared) only for a full page, the one that shows it.
func (s *Server) pageBase(c echo.Context, title string, full bool) page.Page {
	p := page.Page{Title: title, Demo: s.Config.Demo, Version: s.Version, Asset: s.assets.URL,
		CSRFToken: s.csrfToken(c, false)}
	if full {
		p.Flash = s.takeFlash(c)
	}
	a := auth.ActorFrom(c.Request().Context())
	if a == nil {
		return p
	}
	u := &page.User{Name: a.Name, Email: a.Email}
	for _, r := range a.Roles {
		u.Roles = append(u.Roles, r.Label())
	}
	p.User = u
	path := c.Request().URL.Path
	for _, n := range navigation {
		if _, ok := n.Access.allows(a); ok {
			active := path == n.Href || (n.Href != "/" && strings.HasPrefix(path, n.Href+"/"))
			p.Nav = append(p.Nav, page.NavItem{Label: n.Label, Href: n.Href, Active: active})
		}
	}
	return p
}

// flash stores a one-time message for the next page, in its own signed cookie
// so the session cookie keeps nothing but the session token.
func (s *Server) flash(c echo.Context, kind, msg string) {
	v, err := s.cookies.Codecs[0].Encode(flashCookie, kind+"\x00"+msg)
	if err != nil {
		logger(c).Error("encode flash", "err", err)
		return
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: v, Path: "/", HttpOnly: true, MaxAge: 60,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c.Request())})
}

func (s *Server) takeFlash(c echo.Context) *page.Flash {
	ck, err := c.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c.Request())})
	var v string
	if err := s.cookies.Codecs[0].Decode(flashCookie, ck.Value, &v); err != nil {
		return nil
	}
	kind, msg, _ := strings.Cut(v, "\x00")
	return &page.Flash{Kind: kind, Message: msg}
}

// localPath returns next if it is a path on this site, else "/", so that a
// crafted sign-in link cannot send the user elsewhere.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// csrfPlaceholder stands for the viewer's anti-forgery token in a cached
// page body; it is random so that no content can contain it by accident.
var csrfPlaceholder = "csrf-" + auth.RandomToken()

// renderCached renders a page body once per key and reuses it. The key must
// capture everything the body shows (for a case: its version and who views
// it); the viewer's CSRF token is put in on every use. The layout around the
// body is rendered for each request. A body that fails to build is neither
// cached nor sent: the error goes to the error handler.
func (s *Server) renderCached(c echo.Context, status int, title, key string, build func() (templ.Component, error)) error {
	parts, ok := s.bodies.Get(key)
	if !ok {
		body, err := build()
		if err != nil {
			return err
		}
		buf := buffers.Get().(*bytes.Buffer)
		defer func() {
			buf.Reset()
			buffers.Put(buf)
		}()
		ctx := page.With(c.Request().Context(), page.Page{CSRFToken: csrfPlaceholder})
		if err := body.Render(ctx, buf); err != nil {
			return err
		}
		parts = strings.Split(buf.String(), csrfPlaceholder)
		s.bodies.Add(key, parts)
	}
	token := s.csrfToken(c, false)
	body := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for i, p := range parts {
			if i > 0 {
				if _, err := io.WriteString(w, token); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, p); err != nil {
				return err
			}
		}
		return nil
	})
	return s.render(c, status, title, body)
}
