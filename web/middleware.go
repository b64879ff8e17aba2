package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/static"
)

const (
	sessionCookie = "vigil_session"
	keyToken      = "t" // session token of a signed-in browser
	keyAnonCSRF   = "c" // anti-forgery token of a browser not signed in
	ctxLogger     = "log"
	ctxRequestID  = "request_id"
	ctxAnonCSRF   = "anon_csrf" // an anonymous token made in this request
)

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// logger returns the request's logger, which adds the request id to every line.
func logger(c echo.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return next(c)
	}
}

// requestContext gives each request an id (echoed in X-Request-Id and in
// every log line), a logger, the client address for the audit trail, and
// writes the access log line.
func (s *Server) requestContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		id := newRequestID()
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		log := s.Logger.With(ctxRequestID, id)
		c.Set(ctxLogger, log)
		c.Set(ctxRequestID, id)
		r := c.Request()
		c.SetRequest(r.WithContext(audit.WithActor(r.Context(), audit.Actor{RequestID: id, ClientIP: c.RealIP()})))
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		attrs := []any{"method", r.Method, "path", audit.Cut(r.URL.Path), "status", c.Response().Status,
			"bytes", c.Response().Size, "duration_ms", time.Since(start).Milliseconds(), "client_ip", c.RealIP()}
		if a := auth.ActorFrom(c.Request().Context()); a != nil {
			attrs = append(attrs, "user_id", a.UserID)
		}
		log.Info("request", attrs...)
		return nil
	}
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		// Pages carry personal and export data: never keep them in a browser or
		// proxy cache, so Back after sign-out asks the server again. Hashed
		// static files override this with a long lifetime.
		h.Set("Cache-Control", "no-store")
		if s.overTLS(c.Request()) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// overTLS reports whether the browser reached Vigil over HTTPS: directly, as
// configured (VIGIL_HTTPS), or as a trusted proxy says.
func (s *Server) overTLS(r *http.Request) bool {
	return s.Config.HTTPS || r.TLS != nil || (s.Config.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// secureCookies reports whether cookies must be Secure: always, unless the
// browser talks to this machine itself over plain HTTP (local development).
func (s *Server) secureCookies(r *http.Request) bool {
	if s.overTLS(r) {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// Request bodies are bounded, and read only after the route's access is
// granted. Forms are small; an upload may exceed its file limit by a margin,
// so that the file store, not the parser, refuses an oversized file and the
// form comes back with its other input.
const (
	maxPublicFormBody = 16 << 10 // the sign-in form
	maxFormBody       = 1 << 20
	uploadMargin      = 4 << 20
	// maxListFile bounds an official list upload: the full EU and UK files
	// are about 25 MB today, with room to grow.
	maxListFile = 128 << 20
	// formMemory is how much of a multipart form is kept in memory; the rest
	// of its files goes to temporary files.
	formMemory = 1 << 20
)

// readBody reads a posted form once authorize has let the request through,
// so that a visitor who may not use a route cannot make Vigil read, let alone
// store, what they send. Public forms are small and take no files; a route
// that takes files spools them to temporary files, removed when the request
// ends whatever its outcome (net/http would remove only those of the request
// it created, and middleware works on copies of it).
func (s *Server) readBody(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if a.Token {
			return next // the API bounds its JSON bodies itself (see decodeJSON)
		}
		return func(c echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			limit := int64(maxFormBody)
			if a.Public {
				limit = maxPublicFormBody
			}
			multipart := strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
			if multipart {
				if a.Upload == 0 {
					return echo.NewHTTPError(http.StatusUnsupportedMediaType, "This form takes no files.")
				}
				limit = a.Upload + uploadMargin
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
			var err error
			if multipart {
				err = r.ParseMultipartForm(formMemory)
				if r.MultipartForm != nil {
					defer r.MultipartForm.RemoveAll()
				}
			} else {
				err = r.ParseForm()
			}
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge) && multipart:
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The upload is larger than %d MB.", a.Upload>>20))
			case errors.As(err, &tooLarge):
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "The form is larger than Vigil takes.")
			case err != nil:
				return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
			}
			return next(c)
		}
	}
}

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

// authorize is the route-level check: public routes pass, token routes need
// an API token, others a signed-in actor whose roles grant the route's
// permission.
func (s *Server) authorize(a Access) echo.MiddlewareFunc {
	if a.Token {
		return s.authorizeToken
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			actor := auth.ActorFrom(c.Request().Context())
			role, ok := a.allows(actor)
			if !ok {
				if actor == nil {
					return apperr.New(apperr.Unauthenticated, "Please sign in.")
				}
				return apperr.New(apperr.Forbidden, "Your roles do not give access to this page or action.")
			}
			if role != "" {
				r := c.Request()
				c.SetRequest(r.WithContext(auth.WithActor(r.Context(), actor, role)))
			}
			return next(c)
		}
	}
}

// recordDenied records a signed-in user's refused request in the audit
// trail: a route the user's roles do not open, a forged form, or a rule of
// the service such as approving one's own case. The path is cut (audit.Cut).
func (s *Server) recordDenied(c echo.Context, reason string) {
	ctx, r := c.Request().Context(), c.Request()
	err := s.DB.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, s.DB.Now(), audit.Event{Action: "access.denied", ObjectType: "route",
			ObjectID: r.Method + " " + c.Path(), Summary: "Refused " + r.Method + " " + r.URL.Path + ": " + reason})
	})
	if err != nil {
		logger(c).Error("record access denial", "err", err)
	}
}
