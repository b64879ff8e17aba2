package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/dashboard"
	view "github.com/vigil-icp/vigil/templates/dashboard"
)

// dashboardLinks are where the records behind each chart and headline
// figure of the dashboard are, for those whose access opens them.
var dashboardLinks = map[string]struct {
	Href   string
	Access Access
}{
	"cases-by-state":           {"/cases", need(auth.PermReadCases)},
	"cases-opened":             {"/cases", need(auth.PermReadCases)},
	"cases-in-progress":        {"/cases", need(auth.PermReadCases)},
	"training-completion":      {"/training/matrix", need(auth.PermReadTraining)},
	"risk-reviews":             {"/risks?status=open", need(auth.PermReadRisks)},
	"risk-reviews-overdue":     {"/risks?status=open", need(auth.PermReadRisks)},
	"risk-heat-map":            {"/risks", need(auth.PermReadRisks)},
	"licence-use":              {"/licences", need(auth.PermReadReference)},
	"concerns-by-status":       {"/concerns", need(auth.PermReadConcerns)},
	"concerns-open":            {"/concerns", need(auth.PermReadConcerns)},
	"actions-by-status":        {"/findings", need(auth.PermReadProgramme)},
	"actions-overdue":          {"/findings?overdue=1", need(auth.PermReadProgramme)},
	"self-assessment-maturity": {"/self-assessments", need(auth.PermReadProgramme)},
}

// dashboardLink is the link of a chart or figure for a, "" for none.
func dashboardLink(a *auth.Actor, id string) string {
	l, ok := dashboardLinks[id]
	if !ok {
		return ""
	}
	if _, allowed := l.Access.allows(a); !allowed {
		return ""
	}
	return l.Href
}

// dashboardPage handles GET /dashboard: how the programme performs.
func (s *Server) dashboardPage(c echo.Context) error {
	v, err := s.dashboardView(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Programme dashboard", view.DashboardPage(v))
}

// dashboardView draws the dashboard for the signed-in viewer.
func (s *Server) dashboardView(ctx context.Context) (view.Page, error) {
	o, err := s.Dashboard.Overview(ctx)
	if err != nil {
		return view.Page{}, err
	}
	a := auth.ActorFrom(ctx)
	v := view.Page{At: o.At}
	for _, f := range o.Figures {
		v.Figures = append(v.Figures, view.Figure{ID: f.ID, Label: f.Label, Value: view.Thousands(f.Value), Href: dashboardLink(a, f.ID)})
	}
	for _, ch := range o.Charts {
		v.Charts = append(v.Charts, view.NewChart(ch, dashboardLink(a, ch.ID)))
	}
	return v, nil
}

// reviewChoose handles GET /programme/review: the review of the year chosen
// (?year=), this year's by default.
func (s *Server) reviewChoose(c echo.Context) error {
	year := c.QueryParam("year")
	if year == "" {
		year = strconv.Itoa(s.Dashboard.Now().UTC().Year())
	}
	y, err := dashboard.ParseYear(year, s.Dashboard.Now())
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/programme/review/"+strconv.Itoa(y))
}

// reviewPage handles GET /programme/review/:year: the yearly ICP review, a
// page to print.
func (s *Server) reviewPage(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.Dashboard.Now().UTC()
	year, err := dashboard.ParseYear(c.Param("year"), now)
	if err != nil {
		return err
	}
	r, err := s.Dashboard.Review(ctx, year)
	if err != nil {
		return err
	}
	years, err := s.Dashboard.Years(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(years, year) {
		years = append(years, year)
		slices.SortFunc(years, func(a, b int) int { return b - a })
	}
	v := view.Review{Year: r.Year, Years: years, At: r.At, Sections: r.Sections}
	if year == now.Year() {
		v.Partial = ", before the year is over"
	}
	return s.render(c, http.StatusOK, "ICP review "+strconv.Itoa(year), view.ReviewPage(v))
}
