// Package sqlitescan reads the rows of an SQLite query in batches: one call
// into C copies a megabyte of rows, where database/sql crosses into C two or
// three times for every column of every row. Reading a million audit events
// through the driver costs seconds in those crossings alone; the audit
// chain's verification reads them through here.
//
// It opens a connection of its own, read-only, on the file a database/sql
// pool of the SQLite driver has open, and links against the SQLite that
// driver links (the system library with the libsqlite3 build tag, its
// bundled copy without), so it declares the few functions it calls rather
// than including a header only one of the two builds has.
package sqlitescan

/*
#cgo libsqlite3 LDFLAGS: -lsqlite3
#include <stdlib.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
extern int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
extern int sqlite3_close_v2(sqlite3 *db);
extern int sqlite3_busy_timeout(sqlite3 *db, int ms);
extern int sqlite3_exec(sqlite3 *db, const char *sql, void *callback, void *arg, char **errmsg);
extern const char *sqlite3_errmsg(sqlite3 *db);
extern int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail);
extern int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, long long v);
extern int sqlite3_step(sqlite3_stmt *stmt);
extern int sqlite3_column_count(sqlite3_stmt *stmt);
extern const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int i);
extern int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
extern int sqlite3_finalize(sqlite3_stmt *stmt);

enum { OPEN_READWRITE = 0x2, OPEN_NOMUTEX = 0x8000, ROW = 100, DONE = 101, MAX_COLUMNS = 64 };

// fill copies rows of stmt into buf, each column as its text behind a
// four-byte little-endian length, until the rows run out (DONE), the next
// row does not fit (ROW; *need is its size, and *pending says the statement
// holds it for the next call) or SQLite fails (its error code).
static int fill(sqlite3_stmt *stmt, unsigned char *buf, int cap, int *used, int *rows, int *need, int *pending) {
	int n = sqlite3_column_count(stmt);
	if (n > MAX_COLUMNS) return 1;
	const unsigned char *text[MAX_COLUMNS];
	int len[MAX_COLUMNS];
	*used = 0; *rows = 0;
	for (;;) {
		if (!*pending) {
			int rc = sqlite3_step(stmt);
			if (rc != ROW) return rc;
			*pending = 1;
		}
		*need = 0;
		for (int i = 0; i < n; i++) {
			text[i] = sqlite3_column_text(stmt, i);
			len[i] = text[i] ? sqlite3_column_bytes(stmt, i) : 0;
			*need += 4 + len[i];
		}
		if (*used + *need > cap) return ROW;
		for (int i = 0; i < n; i++) {
			unsigned char *p = buf + *used;
			p[0] = len[i]; p[1] = len[i] >> 8; p[2] = len[i] >> 16; p[3] = len[i] >> 24;
			if (len[i]) memcpy(p + 4, text[i], len[i]);
			*used += 4 + len[i];
		}
		(*rows)++;
		*pending = 0;
	}
}
*/
import "C"

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// Conn is a connection of its own on an SQLite database file that only reads.
type Conn struct {
	db   *C.sqlite3
	path string
}

// OpenBeside opens a Conn on the file pool has open. It returns nil and no
// error when pool is not a file database of the mattn SQLite driver (an
// in-memory database, another engine): the caller reads through pool then.
func OpenBeside(ctx context.Context, pool *sql.DB) (*Conn, error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var path string
	err = conn.Raw(func(dc any) error {
		if c, ok := dc.(*sqlite3.SQLiteConn); ok {
			path = c.GetFilename("main")
		}
		return nil
	})
	if err != nil || path == "" {
		return nil, err
	}
	return open(path)
}

func open(path string) (*Conn, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	c := &Conn{path: path}
	// Read-write, not read-only: a read-only connection cannot open a WAL
	// database whose -shm file is missing. query_only keeps it from writing.
	if rc := C.sqlite3_open_v2(cpath, &c.db, C.OPEN_READWRITE|C.OPEN_NOMUTEX, nil); rc != 0 {
		err := c.error("open", rc)
		c.Close()
		return nil, err
	}
	C.sqlite3_busy_timeout(c.db, 10000)
	only := C.CString("PRAGMA query_only = 1")
	defer C.free(unsafe.Pointer(only))
	if rc := C.sqlite3_exec(c.db, only, nil, nil, nil); rc != 0 {
		err := c.error("set query_only", rc)
		c.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the connection.
func (c *Conn) Close() error {
	if c.db != nil {
		C.sqlite3_close_v2(c.db)
		c.db = nil
	}
	return nil
}

func (c *Conn) error(what string, rc C.int) error {
	msg := "out of memory"
	if c.db != nil {
		msg = C.GoString(C.sqlite3_errmsg(c.db))
	}
	return fmt.Errorf("sqlite %s %s: %s (code %d)", what, c.path, msg, int(rc))
}

// batchSize is the buffer one call into C fills: about two thousand audit
// events, few enough calls that their cost vanishes.
const batchSize = 1 << 20

// Query runs query, binding args in order, and calls each with every row's
// columns as text (an integer in decimal, NULL as ""). The strings stay
// valid after each returns. It stops at each's first error and between
// batches when ctx is done.
func (c *Conn) Query(ctx context.Context, query string, args []int64, each func(cols []string) error) error {
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	var stmt *C.sqlite3_stmt
	if rc := C.sqlite3_prepare_v2(c.db, cq, -1, &stmt, nil); rc != 0 {
		return c.error("prepare", rc)
	}
	defer C.sqlite3_finalize(stmt)
	for i, a := range args {
		if rc := C.sqlite3_bind_int64(stmt, C.int(i+1), C.longlong(a)); rc != 0 {
			return c.error("bind", rc)
		}
	}
	cols := make([]string, int(C.sqlite3_column_count(stmt)))
	buf := make([]byte, batchSize)
	var used, rows, need, pending C.int
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc := C.fill(stmt, (*C.uchar)(unsafe.Pointer(&buf[0])), C.int(len(buf)), &used, &rows, &need, &pending)
		if rc != C.ROW && rc != C.DONE {
			return c.error("step", rc)
		}
		if rc == C.ROW && rows == 0 { // one row larger than the buffer
			buf = make([]byte, int(need))
			continue
		}
		// One string per batch; the columns are slices of it, so what
		// each keeps stays valid while buf is filled again.
		if err := split(string(buf[:used]), int(rows), cols, each); err != nil {
			return err
		}
		if rc == C.DONE {
			return nil
		}
	}
}

// split walks the rows fill wrote into batch.
func split(batch string, rows int, cols []string, each func([]string) error) error {
	at := 0
	for range rows {
		for i := range cols {
			n := int(batch[at]) | int(batch[at+1])<<8 | int(batch[at+2])<<16 | int(batch[at+3])<<24
			cols[i] = batch[at+4 : at+4+n]
			at += 4 + n
		}
		if err := each(cols); err != nil {
			return err
		}
	}
	if at != len(batch) {
		return errors.New("sqlite batch: rows do not fill the batch")
	}
	return nil
}
