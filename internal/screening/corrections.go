package screening

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// CorrectionStatus is where a correction of a confirmed match stands.
type CorrectionStatus string

const (
	CorrectionPending   CorrectionStatus = "pending"   // waits for a second compliance officer
	CorrectionConfirmed CorrectionStatus = "confirmed" // carried out by a false-positive decision
	CorrectionDeclined  CorrectionStatus = "declined"  // the confirmed match holds
)

// Correction is a compliance officer's proposal that a confirmed match was
// wrong: the party is not the listed entry. It corrects one decision and
// counts only once a second compliance officer confirms it; the decision it
// corrects stays on record either way. The corrected verdict is always a
// false positive, so it is not stored.
type Correction struct {
	ID           string           `gorm:"column:id;primaryKey"`
	PartyID      string           `gorm:"column:party_id"`
	Source       watchlist.Source `gorm:"column:source"`
	SourceID     string           `gorm:"column:source_id"`
	HitID        string           `gorm:"column:hit_id"`
	CaseID       string           `gorm:"column:case_id"`     // where it was proposed
	DecisionID   string           `gorm:"column:decision_id"` // the confirmed decision it corrects
	Reason       string           `gorm:"column:reason"`
	ProposedBy   string           `gorm:"column:proposed_by"`
	ProposedAt   time.Time        `gorm:"column:proposed_at"`
	Status       CorrectionStatus `gorm:"column:status"`
	AnsweredBy   *string          `gorm:"column:answered_by"`
	AnsweredAt   *time.Time       `gorm:"column:answered_at"`
	AnswerReason string           `gorm:"column:answer_reason"` // why it was declined
}

func (Correction) TableName() string { return "hit_corrections" }

// CheckCorrector applies who may correct a confirmed match on case f: a
// compliance officer, on a case in progress or blocked (the case a wrong
// match blocked is the one to free). pending is the correction to answer,
// nil when proposing one: its proposer may not answer it, so that two
// people undo a confirmed match. Errors: Forbidden, Conflict.
func CheckCorrector(f *cases.Case, actor *auth.Actor, pending *Correction) error {
	if !actor.HasRole(auth.RoleComplianceOfficer) || !actor.Can(auth.PermDecideHits) {
		return apperr.New(apperr.Forbidden, "Correcting a confirmed match is for compliance officers.")
	}
	if f.Status != cases.Blocked {
		if err := CheckDecidable(f); err != nil {
			return err
		}
	}
	if pending != nil && pending.ProposedBy == actor.UserID {
		return apperr.New(apperr.Forbidden, "You proposed this correction, so a second compliance officer confirms or declines it.")
	}
	return nil
}

// ProposeCorrection records, on the case's timeline, a compliance officer's
// proposal that the confirmed match hitID of a party on the case is a false
// positive, with the reason. It changes nothing else until a second
// compliance officer confirms it (ConfirmCorrection). Errors: Invalid
// (reason), NotFound, Forbidden (not a compliance officer, training),
// Conflict (stale page, the hit is not a confirmed match, a correction of it
// already waits, a case finally decided).
func (s *Service) ProposeCorrection(ctx context.Context, caseID string, version int64, hitID, reason string) (*cases.Case, error) {
	reason = strings.TrimSpace(reason)
	if msg := reasonError(reason, "Give the reason the match was wrong: what tells the party and the listed entry apart."); msg != "" {
		return nil, apperr.Validation(map[string]string{"reason": msg})
	}
	if err := s.cases.CheckActor(ctx, auth.PermDecideHits); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermDecideHits, "screening.correction.propose", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		h, err := s.confirmedHit(ctx, tx, f, actor, hitID, false)
		if err != nil {
			return "", err
		}
		c := Correction{ID: db.NewID(), PartyID: h.party.Party.ID, Source: h.hit.Source, SourceID: h.hit.SourceID, HitID: h.hit.ID,
			CaseID: f.ID, DecisionID: h.hit.Decision.ID, Reason: reason, ProposedBy: actor.UserID, ProposedAt: now, Status: CorrectionPending}
		if err := tx.Create(&c).Error; err != nil {
			return "", err
		}
		return fmt.Sprintf("correction proposed: screening hit %s on %s is a false positive — %s; it corrects %s; a second compliance officer confirms it",
			h.party.Party.Name, h.entry(), reason, h.decided()), nil
	})
}

// ConfirmCorrection carries out the correction waiting on the confirmed
// match hitID, as a second compliance officer: a false-positive decision by
// its proposer, naming it, now holds, and the confirmed decision stays on
// record. The case and every other blocked case of the party go back to
// draft where nothing else keeps them blocked; each timeline says which.
// Errors: NotFound, Forbidden (not a compliance officer, the proposer,
// training), Conflict (stale page, no correction waits).
func (s *Service) ConfirmCorrection(ctx context.Context, caseID string, version int64, hitID string) (*cases.Case, error) {
	if err := s.cases.CheckActor(ctx, auth.PermDecideHits); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	var corrected *correctable
	f, err := s.cases.Apply(ctx, caseID, version, auth.PermDecideHits, "screening.correction.confirm", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		h, err := s.confirmedHit(ctx, tx, f, actor, hitID, true)
		if err != nil {
			return "", err
		}
		c := h.hit.Correction
		if err := answer(tx, c, CorrectionConfirmed, actor, now, ""); err != nil {
			return "", err
		}
		d := Decision{ID: db.NewID(), PartyID: c.PartyID, Source: c.Source, SourceID: c.SourceID, EntryHash: h.hit.EntryHash,
			PartyHash: PartyHash(&h.party.Party), Verdict: FalsePositive, Reason: c.Reason, HitID: h.hit.ID, CaseID: &f.ID,
			CorrectionID: &c.ID, DecidedBy: c.ProposedBy, DecidedAt: now}
		if err := tx.Create(&d).Error; err != nil {
			return "", err
		}
		corrected = h
		note, err := s.cases.ReleaseTx(ctx, tx, f, now)
		return fmt.Sprintf("correction confirmed: screening hit %s on %s is a false positive — %s (proposed by %s); %s stays on record%s",
			h.party.Party.Name, h.entry(), c.Reason, h.name(c.ProposedBy), h.decided(), note), err
	})
	if err != nil {
		return f, err
	}
	return f, s.releaseOthers(ctx, corrected, caseID, f.Reference)
}

