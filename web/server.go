// Package web is Vigil's only HTTP adapter: the echo router, its middleware,
// and thin handlers that bind forms, call one service method and render.
package web

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/sessions"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/config"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/sso"
	"github.com/vigil-icp/vigil/static"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
)

// Deps are what the web layer needs from the rest of the program.
type Deps struct {
	*app.Services
	Config  config.Config
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
	// countryCache holds the country reference data once read (see countries).
	countryCache atomic.Pointer[countryData]
	// openers are the choices of the case list's "opened by" filter; a
	// minute-old list of names is good enough for a filter.
	openers *expirable.LRU[string, []components.Option]
	// searched are the auditors' searches recorded lately, by user and
	// address: a search paged through or reloaded is recorded once.
	searched *expirable.LRU[string, bool]
	// bodies are rendered page bodies split around the CSRF token (see renderCached).
	bodies *lru.Cache[string, []string]
	// tokenRoutes are the "METHOD path" of the routes that take an API token.
	tokenRoutes map[string]bool
	refusals    *anonymousRefusals
	// sso is the identity provider of single sign-on; nil when there is none.
	sso *sso.Client
	// observers are the request latency histograms by route (see observeRoutes).
	observers      map[routeKey]*routeObservers
	metricsHandler http.Handler
}

// New builds the router with its middleware and every route of the table.
func New(d Deps) (*Server, error) {
	assets, err := static.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, echo: echo.New(), assets: assets,
		openers: expirable.NewLRU[string, []components.Option](4, nil, time.Minute), tokenRoutes: map[string]bool{},
		searched: expirable.NewLRU[string, bool](4096, nil, 10*time.Minute),
		refusals: newAnonymousRefusals()}
	s.bodies, _ = lru.New[string, []string](512)
	if d.Config.OIDC.Enabled() {
		s.sso = sso.NewClient(d.Config.OIDC)
	}
	// Separate keys for signing and encrypting, both derived from the one
	// configured session key.
	hashKey := sha256.Sum256(append([]byte("vigil cookie signing\x00"), d.Config.SessionKey...))
	blockKey := sha256.Sum256(append([]byte("vigil cookie encryption\x00"), d.Config.SessionKey...))
	s.cookies = sessions.NewCookieStore(hashKey[:], blockKey[:])
	useStringSerializer(s.cookies)

	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if d.Config.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	e.Use(s.recoverPanic, s.requestContext, s.checkAddress, s.loadSession)
	routes := s.routes()
	for _, r := range routes {
		// Who may use the route is decided before its body is read.
		e.Add(r.Method, r.Path, r.Handler, s.authorize(r.Access), s.readBody(r.Access), s.checkCSRF(r.Access))
		s.tokenRoutes[r.Method+" "+r.Path] = r.Access.Token || r.Access.Scrape
	}
	s.observeRoutes(routes)
	s.metricsHandler = s.MetricsHandler()
	// Go's cross-origin protection refuses state-changing requests that a
	// browser marks as cross-site, before any handler runs.
	s.handler = s.securityHeaders(http.NewCrossOriginProtection().Handler(e))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the method and path of every registered route.
func (s *Server) Routes() []Route {
	return s.routes()
}

// countryData is the country list as pages use it.
type countryData struct {
	names   map[string]string // by ISO code
	choices *components.Choices
}

// countries returns the country reference data. It is read once, since it
// changes only with a migration; a read that fails is not kept, so the next
// page tries again rather than failing until a restart.
func (s *Server) countries() (*countryData, error) {
	if data := s.countryCache.Load(); data != nil {
		return data, nil
	}
	cs, err := reference.Countries(context.Background(), s.DB.Gorm)
	if err != nil {
		return nil, err
	}
	data := &countryData{names: map[string]string{}}
	opts := make([]components.Option, len(cs))
	for i, c := range cs {
		opts[i] = components.Option{Value: c.Code, Label: c.Name}
		data.names[c.Code] = c.Name
	}
	data.choices = components.NewChoices(opts)
	s.countryCache.Store(data)
	return data, nil
}

// name is the name of the country code, the code itself when it is unknown,
// and "" for none.
func (d *countryData) name(code *string) string {
	if code == nil {
		return ""
	}
	return format.Or(d.names[*code], *code)
}
