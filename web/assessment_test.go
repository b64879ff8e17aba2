package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// surveillanceCase is a draft by manager@ exporting a 5A001.j probe to a
// police end user, ready for submission but for the assessment.
func surveillanceCase(t *testing.T, app *testutil.App) *cases.Case {
	t.Helper()
	return cyberCase(t, app, cases.ItemInput{Description: "IP probe", Quantity: "2", Unit: "pcs", Value: "1000", Currency: "EUR", Classification: "5A001.j.1"})
}

// monitoringSoftware is a cyber-surveillance item not listed in Annex I:
// Art. 5 applies to it.
var monitoringSoftware = cases.ItemInput{Description: "Social-media monitoring suite", Quantity: "1", Unit: "licence", Value: "250000",
	Currency: "EUR", Classification: "Not listed in Annex I", CyberSurveillance: true,
	CyberReason: "Built to collect and analyse the posts and contacts of chosen people without their knowledge."}

// monitoringCase is surveillanceCase with monitoringSoftware instead.
func monitoringCase(t *testing.T, app *testutil.App) *cases.Case {
	t.Helper()
	return cyberCase(t, app, monitoringSoftware)
}

// cyberCase is a case ready to submit, for a police end user in Germany,
// holding item.
func cyberCase(t *testing.T, app *testutil.App, item cases.ItemInput) *cases.Case {
	t.Helper()
	return app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details = cases.Input{Title: "IP probes", Destination: "DE", EndUserType: "law_enforcement", EndUse: "Lawful interception"}
		s.Parties = []cases.PartyInput{
			{Role: "consignee", Name: "Bundesamt Beispiel", Kind: "government", Country: "DE"},
			{Role: "end_user", Name: "Landespolizei Beispiel", Kind: "government", Country: "DE"},
		}
		s.Items = []cases.ItemInput{item}
	})
}

// answers is a complete questionnaire, section by section, as forms post it.
var answers = map[string]url.Values{
	"item":        {"capability": {"covert_interception", "data_extraction", "relational_mapping"}, "use": {"mass"}, "customisation": {"none"}},
	"end_user":    {"end_user_type": {"law_enforcement"}, "state_link": {"direct"}, "known_misuse": {"none"}, "oversight": {"effective"}},
	"end_use":     {"purpose": {"Lawful interception"}, "plausibility": {"plausible"}},
	"destination": {"country": {"DE"}, "legal_basis": {"clear"}, "judicial_oversight": {"independent"}, "remedies": {"effective"}},
	"red_flags":   {},
	"sources":     {"source_title": {"UN A/HRC/41/35"}, "source_url": {"https://undocs.org/A/HRC/41/35"}, "source_date": {"2026-01-05"}},
	"mitigation":  {"measure": {"contract_clauses"}},
}

// fillAssessment saves every section as vis, then the conclusion.
func fillAssessment(t *testing.T, vis *visitor, caseID string, conclusion url.Values) {
	t.Helper()
	fillSections(t, vis, caseID)
	if res := vis.form("/cases/"+caseID+"/assessment/conclusion", conclusion); !res.redirectsTo("/cases/" + caseID + "/assessment") {
		t.Fatalf("save conclusion: %d", res.StatusCode)
	}
}

// fillSections saves every section but the conclusion as vis.
func fillSections(t *testing.T, vis *visitor, caseID string) {
	t.Helper()
	for _, name := range []string{"item", "end_user", "end_use", "destination", "red_flags", "sources", "mitigation"} {
		form := url.Values{}
		for k, v := range answers[name] {
			form[k] = v
		}
		if res := vis.form("/cases/"+caseID+"/assessment/sections/"+name, form); !res.redirectsTo("/cases/" + caseID + "/assessment") {
			t.Fatalf("save %s: %d", name, res.StatusCode)
		}
	}
}

func current(t *testing.T, app *testutil.App, id string) *cases.Case {
	t.Helper()
	return app.Case(t, id)
}

