package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// caseAttachmentAdd handles POST /cases/:id/attachments: the file is checked
// and stored by its SHA-256 first, then filed on the case. A refused file is
// shown beside the file field.
func (s *Server) caseAttachmentAdd(c echo.Context) error {
	return s.submit(c, formOf(c, "doc_kind", "supersedes"), func() (outcome, error) {
		stored, err := s.storeUpload(c, "file")
		if err != nil {
			return outcome{}, err
		}
		if stored == nil {
			return outcome{}, apperr.New(apperr.Invalid, "Choose a file to upload.")
		}
		_, err = s.Cases.AddAttachment(c.Request().Context(), c.Param("id"), version(c), c.FormValue("doc_kind"),
			cases.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename},
			c.FormValue("supersedes"))
		return outcome{"Document uploaded.", caseHref(c.Param("id")) + "#documents"}, err
	}, func(status int, f view.Form) error {
		if f.Errors == nil && status == http.StatusUnprocessableEntity {
			f.Errors = map[string]string{"file": f.Error}
		}
		return s.renderCase(c, status, caseForms{upload: f})
	})
}

// caseAttachmentRemove handles POST /cases/:id/attachments/:att/remove, with
// the reason.
func (s *Server) caseAttachmentRemove(c echo.Context) error {
	return s.submit(c, formOf(c, "reason"), func() (outcome, error) {
		_, err := s.Cases.RemoveAttachment(c.Request().Context(), c.Param("id"), version(c), c.Param("att"), c.FormValue("reason"))
		return outcome{"Document removed from the case.", caseHref(c.Param("id")) + "#documents"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{upload: f}) })
}

// caseAttachmentGet handles GET /cases/:id/attachments/:att: always a
// download, never shown inline, with the type found when it was stored.
func (s *Server) caseAttachmentGet(c echo.Context) error {
	a, err := s.Cases.Attachment(c.Request().Context(), c.Param("id"), c.Param("att"))
	if err != nil {
		return err
	}
	return s.download(c, a.SHA256, a.ContentType, a.Filename, a.UploadedAt)
}
