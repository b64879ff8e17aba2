package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// Request bodies are bounded, and read only after the route's access is
// granted. Forms are small; an upload may exceed its file limit by a margin,
// so that the file store, not the parser, refuses an oversized file and the
// form comes back with its other input.
const (
	maxPublicFormBody = 16 << 10 // the sign-in form
	maxFormBody       = 1 << 20
	uploadMargin      = 4 << 20
	// maxListFile bounds an official list upload: the full EU and UK files
	// are about 25 MB today, with room to grow.
	maxListFile = 128 << 20
	// formMemory is how much of a multipart form is kept in memory; the rest
	// of its files goes to temporary files.
	formMemory = 1 << 20
)

// readBody reads a posted form once authorize has let the request through,
// so that a visitor who may not use a route cannot make Vigil read, let alone
// store, what they send. Public forms are small and take no files; a route
// that takes files spools them to temporary files, removed when the request
// ends whatever its outcome (net/http would remove only those of the request
// it created, and middleware works on copies of it).
func (s *Server) readBody(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if a.Token {
			return next // the API bounds its JSON bodies itself (see decodeJSON)
		}
		return func(c echo.Context) error {
			r := c.Request()
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			limit := int64(maxFormBody)
			if a.Public {
				limit = maxPublicFormBody
			}
			multipart := strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
			if multipart {
				if a.Upload == 0 {
					return echo.NewHTTPError(http.StatusUnsupportedMediaType, "This form takes no files.")
				}
				limit = a.Upload + uploadMargin
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
			var err error
			if multipart {
				err = r.ParseMultipartForm(formMemory)
				if r.MultipartForm != nil {
					defer r.MultipartForm.RemoveAll()
				}
			} else {
				err = r.ParseForm()
			}
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge) && multipart:
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The upload is larger than %d MB.", a.Upload>>20))
			case errors.As(err, &tooLarge):
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "The form is larger than Vigil takes.")
			case err != nil:
				return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
			case !storableValues(r.PostForm) || r.MultipartForm != nil && !storableValues(r.MultipartForm.Value):
				return echo.NewHTTPError(http.StatusBadRequest, unstorableText)
			}
			return next(c)
		}
	}
}

// unstorableText refuses text that no database column takes: PostgreSQL
// refuses NUL bytes and invalid UTF-8 in text, which would fail as a 500
// deep inside a service instead of as a bad request here.
const unstorableText = "The request contains characters Vigil cannot store (a NUL byte or invalid UTF-8)."

// storable reports whether text can be stored and compared in any column.
func storable(text string) bool { return utf8.ValidString(text) && !strings.ContainsRune(text, 0) }

func storableValues(values map[string][]string) bool {
	for k, vs := range values {
		if !storable(k) {
			return false
		}
		for _, v := range vs {
			if !storable(v) {
				return false
			}
		}
	}
	return true
}

// checkAddress refuses a request whose path or query holds text no column
// takes (see unstorableText), before any handler passes it to the database.
func (s *Server) checkAddress(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		query, _ := url.ParseQuery(r.URL.RawQuery) // what parses is what handlers see
		if !storable(r.URL.Path) || !storableValues(query) {
			return echo.NewHTTPError(http.StatusBadRequest, unstorableText)
		}
		return next(c)
	}
}
