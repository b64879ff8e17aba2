// Package migrations embeds Vigil's schema as goose-annotated SQL that runs
// unchanged on SQLite and PostgreSQL. The few statements the two engines
// spell differently (triggers) are Go migrations chosen by dialect.
package migrations

import (
	"context"
	"database/sql"
	"embed"

	"github.com/pressly/goose/v3"
)

// FS holds the portable SQL migrations.
//
//go:embed *.sql
var FS embed.FS

// DialectMigrations returns the Go migrations for one engine.
func DialectMigrations(postgres bool) []*goose.Migration {
	auditAppendOnly := sqliteAuditAppendOnly
	if postgres {
		auditAppendOnly = postgresAuditAppendOnly
	}
	return []*goose.Migration{
		goose.NewGoMigration(2, execAll(auditAppendOnly), nil),
	}
}

func execAll(stmts []string) *goose.GoFunc {
	return &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}}
}

// The audit trail is append-only: the database itself refuses to change or
// remove an event, whatever code or person issues the statement.
var sqliteAuditAppendOnly = []string{
	`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
	 BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
	`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
	 BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
}

var postgresAuditAppendOnly = []string{
	`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
	 BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
	`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
	 FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
	`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
	 FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
}
