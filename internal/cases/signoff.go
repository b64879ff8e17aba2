package cases

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// action is the life-cycle action a decision takes once it is final.
func (d Decision) action() Action {
	return map[Decision]Action{Approve: ActApprove, Reject: ActReject, Hold: ActHold, Return: ActReturn}[d]
}

// ApprovalsNeeded is how many valid approvals, by different people, the case
// needs: two for a high-risk case, one of them by a compliance officer.
func (f *Case) ApprovalsNeeded() int {
	if f.RiskLevel == "high" {
		return 2
	}
	return 1
}

// Void reports whether a sign-off no longer vouches for the case: its content
// has changed since, the case went back to draft (which voids an approval
// visibly), or it was submitted again after it.
func (f *Case) Void(so SignOff) bool {
	return so.ContentHash != f.ContentHash || f.SubmittedAt == nil || so.CreatedAt.Before(*f.SubmittedAt)
}

// ValidApprovals returns the approvals that count now.
func (f *Case) ValidApprovals() []SignOff {
	var out []SignOff
	for _, so := range f.SignOffs {
		if so.Decision == Approve && !f.Void(so) {
			out = append(out, so)
		}
	}
	return out
}

// approvalComplete reports whether approvals satisfy the four-eyes rule.
func (f *Case) approvalComplete(approvals []SignOff) bool {
	people := map[string]bool{}
	officer := false
	for _, a := range approvals {
		people[a.UserID] = true
		officer = officer || a.Role == string(auth.RoleComplianceOfficer)
	}
	if len(people) < f.ApprovalsNeeded() {
		return false
	}
	return f.ApprovalsNeeded() == 1 || officer
}

// CheckSignOff applies the separation-of-duties rules to a decision by actor
// on f, and returns why it is refused (Forbidden or Conflict), or nil.
func CheckSignOff(f *Case, actor *auth.Actor, d Decision) error {
	if !actor.Can(auth.PermSignOffCases) {
		return apperr.New(apperr.Forbidden, "Your roles do not include signing off cases.")
	}
	if d.action() == "" {
		return apperr.New(apperr.Invalid, "Unknown decision.")
	}
	if _, ok := Next(f.Status, d.action()); !ok {
		return apperr.New(apperr.Conflict, "A case that is %s cannot be given that decision.", strings.ToLower(f.Status.Label()))
	}
	if d == Return {
		return nil // anyone who may sign off, the owner included, may send a case back to draft
	}
	switch {
	case f.OwnerID == actor.UserID:
		return apperr.New(apperr.Forbidden, "You opened this case, so someone else must decide on it.")
	case f.editedBy(actor.UserID):
		return apperr.New(apperr.Forbidden, "You changed this case after it was submitted, so someone else must decide on it.")
	}
	if d != Approve {
		return nil
	}
	if slices.Contains(f.AssessmentAuthors, actor.UserID) {
		return apperr.New(apperr.Forbidden, "You wrote part of this case's human-rights assessment, so someone else must approve the case.")
	}
	valid := f.ValidApprovals()
	for _, a := range valid {
		if a.UserID == actor.UserID {
			return apperr.New(apperr.Conflict, "You have already approved this case as it stands; a second approval must come from someone else.")
		}
	}
	if f.ApprovalsNeeded() == 2 && len(valid) == 1 && valid[0].Role != string(auth.RoleComplianceOfficer) &&
		roleIn(actor) != auth.RoleComplianceOfficer {
		return apperr.New(apperr.Forbidden, "This high-risk case needs a compliance officer's approval.")
	}
	return nil
}

// Submit runs every gate and, when all pass, submits the case for sign-off.
// Errors: Invalid (gates fail, with the reasons), NotFound, Forbidden, Conflict.
func (s *Service) Submit(ctx context.Context, id string, version int64) (*Case, error) {
	if err := s.CheckActor(ctx, auth.PermEditCases); err != nil {
		return nil, err
	}
	return s.change(ctx, id, version, auth.PermEditCases, "case.submit", false, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		to, ok := Next(f.Status, ActSubmit)
		if !ok {
			return "", apperr.New(apperr.Conflict, "Only a draft can be submitted.")
		}
		if err := s.requireReady(tx.Statement.Context, f); err != nil {
			return "", err
		}
		return "submitted for sign-off", tx.Model(&Record{}).Where("id = ?", id).
			Updates(map[string]any{"status": to, "submitted_at": now, "decided_at": nil}).Error
	})
}

