package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func storedFindings(t *testing.T, app *testutil.App) []findings.Finding {
	t.Helper()
	var all []findings.Finding
	if err := app.DB.Gorm.Order("reference").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

func storedActions(t *testing.T, app *testutil.App) []findings.Action {
	t.Helper()
	var all []findings.Action
	if err := app.DB.Gorm.Order("created_at").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

// evidence posts the evidence form of action id as the browser sends it,
// with a file when filename is not "".
func evidence(t *testing.T, v *visitor, id string, fields map[string]string, filename, content string) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", v.csrf("/account"))
	for k, val := range fields {
		w.WriteField(k, val)
	}
	if filename != "" {
		part, _ := w.CreateFormFile("file", filename)
		part.Write([]byte(content))
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, v.base+"/actions/"+id+"/evidence", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return v.do(req)
}

func TestFindings_AuditorRecordsAndBadInputStoresNothing(t *testing.T) {
	app, ts := newServer(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	bad := url.Values{"title": {""}, "description": {"Three of twenty hit decisions give no reason."}, "element": {"4"}, "severity": {"severe"}}
	res := auditor.form("/findings", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Three of twenty hit decisions give no reason.</textarea>") ||
		!strings.Contains(res.Body, "Choose low, medium or high.") {
		t.Fatalf("bad finding: %d", res.StatusCode)
	}
	bad.Set("element", "9")
	if res := auditor.form("/findings", bad); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("element 9: %d", res.StatusCode)
	}
	if n := len(storedFindings(t, app)); n != 0 {
		t.Fatalf("%d refused findings stored", n)
	}
	good := url.Values{"title": {"Hit decisions without reasons"}, "description": {"Three of twenty."}, "element": {"4"},
		"severity": {"high"}, "source_ref": {"Internal audit 2026"}}
	if res := auditor.form("/findings", good); !res.redirectsTo("/findings/") {
		t.Fatalf("record: %d", res.StatusCode)
	}
	all := storedFindings(t, app)
	year := app.DB.Now().Year()
	if len(all) != 1 || all[0].Source != findings.FromAudit || all[0].Element != 4 || all[0].Severity != "high" ||
		all[0].SourceRef != "Internal audit 2026" || all[0].RecordedBy != userID(t, app, "auditor@example.com") ||
		all[0].Reference != fmt.Sprintf("F-%d-0001", year) {
		t.Fatalf("stored %+v", all)
	}
	page := auditor.get("/findings/" + all[0].ID)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Audit: Internal audit 2026") {
		t.Errorf("the finding's page: %d", page.StatusCode)
	}
	if res := auditor.form("/findings/"+all[0].ID+"/actions", url.Values{"what": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("auditor gives an action: %d", res.StatusCode)
	}
}

// A finding from a report of concern names the report, linked both ways,
// and never who reported it.
func TestFindings_FromAConcernRevealsNoReporter(t *testing.T) {
	app, ts := newServer(t)
	reports := concerns.NewService(app.DB)
	named, _, err := reports.File(app.SignedIn(t, "staff@example.com"), concerns.Input{Subject: "Split shipment", Body: "To stay under the threshold."})
	if err != nil {
		t.Fatal(err)
	}
	anonymous, _, err := reports.File(app.SignedIn(t, "staff@example.com"), concerns.Input{Subject: "Relabelled goods", Body: "Before export.", Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if page := officer.get("/concerns/" + named.ID).Body; !strings.Contains(page, "Record a finding from this report") {
		t.Fatal("the report's page offers no finding form")
	}
	res := officer.form("/concerns/"+named.ID+"/findings", url.Values{"title": {"Shipments split"}, "severity": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="Shipments split"`) || len(storedFindings(t, app)) != 0 {
		t.Fatalf("bad finding from a report: %d", res.StatusCode)
	}
	for _, r := range []*concerns.Report{named, anonymous} {
		if res := officer.form("/concerns/"+r.ID+"/findings", url.Values{"title": {"From " + r.Reference}, "severity": {"medium"}}); !res.redirectsTo("/findings/") {
			t.Fatalf("record from %s: %d", r.Reference, res.StatusCode)
		}
	}
	all := storedFindings(t, app)
	if len(all) != 2 || all[0].Source != findings.FromConcern || all[0].SourceRef != named.ID || all[1].SourceRef != anonymous.ID {
		t.Fatalf("stored %+v", all)
	}
	if page := officer.get("/concerns/" + anonymous.ID).Body; !strings.Contains(page, `href="/findings/`+all[1].ID+`"`) {
		t.Error("the report's page does not link its finding")
	}
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	for i, r := range []*concerns.Report{named, anonymous} {
		page := board.get("/findings/" + all[i].ID)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Report of concern "+r.Reference) ||
			strings.Contains(page.Body, "Sam Staff") || strings.Contains(page.Body, "staff@example.com") || strings.Contains(page.Body, `href="/concerns/`+r.ID) {
			t.Errorf("finding from %s as board@: %d, or it names the reporter or links a report board@ may not read", r.Reference, page.StatusCode)
		}
	}
	if page := officer.get("/findings/" + all[0].ID).Body; !strings.Contains(page, `href="/concerns/`+named.ID+`"`) {
		t.Error("the officer's finding page does not link the report")
	}
}

// An action goes from the officer to its owner and back: the owner marks it
// done with a file, may not sign it off, and the officer does.
func TestActions_DoneByTheOwnerSignedOffByTheOfficer(t *testing.T) {
	app, ts := newServer(t)
	f, err := app.Findings.Record(app.SignedIn(t, "auditor@example.com"), findings.Input{Source: findings.FromAudit, Title: "Old list versions in use",
		Severity: "medium", Element: 4})
	if err != nil {
		t.Fatal(err)
	}
	officer, manager := newVisitor(t, ts), newVisitor(t, ts)
	officer.signIn("officer@example.com")
	manager.signIn("manager@example.com")
	owner := userID(t, app, "manager@example.com")
	res := officer.form("/findings/"+f.ID+"/actions", url.Values{"what": {"Import the lists daily"}, "owner_id": {owner}, "due": {"2001-01-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "cannot be in the past") || len(storedActions(t, app)) != 0 {
		t.Fatalf("an action due in the past: %d", res.StatusCode)
	}
	due := app.DB.Now().AddDate(0, 0, 14).Format(time.DateOnly)
	if res := officer.form("/findings/"+f.ID+"/actions", url.Values{"what": {"Import the lists daily"}, "owner_id": {owner}, "due": {due}}); !res.redirectsTo("/findings/" + f.ID) {
		t.Fatalf("give the action: %d", res.StatusCode)
	}
	a := storedActions(t, app)[0]
	if a.OwnerID != owner || a.Status != findings.ActionOpen || a.DueOn.Format(time.DateOnly) != due {
		t.Fatalf("stored %+v", a)
	}
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	if res := evidence(t, staff, a.ID, map[string]string{"step": "evidence", "note": "Not mine."}, "intrusion.txt", "Not mine.\n"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff gives evidence on another's action: %d", res.StatusCode)
	}
	if n := storedFiles(t, app); n != 0 {
		t.Errorf("%d files stored for a refused evidence", n)
	}
	if page := manager.get("/findings/" + f.ID); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `data-testid="evidence-form"`) {
		t.Fatalf("the owner's finding page: %d", page.StatusCode)
	}
	res = evidence(t, manager, a.ID, map[string]string{"step": "done", "note": "Imports scheduled."}, "", "")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the evidence: a link or a file.") {
		t.Fatalf("done without evidence: %d", res.StatusCode)
	}
	res = evidence(t, manager, a.ID, map[string]string{"step": "done", "note": "Imports scheduled."}, "schedule.txt", "Daily at 06:00.\n")
	if !res.redirectsTo("/findings/" + f.ID + "#action-" + a.ID) {
		t.Fatalf("done with a file: %d %s", res.StatusCode, res.Body)
	}
	if a = storedActions(t, app)[0]; a.Status != findings.ActionDone || a.DoneBy == nil || *a.DoneBy != owner {
		t.Fatalf("after done: %+v", a)
	}
	if res := manager.form("/actions/"+a.ID+"/review", url.Values{"decision": {"sign_off"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the owner signs off: %d", res.StatusCode)
	}
	if res := officer.form("/actions/"+a.ID+"/review", url.Values{"decision": {"sign_off"}}); !res.redirectsTo("/findings/" + f.ID) {
		t.Fatalf("the officer signs off: %d", res.StatusCode)
	}
	if a = storedActions(t, app)[0]; a.Status != findings.ActionClosed || a.ClosedBy == nil || *a.ClosedBy != userID(t, app, "officer@example.com") {
		t.Fatalf("after sign-off: %+v", a)
	}
	var entry findings.Entry
	if err := app.DB.Gorm.Where("action_id = ? AND sha256 <> ''", a.ID).Take(&entry).Error; err != nil || entry.Filename != "schedule.txt" {
		t.Fatalf("the evidence file: %+v %v", entry, err)
	}
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	if res := board.get("/actions/" + a.ID + "/files/" + entry.ID); res.StatusCode != http.StatusOK || res.Body != "Daily at 06:00.\n" {
		t.Errorf("board@ downloads the evidence: %d %q", res.StatusCode, res.Body)
	}
	if res := staff.get("/actions/" + a.ID + "/files/" + entry.ID); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff downloads the evidence: %d", res.StatusCode)
	}
	if res := officer.form("/findings/"+f.ID+"/close", url.Values{"closing_note": {"Lists imported daily now."}}); !res.redirectsTo("/findings/" + f.ID) {
		t.Fatalf("close the finding: %d", res.StatusCode)
	}
	if got := storedFindings(t, app)[0]; got.Status != findings.Closed || got.ClosingNote != "Lists imported daily now." {
		t.Errorf("after closing: %+v", got)
	}
}

// An overdue action shows on its owner's home page and in the filtered list.
func TestActions_OverdueOnTheOwnersHomePage(t *testing.T) {
	app, ts := newServer(t)
	f, err := app.Findings.Record(app.SignedIn(t, "officer@example.com"), findings.Input{Source: findings.FromAudit, Title: "Training overdue",
		Severity: "low"})
	if err != nil {
		t.Fatal(err)
	}
	due := app.DB.Now().AddDate(0, 0, 3).Format(time.DateOnly)
	if _, err := app.Findings.AddAction(app.SignedIn(t, "officer@example.com"), f.ID, findings.ActionInput{What: "Chase the overdue courses",
		OwnerID: userID(t, app, "manager@example.com"), Due: due}); err != nil {
		t.Fatal(err)
	}
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	if strings.Contains(manager.get("/").Body, "overdue-actions") {
		t.Fatal("an action not yet due shows as overdue")
	}
	later := app.DB.Now().AddDate(0, 0, 5)
	app.DB.Now = func() time.Time { return later }
	manager = newVisitor(t, ts) // the session of five days ago has ended
	manager.signIn("manager@example.com")
	if home := manager.get("/").Body; !strings.Contains(home, `data-testid="overdue-actions"`) || !strings.Contains(home, "Chase the overdue courses") {
		t.Error("the overdue action is not on its owner's home page")
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if list := officer.get("/findings?overdue=1").Body; !strings.Contains(list, f.Reference) || strings.Count(list, `data-testid="action-row"`) != 1 {
		t.Error("the overdue filter does not show the action")
	}
	if list := officer.get("/findings?action_status=closed").Body; strings.Contains(list, `data-testid="action-row"`) {
		t.Error("the closed filter shows an open action")
	}
}
