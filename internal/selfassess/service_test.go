package selfassess_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// world is the service over a fresh database on a fixed day, with its people
// signed in.
type world struct {
	svc                            *selfassess.Service
	db                             *db.DB
	officer, staff, auditor, board context.Context
	officerID                      string
}

var today = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func newWorld(t *testing.T) world {
	d := testutil.NewDB(t)
	d.Now = func() time.Time { return today }
	w := world{svc: selfassess.NewService(d), db: d,
		officer: testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		staff:   testutil.NewUser(t, d, "s@example.com", "Sam Staff", auth.RoleStaff),
		auditor: testutil.NewUser(t, d, "a@example.com", "Ann Auditor", auth.RoleAuditor),
		board:   testutil.NewUser(t, d, "b@example.com", "Bea Board", auth.RoleManagement)}
	w.officerID = auth.ActorFrom(w.officer).UserID
	return w
}

func (w world) open(t *testing.T, name string) *selfassess.Period {
	t.Helper()
	p, err := w.svc.Open(w.officer, selfassess.PeriodInput{Name: name, From: name + "-01-01", To: name + "-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// answerAll answers every question with maturity m.
func (w world) answerAll(t *testing.T, periodID string, m func(q selfassess.Question) string) {
	t.Helper()
	for _, q := range selfassess.Questions {
		if _, err := w.svc.Answer(w.officer, periodID, q.Key, selfassess.AnswerInput{Maturity: m(q)}, nil); err != nil {
			t.Fatal(q.Key, err)
		}
	}
}

func events(t *testing.T, d *db.DB, action string) []audit.Entry {
	t.Helper()
	es, err := audit.List(context.Background(), d.Gorm, audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestQuestions_EveryElementHasThreeToSixWithStableKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range icp.Elements {
		qs := selfassess.QuestionsOf(e.Number)
		if len(qs) < 3 || len(qs) > 6 {
			t.Errorf("element %d has %d questions", e.Number, len(qs))
		}
		for i, q := range qs {
			if want := strings.Join([]string{string(rune('0' + e.Number)), string(rune('1' + i))}, "."); q.Key != want || seen[q.Key] {
				t.Errorf("question %q of element %d, want key %s once", q.Key, e.Number, want)
			}
			seen[q.Key] = true
		}
	}
}

func TestOpen_RefusesBadPeriodsAndStoresNothing(t *testing.T) {
	w := newWorld(t)
	for name, in := range map[string]selfassess.PeriodInput{
		"no name":           {From: "2026-01-01", To: "2026-12-31"},
		"bad date":          {Name: "2026", From: "1 Jan 2026", To: "2026-12-31"},
		"no end":            {Name: "2026", From: "2026-01-01"},
		"ends before start": {Name: "2026", From: "2026-06-01", To: "2026-05-31"},
		"target above 4":    {Name: "2026", From: "2026-01-01", To: "2026-12-31", Target: "5"},
		"target 0":          {Name: "2026", From: "2026-01-01", To: "2026-12-31", Target: "0"},
	} {
		if _, err := w.svc.Open(w.officer, in); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if ps, err := w.svc.Periods(w.officer); err != nil || len(ps) != 0 {
		t.Fatalf("refused periods stored: %+v %v", ps, err)
	}
	p := w.open(t, "2025")
	if p.Target != selfassess.DefaultTarget || p.Status != selfassess.Open {
		t.Errorf("opened %+v", p)
	}
	if _, err := w.svc.Open(w.officer, selfassess.PeriodInput{Name: "2026", From: "2026-01-01", To: "2026-12-31"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second open period: %v", err)
	}
	w.answerAll(t, p.ID, func(selfassess.Question) string { return "2" })
	if _, err := w.svc.Complete(w.officer, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Open(w.officer, selfassess.PeriodInput{Name: "2025", From: "2026-01-01", To: "2026-12-31"}); apperr.FieldsOf(err)["name"] == "" {
		t.Errorf("a second period named 2025: %v", err)
	}
	if es := events(t, w.db, "selfassess.open"); len(es) != 1 || es[0].ObjectID != p.ID || !strings.Contains(es[0].AfterJSON, `"Name":"2025"`) {
		t.Errorf("open events %+v", es)
	}
}

func TestAnswer_RefusesBadInputAndStoresNothing(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	for name, in := range map[string]selfassess.AnswerInput{
		"no maturity":       {},
		"maturity 5":        {Maturity: "5"},
		"maturity -1":       {Maturity: "-1"},
		"maturity a word":   {Maturity: "good"},
		"external link":     {Maturity: "3", Links: "https://example.com/cases/abc"},
		"protocol-relative": {Maturity: "3", Links: "//example.com/audit/verify"},
		"other Vigil page":  {Maturity: "3", Links: "/admin/users"},
		"script":            {Maturity: "3", Links: "javascript:alert(1)"},
		"path escape":       {Maturity: "3", Links: "/cases/../admin/users"},
		"long comment":      {Maturity: "3", Comment: strings.Repeat("x", 4001)},
	} {
		if _, err := w.svc.Answer(w.officer, p.ID, "1.1", in, nil); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := w.svc.Answer(w.officer, p.ID, "9.9", selfassess.AnswerInput{Maturity: "3"}, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown question: %v", err)
	}
	if _, err := w.svc.Answer(w.officer, "nothing", "1.1", selfassess.AnswerInput{Maturity: "3"}, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown period: %v", err)
	}
	a, err := w.svc.Get(w.officer, p.ID)
	if err != nil || len(a.Answers) != 0 || len(events(t, w.db, "selfassess.answer")) != 0 {
		t.Fatalf("refused answers stored: %+v %v", a, err)
	}
	good := selfassess.AnswerInput{Maturity: "3", Comment: "Matrix current.",
		Links: " /training/matrix \n\n/cases/0190-abc\n/lists/versions/v1\n/audit/verify\n/training/matrix"}
	ans, err := w.svc.Answer(w.officer, p.ID, "3.3", good, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/training/matrix", "/cases/0190-abc", "/lists/versions/v1", "/audit/verify"}; strings.Join(ans.LinkList(), " ") != strings.Join(want, " ") {
		t.Errorf("links %q", ans.LinkList())
	}
}

func TestAnswer_ChangesAreAuditedWithBeforeAndAfter(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	if _, err := w.svc.Answer(w.officer, p.ID, "2.2", selfassess.AnswerInput{Maturity: "1", Comment: "No deputy."}, nil); err != nil {
		t.Fatal(err)
	}
	doc := &selfassess.Document{SHA256: strings.Repeat("ab", 32), ContentType: "application/pdf", Filename: "org-chart.pdf", Size: 10}
	changed, err := w.svc.Answer(w.officer, p.ID, "2.2", selfassess.AnswerInput{Maturity: "3", Comment: "Deputy named."}, doc)
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.svc.Get(w.auditor, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := a.Answers["2.2"]
	if len(a.Answers) != 1 || stored.ID != changed.ID || stored.Maturity != 3 || stored.Comment != "Deputy named." ||
		stored.AnsweredBy != w.officerID || len(a.Attachments[stored.ID]) != 1 || a.Attachments[stored.ID][0].Filename != "org-chart.pdf" {
		t.Fatalf("stored %+v %+v", stored, a.Attachments)
	}
	es := events(t, w.db, "selfassess.answer")
	if len(es) != 2 || es[1].BeforeJSON != "" { // newest first
		t.Fatalf("answer events %+v", es)
	}
	last := es[0]
	if !strings.Contains(last.BeforeJSON, `"Maturity":1`) || !strings.Contains(last.BeforeJSON, `No deputy.`) ||
		!strings.Contains(last.AfterJSON, `"Maturity":3`) || !strings.Contains(last.AfterJSON, `org-chart.pdf`) || last.ObjectID != p.ID {
		t.Errorf("change event before %s after %s", last.BeforeJSON, last.AfterJSON)
	}
	f := a.Attachments[stored.ID][0]
	if _, err := w.svc.RemoveAttachment(w.auditor, p.ID, f.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("auditor removes evidence: %v", err)
	}
	if _, err := w.svc.RemoveAttachment(w.officer, p.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	if a, _ := w.svc.Get(w.officer, p.ID); len(a.Attachments[stored.ID]) != 0 {
		t.Error("the file is still evidence")
	}
	if es := events(t, w.db, "selfassess.file_remove"); len(es) != 1 || !strings.Contains(es[0].BeforeJSON, "org-chart.pdf") {
		t.Errorf("removal events %+v", es)
	}
}

func TestComplete_NeedsEveryAnswerAndThenIsReadOnly(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	doc := &selfassess.Document{SHA256: strings.Repeat("cd", 32), ContentType: "application/pdf", Filename: "audit.pdf", Size: 10}
	for _, q := range selfassess.Questions[1:] {
		if _, err := w.svc.Answer(w.officer, p.ID, q.Key, selfassess.AnswerInput{Maturity: "3"}, doc); err != nil {
			t.Fatal(err)
		}
	}
	_, err := w.svc.Complete(w.officer, p.ID)
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.Message(err), "1 left (1.1)") {
		t.Fatalf("complete with 1.1 unanswered: %v", err)
	}
	if got, _ := w.svc.Get(w.officer, p.ID); got.Period.Status != selfassess.Open || got.Period.CompletedAt != nil {
		t.Fatalf("refused completion stored: %+v", got.Period)
	}
	if _, err := w.svc.Answer(w.officer, p.ID, "1.1", selfassess.AnswerInput{Maturity: "4"}, nil); err != nil {
		t.Fatal(err)
	}
	done, err := w.svc.Complete(w.officer, p.ID)
	if err != nil || done.Status != selfassess.Completed || done.CompletedAt == nil || !done.CompletedAt.Equal(today) {
		t.Fatalf("completed %+v %v", done, err)
	}
	a, _ := w.svc.Get(w.officer, p.ID)
	file := a.Attachments[a.Answers["2.1"].ID][0]
	if _, err := w.svc.Answer(w.officer, p.ID, "1.1", selfassess.AnswerInput{Maturity: "0"}, nil); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("answer changed after completion: %v", err)
	}
	if _, err := w.svc.RemoveAttachment(w.officer, p.ID, file.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("evidence removed after completion: %v", err)
	}
	if _, err := w.svc.Complete(w.officer, p.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("completed twice: %v", err)
	}
	after, _ := w.svc.Get(w.officer, p.ID)
	if after.Answers["1.1"].Maturity != 4 || len(after.Attachments[a.Answers["2.1"].ID]) != 1 {
		t.Error("a completed period changed")
	}
	if es := events(t, w.db, "selfassess.complete"); len(es) != 1 || !strings.Contains(es[0].BeforeJSON, `"Status":"open"`) ||
		!strings.Contains(es[0].AfterJSON, `"Status":"completed"`) {
		t.Errorf("complete events %+v", es)
	}
}

func TestPermissions_OfficersAssessManagementAndAuditorsRead(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	in := selfassess.PeriodInput{Name: "2027", From: "2027-01-01", To: "2027-12-31"}
	for name, ctx := range map[string]context.Context{"staff": w.staff, "auditor": w.auditor, "management": w.board} {
		if _, err := w.svc.Open(ctx, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s opens a period: %v", name, err)
		}
		if _, err := w.svc.Answer(ctx, p.ID, "1.1", selfassess.AnswerInput{Maturity: "3"}, nil); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s answers: %v", name, err)
		}
		if _, err := w.svc.Complete(ctx, p.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s completes: %v", name, err)
		}
	}
	for name, ctx := range map[string]context.Context{"auditor": w.auditor, "management": w.board, "officer": w.officer} {
		if _, err := w.svc.Get(ctx, p.ID); err != nil {
			t.Errorf("%s reads the period: %v", name, err)
		}
		if _, err := w.svc.Compare(ctx, p.ID); err != nil {
			t.Errorf("%s reads the comparison: %v", name, err)
		}
	}
	if _, err := w.svc.Get(w.staff, p.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff reads the period: %v", err)
	}
	if _, err := w.svc.Periods(w.staff); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff lists the periods: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCompare_QuestionByQuestionAndElementAverages(t *testing.T) {
	prev := map[string]*selfassess.Answer{"1.1": {Maturity: 1}, "1.2": {Maturity: 2}, "1.3": {Maturity: 3}, "2.1": {Maturity: 4}}
	cur := map[string]*selfassess.Answer{"1.1": {Maturity: 3}, "1.2": {Maturity: 2}, "1.4": {Maturity: 4}, "2.1": {Maturity: 2}, "3.1": {Maturity: 1}}
	qs, es := selfassess.Compare(prev, cur)
	if len(qs) != len(selfassess.Questions) || len(es) != 7 {
		t.Fatalf("%d questions, %d elements", len(qs), len(es))
	}
	byKey := map[string]selfassess.QuestionChange{}
	for _, q := range qs {
		byKey[q.Question.Key] = q
	}
	for key, want := range map[string]*int{"1.1": ptr(2), "1.2": ptr(0), "1.3": nil, "1.4": nil, "2.1": ptr(-2), "3.1": nil} {
		got := byKey[key].Change()
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%s: change %v, want %v", key, got, want)
		}
	}
	for i, want := range []struct{ prev, cur, change *float64 }{
		{ptr(2.0), ptr(3.0), ptr(1.0)}, // (1+2+3)/3 → (3+2+4)/3
		{ptr(4.0), ptr(2.0), ptr(-2.0)},
		{nil, ptr(1.0), nil},
		{nil, nil, nil},
	} {
		e := es[i]
		for name, pair := range map[string][2]*float64{"previous": {e.Previous, want.prev}, "current": {e.Current, want.cur}, "change": {e.Change(), want.change}} {
			got, w := pair[0], pair[1]
			if (got == nil) != (w == nil) || got != nil && *got != *w {
				t.Errorf("element %d %s: %v, want %v", e.Element.Number, name, got, w)
			}
		}
	}
}

func TestCompare_WithThePreviousCompletedPeriod(t *testing.T) {
	w := newWorld(t)
	old := w.open(t, "2024")
	w.answerAll(t, old.ID, func(selfassess.Question) string { return "0" })
	if _, err := w.svc.Complete(w.officer, old.ID); err != nil {
		t.Fatal(err)
	}
	last := w.open(t, "2025")
	w.answerAll(t, last.ID, func(q selfassess.Question) string { return map[bool]string{true: "1", false: "2"}[q.Element == 1] })
	if _, err := w.svc.Complete(w.officer, last.ID); err != nil {
		t.Fatal(err)
	}
	cur := w.open(t, "2026")
	if _, err := w.svc.Answer(w.officer, cur.ID, "1.1", selfassess.AnswerInput{Maturity: "4"}, nil); err != nil {
		t.Fatal(err)
	}
	c, err := w.svc.Compare(w.auditor, cur.ID)
	if err != nil || c.Previous == nil || c.Previous.ID != last.ID {
		t.Fatalf("previous of 2026: %+v %v", c, err)
	}
	if q := c.Questions[0]; q.Question.Key != "1.1" || *q.Previous != 1 || *q.Current != 4 || *q.Change() != 3 {
		t.Errorf("1.1: %+v", q)
	}
	if e := c.Elements[0]; *e.Previous != 1 || *e.Current != 4 || *e.Change() != 3 {
		t.Errorf("element 1: %v %v", *e.Previous, *e.Current)
	}
	if e := c.Elements[1]; *e.Previous != 2 || e.Current != nil {
		t.Errorf("element 2: %+v", e)
	}
	if c, err := w.svc.Compare(w.officer, old.ID); err != nil || c.Previous != nil {
		t.Errorf("the first period has a previous one: %+v %v", c, err)
	}
}

func TestDue_AtLeastYearly(t *testing.T) {
	completed := func(at time.Time) *selfassess.Period {
		return &selfassess.Period{Status: selfassess.Completed, CompletedAt: &at}
	}
	for name, c := range map[string]struct {
		last *selfassess.Period
		due  bool
	}{
		"none":               {nil, true},
		"11 months ago":      {completed(today.AddDate(0, -11, 0)), false},
		"exactly a year ago": {completed(today.AddDate(-1, 0, 0)), false},
		"a year and a day":   {completed(today.AddDate(-1, 0, -1)), true},
	} {
		if got := selfassess.Due(c.last, today); got != c.due {
			t.Errorf("%s: due %v, want %v", name, got, c.due)
		}
	}
	w := newWorld(t)
	if r, err := w.svc.Yearly(w.board); err != nil || !r.Due || r.Last != nil {
		t.Errorf("no period yet: %+v %v", r, err)
	}
	p := w.open(t, "2026")
	w.answerAll(t, p.ID, func(selfassess.Question) string { return "3" })
	if _, err := w.svc.Complete(w.officer, p.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := w.svc.Yearly(w.officer); err != nil || r.Due || r.Last == nil || r.Last.ID != p.ID {
		t.Errorf("just completed: %+v %v", r, err)
	}
	if _, err := w.svc.Yearly(w.staff); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff reads the rhythm: %v", err)
	}
}