func (s *Service) requireReady(ctx context.Context, f *Case) error {
	checks, err := s.Readiness(ctx, f)
	if err != nil {
		return err
	}
	var missing []string
	for _, c := range checks {
		if !c.OK {
			missing = append(missing, c.Why)
		}
	}
	if len(missing) > 0 {
		return apperr.New(apperr.Invalid, "The case is not ready: %s", strings.Join(missing, " "))
	}
	return nil
}

// Decide records a sign-off: approve, reject, hold or return to draft. Every
// decision but approve needs a comment. The sign-off stores the content hash;
// an approval moves the case to approved once enough valid approvals are in.
// Errors: Invalid, NotFound, Forbidden (separation of duties), Conflict.
func (s *Service) Decide(ctx context.Context, id string, version int64, d Decision, comment string) (*Case, error) {
	comment = strings.TrimSpace(comment)
	if d != Approve && comment == "" {
		return nil, apperr.Validation(map[string]string{"comment": "Say why: a comment is required for this decision."})
	}
	if len(comment) > 5000 {
		return nil, apperr.Validation(map[string]string{"comment": "Use at most 5,000 characters."})
	}
	if d == Approve {
		if err := s.CheckActor(ctx, auth.PermSignOffCases); err != nil {
			return nil, err
		}
		if s.rescreener != nil {
			var err error
			if version, err = s.rescreener.RescreenBeforeApproval(ctx, id, version); err != nil {
				return nil, err
			}
		}
	}
	actor := auth.ActorFrom(ctx)
	return s.change(ctx, id, version, auth.PermSignOffCases, "case."+string(d), false, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		f, err := s.withAuthors(tx.Statement.Context, tx, f)
		if err != nil {
			return "", err
		}
		if err := CheckSignOff(f, actor, d); err != nil {
			return "", err
		}
		if d == Approve {
			if err := s.requireReady(tx.Statement.Context, f); err != nil {
				return "", err
			}
		}
		so := SignOff{ID: db.NewID(), CaseID: id, UserID: actor.UserID, Role: string(roleIn(actor)), Decision: d,
			Comment: comment, ContentHash: f.ContentHash, CaseVersion: version + 1, CreatedAt: now}
		if err := tx.Create(&so).Error; err != nil {
			return "", err
		}
		summary := map[Decision]string{Approve: "approved", Reject: "rejected", Hold: "put on hold", Return: "returned to draft"}[d]
		if d == Approve {
			f.SignOffs = append(f.SignOffs, so)
			if !f.approvalComplete(f.ValidApprovals()) {
				return "approved (one more approval needed)", nil
			}
		}
		to, _ := Next(f.Status, d.action())
		fields := map[string]any{"status": to, "decided_at": now}
		if to == Draft {
			fields["decided_at"], fields["submitted_at"] = nil, nil
			if f.Status == Approved {
				summary += "; the approval is void"
			}
		}
		if comment != "" {
			summary += ": " + comment
		}
		return summary, tx.Model(&Record{}).Where("id = ?", id).Updates(fields).Error
	})
}

// Close closes an approved case once the export is done. The gates run
// again: what was true at approval (the lists, the assessment) must still be.
// Errors: Invalid (gates fail), NotFound, Forbidden, Conflict.
func (s *Service) Close(ctx context.Context, id string, version int64) (*Case, error) {
	return s.change(ctx, id, version, auth.PermEditCases, "case.close", false, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		to, ok := Next(f.Status, ActClose)
		if !ok {
			return "", apperr.New(apperr.Conflict, "Only an approved case can be closed.")
		}
		if err := s.requireReady(tx.Statement.Context, f); err != nil {
			return "", err
		}
		return "closed", tx.Model(&Record{}).Where("id = ?", id).Update("status", to).Error
	})
}
