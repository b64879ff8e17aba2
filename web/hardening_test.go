package web_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/web"
)

// streamedUpload is a multipart form written only as the server reads it, so
// a test sees how much of it the server read.
type streamedUpload struct {
	pr          *io.PipeReader
	read        atomic.Int64
	contentType string
}

func newStreamedUpload(fields map[string]string, fileField string, size int64) *streamedUpload {
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() {
		for k, v := range fields {
			w.WriteField(k, v)
		}
		part, err := w.CreateFormFile(fileField, "upload.txt")
		if err == nil {
			_, err = io.Copy(part, text(size))
		}
		if err != nil {
			return // the server stopped reading
		}
		pw.CloseWithError(w.Close())
	}()
	return &streamedUpload{pr: pr, contentType: w.FormDataContentType()}
}

func (u *streamedUpload) Read(p []byte) (int, error) {
	n, err := u.pr.Read(p)
	u.read.Add(int64(n))
	return n, err
}

func (u *streamedUpload) Close() error { return u.pr.CloseWithError(io.ErrClosedPipe) }

// signedInVisitors signs in the demo users named by the part of their email
// before the @, each in a browser of their own.
func signedInVisitors(t *testing.T, ts *httptest.Server, who ...string) map[string]*visitor {
	t.Helper()
	out := map[string]*visitor{}
	for _, w := range who {
		out[w] = newVisitor(t, ts)
		out[w].signIn(w + "@example.com")
	}
	return out
}

// entries lists what dir holds.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

