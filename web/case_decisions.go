package web

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
	"github.com/vigil-icp/vigil/templates/format"
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
	in := cases.RiskInput{Level: c.FormValue("risk_level"), Justification: c.FormValue("justification")}
	return s.submit(c, formOf(c, "risk_level", "justification"), func() (outcome, error) {
		_, err := s.Cases.SetRisk(c.Request().Context(), c.Param("id"), version(c), in)
		return outcome{"Risk level set.", caseHref(c.Param("id")) + "#signoff"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{risk: f}) })
}

// riskBasis says which rule gave f its risk level, who set it and why, and
// how far the signed assessment lets it go down.
func riskBasis(f *cases.Case) view.RiskBasis {
	out := view.RiskBasis{Rule: f.RiskRule()}
	if f.RiskSetBy != nil && f.RiskSetAt != nil {
		who, at := f.Names[*f.RiskSetBy], format.DateTime(*f.RiskSetAt)
		switch f.RiskSource {
		case cases.RiskByHand:
			out.Who = fmt.Sprintf("Set by %s on %s: %s", who, at, f.RiskReason)
		case cases.RiskByAssessment:
			out.Who = fmt.Sprintf("From the signed assessment: raised when %s signed it on %s. %s", who, at, f.RiskReason)
		}
	}
	if f.RiskFloor != "" {
		out.Floor = fmt.Sprintf("The floor is the conclusion of the latest signed human-rights assessment (v%d). "+
			"A newer version, or a change that voids the signature, moves it only once signed. "+
			"This floor is the company's rule, not a legal requirement.", f.SignedVersion)
	}
	return out
}
