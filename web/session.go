package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/static"
)

const (
	sessionCookie = "vigil_session"
	keyToken      = "t"         // session token of a signed-in browser
	keyAnonCSRF   = "c"         // anti-forgery token of a browser not signed in
	ctxAnonCSRF   = "anon_csrf" // an anonymous token made in this request
)

// loadSession resolves the session cookie to a signed-in actor, if any.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, static.Prefix) || s.tokenRoute(c) {
			return next(c) // assets are public, the API takes tokens; spare them the session lookup
		}
		sess, _ := s.cookies.Get(c.Request(), sessionCookie) // a forged or stale cookie yields an empty session
		token, _ := sess.Values[keyToken].(string)
		if token == "" {
			return next(c)
		}
		actor, err := s.Auth.Authenticate(c.Request().Context(), token)
		switch apperr.CodeOf(err) {
		case "":
			r := c.Request()
			c.SetRequest(r.WithContext(auth.WithActor(r.Context(), actor, "")))
		case apperr.Unauthenticated:
			delete(sess.Values, keyToken)
			if err := s.saveSession(c, sess.Values); err != nil {
				return err
			}
		default:
			return err
		}
		return next(c)
	}
}

// checkCSRF refuses a state-changing request whose token does not match the
// session's (or, before sign-in, the browser's anonymous token). It runs
// after readBody: a form carries its token in the body.
func (s *Server) checkCSRF(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if a.Token {
			return next // a bearer token is no ambient credential a forged form could carry
		}
		return func(c echo.Context) error {
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			want := s.csrfToken(c, false)
			got := c.Request().Header.Get("X-CSRF-Token")
			if got == "" {
				got = c.FormValue("csrf_token")
			}
			if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
				logger(c).Warn("csrf token missing or wrong", "path", audit.Cut(c.Request().URL.Path))
				return apperr.New(apperr.Forbidden, "This form has expired or did not come from Vigil. Reload the page and try again.")
			}
			return next(c)
		}
	}
}

// csrfToken returns the token forms must carry. For a browser not signed in
// it is kept in the session cookie, created when create is true; a token
// created in this request is remembered for the page that shows it.
func (s *Server) csrfToken(c echo.Context, create bool) string {
	if a := auth.ActorFrom(c.Request().Context()); a != nil {
		return a.CSRFToken
	}
	if tok, ok := c.Get(ctxAnonCSRF).(string); ok {
		return tok
	}
	sess, _ := s.cookies.Get(c.Request(), sessionCookie)
	tok, _ := sess.Values[keyAnonCSRF].(string)
	if tok == "" && create {
		tok = auth.RandomToken()
		if err := s.saveSession(c, map[any]any{keyAnonCSRF: tok}); err != nil {
			logger(c).Error("save session cookie", "err", err)
		}
		c.Set(ctxAnonCSRF, tok)
	}
	return tok
}

// saveSession writes the session cookie with values; no values deletes it.
func (s *Server) saveSession(c echo.Context, values map[any]any) error {
	sess, _ := s.cookies.New(c.Request(), sessionCookie)
	sess.Values = values
	sess.Options.Path = "/"
	sess.Options.MaxAge = int(s.Config.AbsoluteTimeout.Seconds())
	if len(values) == 0 {
		sess.Options.MaxAge = -1
	}
	sess.Options.HttpOnly = true
	sess.Options.SameSite = http.SameSiteLaxMode
	sess.Options.Secure = s.secureCookies(c.Request())
	return sess.Save(c.Request(), c.Response())
}
