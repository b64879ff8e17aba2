package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screenapi"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/web"
)

// systemCtx is the command line's: it imports lists and manages tokens.
var systemCtx = auth.AsSystem(context.Background())

// newAPI serves an app that has the UN list as well as the demo list, and
// returns it with a live token named "erp".
func newAPI(t *testing.T) (*testutil.App, *httptest.Server, string) {
	t.Helper()
	app, ts := newServer(t)
	path := filepath.Join(testutil.SanctionsData(t), "un", "consolidated.xml")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := app.Screening.Lists.Import(systemCtx, watchlist.UN, watchlist.ParserFor(watchlist.UN), []watchlist.File{{Name: path, R: f}}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Screening.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return app, ts, newToken(t, app, "erp")
}

func newToken(t *testing.T, app *testutil.App, name string) string {
	t.Helper()
	return newTokenAt(t, app, name, apitoken.DefaultRate)
}

// newTokenAt returns a live token that may make ratePerSecond requests a second.
func newTokenAt(t *testing.T, app *testutil.App, name string, ratePerSecond int) string {
	t.Helper()
	_, secret, err := app.Tokens.Create(systemCtx, name, ratePerSecond)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// batchOf is a batch of n queries of names made from format and the index.
func batchOf(n int, format string) string {
	qs := make([]screenapi.Query, n)
	for i := range qs {
		qs[i] = screenapi.Query{Name: fmt.Sprintf(format, i)}
	}
	b, _ := json.Marshal(screenapi.Batch{Names: qs})
	return string(b)
}

// apiPost sends body to path with the token ("" for none), through
// apiCall: the request and its answer are held to the OpenAPI description.
func apiPost(t *testing.T, ts *httptest.Server, token, path, body string) response {
	t.Helper()
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	return apiCall(t, ts, authorization, path, body)
}

func decode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q: %s", ct, res.Body)
	}
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
		t.Fatalf("%v: %s", err, res.Body)
	}
	return v
}

func TestAPIScreen_ReturnsHitsWithWhatTheyWereFoundAgainst(t *testing.T) {
	app, ts, token := newAPI(t)
	res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "Korea Changgwang Credit Bank", "kind": "entity", "country": "KP", "limit": 2}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	got := decode[screenapi.Response](t, res)
	snap := app.Screening.Current()
	if len(got.ListVersions) != 2 || got.Algorithm != matching.Algorithm || got.Threshold != matching.DefaultThreshold {
		t.Fatalf("basis %+v", got.Basis)
	}
	for i, v := range got.ListVersions {
		want := snap.Versions[i]
		if v.List != want.Source || v.Label != want.Source.Label() || v.Version != want.ID || !v.ImportedAt.Equal(want.ImportedAt) || v.Entries != want.EntryCount {
			t.Errorf("list version %d: %+v, want %+v", i, v, want)
		}
	}
	// The official lists come first, the demonstration list last.
	if un, dm := got.ListVersions[0], got.ListVersions[1]; un.List != watchlist.UN || un.Label != "UN Security Council" || un.Entries != 1003 ||
		dm.List != watchlist.Demo || dm.Label != "Demonstration list — fictitious entries" || dm.Entries != 10 {
		t.Errorf("list versions %+v", got.ListVersions)
	}
	if len(got.Hits) == 0 || len(got.Hits) > 2 {
		t.Fatalf("hits %+v", got.Hits)
	}
	h := got.Hits[0]
	if h.List != watchlist.UN || h.Label != "UN Security Council" || h.SourceID != "690752" || h.Name != "TANCHON COMMERCIAL BANK" ||
		h.MatchedName != "KOREA CHANGGWANG CREDIT BANK" || h.Score < matching.DefaultThreshold || h.Score > 1 || h.Explanation == "" {
		t.Errorf("top hit %+v", h)
	}
	for _, h := range got.Hits {
		if h.Score < matching.DefaultThreshold {
			t.Errorf("hit below the threshold: %+v", h)
		}
	}

	res = apiPost(t, ts, token, "/api/v1/screen", `{"name": "Maria Schmidt"}`)
	if none := decode[screenapi.Response](t, res); res.StatusCode != http.StatusOK || none.Hits == nil || len(none.Hits) != 0 ||
		!strings.Contains(res.Body, `"hits":[]`) {
		t.Errorf("no hits: %d %s", res.StatusCode, res.Body)
	}
}

