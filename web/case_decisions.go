package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// caseSubmit handles POST /cases/:id/submit.
func (s *Server) caseSubmit(c echo.Context) error {
	return s.submit(c, view.Form{}, func() (outcome, error) {
		_, err := s.Cases.Submit(c.Request().Context(), c.Param("id"), version(c))
		return outcome{"Submitted for sign-off.", caseHref(c.Param("id"))}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{decision: f}) })
}

// caseDecision handles POST /cases/:id/decision.
func (s *Server) caseDecision(c echo.Context) error {
	id, d := c.Param("id"), cases.Decision(c.FormValue("decision"))
	return s.submit(c, formOf(c, "comment"), func() (outcome, error) {
		_, err := s.Cases.Decide(c.Request().Context(), id, version(c), d, c.FormValue("comment"))
		return outcome{"Decision recorded: " + strings.ToLower(cases.Decisions.Label(d)) + ".", caseHref(id) + "#signoff"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{decision: f}) })
}

// caseClose handles POST /cases/:id/close.
func (s *Server) caseClose(c echo.Context) error {
	return s.submit(c, view.Form{}, func() (outcome, error) {
		_, err := s.Cases.Close(c.Request().Context(), c.Param("id"), version(c))
		return outcome{"Case closed.", caseHref(c.Param("id"))}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{decision: f}) })
}

// caseRisk handles POST /cases/:id/risk.
func (s *Server) caseRisk(c echo.Context) error {
	return s.submit(c, view.Form{}, func() (outcome, error) {
		_, err := s.Cases.SetRisk(c.Request().Context(), c.Param("id"), version(c), c.FormValue("risk_level"))
		return outcome{"Risk level set.", caseHref(c.Param("id")) + "#signoff"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{risk: f}) })
}
