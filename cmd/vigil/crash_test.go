package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// A write acknowledged to the browser is committed, and a process crash does
// not undo a commit. On PostgreSQL the server makes the commit durable before
// it answers. On SQLite (WAL, synchronous=NORMAL) a commit is in the WAL,
// written but not synced: a power loss may lose the last commits, a killed
// process does not, as what it wrote is in the operating system's cache and
// the next open replays the WAL.
func TestCrash_AcknowledgedWritesSurviveKillSQLite(t *testing.T) {
	dir := t.TempDir()
	crashAndRecover(t, site{filepath.Join(dir, "vigil.db"), dir})
}

func TestCrash_AcknowledgedWritesSurviveKillPostgres(t *testing.T) {
	crashAndRecover(t, site{testutil.FreshPostgres(t), t.TempDir()})
}

// ackedBeforeKill is how many acknowledged writes the load reaches before
// the kill: enough that several requests are in flight when it comes.
const ackedBeforeKill = 60

func crashAndRecover(t *testing.T, s site) {
	p := testutil.StartServe(t, s.env("VIGIL_DEMO=true")...)
	stop := make(chan struct{})
	a, done := writeLoad(t, p.URL, 4, stop)
	waitUntil(t, func() bool { return a.total() >= ackedBeforeKill })
	p.Kill() // kill -9 in the middle of the load
	close(stop)
	<-done
	if len(a.docs) == 0 {
		t.Fatal("no document upload was acknowledged: the load did not cover the files store")
	}
	t.Logf("killed with %d writes acknowledged: %d cases, %d with a document", a.total(), len(a.cases), len(a.docs))
	restarted := testutil.StartServe(t, s.env()...)
	checkAcked(t, a, s.dsn, s.dataDir)
	if out, err := testutil.RunVigil(t, s.env(), "audit", "verify"); err != nil || !strings.Contains(out, "chain intact") {
		t.Fatalf("audit verify after the crash: %v\n%s", err, out)
	}
	c := NewClient(restarted.URL)
	if err := c.SignIn("manager@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	after := &acked{cases: map[string]string{}, parties: map[string][]string{}, docs: map[string][]string{}}
	if err := writeCase(c, after, "After the crash"); err != nil || len(after.docs) != 1 {
		t.Fatalf("writing after the restart: %v, acknowledged %v %v", err, after.cases, after.docs)
	}
	if err := restarted.Stop(); err != nil {
		t.Fatalf("stop: %v\n%s", err, restarted.Out)
	}
	checkAcked(t, after, s.dsn, s.dataDir)
}

// waitUntil polls cond until it holds, failing the test after a minute.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the load")
		}
	}
}

// site is a Vigil installation a test runs processes on.
type site struct{ dsn, dataDir string }

func (s site) env(more ...string) []string {
	return append([]string{"VIGIL_DB=" + s.dsn, "VIGIL_DATA_DIR=" + s.dataDir}, more...)
}
