package findings_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// programme is a fresh database on a fixed day with its people signed in:
// two compliance officers, an action owner, staff, an auditor and a board
// member.
type programme struct {
	svc                                             *findings.Service
	db                                              *db.DB
	officer, officer2, owner, staff, auditor, board context.Context
	ownerID                                         string
}

func newProgramme(t *testing.T) programme {
	d := testutil.NewDB(t)
	d.Now = func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) }
	p := programme{svc: findings.NewService(d), db: d,
		officer:  testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		officer2: testutil.NewUser(t, d, "o2@example.com", "Otto Officer", auth.RoleComplianceOfficer),
		owner:    testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager),
		staff:    testutil.NewUser(t, d, "s@example.com", "Sam Staff", auth.RoleStaff),
		auditor:  testutil.NewUser(t, d, "a@example.com", "Ann Auditor", auth.RoleAuditor),
		board:    testutil.NewUser(t, d, "b@example.com", "Bea Board", auth.RoleManagement)}
	p.ownerID = auth.ActorFrom(p.owner).UserID
	return p
}

func audited() findings.Input {
	return findings.Input{Source: findings.FromAudit, SourceRef: "Internal audit 2026", Element: 4,
		Title: "Hit decisions without reasons", Description: "Three of twenty sampled.", Severity: "high"}
}

// action records a finding and gives it an action owned by the owner.
func (p programme) action(t *testing.T) (*findings.Finding, *findings.Action) {
	t.Helper()
	f, err := p.svc.Record(p.auditor, audited())
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.svc.AddAction(p.officer, f.ID, findings.ActionInput{What: "Retrain the deciders", OwnerID: p.ownerID, Due: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	return f, a
}

func TestRecord_NumbersPerYearAndRefusesBadInput(t *testing.T) {
	p := newProgramme(t)
	for name, edit := range map[string]func(*findings.Input){
		"no title":                   func(in *findings.Input) { in.Title = " " },
		"unknown severity":           func(in *findings.Input) { in.Severity = "critical" },
		"element 8":                  func(in *findings.Input) { in.Element = 8 },
		"unknown source":             func(in *findings.Input) { in.Source = "rumour" },
		"self-assessment, no answer": func(in *findings.Input) { in.Source, in.SourceRef = findings.FromSelfAssessment, "" },
	} {
		in := audited()
		edit(&in)
		if _, err := p.svc.Record(p.officer, in); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	in := audited()
	in.Source, in.SourceRef = findings.FromConcern, "no-such-report"
	if _, err := p.svc.Record(p.officer, in); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("from a report that does not exist: %v", err)
	}
	for name, ctx := range map[string]context.Context{"owner": p.owner, "staff": p.staff, "board": p.board} {
		if _, err := p.svc.Record(ctx, audited()); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s records a finding: %v", name, err)
		}
	}
	if all, err := p.svc.List(p.officer, findings.Filter{}); err != nil || len(all) != 0 {
		t.Fatalf("refused findings stored: %+v %v", all, err)
	}
	first, err := p.svc.Record(p.auditor, audited())
	if err != nil {
		t.Fatal(err)
	}
	in = audited()
	in.Source, in.SourceRef = findings.FromSelfAssessment, "answer-42"
	if _, err := p.svc.Record(p.officer, in); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a finding from a self-assessment answer that does not exist: %v", err)
	}
	in.Source, in.SourceRef, in.Element = findings.FromAudit, "Internal audit 2026", 0
	second, err := p.svc.Record(p.officer, in)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reference != "F-2026-0001" || second.Reference != "F-2026-0002" || second.Element != 0 || first.Status != findings.Open {
		t.Errorf("references %s %s", first.Reference, second.Reference)
	}
	events, err := audit.List(context.Background(), p.db.Gorm, audit.Filter{Action: "finding.record"})
	if err != nil || len(events) != 2 || events[1].ActorEmail != "a@example.com" || !strings.Contains(events[1].AfterJSON, `"Severity":"high"`) {
		t.Errorf("events %+v %v", events, err)
	}
}

