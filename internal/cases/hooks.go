package cases

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/auth"
)

// PartyScreener screens a party in the transaction that puts it on a case, so
// that a party is never on a case unscreened. ScreenPartyTx returns what the
// case's timeline says of the result. Blank reports whether a name has
// nothing to screen (only spaces, punctuation or invisible characters): such
// a party is refused like one without a name.
type PartyScreener interface {
	ScreenPartyTx(ctx context.Context, tx *gorm.DB, p *Party) (string, error)
	Blank(name string) bool
}

// SetPartyScreener registers the screening of parties added to cases.
func (s *Service) SetPartyScreener(ps PartyScreener) { s.screener = ps }

// ApprovalScreener screens again, before an approval is recorded, the
// parties of a case that were screened against list versions no longer in
// use, on the case's timeline, and returns the case's version after that
// (version itself when nothing was stale). The approval then runs its gates
// against the new results.
type ApprovalScreener interface {
	RescreenBeforeApproval(ctx context.Context, caseID string, version int64) (int64, error)
}

// SetApprovalScreener registers the screening again before approvals.
func (s *Service) SetApprovalScreener(as ApprovalScreener) { s.rescreener = as }

// Catalogue gives the confirmed classification of a product, for an item
// that is one. ProductClassTx returns NotFound for no such product and
// Invalid for one without a confirmed classification.
type Catalogue interface {
	ProductClassTx(ctx context.Context, tx *gorm.DB, productID string) (ProductClass, error)
}

// ProductClass is what an item takes over from its product.
type ProductClass struct {
	ClassificationID string
	Name             string // the product's name
	Classification   string // as items write it: the entry code, or "Not listed in Annex I"
	Cyber            bool   // an unlisted cyber-surveillance item
	CyberReason      string
}

// SetCatalogue registers the product catalogue items may come from.
func (s *Service) SetCatalogue(c Catalogue) { s.catalogue = c }

// ChangeWatcher hears of every change of a case's content, in the
// transaction that makes it, so that what depends on the content (the
// human-rights assessment) moves with it.
type ChangeWatcher interface {
	CaseChangedTx(ctx context.Context, tx *gorm.DB, f *Case) error
}

// SetChangeWatcher registers the watcher of content changes.
func (s *Service) SetChangeWatcher(w ChangeWatcher) { s.watcher = w }

// StatusWatcher hears of every change of a case's status, in the
// transaction that makes it, so that what holds only while a case is
// approved (a licence's reservation) follows the status.
type StatusWatcher interface {
	StatusChangedTx(ctx context.Context, tx *gorm.DB, f *Case, from Status) error
}

// SetStatusWatcher registers the watcher of status changes.
func (s *Service) SetStatusWatcher(w StatusWatcher) { s.statusWatcher = w }

// Apply lets another capability change a case the one way cases change: under
// the case's version lock, with the life cycle kept and an audit event on the
// case's timeline. fn does not change the case's content (parties, items,
// documents); it returns the event's summary.
// Errors: NotFound, Forbidden, Conflict, and fn's.
func (s *Service) Apply(ctx context.Context, caseID string, version int64, p auth.Permission, action string,
	fn func(tx *gorm.DB, f *Case, now time.Time) (string, error)) (*Case, error) {
	return s.change(ctx, caseID, version, p, action, false, fn)
}

// Block moves an open case to blocked, in tx, when its life cycle allows it,
// and reports whether it did.
func Block(tx *gorm.DB, f *Case, now time.Time) (bool, error) {
	to, ok := Next(f.Status, ActBlock)
	if !ok {
		return false, nil
	}
	return true, tx.Model(&Record{}).Where("id = ?", f.ID).Updates(map[string]any{"status": to, "decided_at": now}).Error
}

// OpenCasesWith returns the ids and versions of the open cases a party is on.
func (s *Service) OpenCasesWith(ctx context.Context, partyID string) (map[string]int64, error) {
	var rows []struct {
		ID      string
		Version int64
	}
	err := s.db.Gorm.WithContext(ctx).Table("cases").Select("cases.id, cases.version").
		Joins("JOIN case_parties cp ON cp.case_id = cases.id").
		Where("cp.party_id = ? AND cp.removed_at IS NULL AND cases.status IN ?", partyID, OpenStatuses()).Scan(&rows).Error
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Version
	}
	return out, err
}

// ActorCheck may refuse a person an act that vouches for a case for who they
// are rather than for the case: mandatory training without a current
// completion refuses it.
type ActorCheck interface {
	CheckActor(ctx context.Context, a *auth.Actor) error
}

// SetActorCheck registers the check of the person acting.
func (s *Service) SetActorCheck(c ActorCheck) { s.actorCheck = c }

// CheckActor requires p of the signed-in actor, then lets the actor check
// refuse them. Every act that vouches for a case calls it: submitting and
// approving it, and, in the capabilities that judge it, deciding a screening
// hit, signing the human-rights assessment and recording the authority's
// reply. Errors: Unauthenticated, Forbidden.
func (s *Service) CheckActor(ctx context.Context, p auth.Permission) error {
	a, err := auth.Require(ctx, p)
	if err != nil || s.actorCheck == nil {
		return err
	}
	return s.actorCheck.CheckActor(ctx, a)
}

// OwnsOpenCaseWith reports, in tx, whether user opened a case in progress
// that party is on.
func OwnsOpenCaseWith(tx *gorm.DB, partyID, userID string) (bool, error) {
	var n int64
	err := tx.Table("cases").Joins("JOIN case_parties cp ON cp.case_id = cases.id").
		Where("cp.party_id = ? AND cp.removed_at IS NULL AND cases.owner_id = ? AND cases.status IN ?", partyID, userID, OpenStatuses()).Count(&n).Error
	return n > 0, err
}

// AssessmentAuthors names the people who wrote any part of a case's
// human-rights assessment, read in tx: none of them may approve the case.
type AssessmentAuthors interface {
	AuthorsTx(ctx context.Context, tx *gorm.DB, caseID string) ([]string, error)
}

// SetAssessmentAuthors registers where the assessment's authors are found.
func (s *Service) SetAssessmentAuthors(a AssessmentAuthors) { s.authors = a }

// withAuthors returns a copy of f with the authors of its assessment as g
// has them now. The assessment changes without moving the case's version,
// so its authors are read afresh rather than cached with the case.
func (s *Service) withAuthors(ctx context.Context, g *gorm.DB, f *Case) (*Case, error) {
	// The authors matter only to an approval, which only a case awaiting
	// sign-off can get: other cases are spared the read.
	if _, approvable := Next(f.Status, Approve.action()); s.authors == nil || !approvable {
		return f, nil
	}
	authors, err := s.authors.AuthorsTx(ctx, g, f.ID)
	if err != nil {
		return nil, err
	}
	out := *f
	out.AssessmentAuthors = authors
	return &out, nil
}