// DeclineCorrection answers the correction waiting on the confirmed match
// hitID with a no, and the reason, as a second compliance officer: the
// confirmed match holds. Errors: Invalid (reason), NotFound, Forbidden (not
// a compliance officer, the proposer, training), Conflict (stale page, no
// correction waits).
func (s *Service) DeclineCorrection(ctx context.Context, caseID string, version int64, hitID, reason string) (*cases.Case, error) {
	reason = strings.TrimSpace(reason)
	if msg := reasonError(reason, "Give the reason the confirmed match stands."); msg != "" {
		return nil, apperr.Validation(map[string]string{"reason": msg})
	}
	if err := s.cases.CheckActor(ctx, auth.PermDecideHits); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermDecideHits, "screening.correction.decline", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		h, err := s.confirmedHit(ctx, tx, f, actor, hitID, true)
		if err != nil {
			return "", err
		}
		c := h.hit.Correction
		return fmt.Sprintf("correction declined: screening hit %s on %s stays a confirmed match — %s; the correction proposed by %s said: %s; %s holds",
			h.party.Party.Name, h.entry(), reason, h.name(c.ProposedBy), c.Reason, h.decided()), answer(tx, c, CorrectionDeclined, actor, now, reason)
	})
}

// correctable is a confirmed match on a case, with the names of the people
// who decided on it.
type correctable struct {
	openHit
	names map[string]string
}

// name names a person for the timeline.
func (h *correctable) name(userID string) string {
	if n := h.names[userID]; n != "" {
		return n
	}
	return "a former user"
}

// decided says which decision confirmed the match, and who made it.
func (h *correctable) decided() string {
	d := h.hit.Decision
	return fmt.Sprintf("the confirmed match decided by %s on %s (%s)", h.name(d.DecidedBy), d.DecidedAt.UTC().Format("2 Jan 2006"), d.Reason)
}

// confirmedHit returns the hit hitID of case f when it holds as a confirmed
// match that actor may correct: answering says a correction of it must be
// waiting (and actor must not have proposed it), else none may be.
// Errors: Forbidden, Conflict.
func (s *Service) confirmedHit(ctx context.Context, tx *gorm.DB, f *cases.Case, actor *auth.Actor, hitID string, answering bool) (*correctable, error) {
	if err := CheckCorrector(f, actor, nil); err != nil {
		return nil, err
	}
	state, err := s.caseState(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	hit, party := state.hit(hitID)
	switch {
	case hit == nil:
		return nil, apperr.New(apperr.Conflict, "That hit is no longer on the case: the party was screened again. Reload the case.")
	case hit.Status != ConfirmedHit:
		return nil, apperr.New(apperr.Conflict, "Only a confirmed match is corrected; this hit is not one. Reload the case.")
	case answering && hit.Correction == nil:
		return nil, apperr.New(apperr.Conflict, "No correction of this match waits for an answer. Reload the case.")
	case !answering && hit.Correction != nil:
		return nil, apperr.New(apperr.Conflict, "A correction of this match already waits for a second compliance officer. Reload the case.")
	}
	if err := CheckCorrector(f, actor, hit.Correction); err != nil {
		return nil, err
	}
	return &correctable{openHit: openHit{hit: hit, party: party}, names: state.Names}, nil
}

// answer records, in tx, actor's answer to the waiting correction c. Only
// one answer counts: a correction answered meanwhile gives Conflict.
func answer(tx *gorm.DB, c *Correction, status CorrectionStatus, actor *auth.Actor, now time.Time, reason string) error {
	res := tx.Model(&Correction{}).Where("id = ? AND status = ?", c.ID, CorrectionPending).
		Updates(map[string]any{"status": status, "answered_by": actor.UserID, "answered_at": now, "answer_reason": reason})
	if res.Error == nil && res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, "That correction was answered meanwhile. Reload the case.")
	}
	return res.Error
}

// releaseOthers releases the other blocked cases of the party whose match h
// was corrected on case correctedOn, where nothing else keeps them blocked.
func (s *Service) releaseOthers(ctx context.Context, h *correctable, correctedOn, reference string) error {
	var blocked []struct {
		ID      string
		Version int64
	}
	err := s.db.Gorm.WithContext(ctx).Table("cases").Distinct("cases.id", "cases.version").
		Joins("JOIN case_parties cp ON cp.case_id = cases.id").
		Where("cp.party_id = ? AND cp.removed_at IS NULL AND cases.status = ? AND cases.id <> ?", h.party.Party.ID, cases.Blocked, correctedOn).
		Order("cases.id").Scan(&blocked).Error
	if err != nil {
		return err
	}
	for _, b := range blocked {
		_, err := s.cases.Apply(ctx, b.ID, b.Version, auth.PermDecideHits, "case.release", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
			note, err := s.cases.ReleaseTx(ctx, tx, f, now)
			return fmt.Sprintf("the confirmed match of %s on %s was corrected to a false positive (on %s)%s",
				h.party.Party.Name, h.entry(), reference, note), err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