func TestAPIScreen_LabelsTheDemoList(t *testing.T) {
	app, ts := newServer(t)
	res := apiPost(t, ts, newToken(t, app, "erp"), "/api/v1/screen", `{"name": "Northstar Signal Trading"}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	got := decode[screenapi.Response](t, res)
	if len(got.ListVersions) != 1 || got.ListVersions[0].List != watchlist.Demo || got.ListVersions[0].Label != demoLabel ||
		len(got.Hits) == 0 || got.Hits[0].List != watchlist.Demo || got.Hits[0].Label != demoLabel || got.Hits[0].SourceID != "900001" {
		t.Errorf("answer %+v", got)
	}
	if !strings.Contains(res.Body, `"list":"demo","label":"Demonstration list — fictitious entries"`) {
		t.Errorf("the JSON does not name the list as documented: %s", res.Body)
	}
}

func TestAPIScreen_DefaultsToTenHits(t *testing.T) {
	_, ts, token := newAPI(t)
	for body, want := range map[string]int{`{"name": "Korea Trading Corporation"}`: 10, `{"name": "Korea Trading Corporation", "limit": 100}`: 11} {
		got := decode[screenapi.Response](t, apiPost(t, ts, token, "/api/v1/screen", body))
		if want == 10 && len(got.Hits) != 10 || want > 10 && len(got.Hits) <= 10 {
			t.Errorf("%s: %d hits, want %d or more", body, len(got.Hits), want)
		}
	}
}

func TestAPIScreenBatch_ScreensEveryNameInOrder(t *testing.T) {
	app, ts, token := newAPI(t)
	res := apiPost(t, ts, token, "/api/v1/screen/batch", `{"names": [{"name": "Tanchon Commercial Bank"}, {"name": "Maria Schmidt"}, {"name": "NORTHSTAR SIGNAL TRADING LLC", "limit": 1}]}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	got := decode[screenapi.BatchResponse](t, res)
	if len(got.ListVersions) != 2 || got.Algorithm != matching.Algorithm || got.Threshold != matching.DefaultThreshold || len(got.Results) != 3 {
		t.Fatalf("%+v", got)
	}
	r := got.Results
	if r[0].Name != "Tanchon Commercial Bank" || len(r[0].Hits) == 0 || r[0].Hits[0].SourceID != "690752" ||
		r[1].Name != "Maria Schmidt" || r[1].Hits == nil || len(r[1].Hits) != 0 ||
		r[2].Name != "NORTHSTAR SIGNAL TRADING LLC" || len(r[2].Hits) != 1 || r[2].Hits[0].List != watchlist.Demo ||
		r[2].Hits[0].Label != "Demonstration list — fictitious entries" || r[2].Hits[0].SourceID != "900001" {
		t.Errorf("results %+v", r)
	}
	es, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "api.screen_batch"})
	if len(es) != 1 || es[0].ActorEmail != "token:erp" || es[0].ActorRole != "api" ||
		es[0].Summary != `Screened 3 names through the API, from "Tanchon Commercial Bank": 2 with hits (`+fmt.Sprint(len(r[0].Hits)+1)+` hits)` {
		t.Errorf("events %+v", es)
	}
}

func TestAPIScreenBatch_TakesAThousandNames(t *testing.T) {
	_, ts, token := newAPI(t)
	start := time.Now()
	res := apiPost(t, ts, token, "/api/v1/screen/batch", batchOf(1000, "Trading Company %d"))
	if got := decode[screenapi.BatchResponse](t, res); res.StatusCode != http.StatusOK || len(got.Results) != 1000 || got.Results[999].Name != "Trading Company 999" {
		t.Fatalf("1,000 names: %d, %d results", res.StatusCode, len(got.Results))
	}
	t.Logf("1,000 names in %s", time.Since(start))
	res = apiPost(t, ts, token, "/api/v1/screen/batch", batchOf(1001, "Trading Company %d"))
	if got := decode[screenapi.Error](t, res); res.StatusCode != http.StatusBadRequest || got.Field != "names" ||
		got.Error != "names has 1001 queries; at most 1000 are allowed per request." {
		t.Errorf("1,001 names: %d %s", res.StatusCode, res.Body)
	}
}

