package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routeKey names a route of the table: its method and path template.
type routeKey struct{ method, path string }

// routeObservers are one route's latency histograms, one per status class
// (index 1 for 1xx … 5 for 5xx; 0 for a status outside them), each made on
// the route's first response of its class: a request then costs a map lookup
// and an observation, with no label hashing, and the scrape shows only the
// series that happened.
type routeObservers struct {
	key     routeKey
	classes [6]atomic.Pointer[prometheus.Observer]
}

// unmatched labels requests that found no route: their paths (and methods)
// are the client's to choose, and would make the label set unbounded.
var unmatched = routeKey{"other", "unmatched"}

// statusClasses are the label values of the status classes, by index.
var statusClasses = [6]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

// observeRoutes prepares the latency histograms of every route and of
// requests that match none.
func (s *Server) observeRoutes(routes []Route) {
	s.observers = make(map[routeKey]*routeObservers, len(routes)+1)
	s.observers[unmatched] = &routeObservers{key: unmatched}
	for _, r := range routes {
		k := routeKey{r.Method, r.Path}
		s.observers[k] = &routeObservers{key: k}
	}
}

// observeRequest adds a served request to its route's histogram. c.Path()
// is the route's template (/cases/:id), never the URL asked for.
func (s *Server) observeRequest(c echo.Context, status int, took time.Duration) {
	route, ok := s.observers[routeKey{c.Request().Method, c.Path()}]
	if !ok {
		route = s.observers[unmatched]
	}
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	obs := route.classes[class].Load()
	if obs == nil {
		// Two first requests may both get here; they get the same series.
		o := s.Metrics.Requests.WithLabelValues(route.key.path, route.key.method, statusClasses[class])
		obs = &o
		route.classes[class].Store(obs)
	}
	(*obs).Observe(took.Seconds())
}

// MetricsHandler serves the metrics in Prometheus's text format, to anyone
// who reaches it: `vigil serve` puts it on VIGIL_METRICS_ADDR alone.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{
		// A collector that fails (the database, for the audit chain) leaves
		// the others served; its metric is missing and the error logged.
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      errorLog{s},
	})
}

// errorLog hands the metrics handler's errors to the server's log.
type errorLog struct{ s *Server }

func (l errorLog) Println(v ...any) {
	l.s.Logger.Error("serve metrics", "err", strings.TrimSpace(fmt.Sprint(v...)))
}

// metrics handles GET /metrics on the main address (see authorizeScrape).
func (s *Server) metrics(c echo.Context) error {
	s.metricsHandler.ServeHTTP(c.Response(), c.Request())
	return nil
}

// authorizeScrape is the route-level check of /metrics on the main address:
// absent (404) unless VIGIL_METRICS_TOKEN is set, and then open only to a
// request carrying that token as a bearer token. A session opens nothing.
func (s *Server) authorizeScrape(next echo.HandlerFunc) echo.HandlerFunc {
	want := sha256.Sum256([]byte(s.Config.MetricsToken))
	return func(c echo.Context) error {
		if s.Config.MetricsToken == "" {
			return echo.ErrNotFound
		}
		scheme, secret, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		// Comparing digests compares equal lengths in constant time, so
		// neither the token nor its length leaks through timing.
		got := sha256.Sum256([]byte(strings.TrimSpace(secret)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="vigil metrics"`)
			return c.String(http.StatusUnauthorized, "The metrics need the bearer token set in VIGIL_METRICS_TOKEN.\n")
		}
		return next(c)
	}
}
