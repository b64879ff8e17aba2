package concerns_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// world is a database with a reporter, a compliance officer and an auditor.
type world struct {
	db                         *db.DB
	svc                        *concerns.Service
	reporter, officer, auditor context.Context
	reporterID                 string
}

func newWorld(t *testing.T) *world {
	d := testutil.NewDB(t)
	w := &world{db: d, svc: concerns.NewService(d),
		reporter: testutil.NewUser(t, d, "rita@example.com", "Rita Reporter", auth.RoleStaff),
		officer:  testutil.NewUser(t, d, "olga@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		auditor:  testutil.NewUser(t, d, "aldo@example.com", "Aldo Auditor", auth.RoleAuditor)}
	// The web layer puts the request's id and client address in the audit
	// actor; an anonymous report must drop them.
	w.reporter = audit.WithActor(w.reporter, audit.Actor{ID: auth.ActorFrom(w.reporter).UserID,
		Email: "rita@example.com", Role: "staff", RequestID: "req-1", ClientIP: "192.0.2.7"})
	w.reporterID = auth.ActorFrom(w.reporter).UserID
	return w
}

func (w *world) file(t *testing.T, anonymous bool) (*concerns.Report, string) {
	t.Helper()
	r, receipt, err := w.svc.File(w.reporter, concerns.Input{Subject: "Re-export to a listed party",
		Body: "Our distributor ships the probes on.", CaseReference: "EXP-2026-00042", Anonymous: anonymous})
	if err != nil {
		t.Fatal(err)
	}
	return r, receipt
}

// events returns the audit events of report id.
func (w *world) events(t *testing.T, id string) []audit.Entry {
	var out []audit.Entry
	if err := w.db.Gorm.Where("object_type = 'concern' AND object_id = ?", id).Order("seq").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFile_AnonymousReportLeavesNoUserIDAnywhere(t *testing.T) {
	w := newWorld(t)
	r, receipt := w.file(t, true)
	if _, err := w.svc.AddInformation(w.reporter, receipt, "The next shipment leaves on Friday."); err != nil {
		t.Fatal(err)
	}
	var stored struct {
		ReporterID  *string
		ReceiptHash string
		Anonymous   bool
	}
	w.db.Gorm.Raw("SELECT reporter_id, receipt_hash, anonymous FROM concern_reports WHERE id = ?", r.ID).Scan(&stored)
	if stored.ReporterID != nil || !stored.Anonymous || len(stored.ReceiptHash) != 64 || strings.Contains(stored.ReceiptHash, receipt) {
		t.Errorf("report row: %+v", stored)
	}
	var entries, named int64
	w.db.Gorm.Table("concern_entries").Where("report_id = ?", r.ID).Count(&entries)
	w.db.Gorm.Table("concern_entries").Where("report_id = ? AND author_id IS NOT NULL", r.ID).Count(&named)
	if entries != 2 || named != 0 {
		t.Errorf("%d history entries, %d with an author; want two with none", entries, named)
	}
	events := w.events(t, r.ID)
	if len(events) != 2 {
		t.Fatalf("%d audit events, want the report and the information", len(events))
	}
	for _, e := range events {
		if e.ActorID != "" || e.ActorEmail != concerns.AnonymousReporter || e.ActorRole != "" || e.ClientIP != "" || e.RequestID != "" {
			t.Errorf("event %s names its actor: %+v", e.Action, e)
		}
		for _, text := range []string{e.Summary, e.BeforeJSON, e.AfterJSON, e.ObjectID} {
			if strings.Contains(text, w.reporterID) || strings.Contains(text, "rita") {
				t.Errorf("event %s carries the reporter: %q", e.Action, text)
			}
		}
		if !strings.Contains(e.Summary, concerns.AnonymousReporter) {
			t.Errorf("event %s does not name the anonymous reporter: %q", e.Action, e.Summary)
		}
	}
	mine, _ := w.svc.List(w.reporter)
	if len(mine) != 0 {
		t.Errorf("the anonymous report is listed among the reporter's own: %+v", mine)
	}
}

func TestFollowUp_ReceiptCodeShowsStatusAndMessages(t *testing.T) {
	w := newWorld(t)
	r, receipt := w.file(t, true)
	if _, err := w.svc.Message(w.officer, r.ID, "Which distributor?"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Triage(w.officer, r.ID, concerns.Acknowledge, ""); err != nil {
		t.Fatal(err)
	}
	// Anyone signed in with the code follows it up, the case of the code aside.
	got, err := w.svc.FollowUp(w.officer, " "+strings.ToLower(receipt)+" ")
	if err != nil {
		t.Fatal(err)
	}
	seen := got.ForReporter()
	if got.Status != concerns.Acknowledged || len(seen) != 2 || seen[1].Kind != concerns.KindToReporter || seen[1].Text != "Which distributor?" {
		t.Errorf("follow-up: status %s, entries %+v", got.Status, seen)
	}
	ref, secret, _ := strings.Cut(receipt, "-")
	wrong := []string{"", ref, ref + "-", ref + "-" + strings.Repeat("A", len(secret)), "AAAAAAAA-" + secret, secret}
	var messages []string
	for _, code := range wrong {
		_, err := w.svc.FollowUp(w.reporter, code)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("code %q: %v, want refused", code, err)
		}
		messages = append(messages, apperr.FieldsOf(err)["receipt"])
		if _, err := w.svc.AddInformation(w.reporter, code, "More."); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("information with code %q: %v", code, err)
		}
	}
	for _, m := range messages {
		if m != messages[0] || m == "" {
			t.Errorf("refusals differ or are empty, telling which part was wrong: %q", messages)
		}
	}
	var entries int64
	w.db.Gorm.Table("concern_entries").Where("kind = ?", concerns.KindFromReporter).Count(&entries)
	if entries != 0 {
		t.Errorf("%d entries added with wrong codes", entries)
	}
}

func TestFile_NamedReportIsLinkedToItsReporter(t *testing.T) {
	w := newWorld(t)
	r, receipt := w.file(t, false)
	if receipt != "" || r.ReporterID == nil || *r.ReporterID != w.reporterID || r.ReceiptHash != "" {
		t.Fatalf("named report: receipt %q, %+v", receipt, r)
	}
	mine, err := w.svc.List(w.reporter)
	if err != nil || len(mine) != 1 || mine[0].ID != r.ID || mine[0].Reporter != "Rita Reporter" {
		t.Fatalf("own reports: %+v, %v", mine, err)
	}
	if got, err := w.svc.Get(w.reporter, r.ID); err != nil || got.History[0].Author != "Rita Reporter" {
		t.Errorf("the reporter reading their report: %v", err)
	}
	other := testutil.NewUser(t, w.db, "sam@example.com", "Sam Staff", auth.RoleStaff)
	if _, err := w.svc.Get(other, r.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another staff member reading it: %v, want NotFound", err)
	}
	if list, _ := w.svc.List(other); len(list) != 0 {
		t.Errorf("another staff member lists %d reports", len(list))
	}
	if e := w.events(t, r.ID); len(e) != 1 || e[0].ActorID != w.reporterID || e[0].Action != "concern.report" {
		t.Errorf("audit of a named report: %+v", e)
	}
}
