package licensing_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// ledger is a licence with a limit of EUR 10,000.00 and 10 pcs, and two
// cases of one item each to reserve it for.
type ledger struct {
	d       *db.DB
	s       *licensing.Service
	officer context.Context
	licence *licensing.Licence
	items   [2]*cases.Item
}

func newLedger(t *testing.T) *ledger {
	t.Helper()
	d := testutil.NewDB(t)
	l := &ledger{d: d, s: licensing.NewService(d),
		officer: testutil.NewUser(t, d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer)}
	manager := testutil.NewUser(t, d, "manager@example.com", "Max Manager", auth.RoleExportManager)
	for i := range l.items {
		f := testutil.ReadyCase(t, manager, cases.NewService(d))
		l.items[i] = &f.Items[0]
	}
	var err error
	l.licence, err = l.s.Create(l.officer, licensing.LicenceInput{Type: "individual", Number: "DE-123", Authority: "BAFA",
		ValidFrom: "2025-01-01", ValidUntil: "2026-12-31", Destinations: "DE, US", Limit: "10,000", Currency: "eur", Quantity: "10", Unit: "pcs",
		Document: &cases.Document{SHA256: strings.Repeat("ab", 32), Size: 10, ContentType: "application/pdf", Filename: "licence.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// in runs fn in a transaction of its own, as the officer.
func (l *ledger) in(fn func(ctx context.Context, tx *gorm.DB) error) error {
	return l.d.InTx(l.officer, func(tx *gorm.DB) error { return fn(l.officer, tx) })
}

func (l *ledger) balance(t *testing.T) licensing.Balance {
	t.Helper()
	b, err := l.s.Remaining(l.officer, l.licence.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// race runs both at once and returns their errors.
func race(a, b func() error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, fn := range []func() error{a, b} {
		wg.Go(func() {
			<-start
			errs[i] = fn()
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// oneConflict checks that exactly one of errs is nil and the other a Conflict.
func oneConflict(t *testing.T, errs [2]error, want string) {
	t.Helper()
	codes := []apperr.Code{apperr.CodeOf(errs[0]), apperr.CodeOf(errs[1])}
	if !(codes[0] == "" && codes[1] == apperr.Conflict || codes[1] == "" && codes[0] == apperr.Conflict) {
		t.Fatalf("errors %v, %v: want one success and one conflict", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil && apperr.Message(err) != want {
			t.Errorf("refusal %q, want %q", apperr.Message(err), want)
		}
	}
}

// TestLedger_ConcurrentReservations: two approvals reserving the last of
// the licence's value at once — one gets it, the other is refused.
func TestLedger_ConcurrentReservations(t *testing.T) {
	l := newLedger(t)
	if err := l.in(func(ctx context.Context, tx *gorm.DB) error {
		return l.s.Reserve(ctx, tx, l.licence.ID, l.items[0].CaseID, l.items[0].ID, 880_000, 1_000)
	}); err != nil {
		t.Fatal(err)
	}
	reserve := func(it *cases.Item) func() error {
		return func() error {
			return l.in(func(ctx context.Context, tx *gorm.DB) error {
				return l.s.Reserve(ctx, tx, l.licence.ID, it.CaseID, it.ID, 120_000, 1_000)
			})
		}
	}
	oneConflict(t, race(reserve(l.items[0]), reserve(l.items[1])), "Licence DE-123 has EUR 0.00 left; this case needs EUR 1,200.00.")
	if b := l.balance(t); b.Value.Remain != 0 || b.Value.Reserved != 1_000_000 || b.Quantity.Reserved != 2_000 || b.Quantity.Remain != 8_000 {
		t.Errorf("balance %+v", b)
	}
	entries, err := l.s.Entries(l.officer, l.licence.ID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d entries (%v), want the two reservations made", len(entries), err)
	}
	if e := entries[1]; e.Kind != licensing.Reserved || e.ValueMinor != 120_000 || e.QuantityMilli != 1_000 || e.ActorName != "Olga Officer" || e.CaseID == nil {
		t.Errorf("entry %+v", e)
	}
}

// TestLedger_ConcurrentDrawDowns: two shipments drawing the last of a
// case's reservation at once — one draws it, the other is refused.
func TestLedger_ConcurrentDrawDowns(t *testing.T) {
	l := newLedger(t)
	it := l.items[0]
	if err := l.in(func(ctx context.Context, tx *gorm.DB) error {
		return l.s.Reserve(ctx, tx, l.licence.ID, it.CaseID, it.ID, 500_000, 4_000)
	}); err != nil {
		t.Fatal(err)
	}
	draw := func(shipment string) func() error {
		return func() error {
			return l.in(func(ctx context.Context, tx *gorm.DB) error {
				return l.s.DrawDown(ctx, tx, l.licence.ID, shipment, it.ID, 250_000, 3_000)
			})
		}
	}
	oneConflict(t, race(draw("SHP-1"), draw("SHP-2")),
		"The case holds EUR 2,500.00 and 1 pcs of licence DE-123 reserved for this item; this shipment needs EUR 2,500.00 and 3 pcs.")
	if b := l.balance(t); b.Value.Reserved != 250_000 || b.Value.Drawn != 250_000 || b.Quantity.Reserved != 1_000 || b.Quantity.Drawn != 3_000 {
		t.Errorf("balance %+v", b)
	}
	// Back to draft: the rest of the reservation goes back to the licence.
	if err := l.in(func(ctx context.Context, tx *gorm.DB) error {
		return l.s.Release(ctx, tx, l.licence.ID, it.CaseID, it.ID)
	}); err != nil {
		t.Fatal(err)
	}
	if b := l.balance(t); b.Value.Reserved != 0 || b.Value.Remain != 750_000 || b.Quantity.Remain != 7_000 {
		t.Errorf("balance after the release %+v", b)
	}
	entries, _ := l.s.Entries(l.officer, l.licence.ID)
	var kinds []string
	for _, e := range entries {
		kinds = append(kinds, string(e.Kind)+" "+e.ShipmentID)
	}
	if got := strings.Join(kinds, ", "); got != "reserve , draw SHP-1, release " && got != "reserve , draw SHP-2, release " {
		t.Errorf("ledger %s", got)
	}
}

// TestLedger_DrawWithoutReservation draws from the licence's free remainder.
func TestLedger_DrawWithoutReservation(t *testing.T) {
	l := newLedger(t)
	draw := func(value int64) error {
		return l.in(func(ctx context.Context, tx *gorm.DB) error {
			return l.s.DrawDown(ctx, tx, l.licence.ID, "SHP-9", l.items[1].ID, value, 0)
		})
	}
	oneConflict(t, race(func() error { return draw(600_000) }, func() error { return draw(600_000) }),
		"Licence DE-123 has EUR 4,000.00 left; this shipment needs EUR 6,000.00.")
	if b := l.balance(t); b.Value.Drawn != 600_000 || b.Value.Remain != 400_000 {
		t.Errorf("balance %+v", b)
	}
}

func TestLicences_ExpiringAndNearLimit(t *testing.T) {
	l := newLedger(t)
	l.d.Now = func() time.Time { return day("2026-12-01").Add(9 * time.Hour) }
	for _, tc := range []struct {
		within time.Duration
		n      int
	}{{30 * 24 * time.Hour, 1}, {29 * 24 * time.Hour, 0}} {
		if got, err := l.s.Expiring(l.officer, tc.within); err != nil || len(got) != tc.n {
			t.Errorf("Expiring(%v): %d (%v), want %d", tc.within, len(got), err, tc.n)
		}
	}
	if err := l.in(func(ctx context.Context, tx *gorm.DB) error {
		return l.s.Reserve(ctx, tx, l.licence.ID, l.items[0].CaseID, l.items[0].ID, 100_000, 9_000)
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fraction float64
		n        int
	}{{0.1, 1}, {0.05, 0}} {
		if got, err := l.s.NearLimit(l.officer, tc.fraction); err != nil || len(got) != tc.n {
			t.Errorf("NearLimit(%v): %d (%v), want %d", tc.fraction, len(got), err, tc.n)
		}
	}
}
