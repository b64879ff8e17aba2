package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// apiQueries are what an ERP sends: listed names written another way, and
// ordinary business partners that match nothing.
var apiQueries = []string{
	`{"name": "Vladimir Putin", "kind": "individual"}`,
	`{"name": "Banco Nacional de Cuba"}`,
	`{"name": "Mohammed Ali Hassan", "country": "IQ"}`,
	`{"name": "Global Trading Company"}`,
	`{"name": "Rosoboronexport"}`,
	`{"name": "Tanchon Commercial Bank", "kind": "entity"}`,
	`{"name": "Maria Schmidt", "birth_date": "1970"}`,
	`{"name": "Siemens Aktiengesellschaft"}`,
	`{"name": "Huawei Technologies Co., Ltd."}`,
	`{"name": "Aerocaribbean Airlines"}`,
}

// BenchmarkAPIScreen sends POST /api/v1/screen over a real TCP connection
// (one keep-alive client, one request at a time) to the real handler, with
// the real lists loaded: token check, rate limit, screening and the audit
// event of every call. /healthz, measured the same way in the same run, is
// the baseline. Each op is one request; p50 and p99 are of one request's
// latency as the client sees it. The token's rate limit is lifted so that
// the benchmark measures the work, not the throttle.
func BenchmarkAPIScreen(b *testing.B) {
	app := testutil.NewApp(b)
	importFullLists(b, app.Screening)
	ctx := auth.AsSystem(context.Background())
	app.Tokens.Limits = apitoken.Limits{Rate: rate.Inf}
	_, token, err := app.Tokens.Create(ctx, "bench", apitoken.DefaultRate)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(app.Server)
	defer ts.Close()
	client := ts.Client()

	send := func(b *testing.B, method, path, body string) {
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body) // read to the end, so the connection is kept
		res.Body.Close()
		if res.StatusCode != http.StatusOK || (body != "" && !bytes.Contains(got, []byte(`"hits":`))) {
			b.Fatalf("%s %s: %d %s", method, path, res.StatusCode, got)
		}
	}
	measure := func(b *testing.B, request func(i int)) {
		lat := make([]time.Duration, 0, 1<<16)
		i := 0
		for b.Loop() {
			start := time.Now()
			request(i)
			lat = append(lat, time.Since(start))
			i++
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.Run("healthz", func(b *testing.B) {
		measure(b, func(int) { send(b, http.MethodGet, "/healthz", "") })
	})
	b.Run("screen", func(b *testing.B) {
		measure(b, func(i int) { send(b, http.MethodPost, "/api/v1/screen", apiQueries[i%len(apiQueries)]) })
	})
}
