package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var receiptCode = regexp.MustCompile(`data-testid="receipt-code">([A-Z2-7]{8}-[A-Z2-7]{16})<`)

// reportAnonymously files an anonymous report as staff and returns the
// receipt code shown.
func reportAnonymously(t *testing.T, v *visitor) string {
	t.Helper()
	res := v.form("/concerns", url.Values{"subject": {"Probes re-exported"}, "body": {"Our distributor ships them on."}, "anonymous": {"1"}})
	m := receiptCode.FindStringSubmatch(res.Body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("anonymous report: %d, receipt shown %v\n%s", res.StatusCode, m != nil, res.Body)
	}
	return m[1]
}

func TestConcerns_AnonymousReportNamesNobody(t *testing.T) {
	app, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	if res := staff.get("/"); !strings.Contains(res.Body, `href="/concerns/new"`) || strings.Contains(res.Body, `href="/concerns"`) {
		t.Error("staff's menu: no “Report a concern”, or “Concerns”, which is for those who read reports")
	}
	receipt := reportAnonymously(t, staff)
	staffID := userID(t, app, "staff@example.com")
	var reporterID *string
	var id string
	app.DB.Gorm.Raw("SELECT id, reporter_id FROM concern_reports").Row().Scan(&id, &reporterID)
	if id == "" || reporterID != nil {
		t.Fatalf("report %q stored with reporter %v", id, reporterID)
	}
	res := staff.form("/concerns/follow-up/information", url.Values{"receipt": {receipt}, "information": {"It leaves on Friday."}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "It leaves on Friday.") {
		t.Fatalf("adding information: %d\n%s", res.StatusCode, res.Body)
	}
	var named int64
	app.DB.Gorm.Table("concern_entries").Where("report_id = ? AND author_id IS NOT NULL", id).Count(&named)
	events, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{})
	var concernEvents int
	for _, e := range events {
		if e.ObjectType != "concern" {
			continue
		}
		concernEvents++
		if e.ActorID != "" || e.ActorEmail != concerns.AnonymousReporter || e.ActorRole != "" || e.ClientIP != "" || e.RequestID != "" {
			t.Errorf("event %s names its actor: %+v", e.Action, e)
		}
	}
	if named != 0 || concernEvents != 2 {
		t.Errorf("%d history entries with an author, %d audit events (want 0 and 2)", named, concernEvents)
	}
	var reportLines int
	for _, line := range strings.Split(app.Log.String(), "\n") {
		if !strings.HasPrefix(pathOf(line), "/concerns") {
			continue
		}
		reportLines++
		if strings.Contains(line, `"user_id"`) || strings.Contains(line, `"client_ip"`) || strings.Contains(line, staffID) {
			t.Errorf("the access log ties a report route to its user: %s", line)
		}
	}
	if reportLines != 2 || !strings.Contains(app.Log.String(), `"user_id":"`+staffID+`"`) {
		t.Errorf("%d access log lines of report routes, want 2; the user named on other routes: the test proves nothing otherwise", reportLines)
	}
}

// pathOf returns the path of an access log line.
func pathOf(line string) string {
	var l struct{ Path string }
	_ = json.Unmarshal([]byte(line), &l)
	return l.Path
}

