package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz handles GET /healthz: the process is alive.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "alive"})
}

// readyz handles GET /readyz: the database answers and its schema is current,
// so a load balancer may send traffic here.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		logger(c).Warn("not ready: database", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
	}
	current, err := s.DB.MigrationsCurrent(ctx)
	if err != nil || !current {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "migrations": "pending"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready", "database": "ok", "migrations": "current"})
}

// favicon handles GET /favicon.ico, which browsers ask for on their own.
func (s *Server) favicon(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, s.assets.URL("img/favicon.svg"))
}
