package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// stateOf is the licensing of case id as the auditor's page reads it.
func stateOf(t *testing.T, app *testutil.App, id string) *licensing.CaseState {
	t.Helper()
	ctx := app.SignedIn(t, "auditor@example.com")
	st, err := app.Licensing.ForCase(ctx, app.Case(t, id))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// foreignCase is a ready case of one item classified classification, to
// company in country, consignee and end user alike.
func foreignCase(t *testing.T, app *testutil.App, country, company, classification string) *cases.Case {
	t.Helper()
	return app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details.Destination = country
		s.Parties = []cases.PartyInput{{Role: "consignee", Name: company, Kind: "company", Country: country},
			{Role: "end_user", Name: company, Kind: "company", Country: country}}
		s.Items[0].Classification = classification
	})
}

// The Art. 4 form refuses a question left unanswered, keeps what was
// chosen and stores nothing; an "aware" answer holds the case until the
// notification is sent and the authority decides, and the notification
// prints the use.
func TestArt4_AwareWaitsForTheAuthority(t *testing.T) {
	app, ts := newServer(t)
	f := app.ReadyCase(t, "manager@example.com")
	before := len(stateOf(t, app, f.ID).Art4Records)
	manager, officer := newVisitor(t, ts), newVisitor(t, ts)
	manager.signIn("manager@example.com")
	officer.signIn("officer@example.com")
	partial := url.Values{"version": {v(f)}, "art4_wmd": {"aware"}, "art4_military_embargo": {"no"}, "note": {"The buyer named a missile programme."}}
	res := manager.form("/cases/"+f.ID+"/art4", partial)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="art4_military_parts-error"`) ||
		!strings.Contains(res.Body, "The buyer named a missile programme.") {
		t.Fatalf("a question left open: %d", res.StatusCode)
	}
	if st := stateOf(t, app, f.ID); len(st.Art4Records) != before || st.Export.Art4.Answers[licensing.Art4WMD] != licensing.Art4No {
		t.Fatalf("the refused form changed the answers: %+v", st.Art4Records)
	}
	partial.Set("art4_military_parts", "no")
	if res := manager.form("/cases/"+f.ID+"/art4", partial); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("answer: %d %s", res.StatusCode, res.Body)
	}
	st := stateOf(t, app, f.ID)
	if d := st.Determinations[0]; d.Outcome != licensing.Awaiting || !strings.Contains(strings.Join(d.Why, " "), "print the notification") {
		t.Errorf("after aware: %s %v", d.Outcome, d.Why)
	}
	if _, err := app.Cases.Submit(app.SignedIn(t, "manager@example.com"), f.ID, app.Case(t, f.ID).Version); err == nil ||
		!strings.Contains(err.Error(), "Notify the competent authority under Art. 4") {
		t.Errorf("submitting an aware case: %v", err)
	}
	page := officer.get("/cases/" + f.ID + "/art4/notification").Body
	for _, want := range []string{"Notification under Art. 4", "weapons of mass destruction", "The buyer named a missile programme.",
		"DE0000DEMO00001", "not checked against the legal text"} {
		if !strings.Contains(page, want) {
			t.Errorf("the notification lacks %q", want)
		}
	}
	if res := officer.form("/cases/"+f.ID+"/art4/sent", url.Values{"version": {v(app.Case(t, f.ID))}, "sent_on": {"2026-12-01"}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("sent: %d", res.StatusCode)
	}
	decision := url.Values{"version": {v(app.Case(t, f.ID))}, "decision": {"no_licence_required"}, "reference": {"BAFA-4-1"}, "decided_on": {"2026-12-05"}}
	if res := officer.form("/cases/"+f.ID+"/art4/decision", decision); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("decision: %d", res.StatusCode)
	}
	if d := stateOf(t, app, f.ID).Determinations[0]; d.Outcome != licensing.NoLicence {
		t.Errorf("after the authority's decision: %s %v", d.Outcome, d.Why)
	}
	timeline := section(manager.get("/cases/"+f.ID).Body, "timeline")
	for _, want := range []string{"Art. 4 notification sent to the competent authority on 2026-12-01", "No licence is required (BAFA-4-1, 2026-12-05)"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
}

// A shipment with a malformed MRN, a date to come and more than the item
// has is refused field by field, with what was typed kept and nothing
// stored; a draft has no shipments at all.
func TestShipments_BadInputIsRefusedAndNothingStored(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	item := f.Items[0].ID
	form := url.Values{"version": {v(f)}, "exported_on": {"2026-12-01"}, "mrn": {"26DE123456789012A1"}, "quantity_" + item: {"1"}, "value_" + item: {"10"}}
	if res := manager.form("/cases/"+f.ID+"/shipments", form); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Only an approved case has shipments.") {
		t.Fatalf("a shipment of a submitted case: %d", res.StatusCode)
	}
	f, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, "")
	if err != nil {
		t.Fatal(err)
	}
	bad := url.Values{"version": {v(f)}, "exported_on": {"2999-01-01"}, "mrn": {"not an MRN"}, "quantity_" + item: {"3"}, "value_" + item: {"10"}}
	res := manager.form("/cases/"+f.ID+"/shipments", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad shipment: %d", res.StatusCode)
	}
	for _, want := range []string{`data-testid="mrn-error"`, `data-testid="exported_on-error"`, "Only 2 pcs of this item is left to ship.", `value="not an MRN"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused shipment form lacks %q", want)
		}
	}
	if st := stateOf(t, app, f.ID); len(st.Shipments) != 0 {
		t.Errorf("a refused shipment was stored: %+v", st.Shipments)
	}
	// Once everything has left, no shipment form is offered.
	all := url.Values{"version": {v(f)}, "exported_on": {"2026-12-01"}, "mrn": {"26DE123456789012A1"}, "quantity_" + item: {"2"}, "value_" + item: {"12,500"}}
	if res := manager.form("/cases/"+f.ID+"/shipments", all); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("ship everything: %d %s", res.StatusCode, res.Body)
	}
	f = app.Case(t, f.ID)
	if strings.Contains(manager.get("/cases/"+f.ID).Body, `data-testid="shipment-form"`) {
		t.Error("a shipment form is offered for a case shipped in full")
	}
	// The answers of an approved case are frozen; the refusal is shown
	// although the page no longer offers the form.
	art4 := url.Values{"version": {v(f)}, "art4_wmd": {"no"}, "art4_military_embargo": {"no"}, "art4_military_parts": {"no"}}
	if res := manager.form("/cases/"+f.ID+"/art4", art4); res.StatusCode != http.StatusConflict ||
		!strings.Contains(section(res.Body, "licensing"), "return it to draft first") {
		t.Errorf("answering Art. 4 on an approved case: %d", res.StatusCode)
	}
}

