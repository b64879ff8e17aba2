package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/templates/components"
	concernview "github.com/vigil-icp/vigil/templates/concerns"
	view "github.com/vigil-icp/vigil/templates/findings"
	"github.com/vigil-icp/vigil/templates/format"
)

// findingFields are the fields of the form that records a finding.
var findingFields = []string{"source_ref", "title", "description", "element", "severity"}

// findingList handles GET /findings: the findings and the corrective
// actions, filtered by status, source and overdue.
func (s *Server) findingList(c echo.Context) error {
	ctx := c.Request().Context()
	overdue := c.QueryParam("overdue") != ""
	f := findings.Filter{Status: findings.Status(c.QueryParam("status")), Source: findings.Source(c.QueryParam("source")), Overdue: overdue}
	list, err := s.Findings.List(ctx, f)
	if err != nil {
		return err
	}
	all, err := s.Findings.Actions(ctx, findings.ActionFilter{})
	if err != nil {
		return err
	}
	shown, err := s.Findings.Actions(ctx, findings.ActionFilter{Status: findings.ActionStatus(c.QueryParam("action_status")),
		Source: f.Source, Overdue: overdue})
	if err != nil {
		return err
	}
	names, err := actionOwners(ctx, s, shown)
	if err != nil {
		return err
	}
	now := s.Findings.Now()
	v := view.List{Status: string(f.Status), Source: string(f.Source), ActionStatus: c.QueryParam("action_status"), Overdue: overdue,
		Statuses:  []components.Option{{Value: "open", Label: "Open"}, {Value: "closed", Label: "Closed"}},
		CanRecord: auth.ActorFrom(ctx).Can(auth.PermRecordFindings)}
	for _, src := range findings.Sources {
		v.Sources = append(v.Sources, components.Option{Value: string(src), Label: src.Label()})
	}
	for _, st := range findings.ActionStatuses {
		v.ActionChoices = append(v.ActionChoices, components.Option{Value: string(st), Label: st.Label()})
	}
	byFinding := map[string][]findings.Action{}
	for _, a := range all {
		byFinding[a.FindingID] = append(byFinding[a.FindingID], a)
	}
	for i := range list {
		v.Findings = append(v.Findings, findingRow(&list[i], byFinding[list[i].ID], now))
	}
	for i := range shown {
		v.Actions = append(v.Actions, actionRow(&shown[i], names, now))
	}
	return s.render(c, http.StatusOK, "Findings and corrective actions", view.ListPage(v))
}

// findingNew handles GET /findings/new.
func (s *Server) findingNew(c echo.Context) error {
	return s.render(c, http.StatusOK, "Record a finding", view.NewPage(findingRecord("/findings", "", components.Form{})))
}

// findingCreate handles POST /findings: a finding of an audit or review.
func (s *Server) findingCreate(c echo.Context) error {
	return s.submit(c, formOf(c, findingFields...), func() (outcome, error) {
		f, err := s.Findings.Record(c.Request().Context(), findingInput(c, findings.FromAudit, c.FormValue("source_ref")))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Finding " + f.Reference + " recorded.", "/findings/" + f.ID}, nil
	}, func(status int, f view.Form) error {
		return s.render(c, status, "Record a finding", view.NewPage(findingRecord("/findings", "", f)))
	})
}

// concernFinding handles POST /concerns/:id/findings: a finding from the
// report of concern, which it names by its id and nothing else.
func (s *Server) concernFinding(c echo.Context) error {
	return s.submit(c, formOf(c, findingFields...), func() (outcome, error) {
		f, err := s.Findings.Record(c.Request().Context(), findingInput(c, findings.FromConcern, c.Param("id")))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Finding " + f.Reference + " recorded.", "/findings/" + f.ID}, nil
	}, func(status int, f view.Form) error { return s.renderConcernWith(c, status, components.Form{}, f) })
}