// TestUploads_BodyReadOnlyAfterAccessAndNoTemporaryFileLeft: nobody who may
// not use a route makes Vigil read what they send, and every multipart
// temporary file is gone when the request ends, accepted or refused. The
// requests go straight to the handler, without net/http's own clean-up.
func TestUploads_BodyReadOnlyAfterAccessAndNoTemporaryFileLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where mime/multipart spools files
	app, ts := newServer(t)
	ctx := app.SignedIn(t, "manager@example.com")
	f, err := app.Cases.Create(ctx, cases.Input{Title: "Uploads"})
	if err != nil {
		t.Fatal(err)
	}
	visitors := signedInVisitors(t, ts, "staff", "manager", "admin")
	tsURL, _ := url.Parse(ts.URL)
	attach := "/cases/" + f.ID + "/attachments"
	const anyAmount = -1
	tests := []struct {
		name, who, path string
		forged          bool
		size            int64
		status          int
		maxRead         int64
	}{
		{"anonymous list upload", "", "/lists", false, 50 << 20, http.StatusSeeOther, 0},
		{"anonymous attachment", "", attach, false, 5 << 20, http.StatusSeeOther, 0},
		{"anonymous files to the sign-in form", "", "/signin", false, 5 << 20, http.StatusUnsupportedMediaType, 0},
		{"staff list upload", "staff", "/lists", false, 50 << 20, http.StatusForbidden, 0},
		{"manager list upload", "manager", "/lists", false, 50 << 20, http.StatusForbidden, 0},
		{"files to a form that takes none", "manager", "/cases/" + f.ID, false, 5 << 20, http.StatusUnsupportedMediaType, 0},
		{"list upload with a forged form token", "admin", "/lists", true, 5 << 20, http.StatusForbidden, anyAmount},
		{"attachment far beyond the limit", "manager", attach, false, 30 << 20, http.StatusRequestEntityTooLarge, 25 << 20},
		{"attachment the store refuses", "manager", attach, false, 20<<20 + 1, http.StatusUnprocessableEntity, anyAmount},
		{"attachment accepted", "manager", attach, false, 5 << 20, http.StatusSeeOther, anyAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields := map[string]string{"doc_kind": "contract", "source": "us-ofac-sdn"}
			vis := visitors[tc.who]
			if vis != nil {
				cur, _ := app.Cases.Get(ctx, f.ID)
				fields["version"] = v(cur)
				fields["csrf_token"] = vis.csrf("/account")
			}
			if tc.forged {
				fields["csrf_token"] = "forged"
			}
			body := newStreamedUpload(fields, "file", tc.size)
			defer body.Close()
			req := httptest.NewRequest(http.MethodPost, tc.path, body)
			req.Header.Set("Content-Type", body.contentType)
			if vis != nil {
				for _, c := range vis.c.Jar.Cookies(tsURL) {
					req.AddCookie(c)
				}
			}
			rec := httptest.NewRecorder()
			app.Server.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
			if read := body.read.Load(); tc.maxRead != anyAmount && read > tc.maxRead {
				t.Errorf("the server read %d bytes of the body, want at most %d", read, tc.maxRead)
			}
			if left := entries(t, tmp); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	if got, _ := app.Cases.Get(ctx, f.ID); len(got.Attachments) != 1 {
		t.Errorf("%d attachments, want the one accepted", len(got.Attachments))
	}
	// Through net/http as a browser sends it: the server's own clean-up does
	// not reach the form that middleware parsed on a copy of the request.
	manager := visitors["manager"]
	cur, _ := app.Cases.Get(ctx, f.ID)
	if res := upload(t, manager, f.ID, v(cur), "contract", "contract.txt", text(5<<20)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload through the server: %d", res.StatusCode)
	}
	if left := entries(t, tmp); len(left) > 0 {
		t.Errorf("temporary files left after an upload through the server: %v", left)
	}
}

// TestRefusals_AnonymousAreCountedNotChained: refused requests of visitors
// who are not signed in are counted and logged once a minute, not chained
// into the audit trail; a signed-in user's refusal is, with the path cut.
func TestRefusals_AnonymousAreCountedNotChained(t *testing.T) {
	app, ts := newServer(t)
	before, _, _ := audit.Head(t.Context(), app.DB.Gorm)
	long := strings.Repeat("a", 500<<10)
	anon := newVisitor(t, ts)
	for range 20 {
		if res := anon.post("/signin?next=/"+long, url.Values{"email": {"x@example.com"}, "password": {"guess"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("sign-in without its form token: %d, want 403", res.StatusCode)
		}
		if res := anon.post("/"+long, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("post to a long address: %d, want 404", res.StatusCode)
		}
		if res := anon.post("/cases/"+long+"/submit", nil); !sentToSignIn(res) {
			t.Fatalf("post to a case: %d, want sent to sign in", res.StatusCode)
		}
	}
	if after, _, _ := audit.Head(t.Context(), app.DB.Gorm); after != before {
		t.Errorf("the audit trail grew from %d to %d events with anonymous refusals", before, after)
	}
	if n := strings.Count(app.Log.String(), "refused requests of visitors not signed in"); n != 1 {
		t.Errorf("%d log lines about anonymous refusals, want 1 within a minute", n)
	}
	for line := range strings.Lines(app.Log.String()) {
		if len(line) > 4<<10 {
			t.Errorf("a log line of %d bytes: %.200s…", len(line), line)
			break
		}
	}

	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	if res := staff.get("/admin/users/" + long); res.StatusCode != http.StatusForbidden {
		t.Fatalf("staff opening a user: %d, want 403", res.StatusCode)
	}
	events, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "access.denied"})
	if err != nil || len(events) != 1 {
		t.Fatalf("%d access.denied events (%v), want the staff member's one", len(events), err)
	}
	e := events[0]
	if e.ActorEmail != "staff@example.com" || e.ObjectID != "GET /admin/users/:id" ||
		utf8.RuneCountInString(e.Summary) > audit.MaxText+50 || !strings.Contains(e.Summary, "[cut") {
		t.Errorf("event %s by %s, summary of %d characters: %.100s", e.ObjectID, e.ActorEmail, len(e.Summary), e.Summary)
	}

	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if page := auditor.get("/audit").Body; !strings.Contains(page, "Not in the trail: 20 refused requests") {
		t.Error("the audit page does not say how many anonymous refusals were left out")
	}
}

// TestCaseList_LinksCarryOnlyItsFilters: what one visitor puts in the
// address never reaches another's page through the page cache.
func TestCaseList_LinksCarryOnlyItsFilters(t *testing.T) {
	app, ts := newServer(t)
	ctx := app.SignedIn(t, "manager@example.com")
	for range 30 { // two pages
		if _, err := app.Cases.Create(ctx, cases.Input{Title: "Filler"}); err != nil {
			t.Fatal(err)
		}
	}
	auditor, officer := newVisitor(t, ts), newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	officer.signIn("officer@example.com") // sees the same page as the auditor
	poisoned := auditor.get("/cases?zz=POISONED&next=%2F%2Fevil.example")
	plain := officer.get("/cases")
	for who, res := range map[string]response{"auditor": poisoned, "officer": plain} {
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `href="/cases?page=2"`) {
			t.Errorf("%s: %d, want the list with a plain link to page 2", who, res.StatusCode)
		}
		if strings.Contains(res.Body, "POISONED") || strings.Contains(res.Body, "evil.example") {
			t.Errorf("%s's case list carries parameters that are no filter", who)
		}
	}
	filtered := officer.get("/cases?status=draft&q=Filler&zz=1")
	if !strings.Contains(filtered.Body, `href="/cases?page=2&amp;q=Filler&amp;status=draft"`) || strings.Contains(filtered.Body, "zz=") {
		t.Error("the pager does not keep the filters, or keeps an unknown parameter")
	}
}

