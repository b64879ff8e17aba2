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
	d := OpenDB(t)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

// OpenDB returns an empty database, not migrated, that is dropped when the
// test ends: for tests of a migration on data written before it.
func OpenDB(t testing.TB) *db.DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "vigil.db")
	if base := PostgresURL(); base != "" {
		dsn = freshSchema(t, base)
	}
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

// FastPasswords are cheap argon2id parameters: hashing in tests stays quick,
// and the code path is the same as in production.
var FastPasswords = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// NewAuth returns the auth service over d with test settings.
func NewAuth(d *db.DB) *auth.Service {
	return auth.NewService(d, auth.Settings{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 8 * time.Hour}).
		WithPasswordParams(FastPasswords)
}

// App is a complete Vigil over a fresh database, with the demo users.
type App struct {
	*app.Services
	Server *web.Server
	Config config.Config
	Log    *LogBuffer // everything the server logged
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

// NewAppWith builds the application as NewApp does, with the configuration
// changed by edit first (nil changes nothing).
func NewAppWith(t testing.TB, edit func(*config.Config)) *App {
	t.Helper()
	d := NewDB(t)
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Demo = true
	cfg.SessionKey = []byte("0123456789abcdef0123456789abcdef")
	cfg.DataDir = t.TempDir()
	cfg.MetricsToken = MetricsToken
	if edit != nil {
		edit(&cfg)
	}
	a := NewAuth(d)
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
	return &App{Services: svc, Server: srv, Config: cfg, Log: logs}
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