func TestAPIScreen_RefusesBadInputNamingTheField(t *testing.T) {
	_, ts, token := newAPI(t)
	long := strings.Repeat("x", 301)
	tests := []struct {
		path, body string
		field      string
		message    string // a part of the error
	}{
		{"/api/v1/screen", ``, "", "The request body is empty"},
		{"/api/v1/screen", `{"name": "ACME"`, "", "ends before its JSON is complete"},
		{"/api/v1/screen", `{"name": ACME}`, "", "not valid JSON (at byte 10)"},
		{"/api/v1/screen", `{"name": "ACME"} {}`, "", "more than one JSON value"},
		{"/api/v1/screen", `["ACME"]`, "", "must be an object"},
		{"/api/v1/screen", `{"name": "ACME", "nmae": "x"}`, "nmae", `Unknown field "nmae"`},
		{"/api/v1/screen", `{"name": 42}`, "name", "name must be a string, not a JSON number"},
		{"/api/v1/screen", `{"name": "ACME", "limit": "5"}`, "limit", "limit must be a whole number, not a JSON string"},
		{"/api/v1/screen", `{"kind": "entity"}`, "name", "name: Enter a name to screen."},
		{"/api/v1/screen", `{"name": "  "}`, "name", "name: Enter a name to screen."},
		{"/api/v1/screen", `{"name": "` + long + `"}`, "name", "name: Use at most 300 characters; this has 301."},
		{"/api/v1/screen", `{"name": "ACME", "kind": "company"}`, "kind", `kind: Choose individual, entity, vessel or aircraft, not "company".`},
		{"/api/v1/screen", `{"name": "ACME", "limit": 0}`, "limit", "limit must be from 1 to 100, not 0"},
		{"/api/v1/screen", `{"name": "ACME", "limit": 101}`, "limit", "limit must be from 1 to 100, not 101"},
		{"/api/v1/screen", `{"name": "ACME", "limit": 1.5}`, "limit", "limit must be a whole number, not a JSON number 1.5"},
		{"/api/v1/screen/batch", `{}`, "names", "names is required"},
		{"/api/v1/screen/batch", `{"names": []}`, "names", "names is required"},
		{"/api/v1/screen/batch", `{"names": "ACME"}`, "names", "names must be a list"},
		{"/api/v1/screen/batch", `{"name": "ACME"}`, "name", `Unknown field "name"`},
		{"/api/v1/screen/batch", `{"names": [{"name": "ACME"}, {"name": ""}]}`, "names[1].name", "names[1].name: Enter a name to screen."},
		{"/api/v1/screen/batch", `{"names": [{"name": "ACME", "kind": "ship"}]}`, "names[0].kind", "names[0].kind: Choose individual, entity"},
		{"/api/v1/screen/batch", `{"names": [{"name": "ACME", "limit": 500}]}`, "names[0].limit", "names[0].limit must be from 1 to 100"},
		{"/api/v1/screen/batch", `{"names": [{"name": "` + long + `"}]}`, "names[0].name", "names[0].name: Use at most 300 characters; this has 301."},
		{"/api/v1/screen", `{"name": "ACME", "min_score": 0.49}`, "min_score", "min_score must be from 0.5 to 1, not 0.49."},
		{"/api/v1/screen", `{"name": "ACME", "min_score": 1.5}`, "min_score", "min_score must be from 0.5 to 1, not 1.5."},
		{"/api/v1/screen", `{"name": "ACME", "min_score": "0.7"}`, "min_score", "min_score must be a number, not a JSON string."},
		{"/api/v1/screen/batch", `{"names": [{"name": "A"}, {"name": "B"}, {"name": "C"}, {"name": "D", "min_score": 0.3}]}`, "names[3].min_score",
			"names[3].min_score must be from 0.5 to 1, not 0.3."},
		{"/api/v1/screen/batch", `{"names": [{"name": "A"}, {"name": "B", "min_score": true}]}`, "names[1].min_score", "names[1].min_score must be a number, not a JSON bool."},
		{"/api/v1/screen/batch", `{"names": [{"name": "A"}, {"name": "B", "limit": "2"}]}`, "names[1].limit", "names[1].limit must be a whole number, not a JSON string."},
		{"/api/v1/screen/batch", `{"names": [{"name": "A"}, {"nmae": "B"}]}`, "names[1].nmae", `Unknown field "names[1].nmae".`},
		{"/api/v1/screen/batch", `{"names": ["ACME"]}`, "names[0]", "names[0] must be an object, not a JSON string."},
	}
	for _, tc := range tests {
		res := apiPost(t, ts, token, tc.path, tc.body)
		got := decode[screenapi.Error](t, res)
		if res.StatusCode != http.StatusBadRequest || got.Field != tc.field || !strings.Contains(got.Error, tc.message) {
			t.Errorf("%s %.60s: %d %s, want 400 naming %q with %q", tc.path, tc.body, res.StatusCode, res.Body, tc.field, tc.message)
		}
	}
}

