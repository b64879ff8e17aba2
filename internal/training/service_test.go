package training_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

type fixture struct {
	t   *testing.T
	d   *db.DB
	now time.Time
	svc *training.Service
	// signed-in contexts
	manager, manager2, officer, staff, staff2, auditor context.Context
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, d: testutil.NewDB(t), now: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)}
	f.d.Now = func() time.Time { return f.now }
	f.svc = training.NewService(f.d)
	f.manager = testutil.NewUser(t, f.d, "manager@example.com", "Max Manager", auth.RoleExportManager)
	f.manager2 = testutil.NewUser(t, f.d, "manager2@example.com", "Mia Manager", auth.RoleExportManager)
	f.officer = testutil.NewUser(t, f.d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	f.staff = testutil.NewUser(t, f.d, "staff@example.com", "Sam Staff", auth.RoleStaff)
	f.staff2 = testutil.NewUser(t, f.d, "staff2@example.com", "Stan Staff", auth.RoleStaff)
	f.auditor = testutil.NewUser(t, f.d, "auditor@example.com", "Aude Auditor", auth.RoleAuditor)
	return f
}

func (f *fixture) course(in training.CourseInput) *training.Course {
	f.t.Helper()
	c, err := f.svc.CreateCourse(f.officer, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

var sanctions = training.CourseInput{Title: "Sanctions screening", Description: "Read **the** procedure.",
	Items: []string{"I know the lists", "  I never ship on an undecided hit  ", ""}, RecurrenceMonths: 12,
	MandatoryRoles: []auth.Role{auth.RoleStaff, auth.RoleExportManager}}

// mine returns the person's current assignment of course c.
func (f *fixture) mine(ctx context.Context, c *training.Course) *training.Progress {
	f.t.Helper()
	ps, err := f.svc.Mine(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, p := range ps {
		if p.CourseID == c.ID {
			return &p
		}
	}
	f.t.Fatalf("%s has no assignment of %s", auth.ActorFrom(ctx).Email, c.Title)
	return nil
}

// complete ticks every item and attests as the person.
func (f *fixture) complete(ctx context.Context, c *training.Course) *training.Progress {
	f.t.Helper()
	p := f.mine(ctx, c)
	for _, it := range p.Course.Items {
		if _, err := f.svc.Tick(ctx, p.AssignmentID, it.ID, true); err != nil {
			f.t.Fatal(err)
		}
	}
	done, err := f.svc.Attest(ctx, p.AssignmentID, true, auth.ActorFrom(ctx).Name)
	if err != nil {
		f.t.Fatal(err)
	}
	return done
}

func codeIs(t *testing.T, err error, want apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestCourse_ValidationAndWhoMayManage(t *testing.T) {
	f := setup(t)
	for _, ctx := range []context.Context{f.manager, f.staff, f.auditor} {
		_, err := f.svc.CreateCourse(ctx, sanctions)
		codeIs(t, err, apperr.Forbidden)
	}
	_, err := f.svc.CreateCourse(f.officer, training.CourseInput{Title: " ", Items: []string{" "}, RecurrenceMonths: -1,
		MandatoryRoles: []auth.Role{"boss"}})
	codeIs(t, err, apperr.Invalid)
	fields := apperr.FieldsOf(err)
	for _, k := range []string{"title", "items", "recurrence_months", "mandatory_roles"} {
		if fields[k] == "" {
			t.Errorf("no message for %s: %v", k, fields)
		}
	}
	c := f.course(sanctions)
	if c.Version != 1 || len(c.Items) != 2 || c.Items[1].Text != "I never ship on an undecided hit" || c.Items[1].Position != 2 ||
		!slices.Equal(c.MandatoryRoles, []auth.Role{auth.RoleExportManager, auth.RoleStaff}) {
		t.Fatalf("course: %+v", c)
	}
	all, err := f.svc.Courses(f.staff)
	if err != nil || len(all) != 1 || all[0].ID != c.ID {
		t.Fatalf("courses: %v %v", all, err)
	}
	_, err = f.svc.UpdateCourse(f.auditor, c.ID, sanctions)
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.Course(f.staff, "nope")
	codeIs(t, err, apperr.NotFound)
}

func TestAssign_AutomaticForRoleHoldersAndManual(t *testing.T) {
	f := setup(t)
	c := f.course(sanctions)
	p := f.mine(f.staff, c)
	if p.Source != training.SourceRole || p.State != training.NotStarted || !p.DueOn.Equal(training.Day(f.now).AddDate(0, 0, 30)) {
		t.Fatalf("role assignment: %+v", p)
	}
	if ps, _ := f.svc.Mine(f.officer); len(ps) != 0 {
		t.Fatalf("not mandatory for officers: %+v", ps)
	}
	if n, err := f.svc.Sync(context.Background()); err != nil || n != 0 {
		t.Fatalf("sync after create: %d %v", n, err)
	}
	officerID := auth.ActorFrom(f.officer).UserID
	codeIs(t, f.svc.Assign(f.manager, c.ID, []string{officerID}, time.Time{}), apperr.Forbidden)
	codeIs(t, f.svc.Assign(f.officer, c.ID, []string{officerID}, f.now.AddDate(0, 0, -2)), apperr.Invalid)
	codeIs(t, f.svc.Assign(f.officer, c.ID, nil, time.Time{}), apperr.Invalid)
	due := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := f.svc.Assign(f.officer, c.ID, []string{officerID}, due); err != nil {
		t.Fatal(err)
	}
	p = f.mine(f.officer, c)
	if p.Source != training.SourceManual || !p.DueOn.Equal(due) {
		t.Fatalf("manual assignment: %+v", p)
	}
	// Assigning someone with the course to do moves the due date.
	if err := f.svc.Assign(f.officer, c.ID, []string{auth.ActorFrom(f.staff).UserID}, due); err != nil {
		t.Fatal(err)
	}
	if p := f.mine(f.staff, c); !p.DueOn.Equal(due) || p.Source != training.SourceRole {
		t.Fatalf("new due date: %+v", p)
	}
}

func TestAttest_Rules(t *testing.T) {
	f := setup(t)
	c := f.course(sanctions)
	p := f.mine(f.staff, c)
	_, err := f.svc.Tick(f.staff2, p.AssignmentID, c.Items[0].ID, true)
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.Tick(f.manager, p.AssignmentID, c.Items[0].ID, true)
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.Tick(f.staff, p.AssignmentID, "no-such-item", true)
	codeIs(t, err, apperr.NotFound)
	got, err := f.svc.Tick(f.staff, p.AssignmentID, c.Items[0].ID, true)
	if err != nil || got.State != training.InProgress || got.Done() != 1 {
		t.Fatalf("tick: %+v %v", got, err)
	}
	_, err = f.svc.Attest(f.staff, p.AssignmentID, true, "Sam Staff")
	codeIs(t, err, apperr.Invalid)
	if apperr.FieldsOf(err)["items"] == "" {
		t.Errorf("attesting with items left: %v", apperr.FieldsOf(err))
	}
	if _, err := f.svc.Tick(f.staff, p.AssignmentID, c.Items[1].ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Attest(f.staff, p.AssignmentID, true, "Stan Staff")
	codeIs(t, err, apperr.Invalid)
	if apperr.FieldsOf(err)["name"] == "" {
		t.Errorf("attesting with another name: %v", apperr.FieldsOf(err))
	}
	_, err = f.svc.Attest(f.staff, p.AssignmentID, false, "Sam Staff")
	codeIs(t, err, apperr.Invalid)
	if apperr.FieldsOf(err)["understood"] == "" {
		t.Errorf("attesting without confirming: %v", apperr.FieldsOf(err))
	}
	got, err = f.svc.Attest(f.staff, p.AssignmentID, true, "  sam   STAFF ")
	if err != nil || got.State != training.Completed || got.CompletionID == "" || got.AttestedName != "sam STAFF" ||
		!got.CompletedAt.Equal(f.now) || !got.ExpiresOn.Equal(f.now.AddDate(1, 0, 0)) {
		t.Fatalf("attest: %+v %v", got, err)
	}
	_, err = f.svc.Tick(f.staff, p.AssignmentID, c.Items[0].ID, false)
	codeIs(t, err, apperr.Conflict)
	_, err = f.svc.Attest(f.staff, p.AssignmentID, true, "Sam Staff")
	codeIs(t, err, apperr.Conflict)

	cert, err := f.svc.Certificate(f.staff, got.CompletionID)
	if err != nil || cert.UserName != "Sam Staff" || cert.CourseTitle != c.Title || len(cert.Items) != 2 || cert.CourseVersion != 1 {
		t.Fatalf("certificate: %+v %v", cert, err)
	}
	if _, err := f.svc.Certificate(f.auditor, got.CompletionID); err != nil {
		t.Fatalf("the auditor reads certificates: %v", err)
	}
	_, err = f.svc.Certificate(f.staff2, got.CompletionID)
	codeIs(t, err, apperr.Forbidden)
}

func TestVersion_MaterialChangeAsksToAttestAgain(t *testing.T) {
	f := setup(t)
	c := f.course(sanctions)
	done := f.complete(f.staff, c)
	in := sanctions
	in.RecurrenceMonths = 24
	same, err := f.svc.UpdateCourse(f.officer, c.ID, in)
	if err != nil || same.Version != 1 || same.RecurrenceMonths != 24 {
		t.Fatalf("recurrence only: %+v %v", same, err)
	}
	if p := f.mine(f.staff, c); p.AssignmentID != done.AssignmentID || p.State != training.Completed {
		t.Fatalf("a recurrence change keeps the completion: %+v", p)
	}
	in.Items = append(slices.Clone(in.Items), "I report suspected evasion at once")
	next, err := f.svc.UpdateCourse(f.officer, c.ID, in)
	if err != nil || next.Version != 2 || len(next.Items) != 3 {
		t.Fatalf("new checklist: %+v %v", next, err)
	}
	p := f.mine(f.staff, next)
	if p.AssignmentID == done.AssignmentID || p.CourseVersion != 2 || p.State != training.NotStarted || p.Done() != 0 {
		t.Fatalf("asked to attest again: %+v", p)
	}
	old, err := f.svc.Progress(f.staff, done.AssignmentID)
	if err != nil || !old.Superseded || old.State != training.Completed || old.Course.Version != 1 || len(old.Course.Items) != 2 {
		t.Fatalf("the old record stays: %+v %v", old, err)
	}
	if _, err := f.svc.Certificate(f.staff, done.CompletionID); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Tick(f.staff, done.AssignmentID, old.Course.Items[0].ID, false)
	codeIs(t, err, apperr.Conflict)
	if n, err := f.svc.Sync(context.Background()); err != nil || n != 0 {
		t.Fatalf("sync after update: %d %v", n, err)
	}
}

// Acceptance 2: with the clock moved 13 months, a 12-month course shows
// expired and is reassigned.
func TestRecurrence_ExpiresAndIsReassigned(t *testing.T) {
	f := setup(t)
	c := f.course(sanctions)
	done := f.complete(f.staff, c)
	f.now = f.now.AddDate(0, 13, 0)
	if p := f.mine(f.staff, c); p.AssignmentID != done.AssignmentID || p.State != training.Expired {
		t.Fatalf("after 13 months: %+v", p)
	}
	n, err := f.svc.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// staff's lapsed completion, and the two managers' overdue first assignments stay as they are.
	if n != 1 {
		t.Fatalf("sync made %d assignments", n)
	}
	p := f.mine(f.staff, c)
	wantDue := training.Day(*done.ExpiresOn).AddDate(0, 0, 30)
	if p.AssignmentID == done.AssignmentID || p.CompletedAt != nil || !p.DueOn.Equal(wantDue) || p.State != training.InProgress && p.State != training.NotStarted && p.State != training.Overdue {
		t.Fatalf("reassigned: %+v (due %s)", p, wantDue)
	}
	if old, _ := f.svc.Progress(f.staff, done.AssignmentID); old.State != training.Expired || !old.Superseded {
		t.Fatalf("the lapsed record: %+v", old)
	}
	if n, err := f.svc.Sync(context.Background()); err != nil || n != 0 {
		t.Fatalf("sync again: %d %v", n, err)
	}
}

// Acceptance 3: an export manager without a current completion of a
// mandatory course is refused at submit and at approve, even within the
// course's due days, naming the course and carrying its id for a link; the
// overdue list still says who is late.
func TestGate_UntrainedRefusedAtSubmitAndApprove(t *testing.T) {
	f := setup(t)
	cs := cases.NewService(f.d)
	f.svc.Attach(cs)
	c := f.course(sanctions)
	draft := testutil.ReadyCase(t, f.manager, cs)
	namesCourse := func(err error) bool {
		var untrained *training.UntrainedError
		return errors.As(err, &untrained) && len(untrained.Courses) == 1 && untrained.Courses[0].ID == c.ID &&
			strings.Contains(apperr.Message(err), c.Title)
	}
	_, err := cs.Submit(f.manager, draft.ID, draft.Version)
	codeIs(t, err, apperr.Forbidden)
	if !namesCourse(err) {
		t.Fatalf("submit within the due days refused without the course: %v", err)
	}
	f.complete(f.manager, c)
	submitted, err := cs.Submit(f.manager, draft.ID, draft.Version)
	if err != nil {
		t.Fatalf("trained, submitting works: %v", err)
	}
	f.now = f.now.AddDate(0, 0, 31)
	_, err = cs.Decide(f.manager2, submitted.ID, submitted.Version, cases.Approve, "")
	codeIs(t, err, apperr.Forbidden)
	if !namesCourse(err) {
		t.Fatalf("approve refused without the course: %v", err)
	}
	late, err := f.svc.Overdue(f.manager2, auth.ActorFrom(f.manager2).UserID)
	if err != nil || len(late) != 1 || late[0].ID != c.ID {
		t.Fatalf("overdue: %v %v", late, err)
	}
	_, err = f.svc.Overdue(f.staff, auth.ActorFrom(f.manager2).UserID)
	codeIs(t, err, apperr.Forbidden)
	f.complete(f.manager2, c)
	if _, err := cs.Decide(f.manager2, submitted.ID, submitted.Version, cases.Approve, ""); err != nil {
		t.Fatalf("after completing the course: %v", err)
	}
}

// Acceptance 4: staff see only their own records; auditors see all and can
// change nothing; export managers read the matrix.
func TestMatrix_WhoSeesWhat(t *testing.T) {
	f := setup(t)
	c := f.course(sanctions)
	manual := f.course(training.CourseInput{Title: "ICP manual", Items: []string{"I have read it"}})
	f.complete(f.staff, c)
	managerP := f.mine(f.manager, c)

	_, err := f.svc.Matrix(f.staff, training.MatrixFilter{})
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.CourseStats(f.staff, c.ID)
	codeIs(t, err, apperr.Forbidden)
	codeIs(t, f.svc.MatrixCSV(f.staff, training.MatrixFilter{}, &bytes.Buffer{}), apperr.Forbidden)
	_, err = f.svc.Progress(f.staff, managerP.AssignmentID)
	codeIs(t, err, apperr.Forbidden)

	_, err = f.svc.Tick(f.auditor, managerP.AssignmentID, c.Items[0].ID, true)
	codeIs(t, err, apperr.Forbidden)
	codeIs(t, f.svc.Assign(f.auditor, c.ID, []string{auth.ActorFrom(f.auditor).UserID}, time.Time{}), apperr.Forbidden)
	_, err = f.svc.UpdateCourse(f.auditor, c.ID, sanctions)
	codeIs(t, err, apperr.Forbidden)
	if _, err := f.svc.Progress(f.auditor, managerP.AssignmentID); err != nil {
		t.Fatalf("the auditor reads anyone's record: %v", err)
	}

	for _, ctx := range []context.Context{f.auditor, f.manager, f.officer} {
		m, err := f.svc.Matrix(ctx, training.MatrixFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Courses) != 2 || m.Courses[0].ID != manual.ID || len(m.Rows) != 6 {
			t.Fatalf("matrix: %d courses, %d rows", len(m.Courses), len(m.Rows))
		}
		states := map[string]training.State{}
		for _, r := range m.Rows {
			states[r.Email] = r.Cells[1].State
		}
		if states["staff@example.com"] != training.Completed || states["manager@example.com"] != training.NotStarted || states["officer@example.com"] != "" {
			t.Fatalf("states: %v", states)
		}
	}
	m, err := f.svc.Matrix(f.auditor, training.MatrixFilter{Role: auth.RoleStaff, CourseID: c.ID, State: training.Completed})
	if err != nil || len(m.Courses) != 1 || len(m.Rows) != 1 || m.Rows[0].Email != "staff@example.com" {
		t.Fatalf("filtered: %+v %v", m, err)
	}
	st, err := f.svc.CourseStats(f.manager, c.ID)
	if err != nil || st.Assigned != 4 || st.Completed != 1 || st.NotStarted != 3 || len(st.People) != 4 {
		t.Fatalf("stats: %+v %v", st, err)
	}
}

func TestMatrixCSV_Columns(t *testing.T) {
	f := setup(t)
	c := f.course(training.CourseInput{Title: "=HYPERLINK(\"x\")", Items: []string{"one"}, RecurrenceMonths: 12,
		MandatoryRoles: []auth.Role{auth.RoleStaff}})
	f.complete(f.staff, c)
	var buf bytes.Buffer
	if err := f.svc.MatrixCSV(f.auditor, training.MatrixFilter{}, &buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], training.MatrixColumns) || len(recs) != 3 {
		t.Fatalf("csv: %q", recs)
	}
	want := []string{"Sam Staff", "staff@example.com", "staff", `'=HYPERLINK("x")`, "1", "completed", "2026-01-15", "2026-02-14",
		"2026-01-15T09:00:00Z", "2027-01-15T09:00:00Z"}
	if !slices.Equal(recs[1], want) {
		t.Fatalf("row:\n got %q\nwant %q", recs[1], want)
	}
}

func TestVersion_SavingWithoutANewFileKeepsTheMaterial(t *testing.T) {
	f := setup(t)
	in := sanctions
	in.Material = &training.Material{SHA256: strings.Repeat("ab", 32), Filename: "screening.pdf", ContentType: "application/pdf", Size: 10}
	c, err := f.svc.CreateCourse(f.officer, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Material = nil // the form sends no file: keep the one the course has
	in.RecurrenceMonths = 24
	same, err := f.svc.UpdateCourse(f.officer, c.ID, in)
	if err != nil || same.Version != c.Version || same.MaterialFilename != "screening.pdf" {
		t.Fatalf("saved without a new file: version %d → %d, material %q, %v", c.Version, same.Version, same.MaterialFilename, err)
	}
}
