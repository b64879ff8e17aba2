package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver
)

// openSQLite opens the database file at p without migrating it.
func openSQLite(p string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+p+"?_busy_timeout=10000&_foreign_keys=on")
}

// copySQLite writes a consistent copy of the database at dsn to dst with
// VACUUM INTO: it reads the database in one read transaction, so the copy is
// the database as of one commit, and under WAL the server's writers carry on
// meanwhile. (The online backup API, stepped, restarts whenever another
// process writes, which under steady load may never finish; in one step it
// is the same single read transaction, with a driver connection to hold.)
// The copy has no WAL beside it and is compacted.
func copySQLite(ctx context.Context, dsn, dst string) (snapshot, error) {
	if _, err := os.Stat(dsn); err != nil {
		return snapshot{}, fmt.Errorf("the SQLite database: %w", err)
	}
	src, err := openSQLite(dsn)
	if err != nil {
		return snapshot{}, err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return snapshot{}, fmt.Errorf("copy the SQLite database: %w", err)
	}
	rows, err := sqliteRows(ctx, dst)
	return snapshot{file: dst, rows: rows}, err
}

// sqliteRows counts the rows of every table of the database file at p.
func sqliteRows(ctx context.Context, p string) (map[string]int64, error) {
	d, err := openSQLite(p)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	tables, err := names(ctx, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return countRows(ctx, d, tables, func(t string) string { return `"` + t + `"` })
}

// sqliteInUse reports whether the database at p has users or audit events;
// a missing file is empty.
func sqliteInUse(ctx context.Context, p string) (bool, error) {
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	d, err := openSQLite(p)
	if err != nil {
		return false, err
	}
	defer d.Close()
	tables, err := names(ctx, d, `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'audit_events')`)
	if err != nil {
		return false, err
	}
	return anyRows(ctx, d, tables, func(t string) string { return t })
}

// restoreSQLite checks the staged copy (integrity, row counts) and puts it
// in place of the database at dsn. The old database's WAL and shared-memory
// files go first: a WAL left beside the new file would be replayed into it.
func restoreSQLite(ctx context.Context, dsn, staged string, m Manifest) error {
	if err := checkSQLite(ctx, staged, m); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
		return err
	}
	next := dsn + ".restoring"
	if err := copyFile(staged, next); err != nil {
		os.Remove(next)
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dsn + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return os.Rename(next, dsn)
}

// checkSQLite refuses a staged database that SQLite finds damaged or whose
// tables do not hold the manifest's rows.
func checkSQLite(ctx context.Context, staged string, m Manifest) error {
	d, err := openSQLite(staged)
	if err != nil {
		return err
	}
	var verdict string
	err = d.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict)
	d.Close()
	if err != nil || verdict != "ok" {
		return fmt.Errorf("%w: the database copy fails SQLite's integrity check: %v %s", ErrDamaged, err, verdict)
	}
	rows, err := sqliteRows(ctx, staged)
	if err != nil {
		return err
	}
	if err := compareRows(m.Rows, rows); err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return nil
}

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// queryer is a database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// names returns the first column of query's rows.
func names(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// countRows counts the rows of each table, named in SQL by qualify.
func countRows(ctx context.Context, q queryer, tables []string, qualify func(string) string) (map[string]int64, error) {
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+qualify(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}

// anyRows reports whether any of the tables has a row.
func anyRows(ctx context.Context, q queryer, tables []string, qualify func(string) string) (bool, error) {
	for _, t := range tables {
		var one int
		err := q.QueryRowContext(ctx, "SELECT 1 FROM "+qualify(t)+" LIMIT 1").Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	return false, nil
}

// plainIdentifier reports whether s needs no quoting in SQL.
func plainIdentifier(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == "" && (s[0] < '0' || s[0] > '9')
}