func TestConcerns_FollowUpWithTheReceiptCode(t *testing.T) {
	_, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	receipt := reportAnonymously(t, staff)
	// Anyone signed in with the code follows it up.
	other := newVisitor(t, ts)
	other.signIn("manager@example.com")
	res := other.form("/concerns/follow-up", url.Values{"receipt": {strings.ToLower(receipt)}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `data-testid="concern-status">Received<`) {
		t.Fatalf("follow-up: %d\n%s", res.StatusCode, res.Body)
	}
	ref, secret, _ := strings.Cut(receipt, "-")
	var refusals []string
	for _, wrong := range []string{ref + "-" + strings.Repeat("A", len(secret)), "AAAAAAAA-" + secret} {
		res := other.form("/concerns/follow-up", url.Values{"receipt": {wrong}})
		if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(res.Body, "concern-status") {
			t.Fatalf("wrong code %s: %d", wrong, res.StatusCode)
		}
		refusals = append(refusals, regexp.MustCompile(`data-testid="receipt-error">([^<]*)<`).FindString(res.Body))
	}
	if refusals[0] == "" || refusals[0] != refusals[1] {
		t.Errorf("the refusals tell which part was wrong: %q", refusals)
	}
}

func TestConcerns_NamedReportAndTriage(t *testing.T) {
	app, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	bad := staff.form("/concerns", url.Values{"subject": {""}, "body": {strings.Repeat("b", 10001)}, "case_reference": {"EXP-2026-00042"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `data-testid="subject-error"`) ||
		!strings.Contains(bad.Body, `data-testid="body-error"`) || !strings.Contains(bad.Body, `value="EXP-2026-00042"`) {
		t.Fatalf("bad report: %d\n%s", bad.StatusCode, bad.Body)
	}
	if n := count(t, app, "concern_reports"); n != 0 {
		t.Fatalf("a refused report stored %d rows", n)
	}
	res := staff.form("/concerns", url.Values{"subject": {"Unlicensed shipment"}, "body": {"A 5A001.j box left without a licence."}})
	if !res.redirectsTo("/concerns/") {
		t.Fatalf("named report: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	page := res.Header.Get("Location")
	if mine := staff.get("/concerns"); !strings.Contains(mine.Body, "Unlicensed shipment") {
		t.Error("the named report is not among the reporter's own")
	}
	officer, auditor := newVisitor(t, ts), newVisitor(t, ts)
	officer.signIn("officer@example.com")
	auditor.signIn("auditor@example.com")
	if res := auditor.get(page); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "A 5A001.j box") ||
		strings.Contains(res.Body, `data-testid="concern-triage"`) {
		t.Errorf("auditor reading: %d, or offered the triage form", res.StatusCode)
	}
	for who, v := range map[string]*visitor{"staff": staff, "auditor": auditor} {
		if res := v.form(page+"/steps", url.Values{"step": {"acknowledge"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s triaging: %d, want 403", who, res.StatusCode)
		}
	}
	if res := officer.form(page+"/steps", url.Values{"step": {"close"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="outcome-error"`) {
		t.Errorf("closing without an outcome: %d", res.StatusCode)
	}
	officer.form(page+"/steps", url.Values{"step": {"investigate"}})
	if res := officer.form(page+"/disclosure", url.Values{"disclosed_on": {"2026-13-01"}, "disclosure_reference": {"BAFA-VD-7"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad disclosure date: %d", res.StatusCode)
	}
	officer.form(page+"/disclosure", url.Values{"disclosed_on": {"2026-01-05"}, "disclosure_reference": {"BAFA-VD-7"}})
	officer.form(page+"/steps", url.Values{"step": {"close"}, "outcome": {"Disclosed; the shipment was recalled."}})
	var stored struct{ Status, Outcome, DisclosedOn, DisclosureReference string }
	app.DB.Gorm.Raw("SELECT status, outcome, disclosed_on, disclosure_reference FROM concern_reports").Scan(&stored)
	if stored.Status != "closed" || stored.Outcome != "Disclosed; the shipment was recalled." || stored.DisclosedOn != "2026-01-05" ||
		stored.DisclosureReference != "BAFA-VD-7" {
		t.Errorf("stored %+v", stored)
	}
	if res := officer.get(page); strings.Count(res.Body, `data-testid="concern-entry"`) != 4 {
		t.Errorf("history of received, investigated, disclosed, closed not shown:\n%s", res.Body)
	}
}

func count(t *testing.T, app *testutil.App, table string) int64 {
	var n int64
	if err := app.DB.Gorm.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
