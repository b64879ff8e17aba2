package db_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestMigrate_IsIdempotentAndCurrent(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := context.Background()
	n, err := d.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second migrate ran %d migrations: %v", n, err)
	}
	current, err := d.MigrationsCurrent(ctx)
	if err != nil || !current {
		t.Fatalf("current=%v err=%v", current, err)
	}
	for _, table := range []string{"users", "user_roles", "sessions", "signin_attempts", "audit_events", "audit_chain"} {
		if !d.Gorm.Migrator().HasTable(table) {
			t.Errorf("table %s missing", table)
		}
	}
}

func TestOpen_SQLiteSettings(t *testing.T) {
	if testutil.PostgresURL() != "" {
		t.Skip("SQLite only")
	}
	d := testutil.NewDB(t)
	var fk int
	var mode string
	d.Gorm.Raw("PRAGMA foreign_keys").Scan(&fk)
	d.Gorm.Raw("PRAGMA journal_mode").Scan(&mode)
	if fk != 1 || mode != "wal" {
		t.Errorf("foreign_keys=%d journal_mode=%s, want 1 and wal", fk, mode)
	}
	if err := d.Gorm.Exec("INSERT INTO user_roles (user_id, role, granted_at) VALUES ('nobody', 'staff', CURRENT_TIMESTAMP)").Error; err == nil {
		t.Error("foreign key not enforced")
	}
}

func TestNewID_IsTimeOrderedUUIDv7(t *testing.T) {
	a, b := db.NewID(), db.NewID()
	if len(a) != 36 || a[14] != '7' || a >= b {
		t.Errorf("ids %s, %s", a, b)
	}
}

// TestInTx_ManyWritersWhileTheWriterReadsElsewhere: more transactions at
// once than the pool has connections, each reading through another
// connection while it holds the write lock, as a case's gates do. Waiting
// writers must not hold the connections the writer needs: on SQLite they
// did, and every writer waited for the busy timeout ("database is locked").
func TestInTx_ManyWritersWhileTheWriterReadsElsewhere(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := context.Background()
	if err := d.Gorm.Exec("CREATE TABLE tally (n INTEGER NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	const writers = 80
	errs := make(chan error, writers)
	for range writers {
		go func() {
			errs <- d.InTx(ctx, func(tx *gorm.DB) error {
				if err := tx.Exec("INSERT INTO tally (n) VALUES (1)").Error; err != nil {
					return err
				}
				time.Sleep(2 * time.Millisecond) // the others pile up meanwhile
				var n int64
				return d.Gorm.WithContext(ctx).Raw("SELECT COUNT(*) FROM tally").Scan(&n).Error
			})
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var n int64
	if err := d.Gorm.Raw("SELECT COUNT(*) FROM tally").Scan(&n).Error; err != nil || n != writers {
		t.Errorf("%d rows (%v), want %d", n, err, writers)
	}
}
