package audit_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// BenchmarkRecord measures one audited write: a transaction that appends one
// event. The baseline is the same transaction inserting one plain row, so the
// ratio is the chain's cost (lock row, read previous hash, hash, insert).
func BenchmarkRecord(b *testing.B) {
	d := testutil.NewDB(b)
	ctx := actorCtx()
	d.Gorm.Exec("CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, summary TEXT NOT NULL)")
	ev := audit.Event{Action: "bench.event", ObjectType: "thing", ObjectID: "1", Summary: "benchmark event",
		Before: map[string]string{"state": "draft"}, After: map[string]string{"state": "submitted"}}
	b.Run("audit.Record", func(b *testing.B) {
		for b.Loop() {
			if err := d.InTx(ctx, func(tx *gorm.DB) error { return audit.Record(ctx, tx, t0, ev) }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-plain-insert", func(b *testing.B) {
		for b.Loop() {
			if err := d.InTx(ctx, func(tx *gorm.DB) error {
				return tx.Exec("INSERT INTO bench_plain (summary) VALUES (?)", ev.Summary).Error
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkVerify measures verifying a chain of 10,000 events; the baseline
// is hashing the same number of comparable payloads without the database.
func BenchmarkVerify(b *testing.B) {
	const n = 10000
	d := testutil.NewDB(b)
	ctx := actorCtx()
	err := d.InTx(ctx, func(tx *gorm.DB) error {
		for i := range n {
			if err := audit.Record(ctx, tx, t0, audit.Event{Action: "bench.event", Summary: fmt.Sprint("event ", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("audit.Verify-10k", func(b *testing.B) {
		for b.Loop() {
			res, err := audit.Verify(context.Background(), d.Gorm)
			if err != nil || !res.Intact {
				b.Fatal(res, err)
			}
		}
	})
	b.Run("baseline-sha256-10k", func(b *testing.B) {
		payload := make([]byte, 300)
		for b.Loop() {
			for range n {
				sha256.Sum256(payload)
			}
		}
	})
}

// BenchmarkVerifyMillion verifies a chain of 1,000,000 events of a realistic
// size (a summary, before and after of about 150 bytes each), written
// directly as rows with their hashes. Building it takes a minute, so it runs
// only with VIGIL_BENCH_MILLION=1:
//
//	VIGIL_BENCH_MILLION=1 go test -tags libsqlite3 -run '^$' -bench VerifyMillion -benchtime 3x ./internal/audit/
func BenchmarkVerifyMillion(b *testing.B) {
	if os.Getenv("VIGIL_BENCH_MILLION") == "" {
		b.Skip("set VIGIL_BENCH_MILLION=1 to build and verify a chain of 1,000,000 events")
	}
	const n = 1_000_000
	d := testutil.NewDB(b)
	before := `{"status":"draft","title":"Network probes for a carrier","destination":"DE","items":["2 pcs Probe appliance"]}`
	err := d.InTx(context.Background(), func(tx *gorm.DB) error {
		batch := make([]audit.Entry, 0, 1000)
		prev := audit.GenesisHash
		for seq := int64(1); seq <= n; seq++ {
			e := audit.Entry{Seq: seq, OccurredAt: t0.Add(time.Duration(seq) * time.Minute), ActorID: "u1", ActorEmail: "olga@example.com",
				ActorRole: "compliance_officer", Action: "case.update", ObjectType: "case", ObjectID: fmt.Sprint("case-", seq%5000),
				Summary: fmt.Sprintf("EXP-2026-%05d: changed the end use", seq%5000), BeforeJSON: before, AfterJSON: before,
				RequestID: "req", ClientIP: "192.0.2.7", PrevHash: prev}
			e.Hash = e.ComputeHash()
			prev = e.Hash
			if batch = append(batch, e); len(batch) == cap(batch) {
				if err := tx.CreateInBatches(batch, 1000).Error; err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return tx.Exec("UPDATE audit_chain SET head_seq = ? WHERE id = 1", n).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("audit.Verify-1M", func(b *testing.B) {
		for b.Loop() {
			res, err := audit.Verify(context.Background(), d.Gorm)
			if err != nil || !res.Intact || res.Events != n {
				b.Fatal(res, err)
			}
		}
	})
}
