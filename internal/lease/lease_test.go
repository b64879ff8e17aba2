package lease_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/lease"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// clock is a fixed time both instances read, moved on by the test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// twoHolders returns leases of two instances on one database, on a clock of
// the test's.
func twoHolders(t *testing.T) (a, b *lease.Leases, c *clock, d *db.DB) {
	d1, d2 := testutil.TwoInstances(t)
	c = &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	d1.Now, d2.Now = c.Now, c.Now
	return lease.New(d1, "instance-a"), lease.New(d2, "instance-b"), c, d1
}

func holderOf(t *testing.T, d *db.DB, name string) string {
	t.Helper()
	var holder string
	if err := d.QueryRow(context.Background(), "SELECT holder FROM job_leases WHERE name = ?", name).Scan(&holder); err != nil {
		t.Fatalf("holder of %s: %v", name, err)
	}
	return holder
}

func TestLease_Acquire(t *testing.T) {
	ctx := context.Background()
	const ttl = time.Minute
	tests := []struct {
		name string
		// steps run in order: which instance acquires after how much time
		// has passed since the previous step, and whether it gets the lease.
		steps      []step
		wantHolder string
	}{
		{"a free lease goes to the first", []step{{"a", 0, true}}, "instance-a"},
		{"a held lease is refused to another", []step{{"a", 0, true}, {"b", 30 * time.Second, false}}, "instance-a"},
		{"renewal keeps it past the first expiry", []step{{"a", 0, true}, {"a", 50 * time.Second, true}, {"b", 50 * time.Second, false}}, "instance-a"},
		{"an expired lease goes to another", []step{{"a", 0, true}, {"b", ttl, true}, {"a", 0, false}}, "instance-b"},
		{"released, another takes it at once", []step{{"a", 0, true}, {"a-release", 0, true}, {"b", 0, true}}, "instance-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b, c, d := twoHolders(t)
			who := map[string]*lease.Leases{"a": a, "b": b}
			for i, s := range tt.steps {
				c.Add(s.after)
				if s.who == "a-release" {
					if err := a.Release(ctx, "job"); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, err := who[s.who].Acquire(ctx, "job", ttl)
				if err != nil || got != s.want {
					t.Fatalf("step %d: %s acquires = %v, %v; want %v", i, s.who, got, err, s.want)
				}
			}
			if got := holderOf(t, d, "job"); got != tt.wantHolder {
				t.Errorf("holder = %q, want %q", got, tt.wantHolder)
			}
		})
	}
}

type step struct {
	who   string
	after time.Duration
	want  bool
}

// Two instances racing for a free lease, then for a lapsed one: exactly one
// wins each time.
func TestLease_RaceHasOneWinner(t *testing.T) {
	ctx := context.Background()
	a, b, c, _ := twoHolders(t)
	for round := range 20 {
		var wins [2]bool
		var wg sync.WaitGroup
		for i, l := range []*lease.Leases{a, b} {
			wg.Go(func() {
				ok, err := l.Acquire(ctx, "race", time.Minute)
				if err != nil {
					t.Error(err)
				}
				wins[i] = ok
			})
		}
		wg.Wait()
		if wins[0] == wins[1] {
			t.Fatalf("round %d: wins = %v, want exactly one winner", round, wins)
		}
		c.Add(time.Minute) // the lease lapses: the next round races for it again
	}
}

// Run keeps renewing the lease while the job works, so the other instance
// cannot take it even after several times the lease's length; afterwards the
// lease is free.
func TestLease_RunRenewsWhileWorking(t *testing.T) {
	ctx := context.Background()
	d1, d2 := testutil.TwoInstances(t)
	a, b := lease.New(d1, "instance-a"), lease.New(d2, "instance-b")
	const ttl = 150 * time.Millisecond
	ran, err := a.Run(ctx, "job", ttl, func(ctx context.Context) error {
		for range 6 {
			time.Sleep(ttl / 2)
			if ok, err := b.Acquire(ctx, "job", ttl); ok || err != nil {
				t.Errorf("the other instance acquired a renewed lease: %v, %v", ok, err)
			}
		}
		return ctx.Err()
	})
	if !ran || err != nil {
		t.Fatalf("Run = %v, %v", ran, err)
	}
	if ok, err := b.Acquire(ctx, "job", ttl); !ok || err != nil {
		t.Errorf("after Run the lease is not free: %v, %v", ok, err)
	}
	if ran, err := a.Run(ctx, "job", ttl, func(context.Context) error { t.Error("ran while another holds the lease"); return nil }); ran || err != nil {
		t.Errorf("Run while another holds it = %v, %v", ran, err)
	}
}

// A holder that finds another instance holds its lease (it lapsed while the
// holder was cut off) ends its job's context.
func TestLease_LostLeaseEndsTheJob(t *testing.T) {
	ctx := context.Background()
	a, b, c, d := twoHolders(t)
	h, err := a.Take(ctx, "job", 90*time.Millisecond)
	if h == nil || err != nil {
		t.Fatalf("Take = %v, %v", h, err)
	}
	c.Add(time.Second)
	if ok, err := b.Acquire(ctx, "job", time.Hour); !ok || err != nil {
		t.Fatalf("b takes the lapsed lease: %v, %v", ok, err)
	}
	select {
	case <-h.Ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the job's context did not end when the lease was lost")
	}
	if err := h.Release(); err != nil {
		t.Fatal(err)
	}
	// Releasing a lost lease leaves the new holder's alone.
	if got := holderOf(t, d, "job"); got != "instance-b" {
		t.Errorf("holder after the old holder released = %q, want instance-b", got)
	}
}

// A periodic job on two instances runs on one of them each period: the one
// that took the lease first keeps it; when it stops, the other takes over.
func TestLease_EveryRunsOnOneInstance(t *testing.T) {
	d1, d2 := testutil.TwoInstances(t)
	a, b := lease.New(d1, "instance-a"), lease.New(d2, "instance-b")
	const period = 200 * time.Millisecond
	var mu sync.Mutex
	runs := map[string]int{}
	every := func(ctx context.Context, l *lease.Leases) {
		l.Every(ctx, "periodic", period, func(context.Context) {
			mu.Lock()
			defer mu.Unlock()
			runs[l.Holder()]++
		})
	}
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { every(ctxA, a) })
	time.Sleep(period / 4)
	wg.Go(func() { every(ctxB, b) })
	time.Sleep(6 * period)
	mu.Lock()
	if runs["instance-a"] < 3 || runs["instance-b"] != 0 {
		t.Errorf("runs while both live = %v, want them all on instance-a", runs)
	}
	mu.Unlock()
	stopA()
	time.Sleep(3 * period)
	stopB()
	wg.Wait()
	if runs["instance-b"] == 0 {
		t.Errorf("runs = %v: instance-b did not take over after instance-a stopped", runs)
	}
}
