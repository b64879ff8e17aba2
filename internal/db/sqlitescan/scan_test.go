package sqlitescan

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func testPool(t *testing.T) *sql.DB {
	t.Helper()
	pool, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "t.db")+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	if _, err := pool.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	return pool
}

func TestQuery_ReadsEveryRowAcrossBatches(t *testing.T) {
	pool := testPool(t)
	big := strings.Repeat("é", batchSize) // one row twice the buffer
	want := map[int64]string{1: "", 2: "a\x00b", 3: big, 4: "tail"}
	for id, s := range want {
		if _, err := pool.Exec("INSERT INTO t (id, s, n) VALUES (?, ?, ?)", id, s, id*10); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec("INSERT INTO t (id, s, n) SELECT id + 100, printf('%0500d', id), NULL FROM t WHERE id <= 4"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ { // 4 × 2^12 rows of about 500 bytes: several batches
		if _, err := pool.Exec("INSERT INTO t (s, n) SELECT s, n FROM t WHERE id > 100"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := OpenBeside(context.Background(), pool)
	if err != nil || c == nil {
		t.Fatalf("OpenBeside = %v, %v", c, err)
	}
	defer c.Close()
	var rows, long int
	err = c.Query(context.Background(), "SELECT id, s, n FROM t WHERE id >= ? ORDER BY id", []int64{1}, func(col []string) error {
		rows++
		if rows <= 4 && (col[1] != want[int64(rows)] || col[2] != strconv.Itoa(rows*10)) {
			t.Errorf("row %d = %q…, %q", rows, col[1][:min(len(col[1]), 10)], col[2])
		}
		if rows > 4 && (len(col[1]) != 500 || col[2] != "") {
			t.Errorf("row %d: %d bytes, n %q", rows, len(col[1]), col[2])
		}
		if len(col[1]) > batchSize {
			long++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 4 + 4*4096; rows != want || long != 1 {
		t.Fatalf("read %d rows (%d long), want %d (1 long)", rows, long, want)
	}
}

func TestQuery_RefusesToWriteAndNamesErrors(t *testing.T) {
	pool := testPool(t)
	c, err := OpenBeside(context.Background(), pool)
	if err != nil || c == nil {
		t.Fatalf("OpenBeside = %v, %v", c, err)
	}
	defer c.Close()
	none := func([]string) error { return nil }
	if err := c.Query(context.Background(), "INSERT INTO t (s) VALUES ('x')", nil, none); err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("a write through the reader: %v, want it refused as read-only", err)
	}
	var n int
	if pool.QueryRow("SELECT COUNT(*) FROM t").Scan(&n); n != 0 {
		t.Errorf("the table holds %d rows after a refused write", n)
	}
	if err := c.Query(context.Background(), "SELECT missing FROM t", nil, none); err == nil || !strings.Contains(err.Error(), "no such column") {
		t.Errorf("a bad query: %v", err)
	}
	pool.Exec("INSERT INTO t (s) VALUES ('a'), ('b')")
	stop := errors.New("stop")
	calls := 0
	err = c.Query(context.Background(), "SELECT s FROM t", nil, func([]string) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("each's error: %v after %d calls, want stop after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Query(ctx, "SELECT s FROM t", nil, none); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled query: %v", err)
	}
}

func TestOpenBeside_InMemoryReadsThroughThePool(t *testing.T) {
	pool, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if c, err := OpenBeside(context.Background(), pool); c != nil || err != nil {
		t.Fatalf("OpenBeside(:memory:) = %v, %v; want nil, nil", c, err)
	}
}
