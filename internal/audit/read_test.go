package audit

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/db/sqlitescan"
)

// TestReadEvents_BesideTheDriverReadsWhatTheDriverReads stores events with
// awkward content, more than one batch of them and one larger than a batch,
// and reads them in batches beside the driver and through it: the two must
// agree field by field, or verification would check other events than the
// database holds.
func TestReadEvents_BesideTheDriverReadsWhatTheDriverReads(t *testing.T) {
	d, err := db.Open(filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	pool, _ := d.Gorm.DB()
	if file, err := sqlitescan.OpenBeside(context.Background(), pool); file == nil || err != nil {
		t.Fatalf("an SQLite file is not read beside the driver (%v)", err)
	} else {
		file.Close()
	}
	odd := []string{"", "plain", "quote \" and \\ backslash", "new\nline\ttab", "ünïcödé ✓ 漢字", "<b>&amp;</b>", "\u2028", "\x00nul"}
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)
	var stored []Entry
	prev := GenesisHash
	for seq := int64(1); seq <= 4000; seq++ {
		e := Entry{Seq: seq, OccurredAt: at.Add(time.Duration(seq) * time.Second), ActorID: fmt.Sprint("u", seq),
			ActorEmail: "olga@example.com", ActorRole: "auditor", Action: "case.update", ObjectType: "case",
			ObjectID: fmt.Sprint(seq % 7), Summary: odd[seq%int64(len(odd))], BeforeJSON: strings.Repeat(`{"k":"v"}`, 60),
			AfterJSON: odd[(seq+3)%int64(len(odd))], RequestID: "req", ClientIP: "192.0.2.7", PrevHash: prev}
		if seq == 1234 {
			e.AfterJSON = strings.Repeat("x", 1<<21) // larger than one batch
		}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		stored = append(stored, e)
	}
	if err := d.Gorm.CreateInBatches(stored, 200).Error; err != nil {
		t.Fatal(err)
	}
	var beside, through []Entry
	if err := readEvents(context.Background(), d.Gorm, 1, 4000, func(e *Entry) error { beside = append(beside, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := readRows(d.Gorm, 1, 4000, func(e *Entry) error { through = append(through, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(beside) != len(stored) || len(through) != len(stored) {
		t.Fatalf("read %d beside the driver and %d through it, want %d", len(beside), len(through), len(stored))
	}
	for i := range stored {
		if !reflect.DeepEqual(beside[i], through[i]) {
			t.Fatalf("event %d differs:\nbeside  %+v\nthrough %+v", i+1, beside[i], through[i])
		}
		if beside[i].ComputeHash() != stored[i].Hash {
			t.Fatalf("event %d read beside the driver no longer hashes to its stored hash", i+1)
		}
	}
}

func TestStoredTime_ReadsWhatTheDriverWrites(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-03-01 09:30:00.123456+00:00", time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)},
		{"2026-03-01T09:30:00Z", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01 11:30:00+02:00", time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"yesterday", time.Time{}},
	} {
		if got := storedTime(tc.in); !got.Equal(tc.want) {
			t.Errorf("storedTime(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
