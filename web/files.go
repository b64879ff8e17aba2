package web

import (
	"errors"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/files"
)

// storeUpload checks the file posted in field and stores it by its SHA-256
// (see files.Store.Put); nil when the form carries no file there. The body
// was read, within the route's limit, once its access was granted
// (readBody), which also removes the spooled file when the request ends.
func (s *Server) storeUpload(c echo.Context, field string) (*files.Stored, error) {
	fh, err := c.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	stored, err := s.Files.Put(r, fh.Filename)
	if err != nil {
		return nil, err
	}
	return &stored, nil
}

// download sends a stored file as an attachment, never shown inline (a
// document could carry script), with the type found when it was stored.
func (s *Server) download(c echo.Context, sha256, contentType, filename string, modified time.Time) error {
	r, err := s.Files.Open(sha256)
	if err != nil {
		return err
	}
	defer r.Close()
	h := c.Response().Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Response(), c.Request(), "", modified, r)
	return nil
}
