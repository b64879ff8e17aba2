package demo

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/selfassess"
)

// demoMaturity is the demonstration's maturity by element, last year; the
// question's place in its element moves it by one, so that the questions
// differ.
var demoMaturity = map[int]int{1: 2, 2: 2, 3: 3, 4: 3, 5: 1, 6: 3, 7: 2}

// demoImproved are this year's answers so far: the elements worked on since.
var demoImproved = map[int]int{1: 1, 2: 1, 3: 0, 4: 1}

// SeedSelfAssessment gives the demonstration a self-assessment completed
// last year and one open this year with the first four elements answered,
// so that the comparison shows; as the demo compliance officer, labelled as
// demonstration data, last year's dated back on the audit trail.
func SeedSelfAssessment(ctx context.Context, d *db.DB, svc *selfassess.Service) error {
	officer, err := actAs(ctx, d, "officer@example.com")
	if err != nil {
		return err
	}
	year := d.Now().Year()
	last, err := demoPeriod(officer, svc, year-1, func(q selfassess.Question, i int) (int, bool) {
		return min(selfassess.MaxMaturity, demoMaturity[q.Element]+i%2), true
	})
	if err != nil {
		return err
	}
	if _, err := svc.Complete(officer, last.ID); err != nil {
		return err
	}
	if _, err = demoPeriod(officer, svc, year, func(q selfassess.Question, i int) (int, bool) {
		up, ok := demoImproved[q.Element]
		return min(selfassess.MaxMaturity, demoMaturity[q.Element]+i%2+up), ok
	}); err != nil {
		return err
	}
	return backDate(ctx, d, last)
}

// demoPeriod opens the period of year and answers each question that
// maturity gives a maturity for (i: the question's place in its element).
func demoPeriod(ctx context.Context, svc *selfassess.Service, year int, maturity func(q selfassess.Question, i int) (int, bool)) (*selfassess.Period, error) {
	p, err := svc.Open(ctx, selfassess.PeriodInput{Name: fmt.Sprintf("%d (demonstration)", year),
		From: fmt.Sprintf("%d-01-01", year), To: fmt.Sprintf("%d-12-31", year)})
	if err != nil {
		return nil, err
	}
	place := map[int]int{}
	for _, q := range selfassess.Questions {
		i := place[q.Element]
		place[q.Element]++
		m, ok := maturity(q, i)
		if !ok {
			continue
		}
		in := selfassess.AnswerInput{Maturity: fmt.Sprint(m), Comment: "Demonstration answer."}
		if q.Element == 3 {
			in.Links = "/training/matrix"
		}
		if q.Element == 6 && i == 3 {
			in.Links = "/audit/verify"
		}
		if _, err := svc.Answer(ctx, p.ID, q.Key, in, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// backDate moves last year's period to 15 December of that year: opened,
// answered and completed then.
func backDate(ctx context.Context, d *db.DB, p *selfassess.Period) error {
	when := time.Date(p.ToOn.Year(), 12, 15, 10, 0, 0, 0, time.UTC)
	if now := d.Now(); when.After(now) {
		when = now
	}
	ctx = auth.AsSystem(ctx)
	return d.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE selfassess_periods SET opened_at = ?, completed_at = ? WHERE id = ?", when, when, p.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE selfassess_answers SET answered_at = ? WHERE period_id = ?", when, p.ID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, d.Now(), audit.Event{Action: "demo.seed_self_assessment", ObjectType: "selfassess_period",
			ObjectID: p.ID, Summary: "Dated back the demonstration self-assessment " + p.Name + " to " + when.Format(time.DateOnly)})
	})
}
