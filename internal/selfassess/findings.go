package selfassess

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
)

// Gap is an answer below its target, raised as a finding.
type Gap struct {
	PeriodID, AnswerID, QuestionKey string
	Element                         int
	Question                        string
	Maturity, Target                int
	Comment                         string
}

// FindingRecorder records a gap as a finding within tx, the transaction that
// keeps the finding on the answer, and returns the finding's id and
// reference.
type FindingRecorder interface {
	RecordGap(ctx context.Context, tx *gorm.DB, g Gap) (id, reference string, err error)
}

// SetFindingRecorder sets where gaps are raised as findings.
func (s *Service) SetFindingRecorder(r FindingRecorder) { s.findings = r }

// CanRaiseFindings reports whether gaps can be raised as findings.
func (s *Service) CanRaiseFindings() bool { return s.findings != nil }

// RaiseFinding raises the answer's gap (a maturity below the period's
// target) as a finding, once, and keeps the finding's id and reference on the
// answer; on the audit trail. A completed period's gaps are raised too: the
// finding follows the answer up, it does not change it. The finding is
// recorded in the same transaction as the answer's change: should two
// officers raise the same gap at once, the second is refused and records
// nothing. Errors:
// NotFound, Conflict (no gap, raised already, or no findings register),
// Forbidden.
func (s *Service) RaiseFinding(ctx context.Context, periodID, answerID string) (*Answer, error) {
	if _, err := auth.Require(ctx, auth.PermSelfAssess); err != nil {
		return nil, err
	}
	if s.findings == nil {
		return nil, apperr.New(apperr.Conflict, "Findings cannot be raised here yet: the findings register is not connected.")
	}
	a, err := load(ctx, s.db.Gorm, periodID)
	if err != nil {
		return nil, err
	}
	var ans *Answer
	for _, x := range a.Answers {
		if x.ID == answerID {
			ans = x
		}
	}
	switch {
	case ans == nil:
		return nil, apperr.New(apperr.NotFound, "There is no such answer in this period.")
	case ans.FindingID != "":
		return nil, apperr.New(apperr.Conflict, "Finding %s was raised for this answer already.", ans.FindingReference)
	case !ans.Gap(a.Period.Target):
		return nil, apperr.New(apperr.Conflict, "The answer meets its target (%d): there is no gap to raise.", a.Period.Target)
	}
	q, _ := QuestionByKey(ans.QuestionKey)
	gap := Gap{PeriodID: periodID, AnswerID: ans.ID, QuestionKey: q.Key, Element: q.Element, Question: q.Text,
		Maturity: ans.Maturity, Target: a.Period.Target, Comment: ans.Comment}
	before, after := *ans, *ans
	now := s.db.Now()
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		id, ref, err := s.findings.RecordGap(ctx, tx, gap)
		if err != nil {
			return err
		}
		after.FindingID, after.FindingReference = id, ref
		res := tx.Model(&Answer{}).Where("id = ? AND finding_id = ''", ans.ID).
			Updates(map[string]any{"finding_id": id, "finding_reference": ref})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "A finding was raised for this answer meanwhile.")
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "selfassess.finding", ObjectType: "selfassess_period", ObjectID: periodID,
			Summary: "Self-assessment " + a.Period.Name + ", question " + q.Key + ": gap raised as finding " + after.FindingReference,
			Before:  &before, After: &after})
	})
	if err != nil {
		return nil, err
	}
	return &after, nil
}
