package screening

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// mayDeemNotApplicable says whether actor may decide that a match on src
// does not bind the transaction: only a compliance officer may, and never
// for a list the list policy requires, which binds every export (the
// company's rule). Errors: Forbidden, Invalid.
func (s *Service) mayDeemNotApplicable(ctx context.Context, actor *auth.Actor, src watchlist.Source) error {
	if err := CheckNotApplicableDecider(actor); err != nil {
		return err
	}
	policy, err := s.Lists.Policy(ctx)
	if err != nil {
		return err
	}
	if policy.Rule(src).Requirement == Required {
		return apperr.Validation(map[string]string{"verdict": fmt.Sprintf(
			"The list policy requires the %s list: it applies to every export, so a match on it is a confirmed match or a false positive.", src.Label())})
	}
	return nil
}

// CheckNotApplicableDecider says why actor may not decide that a list does
// not apply to a transaction: only compliance officers do. Errors: Forbidden.
func CheckNotApplicableDecider(actor *auth.Actor) error {
	if !actor.HasRole(auth.RoleComplianceOfficer) {
		return apperr.New(apperr.Forbidden, "Deciding that a list does not apply to a transaction is for compliance officers.")
	}
	return nil
}

// CheckNotApplicableConfirmer says why actor may not confirm d, a decision
// that a list does not apply: a second compliance officer, not the one who
// decided, confirms it. Errors: Forbidden.
func CheckNotApplicableConfirmer(actor *auth.Actor, d *Decision) error {
	switch {
	case !actor.HasRole(auth.RoleComplianceOfficer):
		return apperr.New(apperr.Forbidden, "A second compliance officer confirms that a list does not apply.")
	case d.DecidedBy == actor.UserID:
		return apperr.New(apperr.Forbidden, "You decided that the list does not apply; another compliance officer confirms it.")
	}
	return nil
}

// ConfirmNotApplicable records that a second compliance officer agrees that
// the list of a hit does not bind this case: the decision then holds, for
// this case only. Errors: NotFound, Forbidden (not a compliance officer, or
// the one who decided), Conflict (no such decision waiting on the case, or a
// stale page).
func (s *Service) ConfirmNotApplicable(ctx context.Context, caseID string, version int64, hitID string) (*cases.Case, error) {
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermDecideHits, "screening.confirm_not_applicable", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		if err := CheckDecidable(f); err != nil {
			return "", err
		}
		state, err := s.caseState(ctx, tx, f)
		if err != nil {
			return "", err
		}
		hit, party := state.hit(hitID)
		if hit == nil || hit.Status != AwaitingConfirmation {
			return "", apperr.New(apperr.Conflict, "That hit waits for no confirmation: it was confirmed, decided again, or the party was screened again. Reload the case.")
		}
		d := hit.Decision
		if err := CheckNotApplicableConfirmer(actor, d); err != nil {
			return "", err
		}
		if err := tx.Model(&Decision{}).Where("id = ? AND confirmed_by IS NULL", d.ID).
			Updates(map[string]any{"confirmed_by": actor.UserID, "confirmed_at": now}).Error; err != nil {
			return "", err
		}
		return fmt.Sprintf("screening hit %s on %s: confirmed that the list does not apply to this transaction (decided by %s: %s)",
			party.Party.Name, (&openHit{hit: hit, party: party}).entry(), state.Names[d.DecidedBy], d.Reason), nil
	})
}
