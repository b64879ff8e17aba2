package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screenapi"
)

// blankName shows nothing to screen: Hangul fillers and a zero-width joiner
// between spaces.
const blankName = "\u3164\u3164 \u200D "

func TestAPIScreen_RefusesANameBlankAfterNormalisation(t *testing.T) {
	app, ts := newServer(t)
	token := newToken(t, app, "erp")
	name, _ := json.Marshal(blankName)
	for _, tc := range []struct{ path, body, field string }{
		{"/api/v1/screen", `{"name": ` + string(name) + `}`, "name"},
		{"/api/v1/screen/batch", `{"names": [{"name": "ACME"}, {"name": ` + string(name) + `}]}`, "names[1].name"},
	} {
		res := apiPost(t, ts, token, tc.path, tc.body)
		got := decode[screenapi.Error](t, res)
		if res.StatusCode != http.StatusBadRequest || got.Field != tc.field || got.Error != tc.field+": Enter a name to screen." {
			t.Errorf("%s: %d %s, want 400: %s: Enter a name to screen.", tc.path, res.StatusCode, res.Body, tc.field)
		}
	}
}

func TestScreening_AdhocPageRefusesANameBlankAfterNormalisation(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	page := officer.get("/screening?name=" + url.QueryEscape(blankName))
	if page.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page.Body, "Enter a name to screen.") {
		t.Errorf("blank name: %d", page.StatusCode)
	}
	if events, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "screening.adhoc"}); len(events) != 0 {
		t.Errorf("a refused screening was recorded: %+v", events)
	}
}

func TestCases_PartyWithANameBlankAfterNormalisationIsRefusedAndNotStored(t *testing.T) {
	app, ts := newServer(t)
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	f, err := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Probes", Destination: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	count := func(table string) (n int64) {
		t.Helper()
		if err := app.DB.Gorm.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	parties, links := count("parties"), count("case_parties")
	res := vis.form("/cases/"+f.ID+"/parties", url.Values{"version": {v(f)}, "role": {"end_user"}, "kind": {"company"}, "name": {blankName}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="name-error"`) ||
		!strings.Contains(res.Body, "Enter the party&#39;s name.") {
		t.Errorf("blank party name: %d", res.StatusCode)
	}
	if p, l := count("parties"), count("case_parties"); p != parties || l != links {
		t.Errorf("parties %d → %d, case parties %d → %d: a refused party was stored", parties, p, links, l)
	}
	after, err := app.Cases.Get(app.SignedIn(t, "manager@example.com"), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != f.Version || len(after.Parties) != 0 {
		t.Errorf("case after the refusal: version %d → %d, parties %+v", f.Version, after.Version, after.Parties)
	}
}
