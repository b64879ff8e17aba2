package screening

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/vocab"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Verdict is a reviewer's decision on a hit.
type Verdict string

const (
	Confirmed     Verdict = "confirmed"      // the party is the listed entry: the case is blocked
	FalsePositive Verdict = "false_positive" // the party is not the listed entry
	// NotApplicable: the party is the listed entry, but the list does not
	// bind this transaction (a US list and no item subject to US export
	// rules, say). A second compliance officer confirms it; it holds for
	// the case it was decided on only.
	NotApplicable Verdict = "not_applicable"
)

// Verdicts in the order forms offer them.
var Verdicts = vocab.Terms[Verdict]{
	{Value: FalsePositive, Label: "False positive"},
	{Value: Confirmed, Label: "Confirmed match"},
	{Value: NotApplicable, Label: "Match, list not applicable to this transaction"},
}

// Decision is a reviewer's decision on a hit. It holds for the party and the
// list entry while both stay as they were (their hashes).
type Decision struct {
	ID        string           `gorm:"column:id;primaryKey"`
	PartyID   string           `gorm:"column:party_id"`
	Source    watchlist.Source `gorm:"column:source"`
	SourceID  string           `gorm:"column:source_id"`
	EntryHash string           `gorm:"column:entry_hash"`
	PartyHash string           `gorm:"column:party_hash"`
	Verdict   Verdict          `gorm:"column:decision"`
	Reason    string           `gorm:"column:reason"`
	HitID     string           `gorm:"column:hit_id"`
	CaseID    *string          `gorm:"column:case_id"`
	DecidedBy string           `gorm:"column:decided_by"`
	DecidedAt time.Time        `gorm:"column:decided_at"`
	// CorrectionID names the confirmed correction this decision carries out;
	// DecidedBy is then who proposed it.
	CorrectionID *string `gorm:"column:correction_id"`
	// ConfirmedBy and ConfirmedAt: the second compliance officer who
	// confirmed a NotApplicable decision; nil while it waits.
	ConfirmedBy *string    `gorm:"column:confirmed_by"`
	ConfirmedAt *time.Time `gorm:"column:confirmed_at"`
}

func (Decision) TableName() string { return "hit_decisions" }

// CheckDecider applies the separation-of-duties rule to who decides a hit on
// case f: nobody decides a hit on a case they opened, unless they are a
// compliance officer.
func CheckDecider(f *cases.Case, actor *auth.Actor) error {
	if !actor.Can(auth.PermDecideHits) {
		return apperr.New(apperr.Forbidden, "Deciding screening hits is for compliance officers and export managers.")
	}
	if f.OwnerID == actor.UserID && !actor.HasRole(auth.RoleComplianceOfficer) {
		return apperr.New(apperr.Forbidden, "You opened this case, so a compliance officer or another export manager decides its screening hits.")
	}
	return nil
}

// Decide records a reviewer's verdict on a hit of a party on the case, with
// its reason, on the case's timeline. A confirmed match blocks the case and
// every other open case of the party. Errors: Invalid (verdict, reason),
// NotFound, Forbidden (separation of duties, training), Conflict (stale page or hit).
func (s *Service) Decide(ctx context.Context, caseID string, version int64, hitID string, verdict Verdict, reason string) (*cases.Case, error) {
	reason = strings.TrimSpace(reason)
	if err := checkDecision(verdict, reason); err != nil {
		return nil, err
	}
	if err := s.cases.CheckActor(ctx, auth.PermDecideHits); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	var confirmed *openHit
	f, err := s.cases.Apply(ctx, caseID, version, auth.PermDecideHits, "screening.decide", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		h, err := s.openHit(ctx, tx, f, actor, hitID)
		if err != nil {
			return "", err
		}
		if verdict == NotApplicable {
			if err := s.mayDeemNotApplicable(ctx, actor, h.hit.Source); err != nil {
				return "", err
			}
		}
		d := Decision{ID: db.NewID(), PartyID: h.party.Party.ID, Source: h.hit.Source, SourceID: h.hit.SourceID, EntryHash: h.hit.EntryHash,
			PartyHash: PartyHash(&h.party.Party), Verdict: verdict, Reason: reason, HitID: h.hit.ID, CaseID: &f.ID,
			DecidedBy: actor.UserID, DecidedAt: now}
		if err := tx.Create(&d).Error; err != nil {
			return "", err
		}
		summary := fmt.Sprintf("screening hit %s on %s decided: %s — %s", h.party.Party.Name, h.entry(),
			strings.ToLower(Verdicts.Label(verdict)), reason)
		if verdict == NotApplicable {
			summary += "; a second compliance officer confirms it"
		}
		if verdict != Confirmed {
			return summary, nil
		}
		confirmed = h
		blocked, err := cases.Block(tx, f, now)
		if err != nil {
			return "", err
		}
		if blocked {
			summary += "; the case is blocked"
		}
		return summary, nil
	})
	if err != nil || confirmed == nil {
		return f, err
	}
	return f, s.blockOthers(ctx, confirmed.party.Party.ID, caseID, f.Reference, confirmed.entry())
}

