package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

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
	return redirect(c, assignmentHref(p.AssignmentID)+"#item-"+url.PathEscape(c.Param("item")))
}

// trainingAttest handles POST /training/assignments/:id/attest.
func (s *Server) trainingAttest(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	f := formOf(c, "understood", "name")
	return s.submit(c, f, func() (outcome, error) {
		p, err := s.Training.Attest(ctx, id, f.V("understood") != "", f.V("name"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Completed. Your certificate is ready.", assignmentHref(p.AssignmentID) + "#attestation"}, nil
	}, func(status int, f view.Form) error {
		p, err := s.Training.Progress(ctx, id)
		if err != nil {
			return err
		}
		return s.render(c, status, p.Course.Title, view.AssignmentPage(s.assignmentView(c, p, f)))
	})
}

// trainingCertificate handles GET /training/certificates/:id: printable.
func (s *Server) trainingCertificate(c echo.Context) error {
	cert, err := s.Training.Certificate(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Certificate: "+cert.CourseTitle, view.CertificatePage(view.Certificate{Completion: cert}))
}