// findingInput reads the finding form; an element that is no number is
// refused by the service.
func findingInput(c echo.Context, source findings.Source, ref string) findings.Input {
	element, ok := findings.ParseElement(c.FormValue("element"))
	if !ok {
		element = -1
	}
	return findings.Input{Source: source, SourceRef: ref, Element: element, Title: c.FormValue("title"),
		Description: c.FormValue("description"), Severity: c.FormValue("severity")}
}

// findingRecord is the form that records a finding, posting to action.
func findingRecord(action, concern string, f components.Form) view.Record {
	v := view.Record{Action: action, Concern: concern, Form: f}
	for _, e := range icp.Elements {
		v.Elements = append(v.Elements, components.Option{Value: strconv.Itoa(e.Number), Label: e.Label()})
	}
	return v
}

// concernFindings adds to a report's page the findings recorded from it
// and, for those who record findings, the form (record: as posted).
func (s *Server) concernFindings(ctx context.Context, v *concernview.Show, record components.Form) error {
	list, err := s.Findings.FromConcern(ctx, v.Report.ID)
	if err != nil {
		return err
	}
	for _, f := range list {
		v.Findings = append(v.Findings, components.Link{Text: f.Reference + ": " + f.Title, Href: "/findings/" + f.ID})
	}
	if auth.ActorFrom(ctx).Can(auth.PermRecordFindings) {
		r := findingRecord("/concerns/"+v.Report.ID+"/findings", v.Report.Reference, record)
		v.Record = &r
	}
	return nil
}

// findingShow handles GET /findings/:id.
func (s *Server) findingShow(c echo.Context) error {
	return s.renderFinding(c, http.StatusOK, c.Param("id"), nil)
}

