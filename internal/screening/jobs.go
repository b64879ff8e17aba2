package screening

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

// Job is a re-screening of the known parties against new list versions.
type Job struct {
	ID           string     `gorm:"column:id;primaryKey"`
	ListVersions string     `gorm:"column:list_versions"`
	Total        int        `gorm:"column:total"`
	Done         int        `gorm:"column:done"`
	WithHits     int        `gorm:"column:with_hits"` // parties with at least one hit
	NewHits      int        `gorm:"column:new_hits"`  // hits the party's previous screening did not have
	Alarms       int        `gorm:"column:alarms"`    // decided hits asked again because the entry changed
	Status       string     `gorm:"column:status"`    // running, done, failed
	Error        string     `gorm:"column:error"`
	StartedAt    time.Time  `gorm:"column:started_at"`
	FinishedAt   *time.Time `gorm:"column:finished_at"`
}

func (Job) TableName() string { return "screening_jobs" }

// Percent is the share of parties done.
func (j *Job) Percent() int {
	if j.Total == 0 {
		return 100
	}
	return j.Done * 100 / j.Total
}

// Running reports whether the job is still going.
func (j *Job) Running() bool { return j.Status == "running" }

// rescreenBatch is how many parties one transaction screens.
const rescreenBatch = 250

// Refresh loads the active list versions and, when they changed or some
// party is not yet screened against them, re-screens in the background. It
// returns the job started, or nil. Errors are those of loading.
func (s *Service) Refresh(ctx context.Context, log *slog.Logger) (*Job, error) {
	if _, err := s.Load(ctx); err != nil {
		return nil, err
	}
	return s.StartRescreen(ctx, log)
}

// rescreenLease is the lease a re-screening holds, so that one instance
// among those sharing the database re-screens; it is renewed every third of
// rescreenLeaseTTL while the job runs and lapses that long after the holder
// crashed.
const (
	rescreenLease    = "screening.rescreen"
	rescreenLeaseTTL = time.Minute
)

// StartRescreen starts screening every known party that is not screened
// against the current list versions, unless a re-screening runs already (in
// this process or another instance) or there is nothing to do. The job runs
// on after ctx ends (a request that imported a list); it stops with the
// process, or when the instance loses the job's lease.
func (s *Service) StartRescreen(ctx context.Context, log *slog.Logger) (*Job, error) {
	snap := s.Current()
	if len(snap.Versions) == 0 || !s.rescreening.TryLock() {
		return nil, nil
	}
	held, err := s.Leases.Take(auth.AsSystem(context.WithoutCancel(ctx)), rescreenLease, rescreenLeaseTTL)
	if held == nil {
		s.rescreening.Unlock()
		return nil, err
	}
	job, parties, err := s.newJob(ctx, snap)
	if job == nil {
		if rerr := held.Release(); err == nil {
			err = rerr
		}
		s.rescreening.Unlock()
		return nil, err
	}
	started := *job
	go func() {
		defer s.rescreening.Unlock()
		defer held.Release()
		s.observer.RescreenProgress(job.Total, 0)
		if err := s.rescreen(held.Ctx, snap, job, parties); err != nil {
			log.Error("re-screening failed", "job", job.ID, "err", err)
			now := s.db.Now()
			s.db.Gorm.Model(job).Updates(map[string]any{"status": "failed", "error": err.Error(), "finished_at": now})
			s.observer.RescreenFinished("failed")
			return
		}
		s.observer.RescreenFinished("done")
	}()
	return &started, nil
}

// newJob records a re-screening of the parties not yet screened against snap,
// or returns none when there are none or snap is no longer current (another
// instance imported a version since: the next Load brings it). The caller
// holds the job's lease, so a job still running is one whose instance
// stopped: it is ended first.
func (s *Service) newJob(ctx context.Context, snap *Snapshot) (*Job, []cases.Party, error) {
	if err := s.EndInterrupted(ctx); err != nil {
		return nil, nil, err
	}
	active, err := s.Lists.Active(ctx)
	if err != nil || versionKey(active) != snap.Key {
		return nil, nil, err
	}
	parties, err := s.partiesToScreen(ctx, snap.Key)
	if err != nil || len(parties) == 0 {
		return nil, nil, err
	}
	job := &Job{ID: db.NewID(), ListVersions: snap.Key, Total: len(parties), Status: "running", StartedAt: s.db.Now()}
	if err := s.db.Gorm.WithContext(ctx).Create(job).Error; err != nil {
		return nil, nil, err
	}
	return job, parties, nil
}

