package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/governance"
	"github.com/vigil-icp/vigil/templates/home"
)

// commitmentShow handles GET /commitment: the current statement, the
// viewer's acknowledgement and the versions.
func (s *Server) commitmentShow(c echo.Context) error {
	return s.renderCommitment(c, http.StatusOK, view.Form{})
}

func (s *Server) renderCommitment(c echo.Context, status int, posted view.Form) error {
	ctx := c.Request().Context()
	a := auth.ActorFrom(ctx)
	v := view.Commitment{CanSign: a.Can(auth.PermSignCommitment), CanReadLog: a.Can(auth.PermReadProgramme), Form: posted}
	var err error
	if v.Versions, err = s.Governance.Versions(ctx); err != nil {
		return err
	}
	if len(v.Versions) > 0 {
		v.Current = &v.Versions[0]
		if v.Mine, err = s.Governance.Mine(ctx, v.Current.Version); err != nil {
			return err
		}
	}
	return s.render(c, status, "Management commitment", view.CommitmentPage(v))
}

// commitmentNew handles GET /commitment/new.
func (s *Server) commitmentNew(c echo.Context) error {
	return s.renderPublish(c, http.StatusOK, view.Form{})
}

// renderPublish shows the form that publishes a new version: as posted, or
// (f.Values nil) starting from the current text.
func (s *Server) renderPublish(c echo.Context, status int, f view.Form) error {
	ctx := c.Request().Context()
	cur, err := s.Governance.Current(ctx)
	if err != nil {
		return err
	}
	if f.Values == nil {
		f.Values = map[string]string{}
		if cur != nil {
			f.Values["text"] = cur.Body
		}
	}
	v := view.Publish{Current: cur, Signer: auth.ActorFrom(ctx).Name, Form: f}
	return s.render(c, status, "Publish the commitment statement", view.PublishPage(v))
}

// commitmentPublish handles POST /commitment: publishes and signs a new
// version.
func (s *Server) commitmentPublish(c echo.Context) error {
	posted := formOf(c, "text", "sign")
	return s.submit(c, posted, func() (outcome, error) {
		st, err := s.Governance.Publish(c.Request().Context(), posted.V("text"), posted.V("sign") != "")
		if err != nil {
			return outcome{}, err
		}
		return outcome{fmt.Sprintf("Version %d published and signed; everyone is asked to acknowledge it.", st.Version), "/commitment"}, nil
	}, func(status int, f view.Form) error { return s.renderPublish(c, status, f) })
}

// commitmentAcknowledge handles POST /commitment/acknowledge: the viewer
// acknowledges the version they read, if it is still the current one.
func (s *Server) commitmentAcknowledge(c echo.Context) error {
	posted := formOf(c, "version")
	return s.submit(c, posted, func() (outcome, error) {
		n, err := strconv.Atoi(posted.V("version"))
		if err != nil {
			return outcome{}, apperr.Validation(map[string]string{"version": "Acknowledge the version shown on the page."})
		}
		if _, err := s.Governance.Acknowledge(c.Request().Context(), n); err != nil {
			return outcome{}, err
		}
		return outcome{fmt.Sprintf("Thank you: you acknowledged version %d of the commitment statement.", n), "/commitment"}, nil
	}, func(status int, f view.Form) error { return s.renderCommitment(c, status, f) })
}

// commitmentVersion handles GET /commitment/versions/:version.
func (s *Server) commitmentVersion(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		return apperr.New(apperr.NotFound, "There is no such version of the commitment statement.")
	}
	st, err := s.Governance.Version(ctx, n)
	if err != nil {
		return err
	}
	cur, err := s.Governance.Current(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, fmt.Sprintf("Management commitment, version %d", n), view.VersionPage(view.Version{Statement: st, Current: cur.Version}))
}

// commitmentLog handles GET /commitment/acknowledgements.
func (s *Server) commitmentLog(c echo.Context) error {
	l, err := s.Governance.Log(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Acknowledgement log", view.LogPage(l))
}

// homeCommitment asks the viewer, until they do, to acknowledge the current
// commitment statement.
func (s *Server) homeCommitment(ctx context.Context, _ *auth.Actor, v *home.Page) error {
	st, err := s.Governance.Pending(ctx)
	if err != nil || st == nil {
		return err
	}
	v.Cards = append([]home.Card{{ID: "card-commitment", Title: "Management commitment", Figure: fmt.Sprintf("Version %d", st.Version),
		Text: fmt.Sprintf("signed by %s on %s. Please read it and acknowledge it.", st.Signer, format.Date(st.SignedAt)),
		Href: "/commitment", LinkLabel: "Read and acknowledge"}}, v.Cards...)
	return nil
}
