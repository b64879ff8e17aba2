package web

import (
	"bytes"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/training"
)

// matrixFilter reads the matrix filters from the query.
func matrixFilter(c echo.Context) (training.MatrixFilter, view.Form) {
	q := c.QueryParams()
	f := view.Form{Values: map[string]string{"role": q.Get("role"), "course": q.Get("course"), "state": q.Get("state")}}
	return training.MatrixFilter{Role: auth.Role(f.V("role")), CourseID: f.V("course"), State: training.State(f.V("state"))}, f
}

// trainingMatrix handles GET /training/matrix: people × courses.
func (s *Server) trainingMatrix(c echo.Context) error {
	filter, f := matrixFilter(c)
	m, err := s.Training.Matrix(c.Request().Context(), filter)
	if err != nil {
		return err
	}
	v := view.MatrixPage{Matrix: m, Filter: f, Roles: labelledOptions(auth.Roles), States: options(training.States),
		CSVHref: "/training/matrix.csv?" + queryOf(f.Values).Encode()}
	courses := m.Courses
	if filter.CourseID != "" {
		// The filtered matrix has one course; the choice still offers all.
		if courses, err = s.Training.Courses(c.Request().Context()); err != nil {
			return err
		}
	}
	for _, co := range courses {
		v.Courses = append(v.Courses, view.Option{Value: co.ID, Label: co.Title})
	}
	return s.render(c, http.StatusOK, "Training matrix", view.MatrixPageView(v))
}

// trainingMatrixCSV handles GET /training/matrix.csv: the matrix as filtered,
// written to a buffer first so that a refusal is an error page, not a
// download.
func (s *Server) trainingMatrixCSV(c echo.Context) error {
	filter, _ := matrixFilter(c)
	var buf bytes.Buffer
	if err := s.Training.MatrixCSV(c.Request().Context(), filter, &buf); err != nil {
		return err
	}
	name := "training-matrix-" + format.Date(s.DB.Now()) + ".csv"
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
