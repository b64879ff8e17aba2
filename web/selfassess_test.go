package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// selfAssessDay is the fixed day the self-assessment tests run on.
var selfAssessDay = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func newSelfAssessServer(t *testing.T) (*testutil.App, *httptest.Server, *visitor) {
	app, ts := newServer(t)
	app.DB.Now = func() time.Time { return selfAssessDay }
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	return app, ts, officer
}

func storedAnswers(t *testing.T, app *testutil.App) []selfassess.Answer {
	t.Helper()
	var all []selfassess.Answer
	if err := app.DB.Gorm.Order("question_key").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

// openPeriod opens the period named name through the form and returns its id.
func openPeriod(t *testing.T, app *testutil.App, officer *visitor, name string) string {
	t.Helper()
	res := officer.form("/self-assessments", url.Values{"name": {name}, "from": {name + "-01-01"}, "to": {name + "-12-31"}})
	if !res.redirectsTo("/self-assessments/") {
		t.Fatalf("open %s: %d %s", name, res.StatusCode, res.Body)
	}
	return strings.TrimPrefix(res.Header.Get("Location"), "/self-assessments/")
}

func TestSelfAssess_OpenAndAnswerThroughTheForms(t *testing.T) {
	app, ts, officer := newSelfAssessServer(t)
	res := officer.form("/self-assessments", url.Values{"name": {"2026"}, "from": {"2026-06-01"}, "to": {"2026-01-31"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "cannot end before it begins") ||
		!strings.Contains(res.Body, `value="2026"`) {
		t.Fatalf("period ending before it begins: %d", res.StatusCode)
	}
	var n int64
	app.DB.Gorm.Model(&selfassess.Period{}).Count(&n)
	if n != 0 {
		t.Fatal("a refused period was stored")
	}
	id := openPeriod(t, app, officer, "2026")
	path := "/self-assessments/" + id + "/answers/3.3"
	for name, form := range map[string]url.Values{
		"maturity 7":       {"maturity": {"7"}, "comment": {"Kept comment"}},
		"an outside link":  {"maturity": {"3"}, "links": {"https://example.com/training/matrix"}, "comment": {"Kept comment"}},
		"a page not proof": {"maturity": {"3"}, "links": {"/admin/users"}, "comment": {"Kept comment"}},
	} {
		res := officer.multipartForm(path, form, "", "", "")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Kept comment</textarea>") {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	if res := officer.multipartForm(path, url.Values{"maturity": {"3"}}, "file", "matrix.exe", "MZ\x90\x00binary"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an executable as evidence: %d", res.StatusCode)
	}
	if all := storedAnswers(t, app); len(all) != 0 {
		t.Fatalf("refused answers stored: %+v", all)
	}
	res = officer.multipartForm(path, url.Values{"maturity": {"3"}, "links": {"/training/matrix\n/audit/verify"}, "comment": {"Matrix current."}},
		"file", "attendance.txt", "Attendance list of the 2026 training.")
	if !res.redirectsTo("/self-assessments/" + id + "#q-3-3") {
		t.Fatalf("answer: %d %s", res.StatusCode, res.Body)
	}
	all := storedAnswers(t, app)
	var files []selfassess.Attachment
	app.DB.Gorm.Find(&files)
	if len(all) != 1 || all[0].QuestionKey != "3.3" || all[0].Maturity != 3 || all[0].Links != "/training/matrix\n/audit/verify" ||
		all[0].Comment != "Matrix current." || len(files) != 1 || files[0].Filename != "attendance.txt" || files[0].AnswerID != all[0].ID {
		t.Fatalf("stored %+v %+v", all, files)
	}
	page := officer.get("/self-assessments/" + id).Body
	for _, want := range []string{"3 Applied", `href="/training/matrix"`, `href="/audit/verify"`, "attendance.txt", "the company's choice"} {
		if !strings.Contains(page, want) {
			t.Errorf("the period page lacks %q", want)
		}
	}
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if got := auditor.get("/self-assessments/" + id + "/files/" + files[0].ID); got.StatusCode != http.StatusOK || got.Body != "Attendance list of the 2026 training." {
		t.Errorf("auditor downloads the evidence: %d", got.StatusCode)
	}
	if res := auditor.multipartForm(path, url.Values{"maturity": {"0"}}, "", "", ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("auditor answers: %d", res.StatusCode)
	}
}

func TestSelfAssess_CompleteNeedsEveryAnswerThenReadOnly(t *testing.T) {
	app, _, officer := newSelfAssessServer(t)
	id := openPeriod(t, app, officer, "2026")
	for _, q := range selfassess.Questions[1:] {
		if _, err := app.SelfAssess.Answer(app.SignedIn(t, "officer@example.com"), id, q.Key, selfassess.AnswerInput{Maturity: "2"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	res := officer.form("/self-assessments/"+id+"/complete", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "1 left (1.1)") {
		t.Fatalf("complete with 1.1 unanswered: %d", res.StatusCode)
	}
	var p selfassess.Period
	app.DB.Gorm.Take(&p, "id = ?", id)
	if p.Status != selfassess.Open {
		t.Fatal("completed with a question left")
	}
	if res := officer.multipartForm("/self-assessments/"+id+"/answers/1.1", url.Values{"maturity": {"4"}}, "", "", ""); !res.redirectsTo("/self-assessments/") {
		t.Fatalf("answer 1.1: %d", res.StatusCode)
	}
	if res := officer.form("/self-assessments/"+id+"/complete", nil); !res.redirectsTo("/self-assessments/" + id + "/comparison") {
		t.Fatalf("complete: %d %s", res.StatusCode, res.Body)
	}
	app.DB.Gorm.Take(&p, "id = ?", id)
	if p.Status != selfassess.Completed || p.CompletedAt == nil {
		t.Fatalf("stored %+v", p)
	}
	res = officer.multipartForm("/self-assessments/"+id+"/answers/1.1", url.Values{"maturity": {"0"}}, "", "", "")
	if res.StatusCode != http.StatusConflict || storedAnswers(t, app)[0].Maturity != 4 {
		t.Errorf("answer changed after completion: %d", res.StatusCode)
	}
	if res := officer.form("/self-assessments/"+id+"/complete", nil); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "is completed: its answers can no longer change") {
		t.Errorf("completed twice: %d", res.StatusCode)
	}
	if page := officer.get("/self-assessments/" + id).Body; strings.Contains(page, `data-testid="answer-form"`) || strings.Contains(page, `data-testid="complete-period"`) {
		t.Error("a completed period still shows its forms")
	}
	events, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "selfassess."})
	if err != nil || len(events) != len(selfassess.Questions)+2 {
		t.Errorf("%d self-assessment events, want %d: %v", len(events), len(selfassess.Questions)+2, err)
	}
}

func TestSelfAssess_GapRaisedAsAFindingOnce(t *testing.T) {
	app, _, officer := newSelfAssessServer(t)
	id := openPeriod(t, app, officer, "2026")
	officer.multipartForm("/self-assessments/"+id+"/answers/5.2", url.Values{"maturity": {"1"}, "comment": {"No audit plan."}}, "", "", "")
	officer.multipartForm("/self-assessments/"+id+"/answers/5.3", url.Values{"maturity": {"3"}}, "", "", "")
	page := officer.get("/self-assessments/" + id).Body
	if strings.Count(page, `data-testid="raise-finding"`) != 1 {
		t.Fatalf("%d gaps offered, want 1 (5.2)", strings.Count(page, `data-testid="raise-finding"`))
	}
	if res := officer.form("/self-assessments/"+id+"/answers/5.3/finding", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("an answer at its target raised: %d", res.StatusCode)
	}
	if res := officer.form("/self-assessments/"+id+"/answers/5.2/finding", nil); !res.redirectsTo("/self-assessments/" + id) {
		t.Fatalf("raise: %d %s", res.StatusCode, res.Body)
	}
	if res := officer.form("/self-assessments/"+id+"/answers/5.2/finding", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("raised twice: %d", res.StatusCode)
	}
	var a selfassess.Answer
	app.DB.Gorm.Take(&a, "question_key = ?", "5.2")
	var stored []findings.Finding
	app.DB.Gorm.Find(&stored)
	if len(stored) != 1 || stored[0].Source != findings.FromSelfAssessment || stored[0].SourceRef != a.ID || stored[0].Element != 5 ||
		stored[0].Severity != "medium" || a.FindingID != stored[0].ID || a.FindingReference != stored[0].Reference {
		t.Fatalf("findings %+v, answer %+v", stored, a)
	}
	page = officer.get("/self-assessments/" + id).Body
	if !strings.Contains(page, `href="/findings/`+a.FindingID+`"`) || !strings.Contains(page, a.FindingReference) || strings.Contains(page, `data-testid="raise-finding"`) {
		t.Error("the page does not show the finding raised")
	}
	finding := officer.get("/findings/" + a.FindingID).Body
	if !strings.Contains(finding, `href="/self-assessments/`+id+`#q-5-2"`) || !strings.Contains(finding, "Self-assessment 2026, question 5.2") {
		t.Error("the finding does not lead back to the answer")
	}
}

func TestSelfAssess_YearlyRuleOnTheProgrammeAndTheOfficersHome(t *testing.T) {
	app, ts, officer := newSelfAssessServer(t)
	board, manager := newVisitor(t, ts), newVisitor(t, ts)
	board.signIn("board@example.com")
	manager.signIn("manager@example.com")
	if home := officer.get("/").Body; !strings.Contains(home, `data-testid="card-self-assessment"`) || !strings.Contains(home, "No self-assessment has been completed yet") {
		t.Error("the officer's home page does not say a self-assessment is due")
	}
	if home := board.get("/").Body; strings.Contains(home, "card-self-assessment") {
		t.Error("management, who do not assess, are told to")
	}
	for who, v := range map[string]*visitor{"officer": officer, "board": board} {
		if page := v.get("/programme").Body; !strings.Contains(page, `data-testid="programme-note"`) || !strings.Contains(page, "company&#39;s rule") ||
			!strings.Contains(page, `href="/self-assessments"`) {
			t.Errorf("%s's programme page does not say a self-assessment is due", who)
		}
	}
	if page := manager.get("/programme").Body; strings.Contains(page, "/self-assessments") {
		t.Error("an export manager sees the self-assessment")
	}
	id := openPeriod(t, app, officer, "2026")
	ctx := app.SignedIn(t, "officer@example.com")
	for _, q := range selfassess.Questions {
		if _, err := app.SelfAssess.Answer(ctx, id, q.Key, selfassess.AnswerInput{Maturity: "3"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.SelfAssess.Complete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if home := officer.get("/").Body; strings.Contains(home, "card-self-assessment") {
		t.Error("due the day a period is completed")
	}
	if page := board.get("/programme").Body; strings.Contains(page, "programme-note") {
		t.Error("the programme page says due the day a period is completed")
	}
	// Thirteen months on (sessions end over such a gap: sign in again).
	app.DB.Now = func() time.Time { return selfAssessDay.AddDate(0, 13, 0) }
	officer = newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if home := officer.get("/").Body; !strings.Contains(home, "card-self-assessment") || !strings.Contains(home, "more than twelve months ago") {
		t.Error("not due thirteen months after the last one")
	}
}

func TestSelfAssess_ComparisonWithThePreviousCompletedPeriod(t *testing.T) {
	app, ts, officer := newSelfAssessServer(t)
	ctx := app.SignedIn(t, "officer@example.com")
	last := openPeriod(t, app, officer, "2025")
	for _, q := range selfassess.Questions {
		if _, err := app.SelfAssess.Answer(ctx, last, q.Key, selfassess.AnswerInput{Maturity: "2"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.SelfAssess.Complete(ctx, last); err != nil {
		t.Fatal(err)
	}
	cur := openPeriod(t, app, officer, "2026")
	for key, m := range map[string]string{"1.1": "4", "1.2": "1"} {
		if _, err := app.SelfAssess.Answer(ctx, cur, key, selfassess.AnswerInput{Maturity: m}, nil); err != nil {
			t.Fatal(err)
		}
	}
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	page := board.get("/self-assessments/" + cur + "/comparison")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("comparison: %d", page.StatusCode)
	}
	for _, want := range []string{
		`href="/self-assessments/` + last + `">2025</a>`,
		`data-key="1.1"`, `<td data-testid="previous">2</td><td data-testid="current">4</td><td data-testid="change"><span class="badge risk-low">+2</span>`,
		`<td data-testid="previous">2</td><td data-testid="current">1</td><td data-testid="change"><span class="badge risk-high">-1</span>`,
		// element 1: 2.00 before, (4+1)/2 = 2.50 now, answered questions only
		`<td data-testid="previous">2.00</td><td data-testid="current">2.50</td><td data-testid="change"><span class="badge risk-low">+0.50</span>`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the comparison lacks %s", want)
		}
	}
}