func TestAPIScreen_RefusesBodiesOverTheLimit(t *testing.T) {
	_, ts, token := newAPI(t)
	for path, size := range map[string]int{"/api/v1/screen": 1 << 20, "/api/v1/screen/batch": 4 << 20} {
		pad := strings.Repeat(" ", size) // valid JSON but for its size
		res := apiPost(t, ts, token, path, `{"name": "ACME"`+pad+`}`)
		got := decode[screenapi.Error](t, res)
		if res.StatusCode != http.StatusRequestEntityTooLarge || got.Error != fmt.Sprintf("The request body is larger than %d MB.", size>>20) {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Body)
		}
	}
}

func TestAPIScreen_NeedsALiveToken(t *testing.T) {
	app, ts, token := newAPI(t)
	revoked := newToken(t, app, "old crm")
	if _, err := app.Tokens.Revoke(systemCtx, revoked[:12]); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, header, challenge, message string
	}{
		{"none", "", `Bearer realm="vigil"`, "Send an API token"},
		{"another scheme", "Basic " + token, `Bearer realm="vigil"`, "Send an API token"},
		{"wrong", "Bearer vgl_" + strings.Repeat("0", 64), `Bearer realm="vigil", error="invalid_token"`, "The API token is not valid."},
		{"revoked", "Bearer " + revoked, `Bearer realm="vigil", error="invalid_token"`, "The API token is not valid."},
	}
	for _, tc := range tests {
		for _, path := range []string{"/api/v1/screen", "/api/v1/screen/batch"} {
			res := apiCall(t, ts, tc.header, path, `{"name": "ACME"}`)
			got := decode[screenapi.Error](t, res)
			if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") != tc.challenge || !strings.HasPrefix(got.Error, tc.message) {
				t.Errorf("%s %s: %d %q %s", tc.name, path, res.StatusCode, res.Header.Get("WWW-Authenticate"), res.Body)
			}
		}
	}
	if res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
		t.Errorf("live token: %d %s", res.StatusCode, res.Body)
	}
}

