package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/templates/format"
	govview "github.com/vigil-icp/vigil/templates/governance"
	view "github.com/vigil-icp/vigil/templates/training"
)

// checked is a ticked checkbox's value, "" for one not ticked.
func checked(b bool) string {
	if b {
		return "1"
	}
	return ""
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
		"due_on": format.Date(s.DB.Now().AddDate(0, 0, training.DefaultDueDays))}})
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
	if v.Course.ShowsOrganisation {
		holders, err := s.Governance.Holders(ctx)
		if err != nil {
			return err
		}
		v.Organisation = govview.Contacts(govview.ContactsOf(holders))
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
		"recurrence_months": strconv.Itoa(course.RecurrenceMonths), "mandatory_roles": strings.Join(roles, ","),
		"shows_organisation": checked(course.ShowsOrganisation)}})
}

func (s *Server) renderCourseForm(c echo.Context, status int, course *training.Course, f view.Form) error {
	title := "New course"
	if course != nil {
		title = "Edit " + course.Title
	}
	return s.render(c, status, title, view.CourseFormPage(view.CourseForm{Course: course, Form: f,
		Roles: labelledOptions(auth.Roles)}))
}

// courseInput reads the course form but its material file; the form keeps
// what was typed for showing it again.
func courseInput(c echo.Context) (training.CourseInput, view.Form, error) {
	f := formOf(c, "title", "description", "items", "recurrence_months", "shows_organisation")
	form, err := c.FormParams()
	if err != nil {
		return training.CourseInput{}, f, err
	}
	f.Values["mandatory_roles"] = strings.Join(form["mandatory_roles"], ",")
	in := training.CourseInput{Title: f.V("title"), Description: f.V("description"), RecurrenceMonths: -1,
		ShowsOrganisation: f.V("shows_organisation") != ""}
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
	return in, f, nil
}

// trainingCourseCreate handles POST /training/courses.
func (s *Server) trainingCourseCreate(c echo.Context) error {
	return s.saveCourse(c, nil, func(in training.CourseInput) (*training.Course, error) {
		return s.Training.CreateCourse(c.Request().Context(), in)
	})
}

// trainingCourseUpdate handles POST /training/courses/:id.
func (s *Server) trainingCourseUpdate(c echo.Context) error {
	course, err := s.Training.Course(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.saveCourse(c, course, func(in training.CourseInput) (*training.Course, error) {
		return s.Training.UpdateCourse(c.Request().Context(), course.ID, in)
	})
}

// saveCourse submits the course form to save, for a new course (course nil)
// or a change to course. An uploaded material file is stored first, in the
// change, so that a refused file comes back on the form. A change that makes
// a new version of the course says so: everyone is asked again.
func (s *Server) saveCourse(c echo.Context, course *training.Course, save func(training.CourseInput) (*training.Course, error)) error {
	in, f, err := courseInput(c)
	if err != nil {
		return err
	}
	return s.submit(c, f, func() (outcome, error) {
		stored, err := s.storeUpload(c, "material")
		if err != nil {
			return outcome{}, err
		}
		if stored != nil { // else no new material: keep what the course has
			in.Material = &training.Material{SHA256: stored.SHA256, Filename: stored.Filename, ContentType: stored.ContentType, Size: stored.Size}
		}
		saved, err := save(in)
		if err != nil {
			return outcome{}, err
		}
		done := "Course saved."
		switch {
		case course == nil:
			done = "Course created."
		case saved.Version > course.Version:
			done = "Course saved as version " + strconv.Itoa(saved.Version) + "; everyone who completed it is asked to attest again."
		}
		return outcome{done, courseHref(saved.ID)}, nil
	}, func(status int, f view.Form) error { return s.renderCourseForm(c, status, course, f) })
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
	return s.submit(c, f, func() (outcome, error) {
		err := s.Training.Assign(c.Request().Context(), c.Param("id"), form["users"], due)
		return outcome{fmt.Sprintf("Course assigned to %d people.", len(form["users"])), courseHref(c.Param("id")) + "#people"}, err
	}, func(status int, f view.Form) error { return s.renderCourse(c, status, f) })
}
