package audit_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

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
