package web

import (
	"maps"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	auditview "github.com/vigil-icp/vigil/templates/audit"
	"github.com/vigil-icp/vigil/templates/format"
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
	return s.renderAudit(c, &auditview.Verification{Intact: res.Intact, Text: res.String() + ". Checked " + format.DateTime(s.DB.Now()) + "."})
}

// auditFilters are the query parameters of the trail's filters.
var auditFilters = []string{"q", "action", "actor", "object_type", "object_id", "from", "to"}

// auditFilter reads the trail's filters from the query: from and to are days
// (YYYY-MM-DD), both included. Errors: Invalid.
func auditFilter(c echo.Context) (audit.Filter, error) {
	before, err := wholeParam(c, "before")
	if err != nil {
		return audit.Filter{}, err
	}
	f := audit.Filter{Query: c.QueryParam("q"), Action: c.QueryParam("action"), ActorEmail: c.QueryParam("actor"),
		ObjectType: c.QueryParam("object_type"), ObjectID: c.QueryParam("object_id"), BeforeSeq: before, Limit: auditPageSize}
	f.From, f.To, err = dayRange(c)
	return f, err
}

func (s *Server) renderAudit(c echo.Context, verify *auditview.Verification) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	events, err := s.Audit.Lines(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if err := s.auditorSearched(c, withQuery("/audit", filterValues(c))); err != nil {
		return err
	}
	v := auditview.Page{Filters: filterValues(c), Verify: verify, AnonymousRefusals: s.refusals.Total()}
	v.CSVHref = withQuery("/audit.csv", v.Filters)
	for _, e := range events {
		v.Rows = append(v.Rows, s.auditRow(e))
	}
	if len(events) == auditPageSize {
		older := maps.Clone(v.Filters)
		older["before"] = strconv.FormatInt(events[len(events)-1].Seq, 10)
		v.OlderHref = withQuery("/audit", older)
	}
	return s.render(c, http.StatusOK, "Audit trail", auditview.AuditPage(v))
}

func (s *Server) auditRow(l audit.Line) auditview.Row {
	actor := l.ActorEmail
	if actor == "" {
		actor = "anonymous"
	}
	return auditview.Row{Seq: l.Seq, At: l.OccurredAt, Actor: actor, Role: l.ActorRole, Action: l.Action,
		Object: l.ObjectType + " " + l.ObjectID, Summary: l.Summary, Changed: l.Changed, Hash: l.Hash,
		KeptUntil: s.Config.Retention.Record(l.OccurredAt).Format("2006-01-02")}
}

// auditEvent handles GET /audit/events/:seq: one event with what it
// changed, which the trail loads when a row is opened.
func (s *Server) auditEvent(c echo.Context) error {
	seq, err := strconv.ParseInt(c.Param("seq"), 10, 64)
	if err != nil || seq < 1 {
		return apperr.New(apperr.NotFound, "There is no such event.")
	}
	events, err := s.Audit.List(c.Request().Context(), audit.Filter{BeforeSeq: seq + 1, Limit: 1})
	if err != nil {
		return err
	}
	if len(events) == 0 || events[0].Seq != seq {
		return apperr.New(apperr.NotFound, "There is no event #%d.", seq)
	}
	row := s.auditRow(events[0].Line())
	row.Before, row.After = events[0].BeforeJSON, events[0].AfterJSON
	return s.render(c, http.StatusOK, "Event #"+c.Param("seq"), auditview.EventPage(row))
}

// auditCSV handles GET /audit.csv: every event the filters match, newest
// first, with the chain's hashes. The download is itself audited.
func (s *Server) auditCSV(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.Audit.Downloaded(ctx, withQuery("/audit.csv", filterValues(c))); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="audit-trail.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return s.Audit.CSV(ctx, f, c.Response())
}

func filterValues(c echo.Context) map[string]string {
	out := map[string]string{}
	for _, name := range auditFilters {
		out[name] = c.QueryParam(name)
	}
	return out
}