// findingClose handles POST /findings/:id/close.
func (s *Server) findingClose(c echo.Context) error {
	return s.submit(c, formOf(c, "closing_note"), func() (outcome, error) {
		f, err := s.Findings.Close(c.Request().Context(), c.Param("id"), c.FormValue("closing_note"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Finding " + f.Reference + " closed.", "/findings/" + f.ID}, nil
	}, func(status int, f view.Form) error {
		return s.renderFinding(c, status, c.Param("id"), map[string]view.Form{"close": f})
	})
}

// renderFinding shows finding id with its actions and the forms the viewer
// may use; posted holds the form that was posted, by key ("add", "close",
// "work:<action>", "review:<action>", "assign:<action>").
func (s *Server) renderFinding(c echo.Context, status int, id string, posted map[string]view.Form) error {
	ctx := c.Request().Context()
	f, err := s.Findings.Get(ctx, id)
	if err != nil {
		return err
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, findingPeople(f))
	if err != nil {
		return err
	}
	a, now := auth.ActorFrom(ctx), s.Findings.Now()
	v := view.Page{Finding: findingRow(f, f.Actions, now), Description: f.Description, SourceText: sourceText(f),
		RecordedBy: person(names, f.RecordedBy), ClosingNote: f.ClosingNote, ClosedAt: f.ClosedAt,
		CanManage: a.Can(auth.PermManageActions), AddForm: posted["add"], CloseForm: posted["close"]}
	switch {
	case f.Source == findings.FromConcern && a.Can(auth.PermReadConcerns):
		v.SourceHref = "/concerns/" + f.SourceRef
	case f.Answer != nil && a.Can(auth.PermReadProgramme):
		v.SourceHref = "/self-assessments/" + f.Answer.PeriodID + "#q-" + strings.ReplaceAll(f.Answer.QuestionKey, ".", "-")
	}
	if f.ClosedBy != nil {
		v.ClosedBy = person(names, *f.ClosedBy)
	}
	v.CanClose = v.CanManage && f.Status == findings.Open && v.Finding.OpenActions == 0
	for i := range f.Actions {
		v.Actions = append(v.Actions, actionView(&f.Actions[i], a, names, now, posted))
	}
	if v.CanManage && f.Status == findings.Open {
		owners, err := s.Findings.Owners(ctx)
		if err != nil {
			return err
		}
		for _, o := range owners {
			v.Owners = append(v.Owners, components.Option{Value: o.ID, Label: o.Name})
		}
	}
	return s.render(c, status, f.Reference+": "+f.Title, view.FindingPage(v))
}

// sourceText says where a finding comes from, naming a report of concern by
// its reference only.
func sourceText(f *findings.Finding) string {
	switch f.Source {
	case findings.FromConcern:
		return "Report of concern " + f.ConcernReference
	case findings.FromSelfAssessment:
		return "Self-assessment " + f.Answer.PeriodName + ", question " + f.Answer.QuestionKey
	}
	if f.SourceRef != "" {
		return "Audit: " + f.SourceRef
	}
	return "Audit"
}

// findingRow is a finding in a list, with its actions.
func findingRow(f *findings.Finding, actions []findings.Action, now time.Time) view.Row {
	r := view.Row{ID: f.ID, Reference: f.Reference, Title: f.Title, Severity: f.Severity, Source: f.Source.Label(),
		Element: icp.Label(f.Element), Status: string(f.Status), RecordedAt: f.RecordedAt}
	for i := range actions {
		r.Actions++
		if actions[i].Status != findings.ActionClosed {
			r.OpenActions++
		}
		r.Overdue = r.Overdue || actions[i].Overdue(now)
	}
	return r
}

func actionRow(a *findings.Action, names map[string]string, now time.Time) view.ActionRow {
	return view.ActionRow{ID: a.ID, FindingID: a.FindingID, FindingReference: a.FindingReference, What: a.What,
		Owner: person(names, a.OwnerID), Status: string(a.Status), StatusLabel: a.Status.Label(), Due: a.DueOn, Overdue: a.Overdue(now)}
}

// person names a user, or a former one.
func person(names map[string]string, id string) string { return format.Or(names[id], "a former user") }

// actionOwners returns the names of the owners of actions.
func actionOwners(ctx context.Context, s *Server, actions []findings.Action) (map[string]string, error) {
	var ids []string
	for _, a := range actions {
		ids = append(ids, a.OwnerID)
	}
	return auth.NamesOf(ctx, s.DB.Gorm, ids)
}

// findingPeople are the users a finding's page names.
func findingPeople(f *findings.Finding) []string {
	ids := []string{f.RecordedBy}
	if f.ClosedBy != nil {
		ids = append(ids, *f.ClosedBy)
	}
	for _, a := range f.Actions {
		ids = append(ids, a.OwnerID)
		for _, e := range a.History {
			ids = append(ids, e.AuthorID)
		}
	}
	return ids
}

// actionView is an action on its finding's page with the forms the viewer
// may use, decided by the rule of the steps (findings.Next).
func actionView(act *findings.Action, a *auth.Actor, names map[string]string, now time.Time, posted map[string]view.Form) view.Action {
	who := findings.Who{Owner: act.OwnerID == a.UserID, Manages: a.Can(auth.PermManageActions),
		MarkedDone: act.DoneBy != nil && *act.DoneBy == a.UserID}
	v := view.Action{ActionRow: actionRow(act, names, now), Work: posted["work:"+act.ID], Review: posted["review:"+act.ID],
		Assign: posted["assign:"+act.ID]}
	_, workErr := findings.Next(act.Status, findings.MarkDone, who)
	_, reviewErr := findings.Next(act.Status, findings.SignOff, who)
	_, assignErr := findings.Next(act.Status, findings.Reassign, who)
	v.CanWork, v.CanReview, v.CanAssign = workErr == nil, reviewErr == nil, assignErr == nil
	if act.Status == findings.ActionDone && who.Manages && reviewErr != nil {
		v.NotYours = apperr.Message(reviewErr)
	}
	if v.Assign.Values == nil {
		v.Assign = view.Form{Values: map[string]string{"owner_id": act.OwnerID, "due": act.DueOn.Format(time.DateOnly)}}
	}
	for _, e := range act.History {
		ve := view.Entry{At: e.At, By: person(names, e.AuthorID), Label: e.Kind.Label(), Note: e.Note, Link: e.Link, Filename: e.Filename}
		if e.HasFile() {
			ve.FileHref = "/actions/" + act.ID + "/files/" + e.ID
		}
		v.History = append(v.History, ve)
	}
	return v
}
