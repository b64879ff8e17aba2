// Package web is Vigil's only HTTP adapter: the echo router, its middleware,
// and thin handlers that bind forms, call one service method and render.
package web

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/config"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/static"
	"github.com/vigil-icp/vigil/templates/components"
)

// Deps are what the web layer needs from the rest of the program.
type Deps struct {
	Config  config.Config
	DB      *db.DB
	Auth    *auth.Service
	Cases   *cases.Service
	Files   *files.Store
	Logger  *slog.Logger
	Version string
}

// Server is the HTTP application.
type Server struct {
	Deps
	echo    *echo.Echo
	assets  *static.Assets
	cookies *sessions.CookieStore
	handler http.Handler
	// countries is the country reference list, read once: it changes only
	// with a migration.
	countries func() ([]reference.Country, error)
}

// New builds the router with its middleware and every route of the table.
func New(d Deps) (*Server, error) {
	assets, err := static.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, echo: echo.New(), assets: assets}
	s.countries = sync.OnceValues(func() ([]reference.Country, error) {
		return reference.Countries(context.Background(), d.DB.Gorm)
	})
	// Separate keys for signing and encrypting, both derived from the one
	// configured session key.
	hashKey := sha256.Sum256(append([]byte("vigil cookie signing\x00"), d.Config.SessionKey...))
	blockKey := sha256.Sum256(append([]byte("vigil cookie encryption\x00"), d.Config.SessionKey...))
	s.cookies = sessions.NewCookieStore(hashKey[:], blockKey[:])

	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if d.Config.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	e.Use(s.recoverPanic, s.requestContext, s.securityHeaders, s.limitBody, s.loadSession, s.checkCSRF)
	for _, r := range s.routes() {
		e.Add(r.Method, r.Path, r.Handler, s.authorize(r.Access))
	}
	// Go's cross-origin protection refuses state-changing requests that a
	// browser marks as cross-site, before any handler runs.
	s.handler = http.NewCrossOriginProtection().Handler(e)
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the method and path of every registered route.
func (s *Server) Routes() []Route {
	return s.routes()
}

// countryOptions lists the countries for a select, by name.
func (s *Server) countryOptions(c echo.Context) ([]components.Option, error) {
	cs, err := s.countries()
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, len(cs))
	for i, ct := range cs {
		out[i] = components.Option{Value: ct.Code, Label: ct.Name}
	}
	return out, nil
}
