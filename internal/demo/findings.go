package demo

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/findings"
)

// demoAction is a corrective action of the demonstration and how far it
// has gone: "open", "started", "done" (awaiting sign-off) or "closed".
type demoAction struct {
	what, owner, state string
	dueInDays          int // negative: overdue, dated back after it was given
}

// demoFinding is a finding of the demonstration with its actions.
type demoFinding struct {
	by      string
	in      findings.Input
	actions []demoAction
}

// demoFindings are the demonstration findings, labelled as such: an
// internal audit's with actions in every state, one of manager@'s overdue,
// and a management review's with an open action. (The demo has no report
// of concern to record a finding from.)
var demoFindings = []demoFinding{
	{"auditor@example.com", findings.Input{Source: findings.FromAudit, SourceRef: "Demo internal audit 2026", Element: 4, Severity: "high",
		Title:       "Screening hits decided without a recorded reason (demo)",
		Description: "Demonstration finding: in a sample of twenty decided screening hits, three false positives give no reason that tells the party and the listed entry apart."},
		[]demoAction{
			{"Retrain the export managers on recording the reason of a hit decision (demo)", "manager@example.com", "started", -12},
			{"Check ten further hit decisions for a recorded reason (demo)", "manager2@example.com", "done", 10},
			{"Make the reason a required field of the hit decision (demo)", "manager@example.com", "closed", 30},
		}},
	{"officer@example.com", findings.Input{Source: findings.FromAudit, SourceRef: "Demo management review", Element: 3, Severity: "medium",
		Title:       "Sanctions training overdue for staff (demo)",
		Description: "Demonstration finding: a member of staff has not completed the mandatory sanctions course within its due period."},
		[]demoAction{{"Complete the sanctions and restricted-party screening course (demo)", "staff@example.com", "open", 21}}},
}

// SeedFindings records the demonstration findings and takes their actions
// as far as each goes, as the demo users would; an overdue action's due day
// is then dated back, which the audit trail records as the system's.
func SeedFindings(ctx context.Context, d *db.DB, svc *findings.Service) error {
	as := map[string]context.Context{}
	for _, u := range Users {
		var err error
		if as[u.Email], err = actAs(ctx, d, u.Email); err != nil {
			return err
		}
	}
	var overdue []string
	now := d.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for _, f := range demoFindings {
		rec, err := svc.Record(as[f.by], f.in)
		if err != nil {
			return err
		}
		for _, a := range f.actions {
			id, err := seedAction(as, svc, rec.ID, a, today)
			if err != nil {
				return err
			}
			if a.dueInDays < 0 {
				overdue = append(overdue, id)
				if err := d.Gorm.WithContext(ctx).Model(&findings.Action{}).Where("id = ?", id).
					Update("due_on", today.AddDate(0, 0, a.dueInDays)).Error; err != nil {
					return err
				}
			}
		}
	}
	ctx = auth.AsSystem(ctx)
	return d.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, d.Now(), audit.Event{Action: "demo.seed_findings", ObjectType: "corrective_action",
			Summary: "Dated back the due day of the demonstration's overdue corrective action", After: overdue})
	})
}

// seedAction gives finding the action a, as the compliance officer, and has
// its owner and the officer take it as far as its state; an action to be
// overdue is first given for tomorrow.
func seedAction(as map[string]context.Context, svc *findings.Service, finding string, a demoAction, today time.Time) (string, error) {
	officer, owner := as["officer@example.com"], as[a.owner]
	due := today.AddDate(0, 0, max(a.dueInDays, 1)).Format(time.DateOnly)
	act, err := svc.AddAction(officer, finding, findings.ActionInput{What: a.what, OwnerID: auth.ActorFrom(owner).UserID, Due: due})
	if err != nil {
		return "", err
	}
	proof := findings.Evidence{Note: "Done, see the record (demo).", Link: "https://intranet.example.com/compliance/demo-evidence"}
	steps := map[string][]func() (*findings.Action, error){
		"started": {func() (*findings.Action, error) { return svc.Start(owner, act.ID) }},
		"done":    {func() (*findings.Action, error) { return svc.MarkDone(owner, act.ID, proof) }},
		"closed": {func() (*findings.Action, error) { return svc.MarkDone(owner, act.ID, proof) },
			func() (*findings.Action, error) {
				return svc.Review(officer, act.ID, findings.SignOff, "Checked (demo).")
			}},
	}[a.state]
	for _, step := range steps {
		if _, err := step(); err != nil {
			return "", err
		}
	}
	return act.ID, nil
}
