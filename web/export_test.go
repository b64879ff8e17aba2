package web

import (
	"time"

	"github.com/labstack/echo/v4"
)

// CachedBodies is how many page bodies renderCached holds.
func (s *Server) CachedBodies() int { return s.bodies.Len() }

// ObserveRequest is observeRequest for a request to path answered with status.
func (s *Server) ObserveRequest(c echo.Context, status int) {
	s.observeRequest(c, status, time.Millisecond)
}
