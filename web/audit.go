package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/audit"
	auditview "github.com/vigil-icp/vigil/templates/audit"
)

const auditPageSize = 50

// auditList handles GET /audit: the trail, newest first, filtered and paged.
func (s *Server) auditList(c echo.Context) error {
	return s.renderAudit(c, nil)
}

// auditVerify handles GET /audit/verify: recomputes the whole chain and shows
// whether it is intact or where it first breaks.
func (s *Server) auditVerify(c echo.Context) error {
	res, err := s.Audit.Verify(c.Request().Context())
	if err != nil {
		return err
	}
	return s.renderAudit(c, &auditview.Verification{Intact: res.Intact, Text: res.String()})
}

func (s *Server) renderAudit(c echo.Context, verify *auditview.Verification) error {
	before, err := wholeParam(c, "before")
	if err != nil {
		return err
	}
	f := audit.Filter{Query: c.QueryParam("q"), Action: c.QueryParam("action"), BeforeSeq: before, Limit: auditPageSize}
	events, err := s.Audit.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	v := auditview.Page{Query: f.Query, Action: f.Action, Verify: verify, AnonymousRefusals: s.refusals.Total()}
	for _, e := range events {
		actor := e.ActorEmail
		if actor == "" {
			actor = "anonymous"
		}
		v.Rows = append(v.Rows, auditview.Row{Seq: e.Seq, At: e.OccurredAt, Actor: actor, Role: e.ActorRole, Action: e.Action,
			Object: e.ObjectType + " " + e.ObjectID, Summary: e.Summary, Before: e.BeforeJSON, After: e.AfterJSON, Hash: e.Hash})
	}
	if len(events) == auditPageSize {
		q := url.Values{"q": {f.Query}, "action": {f.Action}, "before": {strconv.FormatInt(events[len(events)-1].Seq, 10)}}
		v.OlderHref = "/audit?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "Audit trail", auditview.AuditPage(v))
}