// A confirmed dual-use export ban on the destination prohibits a listed
// item and the case cannot be submitted; the same measure only to verify is
// a warning.
func TestMeasures_ConfirmedBanProhibits(t *testing.T) {
	app, ts := newServer(t)
	f := foreignCase(t, app, "VE", "Redes Andinas C.A.", "5A002.a")
	m, err := app.Reference.AddMeasure(app.SignedIn(t, "admin@example.com"), "VE", reference.MeasureInput{Kind: "dual_use_ban",
		LegalAct: "Council Regulation (EU) 2017/2063", Scope: "full", Evidence: "Read on EUR-Lex."})
	if err != nil {
		t.Fatal(err)
	}
	d := stateOf(t, app, f.ID).Determinations[0]
	if d.Outcome != licensing.Required || !strings.Contains(strings.Join(d.Warnings, " "), "not confirmed") {
		t.Errorf("to verify: %s, warnings %v", d.Outcome, d.Warnings)
	}
	if err := app.Reference.ConfirmMeasure(app.SignedIn(t, "officer@example.com"), "VE", m.ID); err != nil {
		t.Fatal(err)
	}
	d = stateOf(t, app, f.ID).Determinations[0]
	if d.Outcome != licensing.Prohibited || !strings.Contains(strings.Join(d.Why, " "), "prohibits the export of dual-use items") {
		t.Errorf("confirmed: %s %v", d.Outcome, d.Why)
	}
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	page := manager.get("/cases/" + f.ID).Body
	if !strings.Contains(section(page, "licensing"), "Prohibited") || !strings.Contains(section(page, "readiness"), "prohibited") {
		t.Errorf("the case page does not show the prohibition")
	}
	res := manager.form("/cases/"+f.ID+"/submit", url.Values{"version": {v(app.Case(t, f.ID))}})
	if res.StatusCode != http.StatusUnprocessableEntity || app.Case(t, f.ID).Status != cases.Draft {
		t.Errorf("submitting a prohibited export: %d, status %s", res.StatusCode, app.Case(t, f.ID).Status)
	}
}

// The facts a general authorisation needs are asked on the case and, once
// answered, let it cover the item.
func TestFacts_AnswerLetsAGEACover(t *testing.T) {
	app, ts := newServer(t)
	f := foreignCase(t, app, "IN", "Bharat Telecom Ltd", "5A001.c")
	st := stateOf(t, app, f.ID)
	if d := st.Determinations[0]; d.Outcome != licensing.Required || len(st.Questions()) == 0 {
		t.Fatalf("before: %s, questions %v", d.Outcome, st.Questions())
	}
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	if !strings.Contains(section(manager.get("/cases/"+f.ID).Body, "licensing"), `data-testid="facts-form"`) {
		t.Fatal("the case page does not ask the facts")
	}
	if res := manager.form("/cases/"+f.ID+"/export-facts", url.Values{"version": {v(f)}, "fact_no_repression_use": {"maybe"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a fact answered maybe: %d", res.StatusCode)
	}
	if res := manager.form("/cases/"+f.ID+"/export-facts", url.Values{"version": {v(f)}, "fact_no_repression_use": {"yes"}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if d := stateOf(t, app, f.ID).Determinations[0]; d.Outcome != licensing.UnderGEA || d.Basis != "EU005" {
		t.Errorf("after: %s %q %v", d.Outcome, d.Basis, d.Why)
	}
}
