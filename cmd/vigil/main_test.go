package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// vigil runs the command line in-process with env as the whole environment.
func vigil(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func tempEnv(t *testing.T) map[string]string {
	dir := t.TempDir()
	return map[string]string{"VIGIL_DB": filepath.Join(dir, "vigil.db"), "VIGIL_DATA_DIR": dir}
}

func TestAuditVerify_DemoDatabaseThenTamper(t *testing.T) {
	env := tempEnv(t)
	out, _, err := vigil(t, env, "", "seed", "--demo")
	if err != nil || !strings.Contains(out, "admin@example.com") {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	out, _, err = vigil(t, env, "", "audit", "verify")
	// One event for each demo user created.
	if err != nil || !regexp.MustCompile(`^`+strconv.Itoa(len(demo.Users))+` events, chain intact, head [0-9a-f]{64}\n$`).MatchString(out) {
		t.Fatalf("verify: %v %q", err, out)
	}

	d, err := db.Open(env["VIGIL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER audit_events_no_update",
		"UPDATE audit_events SET summary = 'Created nobody' WHERE seq = 4"} {
		if err := d.Gorm.Exec(s).Error; err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	out, _, err = vigil(t, env, "", "audit", "verify")
	var code exitCode
	if !errors.As(err, &code) || code != 1 || !strings.Contains(out, "chain broken at event 4") {
		t.Fatalf("after tamper: %v %q, want exit 1 naming event 4", err, out)
	}
}

func TestUserCreate_PasswordFromStdin(t *testing.T) {
	env := tempEnv(t)
	out, _, err := vigil(t, env, "a long admin password\n", "user", "create", "--email", "Root@Example.com", "--name", "Root", "--role", "admin", "--role", "auditor")
	if err != nil || !strings.Contains(out, "created user root@example.com") || !strings.Contains(out, "admin,auditor") {
		t.Fatalf("%v %q", err, out)
	}
	_, errOut, err := vigil(t, env, "short\n", "user", "create", "--email", "x@example.com", "--name", "X")
	if err == nil || !strings.Contains(errOut, "password: Use at least 12 characters.") {
		t.Fatalf("short password: %v %q", err, errOut)
	}
	_, errOut, err = vigil(t, env, "a long admin password\n", "user", "create", "--email", "y@example.com", "--name", "Y", "--role", "king")
	if err == nil || !strings.Contains(errOut, `unknown role "king"`) {
		t.Fatalf("bad role: %v %q", err, errOut)
	}
}

func TestBadSettingStopsStartUpNamingIt(t *testing.T) {
	tests := []struct{ env, value string }{
		{"VIGIL_ADDR", "no-port"},
		{"VIGIL_DEMO", "maybe"},
		{"VIGIL_SESSION_IDLE", "forever"},
		{"VIGIL_SESSION_KEY", "c2hvcnQ="},
		{"VIGIL_TLS_CERT", "/only/the/cert.pem"},
		{"VIGIL_METRICS_ADDR", "9090"},
		{"VIGIL_METRICS_TOKEN", "too short"},
	}
	for _, tc := range tests {
		env := tempEnv(t)
		env[tc.env] = tc.value
		_, _, err := vigil(t, env, "", "serve")
		if err == nil || !strings.Contains(err.Error(), tc.env) {
			t.Errorf("%s=%s: %v, want an error naming %s", tc.env, tc.value, err, tc.env)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	_, errOut, err := vigil(t, nil, "", "launch")
	var code exitCode
	if !errors.As(err, &code) || code != 2 || !strings.Contains(errOut, "Usage:") {
		t.Errorf("%v %q", err, errOut)
	}
	out, _, err := vigil(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "vigil ") {
		t.Errorf("version: %v %q", err, out)
	}
}

// serveDemo starts `vigil serve` in demo mode, as `make run` does, on the
// database of env. It returns the server's address, what it printed, and a
// stop function that cancels the context (SIGTERM) and waits for serve to
// return.
func serveDemo(t *testing.T, env map[string]string) (string, *testutil.LogBuffer, func()) {
	t.Helper()
	env["VIGIL_DEMO"] = "true"
	env["VIGIL_ADDR"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(t.Context())
	out := &testutil.LogBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), out, &bytes.Buffer{})
	}()
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	stop := func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v", err)
			}
		case <-time.After(35 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
	if base == "" {
		stop()
		t.Fatalf("server did not start: %q", out.String())
	}
	return base, out, stop
}

// TestServe_DemoStartsAndStopsGracefully runs the server as `make run` does,
// signs in over HTTP, and stops it by cancelling the context (SIGTERM).
func TestServe_DemoStartsAndStopsGracefully(t *testing.T) {
	env := tempEnv(t)
	base, out, stop := serveDemo(t, env)
	if !strings.Contains(out.String(), "manager2@example.com") ||
		!strings.Contains(out.String(), "lapsed.manager@example.com  export_manager (mandatory training lapsed: approvals are refused)") {
		t.Errorf("demo sign-ins not printed: %q", out.String())
	}
	res, err := http.Get(base + "/signin")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page: %v", err)
	}
	res.Body.Close()
	stop()
	if _, err := os.Stat(filepath.Join(env["VIGIL_DATA_DIR"], "session.key")); err != nil {
		t.Errorf("no generated session key: %v", err)
	}
}

// TestServe_MetricsOnTheirOwnAddress: VIGIL_METRICS_ADDR serves the
// metrics there without a token, and the main address still answers 404.
func TestServe_MetricsOnTheirOwnAddress(t *testing.T) {
	env := tempEnv(t)
	env["VIGIL_METRICS_ADDR"] = "127.0.0.1:0"
	base, out, stop := serveDemo(t, env)
	defer stop()
	addr := regexp.MustCompile(`Metrics on (http://127\.0\.0\.1:\d+/metrics)`).FindStringSubmatch(out.String())
	if addr == nil {
		t.Fatalf("metrics address not printed: %q", out.String())
	}
	for url, want := range map[string]int{addr[1]: http.StatusOK, base + "/metrics": http.StatusNotFound} {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || (want == http.StatusOK) != strings.Contains(string(body), "vigil_audit_chain_length") {
			t.Errorf("GET %s: %d, want %d", url, res.StatusCode, want)
		}
	}
}

// TestServe_DemoStartKeepsTheImportedOfficialList imports the real OFAC SDN
// files, then starts the demo on that database before any user exists: the
// demonstration list is seeded as a list of its own, and the real SDN
// version stays the one in use.
func TestServe_DemoStartKeepsTheImportedOfficialList(t *testing.T) {
	env := tempEnv(t)
	small := filepath.Join(testutil.SanctionsData(t), "ofac", "small")
	out, _, err := vigil(t, env, "", "lists", "import", "--source", "us-ofac-sdn", filepath.Join(small, "sdn.csv"),
		filepath.Join(small, "add.csv"), filepath.Join(small, "alt.csv"), filepath.Join(small, "sdn_comments.csv"))
	real := regexp.MustCompile(`^imported us-ofac-sdn: 17 entries \(17 new, 0 removed, 0 changed\), version (\S+)\n$`).FindStringSubmatch(out)
	if err != nil || real == nil {
		t.Fatalf("import: %v %q", err, out)
	}
	_, _, stop := serveDemo(t, env) // serves once the first start's seeding is done
	stop()

	d, err := db.Open(env["VIGIL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	versions, err := screening.NewLists(d).Versions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var sdn, dm []screening.Version
	for _, v := range versions {
		switch v.Source {
		case watchlist.OFACSDN:
			sdn = append(sdn, v)
		case watchlist.Demo:
			dm = append(dm, v)
		}
	}
	if len(sdn) != 1 || sdn[0].ID != real[1] || !sdn[0].Active || sdn[0].EntryCount != 17 {
		t.Errorf("OFAC SDN versions %+v, want only %s, in use, with 17 entries", sdn, real[1])
	}
	if len(dm) != 1 || !dm[0].Active || dm[0].EntryCount != 10 || len(versions) != 2 {
		t.Errorf("demonstration versions %+v of %d in all, want one of 10 entries", dm, len(versions))
	}
}

func TestListsImport_RealFilesAndMalformedOnes(t *testing.T) {
	env := tempEnv(t)
	data := "../../../shared/data/sanctions/"
	if _, err := os.Stat(data); err != nil {
		t.Skip("the shared list files are not here")
	}
	out, _, err := vigil(t, env, "", "lists", "import", "--source", "us-ofac-sdn", data+"ofac/2024-05-03/sdn.csv",
		data+"ofac/2025-02-satellites/add.csv", data+"ofac/2025-02-satellites/alt.csv", data+"ofac/2025-02-satellites/sdn_comments.csv")
	if err != nil || !strings.Contains(out, "imported us-ofac-sdn: 14965 entries (14965 new, 0 removed, 0 changed)") {
		t.Fatalf("%v %q", err, out)
	}
	for _, tc := range []struct{ source, file, want string }{
		{"us-ofac-cons", "ofac/non-sdn-2025/cons_prim.csv", "442 entries"},
		{"us-csl", "us-csl/consolidated.csv", "14160 entries"},
		{"un", "un/consolidated.xml", "1003 entries"},
		{"eu", "fixtures/eu/fsf-1.1-sample.xml", "5 entries"},
		{"uk", "fixtures/uk/fcdo-sample.xml", "5 entries"},
	} {
		out, _, err := vigil(t, env, "", "lists", "import", "--source", tc.source, data+tc.file)
		if err != nil || !strings.Contains(out, tc.want) {
			t.Errorf("%s: %v %q", tc.source, err, out)
		}
	}
	_, errOut, err := vigil(t, env, "", "lists", "import", "--source", "us-ofac-sdn", data+"malformed/sdn.csv")
	var code exitCode
	if !errors.As(err, &code) || code != 1 || !strings.Contains(errOut, "malformed/sdn.csv, line 7380") {
		t.Fatalf("malformed: %v %q", err, errOut)
	}
	d, err := db.Open(env["VIGIL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var active int64
	d.Gorm.Raw("SELECT entry_count FROM list_versions WHERE source = 'us-ofac-sdn' AND active = ?", true).Scan(&active)
	if active != 14965 {
		t.Errorf("active SDN version has %d entries after the refused import, want 14965", active)
	}
	if out, _, err := vigil(t, env, "", "audit", "verify"); err != nil || !strings.Contains(out, "chain intact") {
		t.Errorf("audit: %v %q", err, out)
	}
}
