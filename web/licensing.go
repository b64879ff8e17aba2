package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/licensing"
	view "github.com/vigil-icp/vigil/templates/licensing"
)

// licenceList handles GET /licences: the GEAs with the company's
// registrations, and its licences with what they have left.
func (s *Server) licenceList(c echo.Context) error {
	ctx := c.Request().Context()
	geas, err := s.Licensing.GEAs(ctx)
	if err != nil {
		return err
	}
	licences, err := s.Licensing.Licences(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Licences", view.ListPage(view.List{GEAs: geas, Licences: licences, Today: s.DB.Now(),
		CanManage: auth.ActorFrom(ctx).Can(auth.PermManageLicences)}))
}

// geaShow handles GET /licences/gea/:code.
func (s *Server) geaShow(c echo.Context) error {
	return s.renderGEA(c, http.StatusOK, view.Form{})
}

func (s *Server) renderGEA(c echo.Context, status int, f view.Form) error {
	ctx := c.Request().Context()
	g, err := s.Licensing.GEA(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	return s.render(c, status, g.Code, view.GEAView(view.GEAPage{GEA: g, Register: f, CanManage: auth.ActorFrom(ctx).Can(auth.PermManageLicences)}))
}

// geaRegister handles POST /licences/gea/:code/registration.
func (s *Server) geaRegister(c echo.Context) error {
	f := formOf(c, "registered_on", "authority", "reference")
	return s.submit(c, f, func() (outcome, error) {
		r, err := s.Licensing.Register(c.Request().Context(), c.Param("code"), licensing.RegistrationInput{
			RegisteredOn: f.V("registered_on"), Authority: f.V("authority"), Reference: f.V("reference")})
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Registration for " + r.GEACode + " recorded.", "/licences/gea/" + r.GEACode}, nil
	}, func(status int, f view.Form) error { return s.renderGEA(c, status, f) })
}

// licenceFields are the fields of the licence form but its document.
var licenceFields = []string{"type", "number", "authority", "valid_from", "valid_until", "destinations", "end_users", "products",
	"entry_codes", "limit", "currency", "quantity", "unit"}

// licenceNew handles GET /licences/new.
func (s *Server) licenceNew(c echo.Context) error {
	return s.renderLicenceForm(c, http.StatusOK, view.Form{Values: map[string]string{"currency": "EUR"}})
}

func (s *Server) renderLicenceForm(c echo.Context, status int, f view.Form) error {
	var types []view.Option
	for _, t := range licensing.Types {
		types = append(types, view.Option{Value: string(t.Value), Label: t.Label})
	}
	return s.render(c, status, "Record a licence", view.LicenceFormPage(view.LicenceForm{Form: f, Types: types}))
}

// licenceCreate handles POST /licences. The document is stored first; a
// refused one comes back beside its field with everything typed kept. A
// validity longer than Art. 12(3) provides is recorded, and said.
func (s *Server) licenceCreate(c echo.Context) error {
	f := formOf(c, licenceFields...)
	return s.submit(c, f, func() (outcome, error) {
		stored, err := s.storeUpload(c, "document")
		if apperr.CodeOf(err) == apperr.Invalid {
			return outcome{}, apperr.Validation(map[string]string{"document": apperr.Message(err)})
		} else if err != nil {
			return outcome{}, err
		}
		in := licensing.LicenceInput{Type: f.V("type"), Number: f.V("number"), Authority: f.V("authority"),
			ValidFrom: f.V("valid_from"), ValidUntil: f.V("valid_until"), Destinations: f.V("destinations"),
			EndUsers: f.V("end_users"), Products: f.V("products"), EntryCodes: f.V("entry_codes"), Limit: f.V("limit"),
			Currency: f.V("currency"), Quantity: f.V("quantity"), Unit: f.V("unit")}
		if stored != nil {
			in.Document = &cases.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename}
		}
		l, err := s.Licensing.Create(c.Request().Context(), in)
		if err != nil {
			return outcome{}, err
		}
		done := "Licence " + l.Name() + " recorded."
		if w := l.ValidityWarning(); w != "" {
			done += " " + w
		}
		return outcome{done, "/licences/" + l.ID}, nil
	}, func(status int, f view.Form) error { return s.renderLicenceForm(c, status, f) })
}

// licenceShow handles GET /licences/:id: the licence, its ledger and what
// it has left.
func (s *Server) licenceShow(c echo.Context) error {
	ctx := c.Request().Context()
	l, err := s.Licensing.Licence(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	entries, err := s.Licensing.Entries(ctx, l.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Licence "+l.Number, view.LicenceView(view.LicencePage{Licence: l, Entries: entries, Today: s.DB.Now()}))
}

// licenceDocument handles GET /licences/:id/document: always a download.
func (s *Server) licenceDocument(c echo.Context) error {
	l, err := s.Licensing.Licence(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.download(c, l.DocSHA256, l.DocContentType, l.DocFilename, l.CreatedAt)
}
