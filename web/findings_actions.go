package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/findings"
	view "github.com/vigil-icp/vigil/templates/findings"
	"github.com/vigil-icp/vigil/templates/format"
	"github.com/vigil-icp/vigil/templates/home"
)

// actionCreate handles POST /findings/:id/actions.
func (s *Server) actionCreate(c echo.Context) error {
	return s.submit(c, formOf(c, "what", "owner_id", "due"), func() (outcome, error) {
		a, err := s.Findings.AddAction(c.Request().Context(), c.Param("id"), findings.ActionInput{What: c.FormValue("what"),
			OwnerID: c.FormValue("owner_id"), Due: c.FormValue("due")})
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Corrective action given.", actionHref(a)}, nil
	}, func(status int, f view.Form) error {
		return s.renderFinding(c, status, c.Param("id"), map[string]view.Form{"add": f})
	})
}

// actionHref is an action's place on its finding's page.
func actionHref(a *findings.Action) string { return "/findings/" + a.FindingID + "#action-" + a.ID }

// actionChange answers a post on action :id: call changes it, and on
// success the browser goes back to the action; a refusal shows the finding
// again with the form (key: its kind) and its error.
func (s *Server) actionChange(c echo.Context, key string, posted view.Form, done string,
	call func(ctx context.Context, id string) (*findings.Action, error)) error {
	id := c.Param("id")
	return s.submit(c, posted, func() (outcome, error) {
		a, err := call(c.Request().Context(), id)
		if err != nil {
			return outcome{}, err
		}
		return outcome{done, actionHref(a)}, nil
	}, func(status int, f view.Form) error {
		if key == "work" && f.Errors == nil && status == http.StatusUnprocessableEntity {
			f.Errors = map[string]string{"file": f.Error} // the file store refused the file
		}
		a, err := s.Findings.Action(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return s.renderFinding(c, status, a.FindingID, map[string]view.Form{key + ":" + id: f})
	})
}

// actionReassign handles POST /actions/:id/reassign: a new owner and due date.
func (s *Server) actionReassign(c echo.Context) error {
	posted := formOf(c, "owner_id", "due")
	in := findings.ActionInput{OwnerID: posted.V("owner_id"), Due: posted.V("due")}
	return s.actionChange(c, "assign", posted, "Corrective action reassigned.", func(ctx context.Context, id string) (*findings.Action, error) {
		return s.Findings.Reassign(ctx, id, in)
	})
}

// actionStart handles POST /actions/:id/start.
func (s *Server) actionStart(c echo.Context) error {
	return s.actionChange(c, "work", formOf(c), "Work on the action started.", s.Findings.Start)
}

// actionEvidence handles POST /actions/:id/evidence: a note, a link and a
// file (stored by its SHA-256 first), added as evidence or, with step
// "done", marking the action done for sign-off.
func (s *Server) actionEvidence(c echo.Context) error {
	posted := formOf(c, "note", "link")
	done := "Evidence added."
	if c.FormValue("step") == string(findings.MarkDone) {
		done = "Marked done: the action awaits a second person's sign-off."
	}
	return s.actionChange(c, "work", posted, done, func(ctx context.Context, id string) (*findings.Action, error) {
		if err := s.Findings.MayWork(ctx, id); err != nil {
			return nil, err // nothing is stored for who may not give evidence
		}
		stored, err := s.storeUpload(c, "file")
		if err != nil {
			return nil, err
		}
		e := findings.Evidence{Note: posted.V("note"), Link: posted.V("link")}
		if stored != nil {
			e.File = &findings.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename}
		}
		if c.FormValue("step") == string(findings.MarkDone) {
			return s.Findings.MarkDone(ctx, id, e)
		}
		return s.Findings.AddEvidence(ctx, id, e)
	})
}

// actionReview handles POST /actions/:id/review: a second person signs the
// action off or sends it back with the reason.
func (s *Server) actionReview(c echo.Context) error {
	posted := formOf(c, "decision", "reason")
	step := findings.Step(posted.V("decision"))
	done := map[findings.Step]string{findings.SignOff: "Corrective action signed off and closed.",
		findings.SendBack: "Corrective action sent back."}[step]
	return s.actionChange(c, "review", posted, done, func(ctx context.Context, id string) (*findings.Action, error) {
		return s.Findings.Review(ctx, id, step, posted.V("reason"))
	})
}

// actionFile handles GET /actions/:id/files/:entry: an evidence file,
// always a download.
func (s *Server) actionFile(c echo.Context) error {
	e, err := s.Findings.EvidenceFile(c.Request().Context(), c.Param("id"), c.Param("entry"))
	if err != nil {
		return err
	}
	return s.download(c, e.SHA256, e.ContentType, e.Filename, e.At)
}

// homeActions adds the viewer's own overdue corrective actions and, for
// those who sign actions off, the actions waiting for them.
func (s *Server) homeActions(ctx context.Context, _ *auth.Actor, v *home.Page) error {
	overdue, err := s.Findings.Overdue(ctx)
	if err != nil {
		return err
	}
	waiting, err := s.Findings.AwaitingSignOff(ctx)
	if err != nil {
		return err
	}
	for _, l := range []struct {
		id, title string
		actions   []findings.Action
		status    func(a *findings.Action) string
	}{
		{"overdue-actions", "Your overdue corrective actions", overdue, func(a *findings.Action) string { return "was due " + format.Date(a.DueOn) }},
		{"actions-to-sign-off", "Corrective actions to sign off", waiting, func(*findings.Action) string { return "done, awaiting your sign-off" }},
	} {
		if len(l.actions) == 0 {
			continue
		}
		list := home.CaseList{ID: l.id, Title: l.title}
		for i := range l.actions {
			a := &l.actions[i]
			list.Cases = append(list.Cases, home.CaseLink{Href: actionHref(a), Reference: a.FindingReference, Title: a.What, Status: l.status(a)})
		}
		v.CaseLists = append(v.CaseLists, list)
	}
	return nil
}
