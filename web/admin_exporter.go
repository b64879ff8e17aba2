package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/templates/admin"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
)

var exporterFields = []string{"name", "address", "eori", "member_state", "authority_name", "authority_address", "art53", "art53_basis"}

// exporterShow handles GET /admin/exporter.
func (s *Server) exporterShow(c echo.Context) error {
	return s.renderExporter(c, http.StatusOK, components.Form{})
}

// exporterSave handles POST /admin/exporter.
func (s *Server) exporterSave(c echo.Context) error {
	in := exporter.Input{Name: c.FormValue("name"), Address: c.FormValue("address"), EORI: c.FormValue("eori"),
		MemberState: c.FormValue("member_state"), AuthorityName: c.FormValue("authority_name"),
		AuthorityAddress: c.FormValue("authority_address"), Art53: c.FormValue("art53") != "", Art53Basis: c.FormValue("art53_basis")}
	return s.submit(c, formOf(c, exporterFields...), func() (outcome, error) {
		_, err := s.Exporter.Save(c.Request().Context(), in)
		return outcome{"Exporter settings saved.", "/admin/exporter"}, err
	}, func(status int, f components.Form) error { return s.renderExporter(c, status, f) })
}

// renderExporter shows the settings, or form as it came back.
func (s *Server) renderExporter(c echo.Context, status int, form components.Form) error {
	ctx := c.Request().Context()
	p, err := s.Exporter.Profile(ctx)
	if err != nil {
		return err
	}
	v := admin.ExporterPage{Form: form}
	if form.Values == nil {
		v.Form.Values = map[string]string{"name": p.Name, "address": p.Address, "eori": p.EORI, "member_state": p.MemberState,
			"authority_name": p.AuthorityName, "authority_address": p.AuthorityAddress}
		if p.NationalRule != nil {
			v.Form.Values["art53"], v.Form.Values["art53_basis"] = "1", p.NationalRule.LegalBasis
		}
	}
	countries, err := s.countries()
	if err != nil {
		return err
	}
	for _, code := range exporter.MemberStates {
		v.MemberStates = append(v.MemberStates, components.Option{Value: code, Label: format.Or(countries.names[code], code)})
	}
	if p.UpdatedBy != nil {
		names, err := auth.NamesOf(ctx, s.DB.Gorm, []string{*p.UpdatedBy})
		if err != nil {
			return err
		}
		v.UpdatedBy, v.UpdatedAt = format.Or(names[*p.UpdatedBy], "a former user"), format.DateTime(*p.UpdatedAt)
	}
	return s.render(c, status, "Exporter settings", admin.ExporterSettingsPage(v))
}