// TestAPIScreen_RateLimitedPerToken holds the clock still, so that nothing
// refills: each token has a burst of twice its own rate, and a batch of 100
// names costs 2 units.
func TestAPIScreen_RateLimitedPerToken(t *testing.T) {
	app, ts, erp := newAPI(t) // 20 a second
	crm := newTokenAt(t, app, "crm", 5)
	var stored []struct {
		Name          string
		RatePerSecond int
	}
	app.DB.Gorm.Raw("SELECT name, rate_per_second FROM api_tokens ORDER BY name").Scan(&stored)
	if len(stored) != 2 || stored[0].Name != "crm" || stored[0].RatePerSecond != 5 || stored[1].RatePerSecond != 20 {
		t.Fatalf("stored %+v", stored)
	}
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	app.DB.Now = func() time.Time { return now }
	hundred := batchOf(100, "ACME %d")
	for i := range 20 {
		if res := apiPost(t, ts, erp, "/api/v1/screen/batch", hundred); res.StatusCode != http.StatusOK {
			t.Fatalf("erp batch %d: %d %s", i+1, res.StatusCode, res.Body)
		}
	}
	for i := range 10 {
		if res := apiPost(t, ts, crm, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
			t.Fatalf("crm request %d: %d %s", i+1, res.StatusCode, res.Body)
		}
	}
	for token, want := range map[string]string{erp: "This token may make 20 requests a second; try again in 1 s.", crm: "This token may make 5 requests a second; try again in 1 s."} {
		res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "ACME"}`)
		if got := decode[screenapi.Error](t, res); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" || got.Error != want {
			t.Errorf("over the burst: %d Retry-After %q %s, want %q", res.StatusCode, res.Header.Get("Retry-After"), res.Body, want)
		}
	}
	if res := apiPost(t, ts, newToken(t, app, "wms"), "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
		t.Errorf("another token: %d", res.StatusCode)
	}
	now = now.Add(time.Second)
	for _, token := range []string{erp, crm} {
		if res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
			t.Errorf("a second later: %d %s", res.StatusCode, res.Body)
		}
	}
}

// TestAPIScreenBatch_WithinWhatTheTokenMaySpend: a batch larger than the
// token's burst could never pass, so it is refused as too large for the
// token; a batch within it that must wait says how long, counting the
// unit its request paid.
func TestAPIScreenBatch_WithinWhatTheTokenMaySpend(t *testing.T) {
	app, ts, _ := newAPI(t)
	now := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	app.DB.Now = func() time.Time { return now }
	slow := newTokenAt(t, app, "crm", 1) // bursts of 2: 100 names
	res := apiPost(t, ts, slow, "/api/v1/screen/batch", batchOf(101, "ACME %d"))
	if got := decode[screenapi.Error](t, res); res.StatusCode != http.StatusBadRequest || got.Field != "names" ||
		got.Error != "names has 101 queries; a token that may make 1 request a second may send at most 100 per request." {
		t.Errorf("101 names at 1 a second: %d %s", res.StatusCode, res.Body)
	}
	two := newTokenAt(t, app, "wms", 2) // bursts of 4
	if res := apiPost(t, ts, two, "/api/v1/screen", `{"name": "ACME"}`); res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	res = apiPost(t, ts, two, "/api/v1/screen/batch", batchOf(200, "ACME %d")) // 4 units, 3 left
	if got := decode[screenapi.Error](t, res); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" ||
		got.Error != "This token may make 2 requests a second; try again in 1 s." {
		t.Errorf("a batch beyond what is left: %d Retry-After %q %s", res.StatusCode, res.Header.Get("Retry-After"), res.Body)
	}
	now = now.Add(time.Second)
	if res := apiPost(t, ts, two, "/api/v1/screen/batch", batchOf(200, "ACME %d")); res.StatusCode != http.StatusOK {
		t.Errorf("sent again when told: %d %s", res.StatusCode, res.Body)
	}
}

// Rule: min_score shows near misses, as the ad-hoc screening page does;
// without it, hits count from the default threshold.
func TestAPIScreen_MinScoreShowsNearMisses(t *testing.T) {
	app, ts := newServer(t)
	token := newToken(t, app, "erp")
	const nearMiss = "Helix Wave Tech" // HELIX WAVE TECHNOLOGIES LIMITED of the demonstration list, about 0.72
	res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "`+nearMiss+`"}`)
	if got := decode[screenapi.Response](t, res); res.StatusCode != http.StatusOK || got.Threshold != matching.DefaultThreshold || len(got.Hits) != 0 {
		t.Fatalf("default: %d %s", res.StatusCode, res.Body)
	}
	res = apiPost(t, ts, token, "/api/v1/screen", `{"name": "`+nearMiss+`", "min_score": 0.6}`)
	got := decode[screenapi.Response](t, res)
	if res.StatusCode != http.StatusOK || got.Threshold != 0.6 || len(got.Hits) != 1 || got.Hits[0].SourceID != "900009" ||
		got.Hits[0].Score < 0.6 || got.Hits[0].Score >= matching.DefaultThreshold {
		t.Fatalf("min_score 0.6: %d %s", res.StatusCode, res.Body)
	}
	res = apiPost(t, ts, token, "/api/v1/screen/batch", `{"names": [{"name": "`+nearMiss+`", "min_score": 0.6}, {"name": "`+nearMiss+`"}]}`)
	batch := decode[screenapi.BatchResponse](t, res)
	if r := batch.Results; res.StatusCode != http.StatusOK || batch.Threshold != matching.DefaultThreshold || len(r) != 2 ||
		r[0].Threshold != 0.6 || len(r[0].Hits) != 1 || r[0].Hits[0].SourceID != "900009" || r[1].Threshold != matching.DefaultThreshold || len(r[1].Hits) != 0 {
		t.Errorf("batch: %d %s", res.StatusCode, res.Body)
	}
	es, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "api.screen"}) // newest first, with the batch
	if len(es) != 3 || !strings.Contains(es[0].AfterJSON, `"queries":[{"name":"Helix Wave Tech","min_score":0.6,"hits":1},{"name":"Helix Wave Tech","hits":0}]`) ||
		!strings.Contains(es[1].AfterJSON, `"threshold":0.6,"queries":[{"name":"Helix Wave Tech","min_score":0.6,"hits":1}]`) ||
		!strings.Contains(es[2].AfterJSON, `"threshold":0.8,"queries":[{"name":"Helix Wave Tech","hits":0}]`) {
		t.Errorf("the events do not record what each query asked for: %+v", es)
	}
}

