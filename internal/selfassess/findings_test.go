package selfassess_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestRaiseFinding_OnceForAGapStoredAndAudited(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	gap, err := w.svc.Answer(w.officer, p.ID, "5.2", selfassess.AnswerInput{Maturity: "1", Comment: "No audit plan."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	met, err := w.svc.Answer(w.officer, p.ID, "5.3", selfassess.AnswerInput{Maturity: "3"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RaiseFinding(w.officer, p.ID, gap.ID); apperr.CodeOf(err) != apperr.Conflict ||
		!strings.Contains(apperr.Message(err), "not connected") {
		t.Errorf("without a findings register: %v", err)
	}
	f := &testutil.Findings{}
	w.svc.SetFindingRecorder(f)
	for name, ctx := range map[string]context.Context{"auditor": w.auditor, "management": w.board, "staff": w.staff} {
		if _, err := w.svc.RaiseFinding(ctx, p.ID, gap.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s raises a finding: %v", name, err)
		}
	}
	if _, err := w.svc.RaiseFinding(w.officer, p.ID, met.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an answer at its target raised: %v", err)
	}
	if _, err := w.svc.RaiseFinding(w.officer, p.ID, "nothing"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("no such answer: %v", err)
	}
	if len(f.Gaps) != 0 {
		t.Fatalf("refused raisings reached the register: %+v", f.Gaps)
	}
	raised, err := w.svc.RaiseFinding(w.officer, p.ID, gap.ID)
	if err != nil || raised.FindingID != "finding-1" || raised.FindingReference != "F-2026-001" {
		t.Fatalf("raised %+v %v", raised, err)
	}
	want := selfassess.Gap{PeriodID: p.ID, AnswerID: gap.ID, QuestionKey: "5.2", Element: 5, Question: selfassess.Questions[21].Text,
		Maturity: 1, Target: 3, Comment: "No audit plan."}
	if len(f.Gaps) != 1 || f.Gaps[0] != want {
		t.Errorf("gap given %+v, want %+v", f.Gaps, want)
	}
	a, _ := w.svc.Get(w.officer, p.ID)
	if s := a.Answers["5.2"]; s.FindingID != "finding-1" || s.FindingReference != "F-2026-001" || s.Maturity != 1 {
		t.Errorf("stored %+v", s)
	}
	if _, err := w.svc.RaiseFinding(w.officer, p.ID, gap.ID); apperr.CodeOf(err) != apperr.Conflict || len(f.Gaps) != 1 {
		t.Errorf("raised twice: %v, %d gaps", err, len(f.Gaps))
	}
	es := events(t, w.db, "selfassess.finding")
	if len(es) != 1 || !strings.Contains(es[0].BeforeJSON, `"FindingID":""`) || !strings.Contains(es[0].AfterJSON, `"FindingReference":"F-2026-001"`) ||
		!strings.Contains(es[0].Summary, "F-2026-001") {
		t.Errorf("finding events %+v", es)
	}
	// A changed answer keeps its finding.
	if _, err := w.svc.Answer(w.officer, p.ID, "5.2", selfassess.AnswerInput{Maturity: "2", Comment: "Plan drafted."}, nil); err != nil {
		t.Fatal(err)
	}
	if a, _ := w.svc.Get(w.officer, p.ID); a.Answers["5.2"].FindingReference != "F-2026-001" {
		t.Error("the finding was lost when the answer changed")
	}
}

// racingFindings records its finding as an audit event, and meanwhile
// another officer raises the same gap (written in the same transaction,
// the way a concurrent raise committed first would look).
type racingFindings struct{}

func (racingFindings) RecordGap(ctx context.Context, tx *gorm.DB, g selfassess.Gap) (string, string, error) {
	if err := tx.Exec("UPDATE selfassess_answers SET finding_id = 'other', finding_reference = 'F-2026-9999' WHERE id = ?", g.AnswerID).Error; err != nil {
		return "", "", err
	}
	return "racing", "F-2026-0001", audit.Record(ctx, tx, time.Now(), audit.Event{Action: "finding.record", ObjectType: "finding", ObjectID: "racing",
		Summary: "Finding F-2026-0001 recorded"})
}

// A gap raised by someone else while the finding is recorded: refused, and
// the finding recorded in the same transaction is undone with it.
func TestRaiseFinding_RefusedRaceRecordsNothing(t *testing.T) {
	w := newWorld(t)
	p := w.open(t, "2026")
	gap, err := w.svc.Answer(w.officer, p.ID, "5.2", selfassess.AnswerInput{Maturity: "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.svc.SetFindingRecorder(racingFindings{})
	if _, err := w.svc.RaiseFinding(w.officer, p.ID, gap.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("raised over another raise: %v", err)
	}
	if es := events(t, w.db, "finding.record"); len(es) != 0 {
		t.Errorf("the refused raise left its finding: %+v", es)
	}
}
