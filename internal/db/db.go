// Package db opens Vigil's database (embedded SQLite or PostgreSQL), runs the
// embedded migrations and offers the one transaction helper every service uses.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/migrations"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database with its dialect and the clock services use, so
// tests can fix time.
type DB struct {
	Gorm    *gorm.DB
	Dialect Dialect
	Now     func() time.Time
	sql     *sql.DB
	stmts   sync.Map // query text → *sql.Stmt, for QueryRow
	stop    chan struct{}
	stopped sync.WaitGroup
	closing sync.Once
	// writer is the process's one write turn, taken by InTx before its
	// transaction begins (see awaitWriter).
	writer chan struct{}
}

// sqliteDriver is the SQLite driver with Vigil's connection set-up: no
// automatic WAL checkpoints. SQLite would run one inside whichever commit
// finds the log over its limit, adding milliseconds to that request; a
// background checkpointer (see checkpoint) does the work instead.
const sqliteDriver = "sqlite3_vigil"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
		return err
	}})
}

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database file.
const checkpointEvery = 250 * time.Millisecond

// checkpoint copies the WAL into the database until Close, without waiting
// for readers or blocking writers (PASSIVE).
func (d *DB) checkpoint() {
	defer d.stopped.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			_, _ = d.sql.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// sqliteOptions are the SQLite connection settings Open describes, with
// synchronous NORMAL (safe in WAL mode), as the driver reads them.
const sqliteOptions = "_busy_timeout=10000&_foreign_keys=on&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else is
// an SQLite file path (its directory is created). SQLite runs with WAL, a busy
// timeout, foreign keys on and BEGIN IMMEDIATE transactions so that concurrent
// writers queue instead of failing with "database is locked".
func Open(dsn string) (*DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }, PrepareStmt: true}
	var (
		g       *gorm.DB
		err     error
		dialect Dialect
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		dialect = Postgres
		g, err = gorm.Open(postgres.Open(dsn), cfg)
	} else {
		dialect = SQLite
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		g, err = gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: "file:" + dsn + "?" + sqliteOptions}), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	// Keep as many connections idle as may be open: database/sql's default
	// of two idle connections makes a busy server close and reopen
	// connections (and re-prepare statements) all the time.
	open := 25 // PostgreSQL: its default max_connections is 100, shared by instances
	if dialect == SQLite {
		open = 32 // readers run in parallel under WAL; writers queue on BEGIN IMMEDIATE
	}
	sqlDB.SetMaxOpenConns(open)
	sqlDB.SetMaxIdleConns(open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	d := &DB{Gorm: g, Dialect: dialect, Now: func() time.Time { return time.Now().UTC() }, sql: sqlDB, stop: make(chan struct{})}
	d.writer = make(chan struct{}, 1)
	if dialect == SQLite {
		d.stopped.Add(1)
		go d.checkpoint()
	}
	return d, nil
}

// Close closes the connection pool.
func (d *DB) Close() error {
	d.closing.Do(func() { close(d.stop) })
	d.stopped.Wait()
	return d.sql.Close()
}

func (d *DB) provider() (*goose.Provider, error) {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, sqlDB, migrations.FS,
		goose.WithGoMigrations(migrations.DialectMigrations(d.Dialect == Postgres)...))
}

// Migrate applies every pending migration and returns how many ran.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// MigrateTo applies the pending migrations up to version, for tests of a
// migration on data written before it.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// MigrationsCurrent reports whether every embedded migration has been applied.
func (d *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := d.provider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	return !pending, err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// InTx runs fn in one transaction: everything fn writes, including its audit
// events, commits together or not at all.
func (d *DB) InTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	release, err := d.awaitWriter(ctx)
	if err != nil {
		return err
	}
	defer release()
	return d.Gorm.WithContext(ctx).Transaction(fn)
}

// writerWait is how long a transaction waits for its turn to write, as long
// as SQLite's busy timeout.
const writerWait = 10 * time.Second

// awaitWriter takes the write turn for one transaction and returns the
// function that gives it back. SQLite lets one writer in at a time, and on
// PostgreSQL every transaction that records an audit event waits for the
// chain's row lock, so writers queue either way. Without the turn they queue
// inside the database holding a pooled connection (SQLite in BEGIN IMMEDIATE,
// polling with growing sleeps). Under load they held every connection of the
// pool, and the writer holding the lock, which reads through other
// connections too (a case's gates), waited for a free one: on SQLite until
// the busy timeouts ran out ("database is locked" after 10 s), on PostgreSQL
// for good. Waiting here holds no connection, and turns are handed out in
// order.
func (d *DB) awaitWriter(ctx context.Context) (func(), error) {
	t := time.NewTimer(writerWait)
	defer t.Stop()
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, fmt.Errorf("database is locked: no turn to write within %s", writerWait)
	}
}

// NewID returns a new UUIDv7 as text: unique across instances and roughly
// time-ordered, so indexes stay compact.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// IsNotFound reports whether err is gorm's record-not-found.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// EscapeLike neutralises the LIKE wildcards in user input; queries use it
// with ESCAPE '\', which both engines accept.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// MaxSearch is the longest search text a filter takes, in characters: as long
// as the longest name Vigil stores, and far below what a database refuses as
// a LIKE pattern (SQLite: 50,000 bytes).
const MaxSearch = 300

// CheckSearch refuses search text longer than MaxSearch, naming the field.
// Errors: Invalid.
func CheckSearch(field, text string) error {
	if utf8.RuneCountInString(text) > MaxSearch {
		return apperr.Validation(map[string]string{field: fmt.Sprintf("Search for at most %d characters.", MaxSearch)})
	}
	return nil
}

// QueryRow runs a one-row query on a statement prepared once per process,
// without the ORM: for the few reads on every request's path, where gorm's
// per-query work costs more than the read itself. Write the query with ?
// placeholders; they become $n on PostgreSQL.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, ok := d.stmts.Load(query)
	if !ok {
		prepared, err := d.sql.PrepareContext(ctx, d.rebind(query))
		if err != nil {
			// database/sql reports the error from Scan; a failing query does the same.
			return d.sql.QueryRowContext(ctx, d.rebind(query), args...)
		}
		st, ok = d.stmts.LoadOrStore(query, prepared)
		if ok {
			prepared.Close()
		}
	}
	return st.(*sql.Stmt).QueryRowContext(ctx, args...)
}

func (d *DB) rebind(query string) string {
	if d.Dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
