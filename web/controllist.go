package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/templates/components"
	clview "github.com/vigil-icp/vigil/templates/controllist"
	"github.com/vigil-icp/vigil/templates/format"
)

// controlList handles GET /control-list: the version in use, searched.
func (s *Server) controlList(c echo.Context) error {
	return s.renderControlList(c, http.StatusOK, clview.Form{}, nil)
}

// renderControlList shows the version in use, with the import form as a
// refused import left it.
func (s *Server) renderControlList(c echo.Context, status int, form clview.Form, problems []controllist.Problem) error {
	ctx := c.Request().Context()
	inUse, err := s.ControlList.InUse(ctx)
	if err != nil {
		return err
	}
	versions, err := s.ControlList.Versions(ctx)
	if err != nil {
		return err
	}
	v, err := s.controlListPage(c, inUse, versions)
	if err != nil {
		return err
	}
	v.CanImport, v.Form, v.Problems = auth.ActorFrom(ctx).Can(auth.PermImportLists), form, problems
	return s.render(c, status, "Control list", clview.ListPage(v))
}

// controlListVersion handles GET /control-list/versions/:id.
func (s *Server) controlListVersion(c echo.Context) error {
	ver, err := s.ControlList.Version(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	v, err := s.controlListPage(c, ver, []controllist.Version{*ver})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, ver.Label, clview.VersionPage(v))
}

// controlListPage is the page of version ver, its entries searched as the
// query asks, and the rows of versions; ver is among them.
func (s *Server) controlListPage(c echo.Context, ver *controllist.Version, versions []controllist.Version) (clview.Page, error) {
	ctx := c.Request().Context()
	q := c.QueryParams()
	filter := controllist.Filter{Query: q.Get("q"), Category: q.Get("category")}
	entries, err := s.ControlList.Entries(ctx, ver.ID, filter)
	if err != nil {
		return clview.Page{}, err
	}
	rows, err := s.controlListVersionRows(ctx, versions)
	if err != nil {
		return clview.Page{}, err
	}
	v := clview.Page{Filter: clview.Form{Values: map[string]string{"q": filter.Query, "category": filter.Category}},
		Action: c.Request().URL.Path, Versions: rows}
	for i, r := range rows {
		if r.ID == ver.ID {
			v.Version = rows[i]
		}
	}
	for i, heading := range controllist.Categories {
		v.Categories = append(v.Categories, components.Option{Value: strconv.Itoa(i), Label: strconv.Itoa(i) + " " + heading})
	}
	for _, e := range entries {
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Category != e.Category {
			v.Groups = append(v.Groups, clview.Group{Category: e.Category, Heading: controllist.Categories[e.Category]})
		}
		// A heading entry is its group's heading, as this version words it.
		if g := &v.Groups[len(v.Groups)-1]; e.Heading() {
			g.Heading = e.Title
		} else {
			g.Entries = append(g.Entries, e)
		}
	}
	return v, nil
}

// controlListVersionRows are versions as the pages show them, with the
// names of the people who imported them.
func (s *Server) controlListVersionRows(ctx context.Context, versions []controllist.Version) ([]clview.VersionRow, error) {
	var ids []string
	for _, v := range versions {
		if v.ImportedBy != nil {
			ids = append(ids, *v.ImportedBy)
		}
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]clview.VersionRow, len(versions))
	for i, v := range versions {
		by := "the installation"
		if v.ImportedBy != nil {
			by = format.Or(names[*v.ImportedBy], "a former user")
		}
		rows[i] = clview.VersionRow{ID: v.ID, Label: v.Label, ValidFrom: v.ValidFrom, ImportedBy: by,
			Entries: thousands(v.EntryCount), SHA256: v.SHA256, ImportedAt: v.ImportedAt, InUse: v.InUse, Seed: v.Seed()}
	}
	return rows, nil
}

// controlListImport handles POST /control-list: a new version from a CSV
// file. A refused file shows the form again with its problems by line.
func (s *Server) controlListImport(c echo.Context) error {
	ctx := c.Request().Context()
	form := formOf(c, "label", "valid_from")
	fh, err := c.FormFile("file")
	if err != nil {
		form.Errors = map[string]string{"file": "Choose the CSV file of the control list."}
		return s.renderControlList(c, http.StatusUnprocessableEntity, form, nil)
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	var problems []controllist.Problem
	return s.submit(c, form, func() (outcome, error) {
		v, err := s.ControlList.Import(ctx, form.V("label"), form.V("valid_from"), file)
		problems = controllist.ProblemsOf(err)
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Imported “" + v.Label + "”: " + thousands(v.EntryCount) + " entries, now in use.",
			"/control-list/versions/" + v.ID}, nil
	}, func(status int, f clview.Form) error { return s.renderControlList(c, status, f, problems) })
}
