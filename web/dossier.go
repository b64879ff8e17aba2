package web

import (
	"context"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/dossier"
	"github.com/vigil-icp/vigil/internal/exporter"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// readDossier gathers the dossier of case id from the services that keep
// its parts.
func (s *Server) readDossier(ctx context.Context, id string) (*dossier.Dossier, error) {
	cs, err := s.readCase(ctx, id)
	if err != nil {
		return nil, err
	}
	assessed, err := s.Assessments.ForCase(ctx, cs.f)
	if err != nil {
		return nil, err
	}
	profile, err := exporter.ProfileTx(ctx, s.DB.Gorm)
	if err != nil {
		return nil, err
	}
	var signers []string
	for _, so := range cs.f.SignOffs {
		signers = append(signers, so.UserID)
	}
	held, err := s.Training.Held(ctx, signers)
	if err != nil {
		return nil, err
	}
	return dossier.Of(dossier.Sources{Case: cs.f, Exporter: profile, Screening: cs.screened, Assessment: assessed,
		Licensing: cs.licensed, Retention: s.Config.Retention, Training: held, Now: s.DB.Now()}), nil
}

// caseDossier handles GET /cases/:id/dossier.
func (s *Server) caseDossier(c echo.Context) error {
	d, err := s.readDossier(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Dossier "+d.Case.Reference, view.DossierPage(d))
}

// dossierDownload answers a download of the dossier of :id as name, written
// by write; the download is itself audited.
func (s *Server) dossierDownload(c echo.Context, name, contentType string, write func(io.Writer, *dossier.Dossier) error) error {
	ctx := c.Request().Context()
	d, err := s.readDossier(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.Audit.Downloaded(ctx, d.Case.Reference+" "+name); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, contentType)
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+d.Case.Reference+"-"+name+`"`)
	c.Response().WriteHeader(http.StatusOK)
	return write(c.Response(), d)
}

// caseDossierJSON handles GET /cases/:id/dossier.json.
func (s *Server) caseDossierJSON(c echo.Context) error {
	return s.dossierDownload(c, "dossier.json", "application/json", dossier.WriteJSON)
}

// caseDossierCSV handles GET /cases/:id/dossier.csv: the timeline.
func (s *Server) caseDossierCSV(c echo.Context) error {
	return s.dossierDownload(c, "timeline.csv", "text/csv; charset=utf-8", dossier.WriteEventsCSV)
}

// caseDossierZip handles GET /cases/:id/dossier.zip.
func (s *Server) caseDossierZip(c echo.Context) error {
	open := func(sum string) (io.ReadCloser, error) { return s.Files.Open(sum) }
	return s.dossierDownload(c, "dossier.zip", "application/zip", func(w io.Writer, d *dossier.Dossier) error {
		return dossier.WriteZip(w, d, open)
	})
}
