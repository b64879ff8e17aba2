package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// caseEvent handles GET /cases/:id/events/:seq: what one event of the
// case's timeline changed, which the timeline loads when it is opened (a
// whole page without JavaScript).
func (s *Server) caseEvent(c echo.Context) error {
	f, err := s.Cases.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	seq, _ := strconv.ParseInt(c.Param("seq"), 10, 64)
	for _, e := range eventRows(f) {
		if e.Seq == seq {
			v := view.EventDiff{CaseID: f.ID, Reference: f.Reference, Event: e}
			return s.render(c, http.StatusOK, f.Reference+" event #"+c.Param("seq"), view.EventPage(v))
		}
	}
	return apperr.New(apperr.NotFound, "The timeline of %s has no event #%s.", f.Reference, c.Param("seq"))
}
