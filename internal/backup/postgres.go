package backup

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// pgTarget is where the PostgreSQL tools connect: a URL without
// search_path, a parameter libpq does not know (it names the schema), and
// without the password, which goes in PGPASSWORD rather than on a command
// line other users of the machine can list.
type pgTarget struct {
	url      string
	schema   string
	password string
}

func parsePostgres(dsn string) (pgTarget, error) {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return pgTarget{}, fmt.Errorf("VIGIL_DB: %w", err)
	}
	schema := "public"
	if sp := strings.TrimSpace(strings.Split(cfg.RuntimeParams["search_path"], ",")[0]); sp != "" {
		schema = sp
	}
	if !plainIdentifier(schema) {
		return pgTarget{}, fmt.Errorf("schema %q: backup and restore take a schema named in lower-case letters, digits and _", schema)
	}
	return pgTarget{url: toolURL(dsn), schema: schema, password: cfg.Password}, nil
}

// toolURL is the postgres:// URL dsn without its password and its
// search_path parameter. In a URL, "/", "?" and "@" inside the user name
// and password are percent-encoded, so the first "/" or "?" after the
// scheme ends the authority and its last "@" ends the user information.
func toolURL(dsn string) string {
	scheme, rest, _ := strings.Cut(dsn, "://")
	end := strings.IndexAny(rest, "/?")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		user, _, _ := strings.Cut(rest[:at], ":")
		rest = user + rest[at:]
	}
	base, query, _ := strings.Cut(rest, "?")
	var kept []string
	for _, p := range strings.Split(query, "&") {
		if p != "" && !strings.HasPrefix(p, "search_path=") {
			kept = append(kept, p)
		}
	}
	if len(kept) > 0 {
		base += "?" + strings.Join(kept, "&")
	}
	return scheme + "://" + base
}

// command runs a PostgreSQL tool with the password in its environment.
func (t pgTarget) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = os.Environ()
	if t.password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+t.password)
	}
	return cmd
}

// dumpPostgres writes the schema of dsn to dst with pg_dump (custom
// format). The rows are counted in a repeatable-read transaction whose
// snapshot pg_dump then uses, so the counts are those of the dump.
func dumpPostgres(ctx context.Context, dsn, dst string) (snapshot, error) {
	t, err := parsePostgres(dsn)
	if err != nil {
		return snapshot{}, err
	}
	d, err := sql.Open("pgx", dsn)
	if err != nil {
		return snapshot{}, err
	}
	defer d.Close()
	tx, err := d.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return snapshot{}, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer tx.Rollback()
	var id string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&id); err != nil {
		return snapshot{}, err
	}
	rows, err := postgresRows(ctx, tx, t.schema)
	if err != nil {
		return snapshot{}, err
	}
	out, err := t.command(ctx, "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
		"--schema="+t.schema, "--snapshot="+id, "--file="+dst, "--dbname="+t.url).CombinedOutput()
	if err != nil {
		return snapshot{}, fmt.Errorf("pg_dump: %v: %s", err, bytes.TrimSpace(out))
	}
	return snapshot{file: dst, schema: t.schema, rows: rows}, nil
}

