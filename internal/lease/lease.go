// Package lease lets one instance among several sharing a database run a
// background job: the job's row in job_leases names its holder until it
// expires. The holder renews the lease while it works; when it crashes, the
// lease lapses and another instance takes the job over.
package lease

import (
	"context"
	"os"
	"strconv"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
)

// Leases takes and keeps leases for one instance.
type Leases struct {
	db     *db.DB
	holder string
}

// New returns the leases of the instance named holder on d.
func New(d *db.DB, holder string) *Leases { return &Leases{db: d, holder: holder} }

// Instance names this process among the instances: its host, its process id
// and a random part, so that a restarted process is a new holder.
func Instance() string {
	host, _ := os.Hostname()
	return host + "/" + strconv.Itoa(os.Getpid()) + "/" + db.NewID()
}

// Holder is the name this instance holds leases under.
func (l *Leases) Holder() string { return l.holder }

// Acquire takes the lease name for ttl, or renews it when this instance
// holds it already, and reports whether this instance holds it now. It is one
// conditional statement at a time, so two instances racing for a free or
// lapsed lease cannot both win: the UPDATE takes a lease this instance holds
// or one that expired (PostgreSQL re-checks the condition after waiting on
// the row lock; SQLite writes one at a time), and the INSERT takes a lease
// nobody ever held (the primary key refuses the second).
func (l *Leases) Acquire(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	now := l.db.Now()
	g := l.db.Gorm.WithContext(ctx)
	res := g.Exec(`UPDATE job_leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at <= ?)`,
		l.holder, now.Add(ttl), name, l.holder, now)
	if res.Error != nil || res.RowsAffected == 1 {
		return res.Error == nil, res.Error
	}
	res = g.Exec(`INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, l.holder, now.Add(ttl))
	return res.Error == nil && res.RowsAffected == 1, res.Error
}

// Release gives the lease up when this instance holds it, so another may
// take it at once.
func (l *Leases) Release(ctx context.Context, name string) error {
	return l.db.Gorm.WithContext(ctx).Exec(`DELETE FROM job_leases WHERE name = ? AND holder = ?`, name, l.holder).Error
}

// Held is a lease this instance holds until Release. Ctx ends when the
// lease is lost (a renewal found another holder, or the database was out of
// reach until the lease lapsed), since another instance may then take the
// job over: work done under the lease runs with it.
type Held struct {
	Ctx     context.Context
	leases  *Leases
	name    string
	cancel  context.CancelFunc
	renewed chan struct{}
}

// Take acquires the lease name for ttl and keeps renewing it every ttl/3
// until Release or until ctx ends. It returns nil when another instance
// holds the lease.
func (l *Leases) Take(ctx context.Context, name string, ttl time.Duration) (*Held, error) {
	ok, err := l.Acquire(ctx, name, ttl)
	if !ok || err != nil {
		return nil, err
	}
	h := &Held{leases: l, name: name, renewed: make(chan struct{})}
	h.Ctx, h.cancel = context.WithCancel(ctx)
	go func() {
		defer close(h.renewed)
		l.renew(h.Ctx, name, ttl, h.cancel)
	}()
	return h, nil
}

// Release stops renewing the lease and gives it up, so another instance may
// take it at once.
func (h *Held) Release() error {
	h.cancel()
	<-h.renewed
	// The lease's context is over now; the release must still reach the database.
	return h.leases.Release(context.WithoutCancel(h.Ctx), h.name)
}

// Run runs job while holding the lease name and releases it afterwards. It
// reports false without running job when another instance holds the lease.
func (l *Leases) Run(ctx context.Context, name string, ttl time.Duration, job func(context.Context) error) (bool, error) {
	h, err := l.Take(ctx, name, ttl)
	if h == nil {
		return false, err
	}
	err = job(h.Ctx)
	if rerr := h.Release(); err == nil {
		err = rerr
	}
	return true, err
}

// renew keeps the lease name until ctx ends. It calls lost when another
// instance holds the lease, or when renewals failed until it lapsed.
func (l *Leases) renew(ctx context.Context, name string, ttl time.Duration, lost func()) {
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	until := l.db.Now().Add(ttl)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := l.db.Now()
		ok, err := l.Acquire(ctx, name, ttl)
		switch {
		case ok:
			until = now.Add(ttl)
		case ctx.Err() != nil:
			return
		case err == nil || !now.Before(until):
			lost()
			return
		}
	}
}

// Every runs job now and every period until ctx ends, on whichever instance
// holds the lease name: a periodic job (housekeeping, audit checkpoints) that
// should run once per period across the instances, not once per instance.
// The holder keeps the lease from one run to the next (it lasts two
// periods), so the others' attempts fail while it lives; when it stops, it
// releases the lease, and when it crashes the lease lapses, and another
// instance's next attempt takes the job over.
func (l *Leases) Every(ctx context.Context, name string, period time.Duration, job func(context.Context)) {
	t := time.NewTicker(period)
	defer t.Stop()
	defer l.Release(context.WithoutCancel(ctx), name)
	for {
		if ok, _ := l.Acquire(ctx, name, 2*period); ok {
			job(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
