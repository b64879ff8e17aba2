package screening_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/lease"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// secondInstance is the screening of another instance on d: its own
// connection pool and index, the same database.
func secondInstance(t *testing.T, d *db.DB) *screening.Service {
	s := screening.NewService(d)
	s.Attach(cases.NewService(d))
	t.Cleanup(s.WaitRescreen)
	if _, err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Two instances see a new list version at once and both start re-screening: one
// re-screens the parties, the other starts nothing, and every party is
// screened against the new version once.
func TestRescreen_TwoInstancesRescreenOnce(t *testing.T) {
	d1, d2 := testutil.TwoInstances(t)
	w := newCaseworkOn(t, d1, unList)
	for range 5 {
		w.draft("Acme Logistics GmbH", "Acme Networks AG")
	}
	other := secondInstance(t, d2)
	v, _, err := w.scr.Lists.Import(w.admin, watchlist.UN, lineParser, file("un.txt", unList+"\n4|entity|NEW FRONT LTD"))
	if err != nil {
		t.Fatal(err)
	}
	instances := []*screening.Service{w.scr, other}
	for _, s := range instances {
		if _, err := s.Load(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	jobs := make([]*screening.Job, 2)
	var wg sync.WaitGroup
	for i, s := range instances {
		wg.Go(func() {
			job, err := s.StartRescreen(w.admin, quiet)
			if err != nil {
				t.Error(err)
			}
			jobs[i] = job
		})
	}
	wg.Wait()
	w.scr.WaitRescreen()
	other.WaitRescreen()
	if (jobs[0] == nil) == (jobs[1] == nil) {
		t.Errorf("jobs started %v, want exactly one", jobs)
	}
	var n, screened int64
	w.db.Gorm.Raw("SELECT COUNT(*) FROM screening_jobs WHERE list_versions = ?", v.ID).Scan(&n)
	w.db.Gorm.Raw("SELECT COUNT(*) FROM screenings WHERE list_versions = ?", v.ID).Scan(&screened)
	if n != 1 || screened != 10 {
		t.Errorf("%d jobs and %d screenings against the new version, want 1 and 10 (5 cases of 2 parties)", n, screened)
	}
}

// A re-screening running on another instance is left alone while that
// instance holds the job's lease; once the lease lapses (the instance
// crashed), the next refresh ends it as interrupted and starts over.
func TestRescreen_OtherInstancesJobEndedOnlyAfterItsLeaseLapses(t *testing.T) {
	d1, d2 := testutil.TwoInstances(t)
	w := newCaseworkOn(t, d1, unList)
	w.draft("Acme Logistics GmbH", "Acme Networks AG")
	other := lease.New(d2, "crashed-instance")
	if ok, err := other.Acquire(context.Background(), "screening.rescreen", time.Hour); !ok || err != nil {
		t.Fatalf("acquire: %v %v", ok, err)
	}
	running := screening.Job{ID: db.NewID(), ListVersions: "old", Total: 2, Status: "running", StartedAt: d1.Now()}
	if err := d2.Gorm.Create(&running).Error; err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.scr.Lists.Import(w.admin, watchlist.UN, lineParser, file("un.txt", unList+"\n4|entity|NEW FRONT LTD")); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		var st string
		d1.Gorm.Raw("SELECT status FROM screening_jobs WHERE id = ?", running.ID).Scan(&st)
		return st
	}
	if job, err := w.scr.Refresh(w.admin, quiet); job != nil || err != nil || status() != "running" {
		t.Fatalf("while the other holds the lease: job %v, %v, the other's job %s", job, err, status())
	}
	d2.Gorm.Exec("UPDATE job_leases SET expires_at = ? WHERE name = 'screening.rescreen'", d1.Now().Add(-time.Second))
	job, err := w.scr.Refresh(w.admin, quiet)
	w.scr.WaitRescreen()
	if job == nil || err != nil || status() != "failed" {
		t.Errorf("after the lease lapsed: job %v, %v, the other's job %s", job, err, status())
	}
}
