package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// scrape asks for /metrics with the bearer token (none when "").
func scrape(t *testing.T, ts *httptest.Server, token string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return newVisitor(t, ts).do(req)
}

func TestMetrics_MainAddressOpensOnlyToTheToken(t *testing.T) {
	_, ts := newServer(t)
	for name, token := range map[string]string{"no token": "", "a wrong token": strings.Repeat("x", len(testutil.MetricsToken)),
		"the token's prefix": testutil.MetricsToken[:32]} {
		if res := scrape(t, ts, token); res.StatusCode != http.StatusUnauthorized || strings.Contains(res.Body, "go_goroutines") ||
			!strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("with %s: %d, %d bytes", name, res.StatusCode, len(res.Body))
		}
	}
	// A session opens nothing: an administrator's browser is refused too.
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	if res := admin.get("/metrics"); res.StatusCode != http.StatusUnauthorized || strings.Contains(res.Body, "go_goroutines") {
		t.Errorf("signed-in administrator without the token: %d", res.StatusCode)
	}
	res := scrape(t, ts, testutil.MetricsToken)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("with the token: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes ", "go_sql_open_connections{", "vigil_audit_chain_length "} {
		if !strings.Contains(res.Body, "\n"+want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
}

func TestMetrics_AbsentFromTheMainAddressWithoutAToken(t *testing.T) {
	app := testutil.NewAppWith(t, map[string]string{"VIGIL_METRICS_TOKEN": ""})
	ts := httptest.NewServer(app.Server)
	t.Cleanup(ts.Close)
	for _, token := range []string{"", testutil.MetricsToken} {
		if res := scrape(t, ts, token); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "go_goroutines") {
			t.Errorf("token %q: %d, want 404", token, res.StatusCode)
		}
	}
	// The separate listener's handler serves them whatever the token.
	rec := httptest.NewRecorder()
	app.Server.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "vigil_http_request_duration_seconds") {
		t.Errorf("metrics handler: %d", rec.Code)
	}
}

// TestMetrics_CountWhatHappened makes requests, failed sign-ins, party
// screenings and a re-screening, then reads each series from the scrape and
// compares it with what happened, in the database where it is kept there.
func TestMetrics_CountWhatHappened(t *testing.T) {
	app, ts := newServer(t)
	f := caseWithListedEndUser(t, app) // screens its party
	seeded(t, demo.SeedLists(t.Context(), app.Screening.Lists))
	job, err := app.Screening.Refresh(t.Context(), slog.New(slog.DiscardHandler))
	if err != nil || job == nil {
		t.Fatalf("re-screening: %v %v", job, err)
	}
	app.Screening.WaitRescreen()

	v := newVisitor(t, ts)
	v.get("/signin")
	for _, email := range []string{"manager@example.com", "nobody@example.com"} {
		if res := v.post("/signin", url.Values{"email": {email}, "password": {"wrong password"}, "csrf_token": {v.csrf("/signin")}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failed sign-in as %s: %d", email, res.StatusCode)
		}
	}
	v.signIn("manager@example.com")
	v.get("/cases/" + f.ID)
	v.get("/cases/" + f.ID)
	v.get("/no/such/page/" + f.ID)

	var head, screenings float64
	seeded(t, app.DB.Gorm.Raw("SELECT head_seq FROM audit_chain WHERE id = 1").Scan(&head).Error)
	seeded(t, app.DB.Gorm.Raw("SELECT COUNT(*) FROM screenings").Scan(&screenings).Error)
	res := scrape(t, ts, testutil.MetricsToken)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("scrape: %d, %v", res.StatusCode, err)
	}
	requests := "vigil_http_request_duration_seconds"
	for _, c := range []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{requests, map[string]string{"route": "/signin", "method": "GET", "status": "2xx"}, 4}, // one visit, and one for each sign-in form's token
		{requests, map[string]string{"route": "/signin", "method": "POST", "status": "4xx"}, 2},
		{requests, map[string]string{"route": "/signin", "method": "POST", "status": "3xx"}, 1},
		{requests, map[string]string{"route": "/cases/:id", "method": "GET", "status": "2xx"}, 2},
		{requests, map[string]string{"route": "unmatched", "method": "other", "status": "4xx"}, 1},
		{"vigil_signin_failures_total", map[string]string{"reason": "bad_password"}, 1},
		{"vigil_signin_failures_total", map[string]string{"reason": "unknown_account"}, 1},
		{"vigil_signin_failures_total", map[string]string{"reason": "throttled"}, 0},
		{"vigil_screening_duration_seconds", map[string]string{"kind": "party"}, screenings},
		{"vigil_screening_duration_seconds", map[string]string{"kind": "batch"}, 1},
		{"vigil_rescreen_jobs_finished_total", map[string]string{"outcome": "done"}, 1},
		{"vigil_rescreen_jobs_finished_total", map[string]string{"outcome": "failed"}, 0},
		{"vigil_rescreen_parties", nil, 0},
		{"vigil_rescreen_parties_done", nil, 0},
		{"vigil_audit_chain_length", nil, head},
	} {
		if got, ok := sample(families[c.family], c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (found: %v), want %v", c.family, c.labels, got, ok, c.want)
		}
	}
	if screenings < 2 || head < 1 {
		t.Errorf("%v screenings and %v audit events: the test made too few to tell", screenings, head)
	}
	if strings.Contains(res.Body, f.ID) || strings.Contains(res.Body, "nobody@example.com") {
		t.Error("a label carries a case id or an email address")
	}
}

// sample is the value of the family's series with exactly these labels: a
// counter's or gauge's value, a histogram's count.
func sample(mf *dto.MetricFamily, labels map[string]string) (float64, bool) {
	if mf == nil {
		return 0, false
	}
	for _, m := range mf.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		match := true
		for _, l := range m.GetLabel() {
			match = match && labels[l.GetName()] == l.GetValue()
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// BenchmarkMetrics_ObserveRequest is what the request metrics add to every
// request: the route's histogram found and one observation. Compare with
// BenchmarkPages in bench/ (a /healthz request in process, some 20 µs).
func BenchmarkMetrics_ObserveRequest(b *testing.B) {
	app := testutil.NewApp(b)
	e := echo.New()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/cases/0198", nil), httptest.NewRecorder())
	c.SetPath("/cases/:id")
	b.ReportAllocs()
	for b.Loop() {
		app.Server.ObserveRequest(c, http.StatusOK)
	}
}
