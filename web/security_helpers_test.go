package web_test

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// volatile are the columns that reading a page may change: a session's
// last sight of its browser.
var volatile = map[string]bool{"sessions.last_seen_at": true}

// appendOnly are the tables a refused request may add to: the audit trail
// records refusals. eventsSince checks what they gained.
var appendOnly = map[string]bool{"audit_events": true, "audit_chain": true, "audit_checkpoints": true}

// storedState is a digest of every table's rows, by table, so that a test
// can show that a refused request stored nothing anywhere.
func storedState(t *testing.T, app *testutil.App) map[string][32]byte {
	t.Helper()
	g := app.DB.Gorm
	query := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if g.Dialector.Name() == "postgres" {
		query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	var tables []string
	if err := g.Raw(query).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	state := map[string][32]byte{}
	for _, table := range tables {
		if !appendOnly[table] {
			state[table] = tableDigest(t, app, table)
		}
	}
	return state
}

func tableDigest(t *testing.T, app *testutil.App, table string) [32]byte {
	t.Helper()
	rows, err := app.DB.Gorm.Raw("SELECT * FROM " + table).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := ""
		for i, c := range cols {
			if !volatile[table+"."+c] {
				line += fmt.Sprintf("%s=%v;", c, values[i])
			}
		}
		lines = append(lines, line)
	}
	slices.Sort(lines)
	return sha256.Sum256(fmt.Append(nil, lines))
}

// changedTables names the tables whose rows differ between two states.
func changedTables(before, after map[string][32]byte) []string {
	var changed []string
	for table, digest := range after {
		if before[table] != digest {
			changed = append(changed, table)
		}
	}
	slices.Sort(changed)
	return changed
}

// lastEvent is the sequence number of the audit trail's last event.
func lastEvent(t *testing.T, app *testutil.App) int64 {
	t.Helper()
	seq, _, err := audit.Head(t.Context(), app.DB.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// changesSince are the audit events after seq other than recorded refusals.
func changesSince(t *testing.T, app *testutil.App, seq int64) []string {
	t.Helper()
	var changes []string
	err := app.DB.Gorm.Raw("SELECT action || ' ' || object_type || ' ' || object_id FROM audit_events WHERE seq > ? AND action <> ? ORDER BY seq",
		seq, "access.denied").Scan(&changes).Error
	if err != nil {
		t.Fatal(err)
	}
	return changes
}
