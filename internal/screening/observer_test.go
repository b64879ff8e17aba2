package screening_test

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu               sync.Mutex
	parties, batches int
	progress         []string
	finished         []string
}

func (r *recorder) PartyScreened(time.Duration) { r.mu.Lock(); r.parties++; r.mu.Unlock() }
func (r *recorder) BatchScreened(time.Duration) { r.mu.Lock(); r.batches++; r.mu.Unlock() }
func (r *recorder) RescreenProgress(total, done int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress = append(r.progress, fmt.Sprintf("%d/%d", done, total))
}
func (r *recorder) RescreenFinished(outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = append(r.finished, outcome)
}

// TestObserver_HearsPartiesBatchesAndTheJobsProgress: two parties put on a
// case are screened one by one; a new list version re-screens both in one
// batch, its progress told from none to all, and the job's outcome.
func TestObserver_HearsPartiesBatchesAndTheJobsProgress(t *testing.T) {
	w := newCasework(t, "1|company|Northstar Signal Trading")
	rec := &recorder{}
	w.scr.Observe(rec)
	w.draft("Acme Instruments GmbH", "Northstar Signal Trading")
	if rec.parties != 2 || rec.batches != 0 || len(rec.progress) != 0 {
		t.Fatalf("after two parties: %+v", rec)
	}
	job := w.importList("1|company|Northstar Signal Trading\n2|company|Other Listed Company")
	if job == nil || job.Total != 2 {
		t.Fatalf("re-screening %+v", job)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.parties != 4 || rec.batches != 1 || fmt.Sprint(rec.progress) != "[0/2 2/2]" || fmt.Sprint(rec.finished) != "[done]" {
		t.Errorf("after the re-screening: parties %d, batches %d, progress %v, finished %v", rec.parties, rec.batches, rec.progress, rec.finished)
	}
}
