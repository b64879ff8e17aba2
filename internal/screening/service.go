package screening

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

// Algorithm names the matcher and its rules. Every screening records it with
// the list versions and the query, so that an auditor can replay a result;
// change it whenever a change to the normaliser or the scoring can change a
// score.
const Algorithm = "vigil-match/1"

// Snapshot is the index over the active list versions, never changed once
// built: a new import builds a new one, which replaces it atomically.
type Snapshot struct {
	Index    *Index
	Versions []Version // the active versions, in Sources order
	Key      string    // the active version ids joined: what a screening ran against
	BuiltAt  time.Time
	BuildFor time.Duration
}

// VersionOf returns the active version of source, or nil.
func (s *Snapshot) VersionOf(src Source) *Version {
	for i := range s.Versions {
		if s.Versions[i].Source == src {
			return &s.Versions[i]
		}
	}
	return nil
}

// Service screens names against the active list versions.
type Service struct {
	db      *db.DB
	cases   *cases.Service // set by Attach
	Lists   *Lists
	current atomic.Pointer[Snapshot]
	loading sync.Mutex
	// rescreening is held while a re-screening job runs: one at a time.
	rescreening sync.Mutex
}

// NewService returns the screening service with an empty index; Load builds
// it from the database.
func NewService(d *db.DB) *Service {
	s := &Service{db: d, Lists: NewLists(d)}
	s.current.Store(&Snapshot{Index: NewIndex(nil), BuiltAt: d.Now()})
	return s
}

// Current returns the index in use.
func (s *Service) Current() *Snapshot { return s.current.Load() }

// Load builds the index from the active versions when they differ from the
// loaded ones, and reports whether it did. Any instance may call it at any
// time (after an import, on a timer): it is cheap when nothing changed.
func (s *Service) Load(ctx context.Context) (bool, error) {
	s.loading.Lock()
	defer s.loading.Unlock()
	versions, err := s.Lists.Active(ctx)
	if err != nil {
		return false, err
	}
	key := versionKey(versions)
	if key == s.Current().Key {
		return false, nil
	}
	start := time.Now()
	var entries []Entry
	if err := s.Lists.ActiveEntries(ctx, func(e Entry) error {
		entries = append(entries, e)
		return nil
	}); err != nil {
		return false, err
	}
	// Entries in a fixed order make ties between equal scores stable.
	slices.SortFunc(entries, func(a, b Entry) int {
		return strings.Compare(string(a.Source)+"\x00"+a.SourceID, string(b.Source)+"\x00"+b.SourceID)
	})
	ix := NewIndex(entries)
	s.current.Store(&Snapshot{Index: ix, Versions: versions, Key: key, BuiltAt: s.db.Now(), BuildFor: time.Since(start)})
	return true, nil
}

func versionKey(versions []Version) string {
	ids := make([]string, len(versions))
	for i, v := range versions {
		ids[i] = v.ID
	}
	return strings.Join(ids, ",")
}

// Result is the answer to one screening: the hits at or above the
// threshold, best first, and what they were found with.
type Result struct {
	Query     Query
	Hits      []Hit
	Versions  []Version
	Key       string
	Algorithm string
	Threshold float64
}

// Screen matches q against the active lists and keeps at most limit hits
// scoring at least threshold (DefaultThreshold when 0).
func (s *Service) Screen(q Query, limit int, threshold float64) Result {
	return screen(s.Current(), q, limit, threshold)
}

func screen(snap *Snapshot, q Query, limit int, threshold float64) Result {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	hits := snap.Index.Search(q, limit)
	keep := hits[:0]
	for _, h := range hits {
		if h.Score >= threshold {
			keep = append(keep, h)
		}
	}
	return Result{Query: q, Hits: keep, Versions: snap.Versions, Key: snap.Key, Algorithm: Algorithm, Threshold: threshold}
}
