package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/training"
	view "github.com/vigil-icp/vigil/templates/training"
)

// trainingMine handles GET /training: the viewer's own assignments.
func (s *Server) trainingMine(c echo.Context) error {
	ctx := c.Request().Context()
	mine, err := s.Training.Mine(ctx)
	if err != nil {
		return err
	}
	v := view.Mine{Progress: mine, CanRead: auth.ActorFrom(ctx).Can(auth.PermReadTraining)}
	return s.render(c, http.StatusOK, "My training", view.MinePage(v))
}

// trainingAssignment handles GET /training/assignments/:id: the course to
// complete. The service shows it to its assignee and to readers of everyone's
// records only.
func (s *Server) trainingAssignment(c echo.Context) error {
	p, err := s.Training.Progress(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, p.Course.Title, view.AssignmentPage(s.assignmentView(c, p, view.Form{})))
}

func (s *Server) assignmentView(c echo.Context, p *training.Progress, attest view.Form) view.Assignment {
	return view.Assignment{Progress: p, Description: view.Markdown(p.Course.Description),
		Own: p.UserID == auth.ActorFrom(c.Request().Context()).UserID, Attest: attest}
}

// trainingTick handles POST /training/assignments/:id/items/:item: htmx gets
// the item back with the progress and attestation out of band; a plain form
// post goes back to the item on the page.
func (s *Server) trainingTick(c echo.Context) error {
	p, err := s.Training.Tick(c.Request().Context(), c.Param("id"), c.Param("item"), c.FormValue("done") != "")
	if err != nil {
		return err
	}
	if isHTMX(c) {
		for _, it := range p.Course.Items {
			if it.ID == c.Param("item") {
				return s.render(c, http.StatusOK, p.Course.Title, view.TickAnswer(s.assignmentView(c, p, view.Form{}), it))
			}
		}
	}
	return redirect(c, "/training/assignments/"+url.PathEscape(p.AssignmentID)+"#item-"+url.PathEscape(c.Param("item")))
}

// trainingAttest handles POST /training/assignments/:id/attest.
func (s *Server) trainingAttest(c echo.Context) error {
	ctx := c.Request().Context()
	f := formOf(c, "understood", "name")
	p, err := s.Training.Attest(ctx, c.Param("id"), f.V("understood") != "", f.V("name"))
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		p, perr := s.Training.Progress(ctx, c.Param("id"))
		if perr != nil {
			return perr
		}
		return s.render(c, statusOf[code], p.Course.Title, view.AssignmentPage(s.assignmentView(c, p, withError(f, err))))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Completed. Your certificate is ready.")
	return redirect(c, "/training/assignments/"+url.PathEscape(p.AssignmentID)+"#attestation")
}

