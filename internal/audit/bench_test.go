package audit_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
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

// millionEvents is a database with a chain of 1,000,000 events of a
// realistic size (a summary, before and after of about 150 bytes each),
// written directly as rows with their hashes by 50 people about 5,000
// cases. Building it takes about a minute, so the benchmarks that need it
// run only with VIGIL_BENCH_MILLION=1.
func millionEvents(b *testing.B) *db.DB {
	if os.Getenv("VIGIL_BENCH_MILLION") == "" {
		b.Skip("set VIGIL_BENCH_MILLION=1 to build a chain of 1,000,000 events")
	}
	d := testutil.NewDB(b)
	before := `{"status":"draft","title":"Network probes for a carrier","destination":"DE","items":["2 pcs Probe appliance"]}`
	err := d.InTx(context.Background(), func(tx *gorm.DB) error {
		batch := make([]audit.Entry, 0, 1000)
		prev := audit.GenesisHash
		for seq := int64(1); seq <= million; seq++ {
			e := audit.Entry{Seq: seq, OccurredAt: t0.Add(time.Duration(seq) * time.Minute), ActorID: fmt.Sprint("u", seq%50),
				ActorEmail: fmt.Sprintf("person%d@example.com", seq%50), ActorRole: "compliance_officer", Action: "case.update",
				ObjectType: "case", ObjectID: fmt.Sprint("case-", seq%5000),
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
		return tx.Exec("UPDATE audit_chain SET head_seq = ? WHERE id = 1", million).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

const million = 1_000_000

// BenchmarkVerifyMillion verifies a chain of 1,000,000 events:
//
//	VIGIL_BENCH_MILLION=1 go test -tags libsqlite3 -run '^$' -bench VerifyMillion -benchtime 3x ./internal/audit/
func BenchmarkVerifyMillion(b *testing.B) {
	d := millionEvents(b)
	b.Run("audit.Verify-1M", func(b *testing.B) {
		for b.Loop() {
			res, err := audit.Verify(context.Background(), d.Gorm)
			if err != nil || !res.Intact || res.Events != million {
				b.Fatal(res, err)
			}
		}
	})
}

// BenchmarkListMillion reads a page of 50 events of the trail's browser
// (audit.Lines, as the page does) over 1,000,000 events: the first page
// and deep ones, unfiltered and by person and object, reporting the 99th
// percentile beside the mean.
//
//	VIGIL_BENCH_MILLION=1 go test -tags libsqlite3 -run '^$' -bench ListMillion -benchtime 2000x ./internal/audit/
func BenchmarkListMillion(b *testing.B) {
	d := millionEvents(b)
	for _, page := range []struct {
		name string
		f    audit.Filter
	}{
		{"first", audit.Filter{}},
		{"deep-500k", audit.Filter{BeforeSeq: 500_000}},
		{"last", audit.Filter{BeforeSeq: 60}},
		{"person-first", audit.Filter{ActorEmail: "person7@example.com"}},
		{"person-deep", audit.Filter{ActorEmail: "person7@example.com", BeforeSeq: 100_000}},
		{"object-first", audit.Filter{ObjectType: "case", ObjectID: "case-1234"}},
		{"period", audit.Filter{From: t0.Add(400_000 * time.Minute), To: t0.Add(401_000 * time.Minute)}},
	} {
		page.f.Limit = 50
		b.Run(page.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := audit.Lines(context.Background(), d.Gorm, page.f); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
