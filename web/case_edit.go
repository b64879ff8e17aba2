package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

var caseFields = []string{"title", "destination", "end_user_type", "end_use", "notes"}

func caseInput(c echo.Context) cases.Input {
	return cases.Input{Title: c.FormValue("title"), Destination: c.FormValue("destination"),
		EndUserType: c.FormValue("end_user_type"), EndUse: c.FormValue("end_use"), Notes: c.FormValue("notes")}
}

func (s *Server) renderCaseForm(c echo.Context, status int, v view.Edit) error {
	countries, err := s.countries()
	if err != nil {
		return err
	}
	v.Countries, v.EndUserTypes = countries.choices, options(cases.EndUserTypes)
	title := "New export case"
	if v.ID != "" {
		title = "Edit " + v.Reference
	}
	return s.render(c, status, title, view.EditPage(v))
}

// caseNew handles GET /cases/new.
func (s *Server) caseNew(c echo.Context) error {
	return s.renderCaseForm(c, http.StatusOK, view.Edit{Form: view.Form{Values: map[string]string{}}})
}

// caseCreate handles POST /cases.
func (s *Server) caseCreate(c echo.Context) error {
	return s.submit(c, formOf(c, caseFields...), func() (outcome, error) {
		f, err := s.Cases.Create(c.Request().Context(), caseInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Opened " + f.Reference + ". Add its parties, items and documents.", caseHref(f.ID)}, nil
	}, func(status int, f view.Form) error {
		return s.renderCaseForm(c, status, view.Edit{Form: f})
	})
}

// caseEdit handles GET /cases/:id/edit.
func (s *Server) caseEdit(c echo.Context) error {
	f, err := s.Cases.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderCaseForm(c, http.StatusOK, view.Edit{ID: f.ID, Reference: f.Reference, Version: f.Version,
		Form: view.Form{Values: map[string]string{"title": f.Title, "destination": f.DestinationCode(),
			"end_user_type": f.EndUserType, "end_use": f.EndUse, "notes": f.Notes}}})
}

// caseUpdate handles POST /cases/:id. A refused form keeps the version the
// user started from.
func (s *Server) caseUpdate(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	return s.submit(c, formOf(c, caseFields...), func() (outcome, error) {
		f, err := s.Cases.Update(ctx, id, version(c), caseInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Saved " + f.Reference + ".", caseHref(f.ID)}, nil
	}, func(status int, f view.Form) error {
		cur, err := s.Cases.Get(ctx, id)
		if err != nil {
			return err
		}
		return s.renderCaseForm(c, status, view.Edit{ID: cur.ID, Reference: cur.Reference, Version: version(c), Form: f})
	})
}
