package selfassess

import (
	"context"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/icp"
)

// QuestionChange is one question of a period beside the previous period's
// answer. A nil maturity is a question not answered in that period.
type QuestionChange struct {
	Question          Question
	Previous, Current *int
}

// Change is the current maturity less the previous one; nil unless both are
// answered.
func (c QuestionChange) Change() *int {
	if c.Previous == nil || c.Current == nil {
		return nil
	}
	d := *c.Current - *c.Previous
	return &d
}

// ElementChange is one element's average maturity in both periods; nil when
// none of its questions is answered in that period.
type ElementChange struct {
	Element           icp.Element
	Previous, Current *float64
}

// Change is the current average less the previous one; nil unless both
// exist.
func (c ElementChange) Change() *float64 {
	if c.Previous == nil || c.Current == nil {
		return nil
	}
	d := *c.Current - *c.Previous
	return &d
}

// Comparison is a period beside the previous completed one (nil when there
// is none), question by question and element by element.
type Comparison struct {
	Period    Period
	Previous  *Period
	Questions []QuestionChange
	Elements  []ElementChange
}

// Compare sets the maturities of current beside those of previous (either
// may be empty), by question key.
func Compare(previous, current map[string]*Answer) ([]QuestionChange, []ElementChange) {
	maturity := func(m map[string]*Answer, key string) *int {
		if a := m[key]; a != nil {
			v := a.Maturity
			return &v
		}
		return nil
	}
	qs := make([]QuestionChange, 0, len(Questions))
	for _, q := range Questions {
		qs = append(qs, QuestionChange{Question: q, Previous: maturity(previous, q.Key), Current: maturity(current, q.Key)})
	}
	es := make([]ElementChange, 0, len(icp.Elements))
	for _, e := range icp.Elements {
		var prev, cur []int
		for _, c := range qs {
			if c.Question.Element != e.Number {
				continue
			}
			if c.Previous != nil {
				prev = append(prev, *c.Previous)
			}
			if c.Current != nil {
				cur = append(cur, *c.Current)
			}
		}
		es = append(es, ElementChange{Element: e, Previous: average(prev), Current: average(cur)})
	}
	return qs, es
}

func average(ns []int) *float64 {
	if len(ns) == 0 {
		return nil
	}
	sum := 0
	for _, n := range ns {
		sum += n
	}
	v := float64(sum) / float64(len(ns))
	return &v
}

// Compare returns the period id beside the completed period before it: the
// one that ends last before it ends. Errors: NotFound, Forbidden.
func (s *Service) Compare(ctx context.Context, id string) (*Comparison, error) {
	cur, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &Comparison{Period: cur.Period}
	var prev []Period
	err = s.db.Gorm.WithContext(ctx).Where("status = ? AND id <> ? AND to_on < ?", Completed, id, cur.Period.ToOn).
		Order("to_on DESC, completed_at DESC").Limit(1).Find(&prev).Error
	if err != nil {
		return nil, err
	}
	previous := map[string]*Answer{}
	if len(prev) == 1 {
		c.Previous = &prev[0]
		p, err := load(ctx, s.db.Gorm, prev[0].ID)
		if err != nil {
			return nil, err
		}
		previous = p.Answers
	}
	c.Questions, c.Elements = Compare(previous, cur.Answers)
	return c, nil
}

// Rhythm is when the programme was last self-assessed. The company's rule
// is at least once a year: Due when no period was ever completed or the last
// was completed more than twelve months ago.
type Rhythm struct {
	Last *Period // the period completed last; nil: none
	Open *Period // the period open now; nil: none
	Due  bool
}

// Yearly returns the rhythm of the self-assessments at the service's clock.
// Errors: Forbidden.
func (s *Service) Yearly(ctx context.Context) (Rhythm, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return Rhythm{}, err
	}
	var r Rhythm
	var last, open []Period
	g := s.db.Gorm.WithContext(ctx)
	if err := g.Where("status = ?", Completed).Order("completed_at DESC").Limit(1).Find(&last).Error; err != nil {
		return Rhythm{}, err
	}
	if err := g.Where("status = ?", Open).Limit(1).Find(&open).Error; err != nil {
		return Rhythm{}, err
	}
	if len(last) == 1 {
		r.Last = &last[0]
	}
	if len(open) == 1 {
		r.Open = &open[0]
	}
	r.Due = Due(r.Last, s.db.Now())
	return r, nil
}

// Due reports whether a self-assessment is due at now after last, the
// period completed last (nil: none): the company's rule is at least once
// every twelve months.
func Due(last *Period, now time.Time) bool {
	return last == nil || last.CompletedAt == nil || last.CompletedAt.AddDate(1, 0, 0).Before(now)
}
