package testutil

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/vigil-icp/vigil/internal/db"
)

// TwoInstances returns two handles, each with its own connection pool, on
// one migrated database (a fresh PostgreSQL schema when
// VIGIL_TEST_POSTGRES_URL is set, else an SQLite file): what two instances of
// Vigil sharing a database see.
func TwoInstances(t testing.TB) (*db.DB, *db.DB) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "vigil.db")
	if base := PostgresURL(); base != "" {
		dsn = freshSchema(t, base)
	}
	var out [2]*db.DB
	for i := range out {
		d, err := db.Open(dsn)
		if err != nil {
			t.Fatalf("open database: %v", err)
		}
		t.Cleanup(func() { d.Close() })
		out[i] = d
	}
	if _, err := out[0].Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return out[0], out[1]
}
