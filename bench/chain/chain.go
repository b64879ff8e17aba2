// Package chain appends synthetic events to the audit chain of a Vigil
// database, continuing it from its head with correct links and hashes, for
// the benchmarks that need a trail of a million events (bench/auditdb,
// BenchmarkDashboardMillion). It writes rows directly: never use it on a
// database whose trail matters.
package chain

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// Append appends n events by 50 people about 5,000 cases, a minute apart,
// each with a before and after of about 150 bytes.
func Append(ctx context.Context, d *db.DB, n int64) error {
	return d.InTx(ctx, func(tx *gorm.DB) error {
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
			if batch = append(batch, e); len(batch) == cap(batch) || seq == head.Seq+n {
				if err := tx.CreateInBatches(batch, 1000).Error; err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return tx.Exec("UPDATE audit_chain SET head_seq = ? WHERE id = 1", head.Seq+n).Error
	})
}
