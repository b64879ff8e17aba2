package db_test

import (
	"context"
	"testing"

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