// checkDecision checks a verdict and its reason. Errors: Invalid.
func checkDecision(verdict Verdict, reason string) error {
	errs := map[string]string{}
	if !Verdicts.Has(verdict) {
		errs["verdict"] = "Choose false positive, confirmed match, or match with the list not applicable."
	}
	if msg := reasonError(reason, "Give the reason for your decision: what tells the party and the listed entry apart, or why they are the same."); msg != "" {
		errs["reason"] = msg
	}
	if len(errs) > 0 {
		return apperr.Validation(errs)
	}
	return nil
}

// reasonError says what is wrong with a reason given for a decision, or ""
// when nothing is; missing asks for it when it is empty.
func reasonError(reason, missing string) string {
	switch {
	case reason == "":
		return missing
	case utf8.RuneCountInString(reason) > 2000:
		return "Use at most 2,000 characters."
	}
	return ""
}

// CheckDecidable says why hits of case f cannot be decided now, or nil:
// hits are decided on cases in progress, and an approved case is frozen
// until it goes back to draft.
func CheckDecidable(f *cases.Case) error {
	switch {
	case f.Status == cases.Approved:
		return apperr.New(apperr.Conflict, "The case is approved: its screening decisions cannot change unless it goes back to draft, which voids its approval.")
	case !f.Status.InProgress():
		return apperr.New(apperr.Conflict, "Hits are decided on cases in progress; this case is %s.", strings.ToLower(f.Status.Label()))
	}
	return nil
}

// openHit is a hit still to decide, with its party.
type openHit struct {
	hit   *PartyHit
	party *PartyState
}

// entry names the hit's list entry for people.
func (h *openHit) entry() string {
	return fmt.Sprintf("%s (%s)", h.hit.Source.EntryRef(h.hit.SourceID), h.hit.EntryName)
}

// openHit returns the hit hitID of case f, which actor may decide: it is
// open, on an open case, and actor opened no case in progress with its
// party, unless they are a compliance officer. Errors: Forbidden, Conflict.
func (s *Service) openHit(ctx context.Context, tx *gorm.DB, f *cases.Case, actor *auth.Actor, hitID string) (*openHit, error) {
	if err := CheckDecider(f, actor); err != nil {
		return nil, err
	}
	if err := CheckDecidable(f); err != nil {
		return nil, err
	}
	state, err := s.caseState(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	hit, party := state.hit(hitID)
	if hit == nil {
		return nil, apperr.New(apperr.Conflict, "That hit is no longer open: it was decided or the party was screened again. Reload the case.")
	}
	if hit.Status != Undecided {
		return nil, apperr.New(apperr.Conflict, "That hit was already decided. Reload the case.")
	}
	// A decision holds for the party on every case: whoever opened any
	// case in progress with this party may not decide it either.
	if !actor.HasRole(auth.RoleComplianceOfficer) {
		owns, err := cases.OwnsOpenCaseWith(tx, party.Party.ID, actor.UserID)
		if err != nil {
			return nil, err
		}
		if owns {
			return nil, apperr.New(apperr.Forbidden, "You opened a case %s is on, so a compliance officer or another export manager decides its screening hits.", party.Party.Name)
		}
	}
	return &openHit{hit: hit, party: party}, nil
}

// blockOthers blocks the other open cases of a party confirmed as a listed
// entry: none of them may go ahead either.
func (s *Service) blockOthers(ctx context.Context, partyID, decidedOn, reference, entry string) error {
	others, err := s.cases.OpenCasesWith(ctx, partyID)
	if err != nil {
		return err
	}
	delete(others, decidedOn)
	ids := make([]string, 0, len(others))
	for id := range others {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		_, err := s.cases.Apply(ctx, id, others[id], auth.PermDecideHits, "case.block", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
			if _, err := cases.Block(tx, f, now); err != nil {
				return "", err
			}
			return "blocked: a party is a confirmed match on " + entry + " (decided on " + reference + ")", nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