// partiesToScreen returns the parties whose newest screening did not run
// against key.
func (s *Service) partiesToScreen(ctx context.Context, key string) ([]cases.Party, error) {
	var out []cases.Party
	err := s.db.Gorm.WithContext(ctx).Where(`NOT EXISTS (SELECT 1 FROM screenings sc WHERE sc.party_id = parties.id
		AND sc.list_versions = ? AND sc.screened_at = (SELECT MAX(screened_at) FROM screenings WHERE party_id = parties.id))`, key).
		Order("id").Find(&out).Error
	return out, err
}

// rescreen screens parties in batches, each one transaction that also moves
// the job's progress on, and ends with an audit event summing up.
func (s *Service) rescreen(ctx context.Context, snap *Snapshot, job *Job, parties []cases.Party) error {
	for start := 0; start < len(parties); start += rescreenBatch {
		batch := parties[start:min(start+rescreenBatch, len(parties))]
		began := time.Now()
		err := s.db.InTx(ctx, func(tx *gorm.DB) error {
			now := s.db.Now()
			for i := range batch {
				before, err := previousHits(tx, batch[i].ID)
				if err != nil {
					return err
				}
				_, hits, err := s.record(tx, snap, &batch[i], nil, &job.ID, now)
				if err != nil {
					return err
				}
				if len(hits) > 0 {
					job.WithHits++
				}
				for _, h := range hits {
					old, ok := before[string(h.Source)+"|"+h.SourceID]
					switch {
					case !ok:
						job.NewHits++
					case old != h.EntryHash:
						var n int64
						err := tx.Model(&Decision{}).Where("party_id = ? AND source = ? AND source_id = ?", h.PartyID, h.Source, h.SourceID).Count(&n).Error
						if err != nil {
							return err
						}
						if n > 0 {
							job.Alarms++
						}
					}
				}
			}
			job.Done += len(batch)
			if err := cases.MoveEpoch(tx); err != nil {
				return err
			}
			return tx.Model(job).Updates(map[string]any{"done": job.Done, "with_hits": job.WithHits,
				"new_hits": job.NewHits, "alarms": job.Alarms}).Error
		})
		if err != nil {
			return err
		}
		s.observer.BatchScreened(time.Since(began))
		s.observer.RescreenProgress(job.Total, job.Done)
	}
	now := s.db.Now()
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(job).Updates(map[string]any{"status": "done", "finished_at": now}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "screening.rescreen", ObjectType: "screening_job", ObjectID: job.ID,
			Summary: fmt.Sprintf("Re-screened %d parties against the new list versions: %d with hits, %d new hits, %d decided hits to decide again",
				job.Total, job.WithHits, job.NewHits, job.Alarms),
			After: map[string]any{"list_versions": job.ListVersions, "parties": job.Total, "with_hits": job.WithHits,
				"new_hits": job.NewHits, "alarms": job.Alarms}})
	})
}

// previousHits returns the entry hashes of the hits of a party's newest
// screening, by source and entry.
func previousHits(tx *gorm.DB, partyID string) (map[string]string, error) {
	var hits []StoredHit
	err := tx.Where(`screening_id = (SELECT id FROM screenings WHERE party_id = ? ORDER BY screened_at DESC, id DESC LIMIT 1)`, partyID).
		Select("source, source_id, entry_hash").Find(&hits).Error
	out := make(map[string]string, len(hits))
	for _, h := range hits {
		out[string(h.Source)+"|"+h.SourceID] = h.EntryHash
	}
	return out, err
}

// WaitRescreen waits for a running re-screening to end.
func (s *Service) WaitRescreen() {
	s.rescreening.Lock()
	defer s.rescreening.Unlock()
}

// Jobs returns the newest re-screenings first.
func (s *Service) Jobs(ctx context.Context, limit int) ([]Job, error) {
	var out []Job
	err := s.db.Gorm.WithContext(ctx).Order("started_at DESC, id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// Job returns one re-screening.
func (s *Service) Job(ctx context.Context, id string) (*Job, error) {
	return byID[Job](ctx, s.db.Gorm, id, "No such re-screening.")
}

// EndInterrupted marks jobs left running by a stopped process as failed, so
// the next Refresh starts over where they stopped. Only the holder of the
// re-screening lease may call it (StartRescreen does): another instance's
// job may be running.
func (s *Service) EndInterrupted(ctx context.Context) error {
	return s.db.Gorm.WithContext(ctx).Model(&Job{}).Where("status = ?", "running").
		Updates(map[string]any{"status": "failed", "error": "interrupted: the server stopped", "finished_at": s.db.Now()}).Error
}
