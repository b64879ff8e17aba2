// Package testutil gives tests a real, migrated database — SQLite in a
// temporary directory, or a fresh PostgreSQL schema when
// VIGIL_TEST_POSTGRES_URL is set — and a complete application around it.
package testutil

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver to create and drop test schemas

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/config"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/testdata"
	"github.com/vigil-icp/vigil/web"
)

// PostgresURL returns the PostgreSQL server tests run against, or "" for SQLite.
func PostgresURL() string { return strings.TrimSpace(os.Getenv("VIGIL_TEST_POSTGRES_URL")) }

// NewDB returns a migrated database that is dropped when the test ends.
func NewDB(t testing.TB) *db.DB {
	t.Helper()
	d, _ := newMigrated(t)
	return d
}

// newMigrated returns a migrated database of the test's own and its address:
// an SQLite file, or a copy of the migrated template database when
// VIGIL_TEST_POSTGRES_URL is set.
func newMigrated(t testing.TB) (*db.DB, string) {
	t.Helper()
	if base := PostgresURL(); base != "" {
		dsn := migratedPostgres(t, base)
		return openDSN(t, dsn), dsn
	}
	dsn := newDSN(t)
	d := openDSN(t, dsn)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d, dsn
}

// OpenDB returns an empty database, not migrated, that is dropped when the
// test ends: for tests of a migration on data written before it.
func OpenDB(t testing.TB) *db.DB {
	t.Helper()
	return openDSN(t, newDSN(t))
}

// newDSN names a database of the test's own: an SQLite file, or a fresh
// PostgreSQL schema when VIGIL_TEST_POSTGRES_URL is set.
func newDSN(t testing.TB) string {
	if base := PostgresURL(); base != "" {
		return freshSchema(t, base)
	}
	return filepath.Join(t.TempDir(), "vigil.db")
}

// openDSN opens dsn with a connection pool of its own, closed when the test
// ends.
func openDSN(t testing.TB, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// freshSchema creates a schema of its own for one test and returns a URL
// whose connections use it; the schema is dropped afterwards.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("vigil_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres: create schema (is VIGIL_TEST_POSTGRES_URL right?): %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("postgres: drop schema: %v", err)
		}
	})
	// The schema's name needs no escaping; the base URL names no
	// search_path of its own.
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// SessionKey is the tests' session key, which the second-factor secrets
// are sealed under too.
var SessionKey = []byte("0123456789abcdef0123456789abcdef")

// FastPasswords are cheap argon2id parameters: hashing in tests stays quick,
// and the code path is the same as in production.
var FastPasswords = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// NewAuth returns the auth service over d with test settings.
func NewAuth(d *db.DB) *auth.Service { return newAuth(d, false) }

func newAuth(d *db.DB, noLocalPasswords bool) *auth.Service {
	return auth.NewService(d, auth.Settings{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 8 * time.Hour,
		NoLocalPasswords: noLocalPasswords, SessionKey: SessionKey}).WithPasswordParams(FastPasswords)
}

// App is a complete Vigil over a fresh database, with the demo users.
type App struct {
	*app.Services
	Server *web.Server
	Config config.Config
	Log    *LogBuffer // everything the server logged
	dsn    string
}

// LogBuffer collects output (logs, a server's standard output) safely across goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns what was logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// MetricsToken opens /metrics on the applications NewApp builds.
const MetricsToken = "metrics-token-for-tests-0123456789abcdef"

// NewApp builds the application as `vigil serve --demo` does, with /metrics
// open to MetricsToken.
func NewApp(t testing.TB) *App {
	t.Helper()
	return NewAppWith(t, nil)
}

// NewAppWith is NewApp with the settings of env (VIGIL_* names) on top of
// the test defaults, such as those of single sign-on; the metrics token is
// MetricsToken unless env sets VIGIL_METRICS_TOKEN.
func NewAppWith(t testing.TB, env map[string]string) *App {
	t.Helper()
	d, dsn := newMigrated(t)
	cfg, err := config.Load(nil, func(k string) string {
		if v, ok := env[k]; ok || k != "VIGIL_METRICS_TOKEN" {
			return v
		}
		return MetricsToken
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Demo = true
	cfg.SessionKey = SessionKey
	cfg.DataDir = t.TempDir()
	a := newAuth(d, !cfg.LocalPasswords)
	if _, err := demo.Seed(context.Background(), a); err != nil {
		t.Fatalf("seed: %v", err)
	}
	logs := &LogBuffer{}
	store, err := files.NewStore(filepath.Join(cfg.DataDir, "attachments"))
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(d, a, store)
	t.Cleanup(svc.Screening.WaitRescreen)
	if err := demo.SeedTraining(context.Background(), d, svc.Training); err != nil {
		t.Fatalf("seed training: %v", err)
	}
	if err := demo.SeedGovernance(context.Background(), d, svc.Governance); err != nil {
		t.Fatalf("seed governance: %v", err)
	}
	if err := demo.SeedLists(context.Background(), svc.Screening.Lists); err != nil {
		t.Fatalf("seed lists: %v", err)
	}
	if err := demo.SeedExporter(context.Background(), d); err != nil {
		t.Fatalf("seed exporter: %v", err)
	}
	if _, err := svc.Screening.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{Services: svc, Config: cfg, Logger: slog.New(slog.NewJSONHandler(logs, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return &App{Services: svc, Server: srv, Config: cfg, Log: logs, dsn: dsn}
}

// SanctionsData returns the directory of the official list files kept beside
// the repository, or skips the test when they are not there: they are not
// part of the project.
func SanctionsData(tb testing.TB) string {
	tb.Helper()
	d, err := testdata.SanctionsDir()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		tb.Skipf("the official list files are not at %s", d)
	}
	return d
}
