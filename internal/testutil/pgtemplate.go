package testutil

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vigil-icp/vigil/internal/db"
)

// Migrating a PostgreSQL database takes seconds (every migration commits on
// its own), and most tests want a migrated one. So each test process migrates
// one template database and gives every test a copy of it (CREATE DATABASE
// … TEMPLATE), which costs a fraction of that.
//
// The process holds a session advisory lock on its own key, which its
// databases are named after (vigil_tpl_KEY, vigil_t_KEY_N): a database whose
// key nobody holds belongs to a process that has ended, perhaps killed before
// it could drop it, and is dropped by the next process that makes a template.
var pgTemplate struct {
	once  sync.Once
	admin *sql.DB
	key   int64
	name  string
	err   error
	n     atomic.Int64
}

// migratedPostgres returns the URL of a new database, migrated, on the
// server at base; it is dropped when the test ends.
func migratedPostgres(t testing.TB, base string) string {
	t.Helper()
	pgTemplate.once.Do(func() { pgTemplate.err = makeTemplate(base) })
	if pgTemplate.err != nil {
		t.Fatalf("postgres template (is VIGIL_TEST_POSTGRES_URL right?): %v", pgTemplate.err)
	}
	name := fmt.Sprintf("vigil_t_%d_%d", pgTemplate.key, pgTemplate.n.Add(1))
	if _, err := pgTemplate.admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + pgTemplate.name); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	// Dropping takes a while and nothing waits for it: a database this
	// process did not get to drop goes with the next process's template.
	t.Cleanup(func() { go pgTemplate.admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return testDatabaseURL(base, name)
}

// makeTemplate takes this process's key, drops the databases of ended
// processes and creates and migrates the template.
func makeTemplate(base string) error {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	ctx := context.Background()
	// The lock lives as long as this connection, which lives as long as the
	// process: it is never returned to the pool.
	held, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	key := rand.Int64N(1 << 53)
	if _, err := held.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return err
	}
	if err := dropAbandoned(ctx, admin, key); err != nil {
		return err
	}
	name := fmt.Sprintf("vigil_tpl_%d", key)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		return err
	}
	d, err := db.Open(testDatabaseURL(base, name))
	if err != nil {
		return err
	}
	_, err = d.Migrate(ctx)
	d.Close()
	if err != nil {
		return err
	}
	pgTemplate.admin, pgTemplate.key, pgTemplate.name = admin, key, name
	return nil
}

// dropAbandoned drops the test databases whose process no longer holds its key.
func dropAbandoned(ctx context.Context, admin *sql.DB, own int64) error {
	rows, err := admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'vigil\_t%'`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	probe, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer probe.Close()
	for _, n := range names {
		key, ok := databaseKey(n)
		if !ok || key == own {
			continue
		}
		var free bool
		if err := probe.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue
		}
		if _, err := probe.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
			return err
		}
		// Another process may be dropping it too.
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
	}
	return nil
}

// databaseKey is the process key in a test database's name.
func databaseKey(name string) (int64, bool) {
	rest, ok := strings.CutPrefix(name, "vigil_tpl_")
	if !ok {
		if rest, ok = strings.CutPrefix(name, "vigil_t_"); !ok {
			return 0, false
		}
		rest, _, _ = strings.Cut(rest, "_")
	}
	key, err := strconv.ParseInt(rest, 10, 64)
	return key, err == nil
}

// testDatabaseURL returns base with its database replaced by name, whose
// commits do not wait for the disk: a test's data need not outlive a crash
// of the database server, and every test commits many times.
func testDatabaseURL(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
