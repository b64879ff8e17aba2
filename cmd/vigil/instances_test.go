package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"path/filepath"
	"testing"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// cluster is two `vigil serve` processes on one PostgreSQL schema with one
// session key and one data directory, and the test's own services on the
// same database.
type cluster struct {
	url, dataDir string
	env          []string
	one, two     *testutil.Process
	db           *db.DB
	svc          *app.Services
}

// startCluster starts the first instance with the demo, waits until it has
// seeded, opens the services on its database, runs prepare, then starts the
// second instance.
func startCluster(t *testing.T, prepare func(*cluster)) *cluster {
	c := &cluster{url: testutil.FreshPostgres(t), dataDir: t.TempDir()}
	key := make([]byte, 32)
	rand.Read(key)
	auditKey := filepath.Join(t.TempDir(), "audit.key")
	if _, err := audit.GenerateKey(auditKey); err != nil {
		t.Fatal(err)
	}
	c.env = []string{"VIGIL_DB=" + c.url, "VIGIL_DATA_DIR=" + c.dataDir, "VIGIL_SESSION_KEY=" + base64.StdEncoding.EncodeToString(key),
		"VIGIL_LISTS_POLL=1s", "VIGIL_AUDIT_KEY=" + auditKey}
	c.one = testutil.StartServe(t, append(c.env, "VIGIL_DEMO=true")...) // serves once seeded
	d, err := db.Open(c.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	store, err := files.NewStore(filepath.Join(c.dataDir, "attachments"))
	if err != nil {
		t.Fatal(err)
	}
	c.db, c.svc = d, app.New(d, testutil.NewAuth(d), store)
	t.Cleanup(c.svc.Screening.WaitRescreen)
	if _, err := c.svc.Screening.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	prepare(c)
	c.two = testutil.StartServe(t, c.env...)
	return c
}

// instance returns the address of the instance that serves request i.
func (c *cluster) instance(i int) string {
	if i%2 == 0 {
		return c.one.URL
	}
	return c.two.URL
}

func (c *cluster) count(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := c.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestInstances_TwoServersShareOnePostgres runs two instances of Vigil on
// one database, as behind a load balancer, and checks that what they do at
// once is done once: a session started on one continues on the other,
// approvals and new cases sent to both at once each take effect exactly
// once and shows on both (neither keeps a stale page or list), references stay unique and gap-free, the audit chain stays intact
// and contiguous, the audit checkpoint is signed by one instance, and a new
// list version is used by both but re-screened by one.
func TestInstances_TwoServersShareOnePostgres(t *testing.T) {
	const approvals, creations = 12, 20
	var ready []*cases.Case
	c := startCluster(t, func(c *cluster) { ready = readyForApproval(t, c, approvals) })
	b := newBrowser(t)
	sessionContinues(t, c, b)
	pagesShowStatus(t, c, b, ready, nil, cases.Submitted) // and caches them on both
	listShows(t, c, b, 0)
	approved := approveAtOnce(t, c, b, ready)
	pagesShowStatus(t, c, b, ready, approved, cases.Approved)
	listShows(t, c, b, approvals)
	created := createAtOnce(t, c, b, creations)
	checkApprovals(t, c, ready, approved)
	checkCreations(t, c, created)
	checkReferences(t, c)
	checkAuditChain(t, c)
	if n := c.count(t, "SELECT COUNT(*) FROM audit_checkpoints"); n != 1 {
		t.Errorf("%d audit checkpoints signed at start, want 1: the second instance signs none while the first holds the lease", n)
	}
	newListVersion(t, c, b)
}