// A finding from a report of concern keeps the report's id, and nothing of
// who reported it.
func TestRecord_FromAnAnonymousConcern(t *testing.T) {
	p := newProgramme(t)
	r, _, err := concerns.NewService(p.db).File(p.staff, concerns.Input{Subject: "Shipment split", Body: "To avoid a licence.", Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.svc.Record(p.officer, findings.Input{Source: findings.FromConcern, SourceRef: r.ID, Title: "Split shipments",
		Severity: "high"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.svc.Get(p.board, f.ID)
	if err != nil || got.ConcernReference != r.Reference || got.SourceRef != r.ID {
		t.Fatalf("got %+v %v", got, err)
	}
	linked, err := p.svc.FromConcern(p.auditor, r.ID)
	if err != nil || len(linked) != 1 || linked[0].ID != f.ID {
		t.Errorf("findings of the report %+v %v", linked, err)
	}
	events, _ := audit.List(context.Background(), p.db.Gorm, audit.Filter{Action: "finding.record"})
	staffID := auth.ActorFrom(p.staff).UserID
	if len(events) != 1 || strings.Contains(events[0].AfterJSON+events[0].Summary, staffID) || strings.Contains(events[0].AfterJSON, "s@example.com") {
		t.Errorf("the finding's event names the reporter: %+v", events)
	}
}

// The whole life of an action: the owner works and marks it done with
// evidence; neither the owner nor the officer who marked another done signs
// off; a second officer does; then the finding closes.
func TestAction_ClosedByTwoPeople(t *testing.T) {
	p := newProgramme(t)
	f, a := p.action(t)
	if _, err := p.svc.Close(p.officer, f.ID, "All done."); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("closing a finding with an open action: %v", err)
	}
	if _, err := p.svc.Start(p.staff, a.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff starts another's action: %v", err)
	}
	if _, err := p.svc.Start(p.owner, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.MarkDone(p.owner, a.ID, findings.Evidence{Note: "Trained."}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("done without a link or file: %v", err)
	}
	if _, err := p.svc.AddEvidence(p.owner, a.ID, findings.Evidence{Link: "https://intranet.example.com/training/42"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.MarkDone(p.owner, a.ID, findings.Evidence{Note: "Trained all four deciders."}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Review(p.owner, a.ID, findings.SignOff, ""); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the owner signs off: %v", err)
	}
	if _, err := p.svc.Review(p.officer, a.ID, findings.SendBack, strings.Repeat("x", findings.MaxText+1)); apperr.FieldsOf(err)["reason"] == "" {
		t.Errorf("a reason too long is not named on the review form's field: %v", err)
	}
	if _, err := p.svc.Review(p.officer, a.ID, findings.SendBack, ""); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("sent back without a reason: %v", err)
	}
	if _, err := p.svc.Review(p.officer, a.ID, findings.SendBack, "Attach the attendance list."); err != nil {
		t.Fatal(err)
	}
	// The officer now marks it done; only the second officer may close it.
	if _, err := p.svc.MarkDone(p.officer, a.ID, findings.Evidence{Note: "Attendance list attached.",
		File: &findings.Document{SHA256: strings.Repeat("a", 64), ContentType: "application/pdf", Filename: "attendance.pdf", Size: 10}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Review(p.officer, a.ID, findings.SignOff, ""); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the officer who marked it done signs off: %v", err)
	}
	if _, err := p.svc.Review(p.officer2, a.ID, findings.SignOff, "Checked the list."); err != nil {
		t.Fatal(err)
	}
	got, err := p.svc.Get(p.owner, f.ID)
	if err != nil || got.Actions[0].Status != findings.ActionClosed || len(got.Actions[0].History) != 7 || got.Actions[0].UpdatedAt != p.db.Now() {
		t.Fatalf("after sign-off: %+v %v", got, err)
	}
	if _, err := p.svc.AddEvidence(p.owner, a.ID, findings.Evidence{Note: "More."}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("evidence on a closed action: %v", err)
	}
	if _, err := p.svc.Close(p.officer, f.ID, "Deciders retrained."); err != nil {
		t.Fatal(err)
	}
	events, err := audit.List(context.Background(), p.db.Gorm, audit.Filter{Action: "action.sign_off"})
	if err != nil || len(events) != 1 || !strings.Contains(events[0].BeforeJSON, `"Status":"done"`) ||
		!strings.Contains(events[0].AfterJSON, `"Status":"closed"`) || events[0].ActorEmail != "o2@example.com" {
		t.Errorf("sign-off event %+v %v", events, err)
	}
}

func TestAction_WhoSeesAndCounts(t *testing.T) {
	p := newProgramme(t)
	f, a := p.action(t)
	if _, err := p.svc.Get(p.staff, f.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff reads a finding: %v", err)
	}
	if _, err := p.svc.AddAction(p.auditor, f.ID, findings.ActionInput{What: "x", OwnerID: p.ownerID, Due: "2026-04-01"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("auditor gives an action: %v", err)
	}
	if _, err := p.svc.AddAction(p.officer, f.ID, findings.ActionInput{What: "x", OwnerID: p.ownerID, Due: "2026-03-09"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an action due yesterday: %v", err)
	}
	if _, err := p.svc.Reassign(p.officer, a.ID, findings.ActionInput{OwnerID: auth.ActorFrom(p.staff).UserID, Due: "2026-05-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Get(p.staff, f.ID); err != nil {
		t.Errorf("the new owner reads the finding: %v", err)
	}
	p.db.Now = func() time.Time { return time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC) }
	mine, err := p.svc.Overdue(p.staff)
	if err != nil || len(mine) != 1 || mine[0].FindingReference != f.Reference {
		t.Errorf("overdue for the owner %+v %v", mine, err)
	}
	if theirs, _ := p.svc.Overdue(p.owner); len(theirs) != 0 {
		t.Errorf("overdue for the former owner %+v", theirs)
	}
	c, err := p.svc.ActionCounts(p.board)
	if err != nil || c != (findings.ActionCounts{Open: 1, Overdue: 1}) {
		t.Errorf("counts %+v %v", c, err)
	}
	s, err := p.svc.OpenFindingsBySeverity(p.auditor)
	if err != nil || s != (findings.SeverityCounts{High: 1}) {
		t.Errorf("severities %+v %v", s, err)
	}
	if _, err := p.svc.ActionCounts(p.owner); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("counts for an export manager: %v", err)
	}
	list, err := p.svc.List(p.board, findings.Filter{Overdue: true, Source: findings.FromAudit})
	if err != nil || len(list) != 1 {
		t.Errorf("overdue findings %+v %v", list, err)
	}
	if acts, err := p.svc.Actions(p.auditor, findings.ActionFilter{Status: findings.ActionDone}); err != nil || len(acts) != 0 {
		t.Errorf("done actions %+v %v", acts, err)
	}
}

// An owner who may manage actions still does not sign off their own action,
// even when someone else marked it done.
func TestAction_OwnerWhoManagesActionsDoesNotSignOff(t *testing.T) {
	p := newProgramme(t)
	f, err := p.svc.Record(p.auditor, audited())
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.svc.AddAction(p.officer, f.ID, findings.ActionInput{What: "Write the audit plan", OwnerID: auth.ActorFrom(p.officer2).UserID, Due: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.MarkDone(p.officer, a.ID, findings.Evidence{Note: "Plan written.", Link: "https://intranet.example.com/plan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.Review(p.officer2, a.ID, findings.SignOff, ""); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the owner, a compliance officer, signs off their own action: %v", err)
	}
}
