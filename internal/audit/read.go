package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/db/sqlitescan"
)

// eventColumns are an event's columns in the order readEvents reads them.
const eventColumns = "seq, occurred_at, actor_id, actor_email, actor_role, action, object_type, object_id, summary, " +
	"before_json, after_json, request_id, client_ip, prev_hash, hash"

const rangeQuery = "SELECT " + eventColumns + " FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq"

// readEvents calls each with the events from seq from to seq to, in order.
// An SQLite file is read in batches beside the driver (sqlitescan), which
// makes verifying a million events several times faster; any other
// database through the driver.
func readEvents(ctx context.Context, g *gorm.DB, from, to int64, each func(*Entry) error) error {
	pool, err := g.DB()
	if err != nil {
		return err
	}
	file, err := sqlitescan.OpenBeside(ctx, pool)
	if err != nil {
		return err
	}
	if file == nil {
		return readRows(g, from, to, each)
	}
	defer file.Close()
	var e Entry
	return file.Query(ctx, rangeQuery, []int64{from, to}, func(c []string) error {
		seq, err := strconv.ParseInt(c[0], 10, 64)
		if err != nil {
			return fmt.Errorf("audit: event sequence %q: %w", c[0], err)
		}
		e = Entry{Seq: seq, OccurredAt: storedTime(c[1]), ActorID: c[2], ActorEmail: c[3], ActorRole: c[4], Action: c[5],
			ObjectType: c[6], ObjectID: c[7], Summary: c[8], BeforeJSON: c[9], AfterJSON: c[10], RequestID: c[11],
			ClientIP: c[12], PrevHash: c[13], Hash: c[14]}
		return each(&e)
	})
}

// readRows is readEvents through the database driver.
func readRows(g *gorm.DB, from, to int64, each func(*Entry) error) error {
	rows, err := g.Raw(rangeQuery, from, to).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Seq, &e.OccurredAt, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Summary, &e.BeforeJSON, &e.AfterJSON, &e.RequestID, &e.ClientIP, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		if err := each(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// storedTime reads a time as the SQLite driver stored it, as the driver
// reads it back: the zero time when no format fits, so that a mangled time
// fails the event's hash as it would through the driver.
func storedTime(s string) time.Time {
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t
		}
	}
	return time.Time{}
}