// trainingCertificate handles GET /training/certificates/:id: printable.
func (s *Server) trainingCertificate(c echo.Context) error {
	cert, err := s.Training.Certificate(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Certificate: "+cert.CourseTitle, view.CertificatePage(view.Certificate{Completion: cert}))
}

// trainingCourses handles GET /training/courses.
func (s *Server) trainingCourses(c echo.Context) error {
	ctx := c.Request().Context()
	courses, err := s.Training.Courses(ctx)
	if err != nil {
		return err
	}
	v := view.CourseList{Courses: courses, CanManage: auth.ActorFrom(ctx).Can(auth.PermManageCourses)}
	return s.render(c, http.StatusOK, "Courses", view.CourseListPage(v))
}

// trainingCourse handles GET /training/courses/:id. Readers of everyone's
// records get the course with its statistics; others the course alone.
func (s *Server) trainingCourse(c echo.Context) error {
	return s.renderCourse(c, http.StatusOK, view.Form{Values: map[string]string{
		"due_on": s.DB.Now().AddDate(0, 0, training.DefaultDueDays).Format(time.DateOnly)}})
}

func (s *Server) renderCourse(c echo.Context, status int, assign view.Form) error {
	ctx := c.Request().Context()
	actor := auth.ActorFrom(ctx)
	v := view.CoursePage{CanManage: actor.Can(auth.PermManageCourses), AssignForm: assign}
	if actor.Can(auth.PermReadTraining) {
		st, err := s.Training.CourseStats(ctx, c.Param("id"))
		if err != nil {
			return err
		}
		v.Stats, v.Course = st, &st.Course
	} else {
		course, err := s.Training.Course(ctx, c.Param("id"))
		if err != nil {
			return err
		}
		v.Course = course
	}
	if v.CanManage {
		// Whom to assign: everyone the matrix lists, that is every active user.
		m, err := s.Training.Matrix(ctx, training.MatrixFilter{CourseID: v.Course.ID})
		if err != nil {
			return err
		}
		for _, r := range m.Rows {
			v.People = append(v.People, view.Option{Value: r.UserID, Label: r.Name + " (" + r.Email + ")"})
		}
	}
	v.Description = view.Markdown(v.Course.Description)
	return s.render(c, status, v.Course.Title, view.CoursePageView(v))
}

// trainingCourseMaterial handles GET /training/courses/:id/material: always a
// download, never shown inline, like a case's documents.
func (s *Server) trainingCourseMaterial(c echo.Context) error {
	course, err := s.Training.Course(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if course.MaterialSHA256 == "" {
		return apperr.New(apperr.NotFound, "This course has no material.")
	}
	return s.download(c, course.MaterialSHA256, course.MaterialContentType, course.MaterialFilename, course.UpdatedAt)
}

// trainingCourseNew handles GET /training/courses/new.
func (s *Server) trainingCourseNew(c echo.Context) error {
	return s.renderCourseForm(c, http.StatusOK, nil, view.Form{Values: map[string]string{"recurrence_months": "0"}})
}

// trainingCourseEdit handles GET /training/courses/:id/edit.
func (s *Server) trainingCourseEdit(c echo.Context) error {
	course, err := s.Training.Course(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	var items, roles []string
	for _, it := range course.Items {
		items = append(items, it.Text)
	}
	for _, r := range course.MandatoryRoles {
		roles = append(roles, string(r))
	}
	return s.renderCourseForm(c, http.StatusOK, course, view.Form{Values: map[string]string{"title": course.Title,
		"description": course.Description, "items": strings.Join(items, "\n"),
		"recurrence_months": strconv.Itoa(course.RecurrenceMonths), "mandatory_roles": strings.Join(roles, ",")}})
}

func (s *Server) renderCourseForm(c echo.Context, status int, course *training.Course, f view.Form) error {
	title := "New course"
	if course != nil {
		title = "Edit " + course.Title
	}
	return s.render(c, status, title, view.CourseFormPage(view.CourseForm{Course: course, Form: f,
		Roles: labelledOptions(auth.Roles)}))
}

// courseInput reads the course form, storing an uploaded material file first;
// the form keeps what was typed for showing it again.
func (s *Server) courseInput(c echo.Context) (training.CourseInput, view.Form, error) {
	f := formOf(c, "title", "description", "items", "recurrence_months")
	form, err := c.FormParams()
	if err != nil {
		return training.CourseInput{}, f, err
	}
	f.Values["mandatory_roles"] = strings.Join(form["mandatory_roles"], ",")
	in := training.CourseInput{Title: f.V("title"), Description: f.V("description"), RecurrenceMonths: -1}
	for line := range strings.Lines(f.V("items")) {
		if t := strings.TrimSpace(line); t != "" {
			in.Items = append(in.Items, t)
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(f.V("recurrence_months"))); err == nil {
		in.RecurrenceMonths = n
	} // else -1, which the service refuses with its message
	for _, r := range form["mandatory_roles"] {
		in.MandatoryRoles = append(in.MandatoryRoles, auth.Role(r))
	}
	fh, err := c.FormFile("material")
	if err != nil || fh.Size == 0 {
		return in, f, nil // no new material: keep what the course has
	}
	r, err := fh.Open()
	if err != nil {
		return in, f, err
	}
	defer r.Close()
	stored, err := s.Files.Put(r, fh.Filename)
	if err != nil {
		return in, f, err
	}
	in.Material = &training.Material{SHA256: stored.SHA256, Filename: stored.Filename, ContentType: stored.ContentType, Size: stored.Size}
	return in, f, nil
}

// trainingCourseCreate handles POST /training/courses.
func (s *Server) trainingCourseCreate(c echo.Context) error {
	return s.courseChange(c, nil, "Course created.", func(in training.CourseInput) (*training.Course, error) {
		return s.Training.CreateCourse(c.Request().Context(), in)
	})
}

// trainingCourseUpdate handles POST /training/courses/:id.
func (s *Server) trainingCourseUpdate(c echo.Context) error {
	course, err := s.Training.Course(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.courseChange(c, course, "Course saved.", func(in training.CourseInput) (*training.Course, error) {
		return s.Training.UpdateCourse(c.Request().Context(), course.ID, in)
	})
}

// courseChange saves the course form: on success to the course's page, on
// refusal back to the form with what was typed.
func (s *Server) courseChange(c echo.Context, course *training.Course, done string, save func(training.CourseInput) (*training.Course, error)) error {
	in, f, err := s.courseInput(c)
	if err != nil {
		return err
	}
	saved, err := save(in)
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		return s.renderCourseForm(c, statusOf[code], course, withError(f, err))
	}
	if err != nil {
		return err
	}
	if course != nil && saved.Version > course.Version {
		done = "Course saved as version " + strconv.Itoa(saved.Version) + "; everyone who completed it is asked to attest again."
	}
	s.flash(c, "success", done)
	return redirect(c, courseHref(saved.ID))
}

// trainingAssign handles POST /training/courses/:id/assign: the named users,
// by the date chosen (the form proposes training.DefaultDueDays from today).
func (s *Server) trainingAssign(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	f := formOf(c, "due_on")
	f.Values["users"] = strings.Join(form["users"], ",")
	var due time.Time // none: the service's default
	if v := strings.TrimSpace(f.V("due_on")); v != "" {
		due, err = time.Parse(time.DateOnly, v)
		if err != nil {
			return s.renderCourse(c, http.StatusUnprocessableEntity, withError(f, apperr.Validation(map[string]string{"due_on": "Give the date as YYYY-MM-DD."})))
		}
	}
	err = s.Training.Assign(c.Request().Context(), c.Param("id"), form["users"], due)
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		return s.renderCourse(c, statusOf[code], withError(f, err))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Course assigned to %d people.", len(form["users"])))
	return redirect(c, courseHref(c.Param("id"))+"#people")
}

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
	name := "training-matrix-" + s.DB.Now().Format(time.DateOnly) + ".csv"
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
