package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/templates/components"
	concernview "github.com/vigil-icp/vigil/templates/concerns"
)

// concernNew handles GET /concerns/new.
func (s *Server) concernNew(c echo.Context) error {
	return s.render(c, http.StatusOK, "Report a concern", concernview.NewPage(components.Form{}))
}

// concernCreate handles POST /concerns. An anonymous report answers with
// its receipt code, this once: only its hash is kept, so it cannot travel
// through a redirect. A named report leads to its page.
func (s *Server) concernCreate(c echo.Context) error {
	posted := formOf(c, "subject", "body", "case_reference", "anonymous")
	in := concerns.Input{Subject: posted.V("subject"), Body: posted.V("body"), CaseReference: posted.V("case_reference"),
		Anonymous: posted.V("anonymous") != ""}
	r, receipt, err := s.Concerns.File(c.Request().Context(), in)
	if status, ok := refusal(err); ok {
		return s.render(c, status, "Report a concern", concernview.NewPage(withError(posted, err)))
	}
	if err != nil {
		return err
	}
	if r.Anonymous {
		return s.render(c, http.StatusOK, "Report received", concernview.ReceiptPage(r.Reference, receipt))
	}
	s.flash(c, "success", "Your report "+r.Reference+" was received.")
	return redirect(c, "/concerns/"+r.ID)
}

// concernFollowUpForm handles GET /concerns/follow-up.
func (s *Server) concernFollowUpForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "Follow up a report", concernview.FollowUpForm(components.Form{}))
}

// concernFollowUp handles POST /concerns/follow-up: the report of the
// receipt code posted. The code travels in forms, never in a URL, which
// logs and browser histories keep.
func (s *Server) concernFollowUp(c echo.Context) error {
	posted := formOf(c, "receipt")
	r, err := s.Concerns.FollowUp(c.Request().Context(), posted.V("receipt"))
	if status, ok := refusal(err); ok {
		return s.render(c, status, "Follow up a report", concernview.FollowUpForm(withError(posted, err)))
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Report "+r.Reference, concernview.FollowUpPage(concernview.FollowUp{Receipt: posted.V("receipt"), Report: r}))
}

// concernInformation handles POST /concerns/follow-up/information: the
// reporter of a receipt code adds information to the report.
func (s *Server) concernInformation(c echo.Context) error {
	posted := formOf(c, "receipt", "information")
	r, err := s.Concerns.AddInformation(c.Request().Context(), posted.V("receipt"), posted.V("information"))
	if status, ok := refusal(err); ok {
		if r == nil {
			return s.render(c, status, "Follow up a report", concernview.FollowUpForm(withError(posted, err)))
		}
		v := concernview.FollowUp{Receipt: posted.V("receipt"), Report: r, Form: withError(posted, err)}
		return s.render(c, status, "Report "+r.Reference, concernview.FollowUpPage(v))
	}
	if err != nil {
		return err
	}
	posted.Values["information"] = ""
	return s.render(c, http.StatusOK, "Report "+r.Reference, concernview.FollowUpPage(concernview.FollowUp{Receipt: posted.V("receipt"), Report: r, Form: posted}))
}

// concernList handles GET /concerns: every report to those who read them,
// one's own named reports to everyone else.
func (s *Server) concernList(c echo.Context) error {
	ctx := c.Request().Context()
	reports, err := s.Concerns.List(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Reports of concern", concernview.ListPage(reports, auth.ActorFrom(ctx).Can(auth.PermReadConcerns)))
}

// concernShow handles GET /concerns/:id.
func (s *Server) concernShow(c echo.Context) error {
	return s.renderConcern(c, http.StatusOK, components.Form{})
}

// renderConcern shows a report's page, as it stands, with the state of the
// form posted.
func (s *Server) renderConcern(c echo.Context, status int, posted components.Form) error {
	return s.renderConcernWith(c, status, posted, components.Form{})
}

// renderConcernWith is renderConcern with the state of the finding form
// posted (see concernFindings).
func (s *Server) renderConcernWith(c echo.Context, status int, posted, finding components.Form) error {
	ctx := c.Request().Context()
	r, err := s.Concerns.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := concernview.Show{Report: r, Handle: auth.ActorFrom(ctx).Can(auth.PermHandleConcerns), Form: posted}
	if err := s.concernFindings(ctx, &v, finding); err != nil {
		return err
	}
	return s.render(c, status, "Report "+r.Reference, concernview.ShowPage(v))
}

// concernChange answers an officer's post on a report: call changes it;
// a refusal shows the report again with the form and its error.
func (s *Server) concernChange(c echo.Context, posted components.Form, done string,
	call func(ctx context.Context, id string) (*concerns.Report, error)) error {
	return s.submit(c, posted, func() (outcome, error) {
		_, err := call(c.Request().Context(), c.Param("id"))
		return outcome{done, "/concerns/" + c.Param("id")}, err
	}, func(status int, f components.Form) error {
		return s.renderConcern(c, status, f)
	})
}

// concernStep handles POST /concerns/:id/steps: acknowledge, investigate,
// or close with the outcome.
func (s *Server) concernStep(c echo.Context) error {
	posted := formOf(c, "step", "outcome")
	step := concerns.Step(posted.V("step"))
	return s.concernChange(c, posted, "The report was updated.", func(ctx context.Context, id string) (*concerns.Report, error) {
		return s.Concerns.Triage(ctx, id, step, posted.V("outcome"))
	})
}

// concernMessage handles POST /concerns/:id/messages: a message to the
// reporter.
func (s *Server) concernMessage(c echo.Context) error {
	posted := formOf(c, "message")
	return s.concernChange(c, posted, "The message was sent to the reporter.", func(ctx context.Context, id string) (*concerns.Report, error) {
		return s.Concerns.Message(ctx, id, posted.V("message"))
	})
}

// concernDisclosure handles POST /concerns/:id/disclosure.
func (s *Server) concernDisclosure(c echo.Context) error {
	posted := formOf(c, "disclosed_on", "disclosure_reference")
	d := concerns.Disclosure{Date: posted.V("disclosed_on"), Reference: posted.V("disclosure_reference")}
	return s.concernChange(c, posted, "The disclosure was recorded.", func(ctx context.Context, id string) (*concerns.Report, error) {
		return s.Concerns.RecordDisclosure(ctx, id, d)
	})
}
