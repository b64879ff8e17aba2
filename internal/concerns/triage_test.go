package concerns_test

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/concerns"
)

func TestTriage_OfficerTakesEachStepAndItIsAudited(t *testing.T) {
	w := newWorld(t)
	r, _ := w.file(t, true)
	if _, err := w.svc.Triage(w.officer, r.ID, concerns.Close, "  "); apperr.FieldsOf(err)["outcome"] == "" {
		t.Fatalf("closing without an outcome: %v", err)
	}
	steps := []struct {
		step    concerns.Step
		outcome string
		want    concerns.Status
	}{
		{concerns.Acknowledge, "", concerns.Acknowledged},
		{concerns.Investigate, "", concerns.Investigating},
		{concerns.Close, "Voluntarily disclosed; distributor dropped.", concerns.Closed},
	}
	for _, s := range steps {
		if _, err := w.svc.Triage(w.officer, r.ID, s.step, s.outcome); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	got, err := w.svc.Get(w.auditor, r.ID)
	if err != nil || got.Status != concerns.Closed || got.Outcome != "Voluntarily disclosed; distributor dropped." {
		t.Fatalf("after closing: %+v, %v", got, err)
	}
	var kinds []string
	for _, e := range got.History {
		kinds = append(kinds, string(e.Kind))
		if e.Kind != concerns.KindReceived && e.Author != "Olga Officer" {
			t.Errorf("%s by %q", e.Kind, e.Author)
		}
	}
	if strings.Join(kinds, " ") != "received acknowledged investigating closed" {
		t.Errorf("history %v", kinds)
	}
	events := w.events(t, r.ID)
	if len(events) != 4 || events[3].Action != "concern.close" || events[3].ActorEmail != "olga@example.com" {
		t.Errorf("audit: %d events, last %+v", len(events), events[len(events)-1])
	}
	if _, err := w.svc.Triage(w.officer, r.ID, concerns.Investigate, ""); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("reopening a closed report: %v, want Conflict", err)
	}
}

func TestTriage_OnlyOfficersChangeReports(t *testing.T) {
	w := newWorld(t)
	r, _ := w.file(t, false)
	calls := map[string]func() error{
		"staff acknowledges":   func() error { _, err := w.svc.Triage(w.reporter, r.ID, concerns.Acknowledge, ""); return err },
		"auditor acknowledges": func() error { _, err := w.svc.Triage(w.auditor, r.ID, concerns.Acknowledge, ""); return err },
		"auditor closes": func() error {
			_, err := w.svc.Triage(w.auditor, r.ID, concerns.Close, "Nothing found.")
			return err
		},
		"auditor discloses": func() error {
			_, err := w.svc.RecordDisclosure(w.auditor, r.ID, concerns.Disclosure{Date: "2026-01-02", Reference: "X"})
			return err
		},
		"auditor writes": func() error { _, err := w.svc.Message(w.auditor, r.ID, "Hello."); return err },
	}
	for name, call := range calls {
		if err := call(); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s: %v, want Forbidden", name, err)
		}
	}
	if got, err := w.svc.Get(w.auditor, r.ID); err != nil || got.Status != concerns.Received || len(got.History) != 1 {
		t.Errorf("the auditor reads it unchanged: %+v, %v", got, err)
	}
	if all, _ := w.svc.List(w.auditor); len(all) != 1 {
		t.Errorf("the auditor lists %d reports", len(all))
	}
}

func TestRecordDisclosure_KeepsDateAndReference(t *testing.T) {
	w := newWorld(t)
	r, _ := w.file(t, true)
	for _, bad := range []concerns.Disclosure{{Date: "yesterday", Reference: "BAFA-VD-7"}, {Date: "2026-01-02"}, {Date: "2999-01-01", Reference: "R"}} {
		if _, err := w.svc.RecordDisclosure(w.officer, r.ID, bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("disclosure %+v: %v, want Invalid", bad, err)
		}
	}
	if _, err := w.svc.RecordDisclosure(w.officer, r.ID, concerns.Disclosure{Date: " 2026-01-02 ", Reference: " BAFA-VD-7 "}); err != nil {
		t.Fatal(err)
	}
	var stored struct{ DisclosedOn, DisclosureReference string }
	w.db.Gorm.Raw("SELECT disclosed_on, disclosure_reference FROM concern_reports WHERE id = ?", r.ID).Scan(&stored)
	if stored.DisclosedOn != "2026-01-02" || stored.DisclosureReference != "BAFA-VD-7" {
		t.Errorf("stored %+v", stored)
	}
	events := w.events(t, r.ID)
	if len(events) != 2 || events[1].Action != "concern.disclosure" || !strings.Contains(events[1].Summary, "BAFA-VD-7") {
		t.Errorf("audit: %+v", events)
	}
}

func TestFile_BadInputStoresNothing(t *testing.T) {
	w := newWorld(t)
	bad := map[string]concerns.Input{
		"subject": {Subject: " ", Body: "What happened.", Anonymous: true},
		"body":    {Subject: "Subject", Body: ""},
		"long":    {Subject: strings.Repeat("s", concerns.MaxSubject+1), Body: "B"},
	}
	for field, in := range bad {
		_, receipt, err := w.svc.File(w.reporter, in)
		if apperr.CodeOf(err) != apperr.Invalid || receipt != "" {
			t.Errorf("%s: %v, receipt %q", field, err, receipt)
		}
	}
	var reports, entries, events int64
	w.db.Gorm.Table("concern_reports").Count(&reports)
	w.db.Gorm.Table("concern_entries").Count(&entries)
	w.db.Gorm.Table("audit_events").Where("object_type = 'concern'").Count(&events)
	if reports+entries+events != 0 {
		t.Errorf("stored %d reports, %d entries, %d events", reports, entries, events)
	}
}
