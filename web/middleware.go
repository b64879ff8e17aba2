package web

import (
	"crypto/rand"
	"encoding/hex"
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
)

const (
	ctxLogger    = "log"
	ctxRequestID = "request_id"
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
		took := time.Since(start)
		s.observeRequest(c, c.Response().Status, took)
		attrs := []any{"method", r.Method, "path", audit.Cut(r.URL.Path), "status", c.Response().Status,
			"bytes", c.Response().Size, "duration_ms", took.Milliseconds()}
		log.Info("request", append(attrs, attribution(c)...)...)
		return nil
	}
}

// ctxUnattributed marks a request to an Unattributed route.
const ctxUnattributed = "unattributed"

// attribution is who made a request, for its access log line: the client
// address and the signed-in user, unless the route is Unattributed, where
// they would tie an anonymous report of concern to its reporter.
func attribution(c echo.Context) []any {
	if c.Get(ctxUnattributed) != nil {
		return nil
	}
	attrs := []any{"client_ip", c.RealIP()}
	if a := auth.ActorFrom(c.Request().Context()); a != nil {
		attrs = append(attrs, "user_id", a.UserID)
	}
	return attrs
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// permissionsPolicy turns off the browser features Vigil never uses, for
// its pages and for anything a page could be made to embed.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()"

// securityHeaders sets the headers of every response before anything
// answers: pages, errors, files, and Go's cross-origin refusals, which come
// before the router.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", permissionsPolicy)
		// Pages carry personal and export data: never keep them in a browser or
		// proxy cache, so Back after sign-out asks the server again. Hashed
		// static files override this with a long lifetime.
		h.Set("Cache-Control", "no-store")
		if s.overTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
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

// authorize is the route-level check: public routes pass, token routes need
// an API token, the metrics the metrics token, others a signed-in actor whose roles grant the route's
// permission.
func (s *Server) authorize(a Access) echo.MiddlewareFunc {
	switch {
	case a.Token:
		return s.authorizeToken
	case a.Scrape:
		return s.authorizeScrape
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if a.Unattributed {
				c.Set(ctxUnattributed, true)
			}
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
