// Package bench holds the in-process page benchmarks behind the throughput
// figures of bench/README.md; bench/load and bench/run.sh measure the same
// pages over HTTP against a running server.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var (
	csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	caseLink  = regexp.MustCompile(`href="/cases/([0-9a-f-]{36})"`)
)

// BenchmarkPages serves /healthz (the baseline), the case list and a case
// page in process, over a database of 10,000 seeded cases, signed in as an
// export manager, and the audit trail's first and a deep page as the
// auditor. One request per op; no network. For a CPU profile:
//
//	go test -tags libsqlite3 -run '^$' -bench Pages -benchtime 5s -cpuprofile cpu.prof ./bench/
//	go tool pprof -top -cum bench.test cpu.prof
func BenchmarkPages(b *testing.B) {
	app := testutil.NewApp(b)
	if _, err := demo.SeedCases(context.Background(), app.DB, 10000, app.DB.Now(), nil); err != nil {
		b.Fatal(err)
	}
	get := func(path, cookie string) *httptest.ResponseRecorder { return get(app, path, cookie) }
	cookie := signIn(b, app, "manager@example.com")
	list := get("/cases?status=approved", cookie)
	id := caseLink.FindStringSubmatch(list.Body.String())
	if list.Code != http.StatusOK || id == nil {
		b.Fatalf("case list: %d", list.Code)
	}

	big := twentyItemCase(b, app)
	auditor := signIn(b, app, "auditor@example.com")
	for _, page := range []struct{ name, path, cookie string }{
		{"healthz", "/healthz", ""},
		{"case-list", "/cases", cookie},
		{"case-page", "/cases/" + id[1], cookie},
		{"case-page-20-items", "/cases/" + big, cookie},
		{"audit-trail", "/audit", auditor},
		{"audit-trail-deep", "/audit?before=1000", auditor},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				if rec := get(page.path, page.cookie); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, rec.Code)
				}
			}
		})
	}
}

// get serves path in process with the Cookie header cookie.
func get(app *testutil.App, path, cookie string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	app.Server.ServeHTTP(rec, req)
	return rec
}

// signIn signs in through the form, as a browser does, and returns the
// session's Cookie header.
func signIn(b testing.TB, app *testutil.App, email string) string {
	form := get(app, "/signin", "")
	token := csrfField.FindStringSubmatch(form.Body.String())
	if token == nil {
		b.Fatal("no CSRF token on /signin")
	}
	post := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/signin", strings.NewReader(url.Values{
		"email": {email}, "password": {demo.Password}, "csrf_token": {token[1]}}.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("Cookie", cookies(form.Result()))
	rec := httptest.NewRecorder()
	app.Server.ServeHTTP(rec, post)
	cookie := cookies(rec.Result())
	if rec.Code != http.StatusSeeOther || cookie == "" {
		b.Fatalf("sign in: %d", rec.Code)
	}
	return cookie
}

// twentyItemCase opens, as manager@example.com, a case to Brazil with 20
// items of the catalogue, half of them listed and covered by a licence of
// the company's, the Art. 4 questions answered: the case page then shows
// 20 determinations.
func twentyItemCase(b testing.TB, app *testutil.App) string {
	doc := app.StoreDocument(b, "licence.txt", "Export authorisation DE-BR-BENCH")
	_, err := app.Licensing.Create(app.SignedIn(b, "officer@example.com"), licensing.LicenceInput{Type: "global",
		Number: "DE-BR-BENCH", Authority: "BAFA", ValidFrom: app.DB.Now().Format(time.DateOnly), ValidUntil: app.DB.Now().AddDate(1, 0, 0).Format(time.DateOnly),
		Destinations: "BR", EntryCodes: "5A002.a", Limit: "10,000,000", Currency: "EUR", Document: &doc})
	if err != nil {
		b.Fatal(err)
	}
	f := app.ReadyCase(b, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details = cases.Input{Title: "Twenty lines", Destination: "BR", EndUserType: "private_company", EndUse: "Bank branch network."}
		s.Parties = []cases.PartyInput{{Role: "consignee", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"},
			{Role: "end_user", Name: "Rede Segura Ltda", Kind: "company", Country: "BR"}}
		s.Items = nil
		for i := range 20 {
			it := cases.ItemInput{Description: fmt.Sprintf("Line %02d", i+1), Quantity: "2", Unit: "pcs", Value: "1,000", Currency: "EUR"}
			if i%2 == 0 {
				it.Classification = "5A002.a"
			}
			s.Items = append(s.Items, it)
		}
	})
	return f.ID
}

func cookies(res *http.Response) string {
	defer io.Copy(io.Discard, res.Body)
	var parts []string
	for _, c := range res.Cookies() {
		if c.MaxAge >= 0 && c.Value != "" {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return strings.Join(parts, "; ")
}

// BenchmarkDossier serves the dossier of a case with 200 events (its notes
// rewritten again and again) in process, signed in as the auditor, and
// reports the 99th percentile beside the mean. Target: 50 ms.
//
//	go test -tags libsqlite3 -run '^$' -bench Dossier -benchtime 300x ./bench/
func BenchmarkDossier(b *testing.B) {
	app := testutil.NewApp(b)
	ctx := app.SignedIn(b, "manager@example.com")
	f := app.ReadyCase(b, "manager@example.com")
	for i := len(app.Case(b, f.ID).Timeline); i < 200; i++ {
		var err error
		if f, err = app.Cases.Update(ctx, f.ID, f.Version, cases.Input{Title: f.Title, Destination: "DE", EndUserType: f.EndUserType,
			EndUse: f.EndUse, Notes: fmt.Sprintf("Call with the customer, %d.", i)}); err != nil {
			b.Fatal(err)
		}
	}
	if n := len(app.Case(b, f.ID).Timeline); n != 200 {
		b.Fatalf("%d events, want 200", n)
	}
	cookie := signIn(b, app, "auditor@example.com")
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if rec := get(app, "/cases/"+f.ID+"/dossier", cookie); rec.Code != http.StatusOK {
			b.Fatalf("dossier: %d", rec.Code)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
