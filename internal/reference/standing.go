package reference

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Standing is what a case asks of its destination each time its page is
// shown: the current risk tier and the restrictive measures in force.
type Standing struct {
	Tier     TierLevel // "" when none is set
	Measures []Measure // in force today, of any confidence: arms embargoes first
}

// standingKey is what a kept Standing is valid for: the country as of its
// latest change, on one day.
type standingKey struct {
	code string
	seq  int64 // the audit sequence number of the country's latest change
	day  int64 // Unix time of the day's midnight (UTC)
}

// latestChange reads the sequence number of the newest audit event on a
// country. Every change of a tier or a measure goes through Service.change,
// which records that event in the same transaction: the number moves, in the
// database, whenever the data does. It is read before the rows, so what is
// kept under it is never older than it. The index on audit_events (object_type,
// object_id, seq) answers it from one entry.
const latestChange = "SELECT seq FROM audit_events WHERE object_type = '" + objectType +
	"' AND object_id = ? ORDER BY seq DESC LIMIT 1"

// Standing returns the risk tier and the measures in force today of the
// country with code (any case, surrounding space ignored; an unknown code has
// neither). The rows are read once per change of the country and per day,
// then kept: each call reads the country's latest change from the database,
// so every instance sees a change at once, and "in force" is judged again on
// a new day. Errors: Forbidden.
func (s *Service) Standing(ctx context.Context, code string) (Standing, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return Standing{}, err
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	memo, _ := ctx.Value(memoKey{}).(*standingMemo)
	if st, ok := memo.get(code); ok {
		return st, nil
	}
	now := s.db.Now()
	key := standingKey{code: code, day: today(now).Unix()}
	err := s.db.QueryRow(ctx, latestChange, key.code).Scan(&key.seq)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Standing{}, err
	}
	st, ok := s.standings.Get(key)
	if !ok {
		if st, err = s.readStanding(ctx, key.code, now); err != nil {
			return Standing{}, err
		}
		s.standings.Add(key, st)
	}
	memo.put(code, st)
	// The kept slice is shared: the caller gets its own.
	st.Measures = slices.Clone(st.Measures)
	return st, nil
}

// memoKey keeps a standingMemo in a context.
type memoKey struct{}

// standingMemo is the standings one request has read, so that the parts of
// a page that each ask for the destination's standing read it once.
type standingMemo struct {
	mu     sync.Mutex
	byCode map[string]Standing
}

// Remembering returns ctx in which Standing reads each country once: for a
// request, whose parts then see the same standing.
func Remembering(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &standingMemo{byCode: map[string]Standing{}})
}

func (m *standingMemo) get(code string) (Standing, bool) {
	if m == nil {
		return Standing{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.byCode[code]
	st.Measures = slices.Clone(st.Measures)
	return st, ok
}

func (m *standingMemo) put(code string, st Standing) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byCode[code] = st
}

// readStanding reads the standing of the country with code as of now.
func (s *Service) readStanding(ctx context.Context, code string, now time.Time) (Standing, error) {
	g := s.db.Gorm.WithContext(ctx)
	var st Standing
	var tiers []TierLevel
	err := g.Model(&Tier{}).Where("country_code = ?", code).Order("set_at DESC, id DESC").Limit(1).Pluck("tier", &tiers).Error
	if err != nil {
		return Standing{}, err
	}
	if len(tiers) > 0 {
		st.Tier = tiers[0]
	}
	var all []Measure
	if err := g.Where("country_code = ?", code).Find(&all).Error; err != nil {
		return Standing{}, err
	}
	for _, m := range all {
		if m.InForce(now) {
			st.Measures = append(st.Measures, m)
		}
	}
	slices.SortStableFunc(st.Measures, func(a, b Measure) int { return compareMeasures(&a, &b, now) })
	return st, nil
}
