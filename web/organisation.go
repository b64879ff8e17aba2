package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/templates/components"
	view "github.com/vigil-icp/vigil/templates/governance"
	"github.com/vigil-icp/vigil/templates/home"
)

// holdingFields are the fields of the holding form.
var holdingFields = []string{"responsibility", "user_id", "from", "to", "phone", "email"}

// organisation handles GET /organisation: the printable page of who holds
// each compliance responsibility, now and before.
func (s *Server) organisation(c echo.Context) error {
	return s.renderOrganisation(c, http.StatusOK, view.Form{}, view.Form{})
}

// renderOrganisation shows the organisation with the holding form and an
// end form as posted.
func (s *Server) renderOrganisation(c echo.Context, status int, posted, end view.Form) error {
	ctx := c.Request().Context()
	all, err := s.Governance.Holdings(ctx)
	if err != nil {
		return err
	}
	v := view.Organisation{Roles: governance.Roles, Holdings: all, Now: s.Governance.Now(), Form: posted, End: end,
		CanManage: auth.ActorFrom(ctx).Can(auth.PermManageOrganisation)}
	if v.CanManage {
		people, err := s.Governance.Candidates(ctx)
		if err != nil {
			return err
		}
		for _, p := range people {
			v.People = append(v.People, components.Option{Value: p.ID, Label: p.Name + " (" + p.Email + ")"})
		}
	}
	return s.render(c, status, "Organisation", view.OrganisationPage(v))
}

// organisationAssign handles POST /organisation/holdings.
func (s *Server) organisationAssign(c echo.Context) error {
	posted := formOf(c, holdingFields...)
	in := governance.HoldingInput{Responsibility: posted.V("responsibility"), UserID: posted.V("user_id"), From: posted.V("from"),
		To: posted.V("to"), Phone: posted.V("phone"), Email: posted.V("email")}
	return s.submit(c, posted, func() (outcome, error) {
		h, err := s.Governance.Assign(c.Request().Context(), in)
		if err != nil {
			return outcome{}, err
		}
		return outcome{h.Name + " recorded as " + h.Responsibility.Label() + ".", "/organisation"}, nil
	}, func(status int, f view.Form) error { return s.renderOrganisation(c, status, f, view.Form{}) })
}

// organisationEnd handles POST /organisation/holdings/:id/end.
func (s *Server) organisationEnd(c echo.Context) error {
	posted := formOf(c, "to")
	posted.Values["id"] = c.Param("id")
	return s.submit(c, posted, func() (outcome, error) {
		h, err := s.Governance.End(c.Request().Context(), c.Param("id"), posted.V("to"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{h.Name + " holds the responsibility " + h.Responsibility.Label() + " until " + h.ToOn.Format("2006-01-02") + ".", "/organisation"}, nil
	}, func(status int, f view.Form) error { return s.renderOrganisation(c, status, view.Form{}, f) })
}

// homeContacts shows everyone who holds the export-control
// responsibilities now, and how to reach them.
func (s *Server) homeContacts(ctx context.Context, _ *auth.Actor, v *home.Page) error {
	holders, err := s.Governance.Holders(ctx)
	if err != nil {
		return err
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-contacts", Title: "Your export-control contacts", Body: view.Contacts(view.ContactsOf(holders)),
		Href: "/organisation", LinkLabel: "The organisation"})
	return nil
}