// postgresRows counts the rows of every table in schema.
func postgresRows(ctx context.Context, q queryer, schema string) (map[string]int64, error) {
	tables, err := names(ctx, q, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`, schema)
	if err != nil {
		return nil, err
	}
	return countRows(ctx, q, tables, func(t string) string { return schema + `."` + t + `"` })
}

// postgresInUse reports whether the schema of dsn has users or audit events.
func postgresInUse(ctx context.Context, dsn string) (bool, error) {
	t, err := parsePostgres(dsn)
	if err != nil {
		return false, err
	}
	d, err := sql.Open("pgx", dsn)
	if err != nil {
		return false, err
	}
	defer d.Close()
	tables, err := names(ctx, d, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_name IN ('users', 'audit_events')`, t.schema)
	if err != nil {
		return false, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return anyRows(ctx, d, tables, func(table string) string { return t.schema + "." + table })
}

// restorePostgres replaces the schema of dsn with the dump at staged:
// pg_restore turns the dump into SQL, the schema the dump was taken from is
// renamed to the target's on the way, and psql runs it all in one
// transaction, which first drops and recreates the target schema. Any error
// rolls the whole of it back. The restored rows are then counted against
// the manifest.
func restorePostgres(ctx context.Context, dsn, staged string, m Manifest) error {
	t, err := parsePostgres(dsn)
	if err != nil {
		return err
	}
	if !plainIdentifier(m.Schema) {
		return fmt.Errorf("%w: schema %q", ErrDamaged, m.Schema)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	restore := t.command(ctx, "pg_restore", "--no-owner", "--no-privileges", "--file=-", staged)
	psql := t.command(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-", "--dbname="+t.url)
	var restoreErr, psqlOut bytes.Buffer
	restore.Stderr = &restoreErr
	psql.Stdout, psql.Stderr = &psqlOut, &psqlOut
	sqlText, err := restore.StdoutPipe()
	if err != nil {
		return err
	}
	input, err := psql.StdinPipe()
	if err != nil {
		return err
	}
	if err := restore.Start(); err != nil {
		return fmt.Errorf("pg_restore: %w", err)
	}
	if err := psql.Start(); err != nil {
		cancel()
		restore.Wait()
		return fmt.Errorf("psql: %w", err)
	}
	rewriteErr := rewriteSchema(sqlText, input, m.Schema, t.schema)
	input.Close()
	psqlErr := psql.Wait()
	if rewriteErr != nil || psqlErr != nil {
		cancel() // pg_restore may be blocked writing what no one reads now
	}
	restoreWait := restore.Wait()
	switch {
	case psqlErr != nil:
		return fmt.Errorf("restore (nothing was changed): psql: %v: %s", psqlErr, bytes.TrimSpace(psqlOut.Bytes()))
	case restoreWait != nil:
		return fmt.Errorf("pg_restore: %v: %s", restoreWait, bytes.TrimSpace(restoreErr.Bytes()))
	case rewriteErr != nil:
		return rewriteErr
	}
	return checkPostgres(ctx, dsn, t.schema, m)
}

// checkPostgres counts the restored rows against the manifest.
func checkPostgres(ctx context.Context, dsn, schema string, m Manifest) error {
	d, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	rows, err := postgresRows(ctx, d, schema)
	if err != nil {
		return err
	}
	if err := compareRows(m.Rows, rows); err != nil {
		return errors.New("restored, but " + err.Error())
	}
	return nil
}

// rewriteSchema copies pg_restore's SQL from r to w, after statements that
// replace the target schema, with the dump's schema name from turned into
// to where it qualifies a name. pg_dump qualifies every name it writes and
// sets an empty search_path, so these are the only places it names the
// schema; the rows of COPY blocks are copied as they are.
func rewriteSchema(r io.Reader, w io.Writer, from, to string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "DROP SCHEMA IF EXISTS %s CASCADE;\nCREATE SCHEMA %s;\n", to, to)
	qualified := regexp.MustCompile(`(^|[^A-Za-z0-9_$."])` + from + `\.`)
	br := bufio.NewReaderSize(r, 1<<16)
	inCopy := false
	for {
		line, err := br.ReadString('\n')
		switch {
		case inCopy:
			inCopy = line != "\\.\n"
		case line == "CREATE SCHEMA "+from+";\n", strings.HasPrefix(line, "COMMENT ON SCHEMA "+from+" "):
			line = "" // the schema was created above
		default:
			if from != to {
				line = qualified.ReplaceAllString(line, "${1}"+to+".")
			}
			inCopy = strings.HasPrefix(line, "COPY ") && strings.HasSuffix(line, " FROM stdin;\n")
		}
		if _, werr := bw.WriteString(line); werr != nil {
			return fmt.Errorf("restore: write to psql: %w", werr)
		}
		if errors.Is(err, io.EOF) {
			return bw.Flush()
		}
		if err != nil {
			return err
		}
	}
}
