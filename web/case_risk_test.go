package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Rule: the risk cannot be talked down. After a signed HIGH conclusion, a
// lower risk is refused beside the field with the reason, the input is kept
// and the stored risk stays; a justified risk is recorded and the page says
// which rule applied, who set it and why.
func TestRisk_CannotBeTalkedDownOnTheCasePage(t *testing.T) {
	app, ts := newServer(t)
	f := surveillanceCase(t, app)
	manager, officer := newVisitor(t, ts), newVisitor(t, ts)
	manager.signIn("manager@example.com")
	officer.signIn("officer@example.com")
	fillAssessment(t, manager, f.ID, url.Values{"level": {"high"}, "rationale": {"Mass interception for police."}, "aware": {"no"},
		"override_justification": {"Mass interception by police is high risk whatever the points say."}})
	f = current(t, app, f.ID)
	if res := officer.form("/cases/"+f.ID+"/assessment/sign", url.Values{"version": {v(f)}}); !res.redirectsTo("/cases/" + f.ID + "/assessment") {
		t.Fatalf("sign: %d", res.StatusCode)
	}
	f = current(t, app, f.ID)
	if f.RiskLevel != "high" {
		t.Fatalf("after the HIGH signature the risk is %q", f.RiskLevel)
	}
	page := officer.get("/cases/" + f.ID).Body
	for _, want := range []string{"Risk HIGH — at least the signed assessment's conclusion (HIGH).",
		"From the signed assessment: raised when Olga Officer signed it", "This floor is the company's rule"} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("the case page does not say %q", want)
		}
	}

	res := officer.form("/cases/"+f.ID+"/risk", url.Values{"version": {v(f)}, "risk_level": {"low"}, "justification": {"The customer promised."}})
	form := section(res.Body, "risk-form")
	if res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(form, html.EscapeString("The signed human-rights assessment concluded HIGH: the case risk cannot be lower.")) ||
		!strings.Contains(form, "The customer promised.") || !strings.Contains(form, `<option value="low" selected>`) {
		t.Fatalf("lowering below the signed conclusion: %d %s", res.StatusCode, form)
	}
	if f = current(t, app, f.ID); f.RiskLevel != "high" || f.RiskReason == "The customer promised." {
		t.Fatalf("after the refusal the stored risk is %q (%q)", f.RiskLevel, f.RiskReason)
	}

	res = officer.form("/cases/"+f.ID+"/risk", url.Values{"version": {v(f)}, "risk_level": {"high"}, "justification": {"  "}})
	if form := section(res.Body, "risk-form"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(form, "Say why the case carries this risk.") {
		t.Fatalf("no justification: %d %s", res.StatusCode, form)
	}

	res = officer.form("/cases/"+f.ID+"/risk", url.Values{"version": {v(f)}, "risk_level": {"high"}, "justification": {"Police end user, mass interception."}})
	if !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("a justified risk: %d", res.StatusCode)
	}
	page = officer.get("/cases/" + f.ID).Body
	for _, want := range []string{"Risk HIGH — at least the signed assessment's conclusion (HIGH).",
		"Set by Olga Officer on", ": Police end user, mass interception."} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("after setting it by hand the case page does not say %q", want)
		}
	}
}