// TestFilters_LongSearchTextIsRefusedClearly: search text beyond
// db.MaxSearch is refused with 422 and a message, on every page that reads
// one, and the limit itself is accepted.
func TestFilters_LongSearchTextIsRefusedClearly(t *testing.T) {
	app, ts := newServer(t)
	f, err := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Search"})
	if err != nil {
		t.Fatal(err)
	}
	visitors := signedInVisitors(t, ts, "manager", "auditor", "officer")
	tests := []struct{ who, path string }{
		{"manager", "/cases?q="},
		{"auditor", "/audit?q="},
		{"auditor", "/audit?action="},
		{"manager", "/cases/" + f.ID + "?party_q="},
		{"manager", "/cases/" + f.ID + "/party-suggestions?party_q="},
		{"officer", "/countries?q="},
	}
	for _, tc := range tests {
		if res := visitors[tc.who].get(tc.path + strings.Repeat("x", 300)); res.StatusCode != http.StatusOK {
			t.Errorf("%s300 characters: %d, want 200", tc.path, res.StatusCode)
		}
		res := visitors[tc.who].get(tc.path + strings.Repeat("x", 50_000))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Search for at most 300 characters.") {
			t.Errorf("%s50,000 characters: %d, want 422 with the limit", tc.path, res.StatusCode)
		}
	}
}

// TestFilters_PageNumbers: a page number that is no whole number from 1 is
// refused, not read as some other number; one beyond the last page shows the
// last.
func TestFilters_PageNumbers(t *testing.T) {
	_, ts := newServer(t)
	manager, auditor := newVisitor(t, ts), newVisitor(t, ts)
	manager.signIn("manager@example.com")
	auditor.signIn("auditor@example.com")
	for _, path := range []string{"/cases?page=99999999999999999999", "/cases?page=0", "/cases?page=two"} {
		res := manager.get(path)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "The page in the address must be a whole number from 1.") {
			t.Errorf("%s: %d, want 422 naming the page", path, res.StatusCode)
		}
	}
	if res := manager.get("/cases?page=9999"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Page 1 of 1") {
		t.Errorf("a page beyond the last: %d, want the last page", res.StatusCode)
	}
	if res := auditor.get("/audit?before=soon"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("/audit?before=soon: %d, want 422", res.StatusCode)
	}
}

// TestSession_HTTPSSettingForcesSecureCookiesAndHSTS: behind a proxy that
// ends TLS, VIGIL_HTTPS makes every cookie Secure and sends HSTS, even to a
// request that arrives as plain HTTP on localhost.
func TestSession_HTTPSSettingForcesSecureCookiesAndHSTS(t *testing.T) {
	app, _ := newServer(t)
	deps := app.Server.Deps
	deps.Config.HTTPS = true
	srv, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"localhost:8080", "vigil.example.com"} {
		req := httptest.NewRequest(http.MethodGet, "/signin", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if c := sessionCookie(t, response{Response: rec.Result()}); !c.Secure {
			t.Errorf("host %s: the session cookie is not Secure", host)
		}
		if rec.Header().Get("Strict-Transport-Security") == "" {
			t.Errorf("host %s: no HSTS", host)
		}
	}
}
