package testutil

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/db"
)

// TwoInstances returns two handles, each with its own connection pool, on
// one migrated database (a PostgreSQL database of its own when
// VIGIL_TEST_POSTGRES_URL is set, else an SQLite file): what two instances of
// Vigil sharing a database see.
func TwoInstances(t testing.TB) (*db.DB, *db.DB) {
	t.Helper()
	d, dsn := newMigrated(t)
	return d, openDSN(t, dsn)
}

// Instance returns the services of a second instance of the app: its own
// connection pool on the same database and the same files store, its
// screening index loaded.
func (a *App) Instance(t testing.TB) *app.Services {
	t.Helper()
	d := openDSN(t, a.dsn)
	svc := app.New(d, NewAuth(d), a.Files)
	t.Cleanup(svc.Screening.WaitRescreen)
	if _, err := svc.Screening.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return svc
}