// Acceptance 2: a 5A001.j item cannot be submitted until someone other than
// its author signs the assessment; then it needs two approvals, one by a
// compliance officer.
func TestAssessment_RequiredSignedByNonAuthorThenTwoApprovals(t *testing.T) {
	app, ts := newServer(t)
	if _, err := app.Reference.SetTier(app.SignedIn(t, "officer@example.com"), "DE", "high", "For this test: a high-tier destination."); err != nil {
		t.Fatal(err)
	}
	f := surveillanceCase(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	if box := section(manager.get("/cases/"+f.ID).Body, "assessment-box"); !strings.Contains(box, "The destination is rated high risk.") {
		t.Errorf("the assessment box does not name the high-tier destination: %s", box)
	}
	if res := manager.form("/cases/"+f.ID+"/submit", url.Values{"version": {v(f)}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Complete the assessment and have a compliance officer sign it") {
		t.Fatalf("submission without the assessment: %d", res.StatusCode)
	}
	if box := section(manager.get("/cases/"+f.ID).Body, "assessment-box"); !strings.Contains(box, "5A001.j") || !strings.Contains(box, "state body: law enforcement") {
		t.Errorf("case page's assessment box does not say why it is required: %s", box)
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	fillAssessment(t, officer, f.ID, url.Values{"level": {"high"}, "rationale": {"Mass interception for police."}, "aware": {"no"},
		"override_justification": {"Mass interception by police is high risk whatever the points say."}})

	// The officer wrote the conclusion: they may not sign.
	f = current(t, app, f.ID)
	if res := officer.form("/cases/"+f.ID+"/assessment/sign", url.Values{"version": {v(f)}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("the author signing: %d", res.StatusCode)
	}
	if res := manager.form("/cases/"+f.ID+"/submit", url.Values{"version": {v(f)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("submission with an unsigned assessment: %d", res.StatusCode)
	}
	// A second compliance officer signs.
	if _, err := app.Auth.Bootstrap(t.Context(), auth.NewUser{Email: "officer2@example.com", Name: "Oscar Officer",
		Roles: []auth.Role{auth.RoleComplianceOfficer}, Password: demo.Password}); err != nil {
		t.Fatal(err)
	}
	app.Train(t, "officer2@example.com")
	officer2 := newVisitor(t, ts)
	officer2.signIn("officer2@example.com")
	if res := officer2.form("/cases/"+f.ID+"/assessment/sign", url.Values{"version": {v(f)}}); !res.redirectsTo("/cases/" + f.ID + "/assessment") {
		t.Fatalf("sign: %d %s", res.StatusCode, res.Body)
	}
	f = current(t, app, f.ID)
	if f.RiskLevel != "high" || f.ApprovalsNeeded() != 2 {
		t.Fatalf("after a HIGH conclusion: risk %q, %d approvals needed", f.RiskLevel, f.ApprovalsNeeded())
	}
	if res := manager.form("/cases/"+f.ID+"/submit", url.Values{"version": {v(f)}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("submission with the signed assessment: %d %s", res.StatusCode, res.Body)
	}
	manager2 := newVisitor(t, ts)
	manager2.signIn("manager2@example.com")
	f = current(t, app, f.ID)
	if res := manager2.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("first approval: %d", res.StatusCode)
	}
	if f = current(t, app, f.ID); f.Status != cases.Submitted {
		t.Fatalf("after one approval the case is %s, want still submitted", f.Status)
	}
	// The officer who wrote the conclusion may not approve; the one who signed may.
	if res := officer.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}}); res.StatusCode != http.StatusForbidden ||
		!strings.Contains(res.Body, "You wrote part of this case&#39;s human-rights assessment") {
		t.Fatalf("the approval of the officer who wrote the conclusion: %d", res.StatusCode)
	}
	if res := officer2.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("officer's approval: %d", res.StatusCode)
	}
	if f = current(t, app, f.ID); f.Status != cases.Approved {
		t.Fatalf("after two approvals the case is %s", f.Status)
	}
}

func TestAssessment_ShowsTheDestinationsName(t *testing.T) {
	app, ts := newServer(t)
	toGermany := surveillanceCase(t, app)
	nowhere, err := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Not yet routed"})
	if err != nil {
		t.Fatal(err)
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	for id, want := range map[string]string{toGermany.ID: "Germany", nowhere.ID: "not yet set"} {
		body := officer.get("/cases/" + id + "/assessment").Body
		if shown := `data-testid="destination-name">` + want + `</dd>`; !strings.Contains(body, shown) {
			t.Errorf("the assessment page of %s does not show %q as the destination", id, want)
		}
	}
}

// Art. 5(2): aware that an unlisted cyber-surveillance item is intended for
// those uses, the exporter notifies; the notification names the exporter
// and the authority and records when it was sent and by whom; the
// authority's reply granting a licence returns the blocked case to draft.
// Every step is on the case's timeline.
func TestAssessment_AwareOfUnlistedItemNotifiesAndLicenceReturnsToDraft(t *testing.T) {
	app, ts := newServer(t)
	f := monitoringCase(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	fillAssessment(t, manager, f.ID, url.Values{"level": {"high"}, "rationale": {"The police use it against journalists."},
		"informed": {"no"}, "aware": {"yes"}, "override_justification": {"Reports of targeting journalists in 2025."}})
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	f = current(t, app, f.ID)
	if res := officer.form("/cases/"+f.ID+"/assessment/sign", url.Values{"version": {v(f)}}); !res.redirectsTo("/cases/" + f.ID + "/assessment") {
		t.Fatalf("sign: %d %s", res.StatusCode, res.Body)
	}
	if f = current(t, app, f.ID); f.Status != cases.Blocked {
		t.Fatalf("case is %s, want blocked", f.Status)
	}
	page := officer.get("/cases/" + f.ID + "/notification")
	for _, want := range []string{"Notification to the competent authority (Art. 5(2))", f.Reference, "Social-media monitoring suite",
		"without their knowledge", "Landespolizei Beispiel", "Demo Exports GmbH", "DE0000DEMO00001", "The competent authority (demonstration",
		"Not yet recorded as sent", "Olga Officer"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("notification lacks %q", want)
		}
	}
	reply := func(form url.Values) response {
		form.Set("version", v(current(t, app, f.ID)))
		return officer.form("/cases/"+f.ID+"/notification/reply", form)
	}
	granted := url.Values{"reply_date": {"2026-01-10"}, "reply_reference": {"BAFA-123"}, "reply_decision": {"licence_granted"}}
	if res := reply(granted); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Record when the notification was sent") {
		t.Fatalf("reply before sending: %d", res.StatusCode)
	}
	if res := officer.form("/cases/"+f.ID+"/notification/sent", url.Values{"version": {v(current(t, app, f.ID))}, "sent_on": {"2999-01-01"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("sent in the future: %d", res.StatusCode)
	}
	if res := officer.form("/cases/"+f.ID+"/notification/sent", url.Values{"version": {v(current(t, app, f.ID))}, "sent_on": {"2026-01-02"}}); !res.redirectsTo("/cases/" + f.ID + "/notification") {
		t.Fatalf("sent: %d %s", res.StatusCode, res.Body)
	}
	if sent := officer.get("/cases/" + f.ID + "/notification").Body; !strings.Contains(sent, "2026-01-02 by Olga Officer") {
		t.Error("the notification does not say when it was sent and by whom")
	}
	if res := reply(url.Values{"reply_date": {"2026-01-10"}, "reply_reference": {"BAFA-123"}, "reply_decision": {"licence_granted"}, "licence_number": {" "}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Give the licence number") || !strings.Contains(res.Body, `value="BAFA-123"`) {
		t.Fatalf("licence without number: %d", res.StatusCode)
	}
	if res := reply(url.Values{"reply_date": {"2026-01-10"}, "reply_reference": {"BAFA-123"}, "reply_decision": {"licence_required"}}); !res.redirectsTo("/cases/" + f.ID + "/notification") {
		t.Fatalf("licence required: %d %s", res.StatusCode, res.Body)
	}
	if f = current(t, app, f.ID); f.Status != cases.Blocked {
		t.Fatalf("after 'licence required' the case is %s, want still blocked", f.Status)
	}
	granted.Set("licence_number", "DE-2026-0042")
	if res := reply(granted); !res.redirectsTo("/cases/" + f.ID + "/notification") {
		t.Fatalf("licence granted: %d %s", res.StatusCode, res.Body)
	}
	if f = current(t, app, f.ID); f.Status != cases.Draft {
		t.Fatalf("after the licence the case is %s, want draft", f.Status)
	}
	if shown := section(officer.get("/cases/"+f.ID+"/notification").Body, "reply"); !strings.Contains(shown, "Licence granted") || !strings.Contains(shown, "DE-2026-0042") {
		t.Errorf("reply not shown: %s", shown)
	}
	timeline := caseEvents(t, app, f.ID)
	for _, want := range []string{"Art. 5(2): aware, the competent authority is notified", "the case is blocked", "sent to the competent authority on 2026-01-02",
		"authorisation required", "the case stays blocked", "licence granted (licence DE-2026-0042)", "the case returns to draft"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the case's timeline lacks %q:\n%s", want, timeline)
		}
	}
}

// caseEvents is the case's timeline, one summary a line.
func caseEvents(t *testing.T, app *testutil.App, caseID string) string {
	t.Helper()
	events, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{ObjectType: "case", ObjectID: caseID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Summary)
	}
	return strings.Join(out, "\n")
}

// Acceptance 5: bad input gets a message beside the field and keeps what
// was typed.
func TestAssessment_BadInputIsRefusedBesideTheFieldAndKept(t *testing.T) {
	app, ts := newServer(t)
	f := surveillanceCase(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		field      string
		kept       string
	}{
		{"unknown country", "sections/destination", url.Values{"country": {"XX"}, "legal_basis": {"clear"}, "judicial_oversight": {"none"}, "remedies": {"none"},
			"destination_notes": {"typed notes"}}, "country-error", "typed notes"},
		{"source without URL", "sections/sources", url.Values{"source_title": {"Freedom House"}, "source_url": {""}, "source_date": {"2026-01-02"}},
			"source_url_0-error", `value="Freedom House"`},
		{"source without date", "sections/sources", url.Values{"source_title": {"Freedom House"}, "source_url": {"https://freedomhouse.org"}, "source_date": {""}},
			"source_date_0-error", `value="https://freedomhouse.org"`},
		{"conclusion without rationale", "conclusion", url.Values{"level": {"low"}, "aware": {"no"}, "override_justification": {"kept justification"}},
			"rationale-error", "kept justification"},
		{"override without justification", "conclusion", url.Values{"level": {"unacceptable"}, "aware": {"no"}, "rationale": {"kept rationale"}},
			"override_justification-error", "kept rationale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := manager.form("/cases/"+f.ID+"/assessment/"+tc.path, tc.form)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="`+tc.field+`"`) ||
				!strings.Contains(res.Body, tc.kept) {
				t.Errorf("status %d; want 422 with %s and %q kept", res.StatusCode, tc.field, tc.kept)
			}
		})
	}
}

// An override is justified when signed, even if the proposal moved after the
// conclusion was saved.
func TestAssessment_NoSignatureOnAnUnjustifiedOverride(t *testing.T) {
	app, ts := newServer(t)
	f := surveillanceCase(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	fillAssessment(t, manager, f.ID, url.Values{"level": {"medium"}, "rationale": {"As proposed."}, "aware": {"no"}})
	// An unresolved red flag raises the proposal to at least high.
	if res := manager.form("/cases/"+f.ID+"/assessment/sections/red_flags", url.Values{"flag": {"RF02"},
		"resolution_RF02": {"Still asking the customer."}}); !res.redirectsTo("/cases/" + f.ID + "/assessment") {
		t.Fatalf("save red flags: %d %s", res.StatusCode, res.Body)
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	f = current(t, app, f.ID)
	res := officer.form("/cases/"+f.ID+"/assessment/sign", url.Values{"version": {v(f)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "now differs from the proposed") {
		t.Fatalf("signing an unjustified override: %d", res.StatusCode)
	}
}
