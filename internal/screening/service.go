// Package screening is restricted-party screening as a workflow: it imports
// list versions into the database (parsed by watchlist), keeps the index over
// the versions in use in memory (built by matching), screens parties as they
// are put on cases and again when a list changes, and keeps the reviewers'
// decisions on hits and the case's screening gate.
package screening

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/lease"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Snapshot is the index over the active list versions, never changed once
// built: a new import builds a new one, which replaces it atomically.
type Snapshot struct {
	Index    *matching.Index
	Versions []Version // the active versions, in Sources order
	Key      string    // the active version ids joined: what a screening ran against
	BuiltAt  time.Time
	BuildFor time.Duration
}

// VersionOf returns the active version of source, or nil.
func (s *Snapshot) VersionOf(src watchlist.Source) *Version {
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
	// rescreening is held while a re-screening job runs in this process;
	// Leases keeps it to one at a time across the instances.
	rescreening sync.Mutex
	Leases      *lease.Leases
	// OnLoad, when set, runs after each new index is in use (the server
	// fits its memory limit to it).
	OnLoad func()
	// observer hears how long screening takes and how re-screenings go.
	observer Observer
}

// Observer is told how screening goes, for the server's metrics.
type Observer interface {
	PartyScreened(time.Duration)
	BatchScreened(time.Duration)
	RescreenProgress(total, done int)
	RescreenFinished(outcome string)
}

// unobserved is the Observer of a service nobody watches.
type unobserved struct{}

func (unobserved) PartyScreened(time.Duration) {}
func (unobserved) BatchScreened(time.Duration) {}
func (unobserved) RescreenProgress(int, int)   {}
func (unobserved) RescreenFinished(string)     {}

// Observe makes o hear how screening goes. Call it before the service is in use.
func (s *Service) Observe(o Observer) { s.observer = o }

// NewService returns the screening service with an empty index; Load builds
// it from the database.
func NewService(d *db.DB) *Service {
	s := &Service{db: d, Lists: NewLists(d), Leases: lease.New(d, lease.Instance()), observer: unobserved{}}
	s.current.Store(&Snapshot{Index: matching.NewIndex(nil), BuiltAt: d.Now()})
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
	var entries []watchlist.Entry
	if err := s.Lists.ActiveEntries(ctx, func(e watchlist.Entry) error {
		// Remarks are long free text that screening never reads; the
		// stored entry keeps them.
		e.Remarks = ""
		entries = append(entries, e)
		return nil
	}); err != nil {
		return false, err
	}
	// Entries in a fixed order make ties between equal scores stable.
	slices.SortFunc(entries, func(a, b watchlist.Entry) int {
		return strings.Compare(string(a.Source)+"\x00"+a.SourceID, string(b.Source)+"\x00"+b.SourceID)
	})
	countries, err := LoadCountries(ctx, s.db.Gorm)
	if err != nil {
		return false, err
	}
	ix := matching.NewIndex(entries).WithCountries(countries)
	s.current.Store(&Snapshot{Index: ix, Versions: versions, Key: key, BuiltAt: s.db.Now(), BuildFor: time.Since(start)})
	if s.OnLoad != nil {
		s.OnLoad()
	}
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
	Query     matching.Query
	Hits      []matching.Hit
	Versions  []Version
	Key       string
	Algorithm string
	Threshold float64
}

// Match matches q against the active lists and keeps at most limit hits
// scoring at least threshold (matching.DefaultThreshold when 0). It checks
// no permission and records nothing: ScreenAndRecord does, for people.
func (s *Service) Match(q matching.Query, limit int, threshold float64) Result {
	return match(s.Current(), q, limit, threshold)
}

func match(snap *Snapshot, q matching.Query, limit int, threshold float64) Result {
	if threshold <= 0 {
		threshold = matching.DefaultThreshold
	}
	hits := snap.Index.Search(q, limit)
	keep := hits[:0]
	for _, h := range hits {
		if h.Score >= threshold {
			keep = append(keep, h)
		}
	}
	return Result{Query: q, Hits: keep, Versions: snap.Versions, Key: snap.Key, Algorithm: matching.Algorithm, Threshold: threshold}
}

// ScreenAndRecord screens q for the person in ctx, who must be allowed to
// screen names, and records in the audit trail who looked for which name and
// what was found. Errors: Invalid (by field, see CheckQuery), Forbidden.
func (s *Service) ScreenAndRecord(ctx context.Context, q matching.Query, limit int) (Result, error) {
	if _, err := auth.Require(ctx, auth.PermScreen); err != nil {
		return Result{}, err
	}
	if problems := CheckQuery(q); len(problems) > 0 {
		return Result{}, apperr.Validation(problems)
	}
	q.Name = strings.TrimSpace(q.Name)
	res := s.Match(q, limit, lowestShown)
	now := s.db.Now()
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, now, audit.Event{Action: "screening.adhoc", ObjectType: "screening", ObjectID: "adhoc",
			Summary: fmt.Sprintf("Screened “%s”: %d hits at or above %.2f", q.Name, res.Strong(), matching.DefaultThreshold),
			After:   map[string]any{"query": q, "list_versions": res.Key, "algorithm": res.Algorithm, "hits": res.Strong()}})
	})
	return res, err
}

// lowestShown is the score from which the ad-hoc page shows a hit, below the
// review threshold, so that a person sees near misses as well.
const lowestShown = 0.6

// Strong counts the hits at or above the review threshold.
func (r Result) Strong() int {
	n := 0
	for _, h := range r.Hits {
		if h.Score >= matching.DefaultThreshold {
			n++
		}
	}
	return n
}
