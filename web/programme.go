package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/icp"
	view "github.com/vigil-icp/vigil/templates/programme"
)

// programmeSections are the parts of the internal compliance programme: how
// it performs and its self-assessment first, then its parts in the order of
// the core elements of Recommendation (EU) 2019/1318. Each shows on the
// programme page to those whose access opens it, decided by the same Access
// as its route.
var programmeSections = []struct {
	Element string // the core element (or the risk assessment) it serves
	Label   string
	Href    string
	Text    string
	Access  Access
}{
	{icp.Label(5), "Dashboard", "/dashboard", "How the programme performs: cases, screening, training, risks, licences and reports of concern in charts, with their numbers.", need(auth.PermReadProgramme)},
	{icp.Label(5), "Yearly ICP review", "/programme/review", "The year's figures of every part of the programme in one report to print, for management's review and the auditors.", need(auth.PermReadProgramme)},
	{"All seven core elements", "Self-assessment", "/self-assessments", "The programme assessed, period by period, against the seven core elements: maturity, evidence, comparison with the previous period, gaps raised as findings.", need(auth.PermReadProgramme)},
	{icp.Label(1), "Commitment statement", "/commitment", "The management's signed statement in versions, and who has acknowledged the current one.", signedIn},
	{icp.Label(2), "Organisation", "/organisation", "Who holds each compliance responsibility, from when to when, and how to reach them; printable.", signedIn},
	{"Risk assessment", "Risk register", "/risks", "Product, country, customer and process risks, scored before and after their controls, with review dates.", need(auth.PermReadRisks)},
	{icp.Label(5), "Findings and corrective actions", "/findings", "What self-assessments, audits and reports of concern found, the actions that correct it, their evidence and sign-off.", need(auth.PermReadProgramme)},
	{icp.Label(5), "Reports of concern", "/concerns", "Suspected violations reported by name or anonymously, their triage and voluntary disclosures.", need(auth.PermReadConcerns)},
	{icp.Label(7), "Technology register", "/technology", "Controlled technology and software: where each is kept, who may reach it, and its transfers out of the company with what covers them.", need(auth.PermReadTechnology)},
}

// programme handles GET /programme: the parts of the programme the viewer
// may open.
func (s *Server) programme(c echo.Context) error {
	a := auth.ActorFrom(c.Request().Context())
	notes, err := s.programmeNotes(c.Request().Context(), a)
	if err != nil {
		return err
	}
	var v []view.Section
	for _, p := range programmeSections {
		if _, ok := p.Access.allows(a); ok {
			v = append(v, view.Section{Element: p.Element, Label: p.Label, Href: p.Href, Text: p.Text, Note: notes[p.Href]})
		}
	}
	return s.render(c, http.StatusOK, "Compliance programme", view.HubPage(v))
}