func TestAPIScreen_EveryCallIsAudited(t *testing.T) {
	app, ts, token := newAPI(t)
	res := apiPost(t, ts, token, "/api/v1/screen", `{"name": "Tanchon Commercial Bank", "kind": "entity", "country": "KP"}`)
	hits := len(decode[screenapi.Response](t, res).Hits)
	apiPost(t, ts, token, "/api/v1/screen", `{"name": ""}`) // refused: nothing was screened
	es, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "api.screen"})
	if err != nil || len(es) != 1 {
		t.Fatalf("%d events (%v), want 1", len(es), err)
	}
	e := es[0]
	tok, _ := app.Tokens.List(systemCtx)
	summary := fmt.Sprintf(`Screened "Tanchon Commercial Bank" through the API: %d hit`, hits)
	if hits != 1 {
		summary += "s"
	}
	if e.ActorID != tok[0].ID || e.ActorEmail != "token:erp" || e.ActorRole != "api" || e.ObjectType != "screening" ||
		e.ObjectID != app.Screening.Current().Key || e.Summary != summary ||
		e.RequestID == "" || e.ClientIP != "127.0.0.1" {
		t.Errorf("event %+v", e)
	}
	var after struct {
		ListVersions []string `json:"list_versions"`
		Algorithm    string   `json:"algorithm"`
		Queries      []struct {
			Name, Kind, Country string
			Hits                int
		} `json:"queries"`
	}
	if err := json.Unmarshal([]byte(e.AfterJSON), &after); err != nil || len(after.ListVersions) != 2 || after.Algorithm != matching.Algorithm ||
		len(after.Queries) != 1 || after.Queries[0].Name != "Tanchon Commercial Bank" || after.Queries[0].Kind != "entity" ||
		after.Queries[0].Country != "KP" || after.Queries[0].Hits != hits {
		t.Errorf("after %s (%v)", e.AfterJSON, err)
	}
}

func TestAPIScreen_RefusesBeforeAnyListIsLoaded(t *testing.T) {
	app := testutil.NewApp(t)
	empty := screening.NewService(app.DB) // nothing loaded
	svc := *app.Services
	svc.Screening, svc.ScreenAPI = empty, screenapi.NewService(app.DB, empty, app.Tokens)
	srv, err := web.New(web.Deps{Services: &svc, Config: app.Config, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	res := apiPost(t, ts, newToken(t, app, "erp"), "/api/v1/screen", `{"name": "ACME"}`)
	if got := decode[screenapi.Error](t, res); res.StatusCode != http.StatusServiceUnavailable || got.Error != apperr.Message(screenapi.ErrNoLists) {
		t.Errorf("%d %s", res.StatusCode, res.Body)
	}
}
