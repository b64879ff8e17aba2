package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// events returns the actions recorded on a country or red flag, oldest first.
func events(t *testing.T, app *testutil.App, objectType, objectID string) string {
	t.Helper()
	list, err := audit.List(context.Background(), app.DB.Gorm, audit.Filter{ObjectType: objectType, ObjectID: objectID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(list) - 1; i >= 0; i-- {
		actions = append(actions, list[i].Action)
	}
	return strings.Join(actions, " ")
}

func TestCountries_PageShowsWhatIsRecordedAndWhoMayChangeIt(t *testing.T) {
	_, ts := newServer(t)
	for _, tc := range []struct {
		email        string
		forms, judge bool
	}{
		{"officer@example.com", true, true},
		{"admin@example.com", true, false},
		{"manager@example.com", false, false},
		{"auditor@example.com", false, false},
	} {
		t.Run(tc.email, func(t *testing.T) {
			v := newVisitor(t, ts)
			v.signIn(tc.email)
			page := v.get("/countries/sy")
			if page.StatusCode != http.StatusOK {
				t.Fatalf("status %d", page.StatusCode)
			}
			body := html.UnescapeString(page.Body)
			for _, want := range []string{"<h1>Syria</h1>", "Restrictive measures", "Council Decision 2013/255/CFSP; Reg. (EU) 36/2012",
				"equipment for internal repression and telecom monitoring; arms embargo status disputed — verify", "to verify",
				"seeded from the reference notes", "No indicator recorded", "No tier set yet"} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(body, `data-testid="arms-embargo"`) {
				t.Error("Syria shown under a full arms embargo")
			}
			for testid, want := range map[string]bool{"measure-form": tc.forms, "indicator-form": tc.forms, "lift-measure": tc.forms,
				"confirm-measure": tc.judge, "tier-form": tc.judge} {
				if got := strings.Contains(body, `data-testid="`+testid+`"`); got != want {
					t.Errorf("%s shown: %v, want %v", testid, got, want)
				}
			}
		})
	}
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	if page := v.get("/countries/IR"); !strings.Contains(page.Body, `data-testid="arms-embargo"`) || !strings.Contains(page.Body, "Arms embargo · to verify") {
		t.Error("Iran's page does not show its arms embargo to verify")
	}
	if res := v.get("/countries/ZZ"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown country: %d, want 404", res.StatusCode)
	}
	if res := v.form("/countries/ZZ/tier", url.Values{"tier": {"high"}, "rationale": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("tier of an unknown country: %d, want 404", res.StatusCode)
	}
}

func TestCountries_ListFiltersByNameAndTier(t *testing.T) {
	_, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	if res := v.form("/countries/IR/tier", url.Values{"tier": {"high"}, "rationale": {"Arms embargo; Not Free."}}); !res.redirectsTo("/countries/IR#tier") {
		t.Fatalf("set tier: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, tc := range []struct {
		query string
		rows  int
		want  []string
	}{
		{"", 250, []string{"Germany", "Zimbabwe"}},
		{"?q=syr", 1, []string{"Syria", "Restrictive measures", "to verify"}},
		{"?tier=high", 1, []string{"Iran", "High risk", "Arms embargo"}},
		{"?q=germany&tier=none", 1, []string{"Germany", "no tier"}},
	} {
		page := v.get("/countries" + tc.query)
		if n := strings.Count(page.Body, `data-testid="country-row"`); n != tc.rows {
			t.Errorf("%q: %d rows, want %d", tc.query, n, tc.rows)
		}
		for _, want := range tc.want {
			if !strings.Contains(page.Body, want) {
				t.Errorf("%q lacks %q", tc.query, want)
			}
		}
	}
}

func TestCountries_RefusedFormsKeepInput(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		errors     map[string]string // field: message
		kept       []string
	}{
		{"indicator without source", "/countries/IR/indicators",
			url.Values{"indicator": {"Freedom House — Freedom in the World"}, "edition": {"2025"}, "value": {"11/100, Not Free"},
				"scale": {"0–100"}, "retrieved_at": {""}},
			map[string]string{"source_url": "Give the address of the page the value was read on.", "retrieved_at": "Give the date the value was read."},
			[]string{`value="11/100, Not Free"`, `value="Freedom House — Freedom in the World"`, `value="0–100"`}},
		{"indicator with a non-web address", "/countries/IR/indicators",
			url.Values{"indicator": {"RSF"}, "edition": {"2024"}, "value": {"176"}, "scale": {"1–180"}, "source_url": {"ftp://rsf.org/x"}, "retrieved_at": {"2025-01-02"}},
			map[string]string{"source_url": "Give a web address starting with http:// or https://."},
			[]string{`value="ftp://rsf.org/x"`, `value="2025-01-02"`}},
		{"measure without legal act", "/countries/IR/measures",
			url.Values{"kind": {"telecom_monitoring_ban"}, "scope": {"monitoring equipment"}, "evidence": {"Read on EUR-Lex."}},
			map[string]string{"legal_act": "Name the legal act, e.g. Council Decision 2014/512/CFSP."},
			[]string{`value="monitoring equipment"`, `<option value="telecom_monitoring_ban" selected>`, "Read on EUR-Lex.</textarea>"}},
		{"tier without rationale", "/countries/IR/tier", url.Values{"tier": {"medium"}},
			map[string]string{"rationale": "Give the rationale for the tier: the measures, indicators and reports it rests on."},
			[]string{`<option value="medium" selected>`}},
		{"lifting without date", "/countries/IR/measures/seed-IR/end", url.Values{},
			map[string]string{"ended_on": "Enter the date the measure was lifted."},
			[]string{`data-testid="lift-form"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := v.form(tc.path, tc.form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			body := html.UnescapeString(res.Body)
			for field, msg := range tc.errors {
				if !strings.Contains(body, `id="`+field+`-error" class="field-error" data-testid="`+field+`-error">`+msg+`</small>`) {
					t.Errorf("no %q beside %s", msg, field)
				}
			}
			for _, want := range tc.kept {
				if !strings.Contains(body, want) {
					t.Errorf("lost %s", want)
				}
			}
		})
	}
	if got := events(t, app, "country", "IR"); got != "" {
		t.Errorf("refused forms recorded %q", got)
	}
}

func TestCountries_ChangesAreRecordedAndAudited(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	for _, step := range []struct {
		path string
		form url.Values
		to   string
	}{
		{"/countries/ir/indicators", url.Values{"indicator": {"Freedom House — Freedom in the World"}, "edition": {"2025"},
			"value": {"11/100, Not Free"}, "scale": {"0–100; Free / Partly Free / Not Free"},
			"source_url": {"https://freedomhouse.org/country/iran/freedom-world/2025"}, "retrieved_at": {"2025-03-01"}}, "/countries/IR#indicators"},
		{"/countries/IR/measures", url.Values{"kind": {"telecom_monitoring_ban"}, "legal_act": {"Council Regulation (EU) 359/2011"},
			"adopted_on": {"2011-04-12"}, "scope": {"equipment for monitoring telecommunications"}, "evidence": {"Annex IV read on EUR-Lex."}}, "/countries/IR#measures"},
		{"/countries/IR/measures/seed-IR/confirm", nil, "/countries/IR#measures"},
		{"/countries/IR/tier", url.Values{"tier": {"high"}, "rationale": {"Arms embargo; Not Free (FH 2025)."}}, "/countries/IR#tier"},
	} {
		if res := officer.form(step.path, step.form); !res.redirectsTo(step.to) {
			t.Fatalf("%s: %d %s, want 303 to %s", step.path, res.StatusCode, res.Header.Get("Location"), step.to)
		}
	}
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	if res := admin.form("/countries/IR/measures/seed-IR/end", url.Values{"ended_on": {"2025-06-30"}}); !res.redirectsTo("/countries/IR#measures") {
		t.Fatalf("lift: %d", res.StatusCode)
	}
	if res := officer.form("/countries/IR/measures/seed-IR/confirm", nil); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "That measure is already confirmed.") {
		t.Errorf("confirming twice: %d", res.StatusCode)
	}
	body := html.UnescapeString(officer.get("/countries/IR").Body)
	for _, want := range []string{"11/100, Not Free", "https://freedomhouse.org/country/iran/freedom-world/2025", "read 2025-03-01",
		"Council Regulation (EU) 359/2011", "lifted 2025-06-30", "by Olga Officer", "High risk", "Arms embargo; Not Free (FH 2025)."} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-testid="arms-embargo"`) {
		t.Error("the lifted arms embargo is still shown in force")
	}
	if got, want := events(t, app, "country", "IR"),
		"country.indicator_add country.measure_add country.measure_confirm country.tier_set country.measure_end"; got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

func TestRedFlags_CatalogueIsEditable(t *testing.T) {
	app, ts := newServer(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	page := auditor.get("/red-flags")
	if n := strings.Count(page.Body, `data-testid="red-flag"`); n != 23 {
		t.Errorf("%d red flags listed, want 23", n)
	}
	if strings.Contains(page.Body, `data-testid="edit-red-flag"`) {
		t.Error("the auditor is offered to edit")
	}
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if form := officer.get("/red-flags?edit=RF14"); !strings.Contains(form.Body, `value="Excessive confidentiality"`) {
		t.Error("the edit form does not start from the flag's wording")
	}
	res := officer.form("/red-flags/RF14", url.Values{"title": {" "}, "guidance": {"Ask why the end use is secret."}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the red flag a title.") ||
		!strings.Contains(res.Body, "Ask why the end use is secret.</textarea>") {
		t.Errorf("refused edit: %d", res.StatusCode)
	}
	res = officer.form("/red-flags/RF14", url.Values{"title": {"Excessive confidentiality about the end use"}, "guidance": {"Ask why."}, "active": {"1"}})
	if !res.redirectsTo("/red-flags#RF14") {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.Contains(officer.get("/red-flags").Body, "Excessive confidentiality about the end use") {
		t.Error("the new wording is not shown")
	}
	if res := officer.form("/red-flags/RF99", url.Values{"title": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown flag: %d, want 404", res.StatusCode)
	}
	if got := events(t, app, "red_flag", "RF14"); got != "red_flag.update" {
		t.Errorf("events %q", got)
	}
}
