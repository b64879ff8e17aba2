// Command auditdb appends synthetic events to the audit chain of a Vigil
// database, continuing it from its head with correct links and hashes, for
// the benchmark of the audit trail's browser at a million events
// (bench/audit.sh). It writes rows directly: never point it at a database
// whose trail matters.
//
//	go run -tags libsqlite3 ./bench/auditdb -db /tmp/x/vigil.db -events 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

func main() {
	path := flag.String("db", "", "the SQLite file or postgres:// URL of a benchmark database")
	n := flag.Int64("events", 1_000_000, "how many events to append")
	flag.Parse()
	if err := run(*path, *n); err != nil {
		fmt.Fprintln(os.Stderr, "auditdb:", err)
		os.Exit(1)
	}
}

func run(path string, n int64) error {
	d, err := db.Open(path)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	err = d.InTx(context.Background(), func(tx *gorm.DB) error {
		var head audit.Entry
		if err := tx.Order("seq DESC").Limit(1).Find(&head).Error; err != nil {
			return err
		}
		prev, at := head.Hash, head.OccurredAt
		if head.Seq == 0 {
			prev, at = audit.GenesisHash, time.Now().UTC().AddDate(-2, 0, 0)
		}
		batch := make([]audit.Entry, 0, 1000)
		before := `{"status":"draft","title":"Network probes for a carrier","destination":"DE","items":["2 pcs Probe appliance"]}`
		for seq := head.Seq + 1; seq <= head.Seq+n; seq++ {
			e := audit.Entry{Seq: seq, OccurredAt: at.Add(time.Duration(seq-head.Seq) * time.Minute).Truncate(time.Microsecond),
				ActorID: fmt.Sprint("bench-", seq%50), ActorEmail: fmt.Sprintf("person%d@example.com", seq%50), ActorRole: "compliance_officer",
				Action: "case.update", ObjectType: "case", ObjectID: fmt.Sprint("case-", seq%5000),
				Summary: fmt.Sprintf("EXP-2026-%05d: changed the end use", seq%5000), BeforeJSON: before, AfterJSON: before,
				RequestID: "bench", ClientIP: "192.0.2.7", PrevHash: prev}
			e.Hash = e.ComputeHash()
			prev = e.Hash
			if batch = append(batch, e); len(batch) == cap(batch) {
				if err := tx.CreateInBatches(batch, 1000).Error; err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			if err := tx.CreateInBatches(batch, 1000).Error; err != nil {
				return err
			}
		}
		return tx.Exec("UPDATE audit_chain SET head_seq = ? WHERE id = 1", head.Seq+n).Error
	})
	if err == nil {
		fmt.Printf("appended %d events in %s\n", n, time.Since(start).Round(time.Second))
	}
	return err
}
