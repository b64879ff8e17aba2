package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// partyHits is how many hits at or above the threshold a party's screening keeps.
const partyHits = 10

// Screening is one screening of a party: what was asked, against which list
// versions and with which algorithm, so that it can be replayed.
type Screening struct {
	ID           string    `gorm:"column:id;primaryKey"`
	PartyID      string    `gorm:"column:party_id"`
	PartyHash    string    `gorm:"column:party_hash"`
	QueryJSON    string    `gorm:"column:query"`
	ListVersions string    `gorm:"column:list_versions"`
	Algorithm    string    `gorm:"column:algorithm"`
	Threshold    float64   `gorm:"column:threshold"`
	HitCount     int       `gorm:"column:hit_count"`
	JobID        *string   `gorm:"column:job_id"`
	ScreenedBy   *string   `gorm:"column:screened_by"`
	ScreenedAt   time.Time `gorm:"column:screened_at"`
}

// StoredHit is a hit as a party's screening recorded it.
type StoredHit struct {
	ID          string           `gorm:"column:id;primaryKey"`
	ScreeningID string           `gorm:"column:screening_id"`
	PartyID     string           `gorm:"column:party_id"`
	Source      watchlist.Source `gorm:"column:source"`
	SourceID    string           `gorm:"column:source_id"`
	VersionID   string           `gorm:"column:version_id"`
	EntryHash   string           `gorm:"column:entry_hash"`
	EntryName   string           `gorm:"column:entry_name"`
	EntryKind   watchlist.Kind   `gorm:"column:entry_kind"`
	MatchedName string           `gorm:"column:matched_name"`
	Score       float64          `gorm:"column:score"`
	Explanation string           `gorm:"column:explanation"`
}

func (Screening) TableName() string { return "screenings" }
func (StoredHit) TableName() string { return "screening_hits" }

// partyQuery is what is screened of a party: its name, what it is, where it
// is, and its document and registration numbers.
func partyQuery(p *cases.Party) matching.Query {
	q := matching.Query{Name: p.Name, Kind: watchlist.Entity}
	if p.Kind == "person" {
		q.Kind = watchlist.Individual
	}
	if p.Country != nil {
		q.Country = *p.Country
	}
	for _, id := range []string{p.RegistrationNumber, p.PassportNumber, p.LEI, p.VATNumber} {
		if id = strings.TrimSpace(id); id != "" {
			q.Identifiers = append(q.Identifiers, id)
		}
	}
	return q
}

// PartyHash identifies what was screened of a party: a change to any of it
// makes earlier screenings and decisions stale.
func PartyHash(p *cases.Party) string {
	b, _ := json.Marshal(partyQuery(p))
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ScreenPartyTx screens a party against the current lists in tx, unless its
// newest screening already ran against them with the same details. It is the
// cases.PartyScreener, so every party is screened as it is put on a case.
func (s *Service) ScreenPartyTx(ctx context.Context, tx *gorm.DB, p *cases.Party) (string, error) {
	snap := s.Current()
	if len(snap.Versions) == 0 {
		return "not screened: no sanctions list is imported", nil
	}
	var last Screening
	err := tx.WithContext(ctx).Where("party_id = ?", p.ID).Order("screened_at DESC, id DESC").Limit(1).Find(&last).Error
	if err != nil {
		return "", err
	}
	if last.ID != "" && last.ListVersions == snap.Key && last.PartyHash == PartyHash(p) {
		return screenedSummary(last.HitCount, len(snap.Versions)) + " (earlier, against the same list versions)", nil
	}
	var by *string
	if a := auth.ActorFrom(ctx); a != nil {
		by = &a.UserID
	}
	sc, _, err := s.record(tx.WithContext(ctx), snap, p, by, nil, s.db.Now())
	if err != nil {
		return "", err
	}
	return screenedSummary(sc.HitCount, len(snap.Versions)), nil
}

// Blank is the package's Blank, for cases.PartyScreener: a party whose name
// has nothing to screen is not put on a case.
func (s *Service) Blank(name string) bool { return matching.Blank(name) }

func screenedSummary(hits, lists int) string {
	against := fmt.Sprintf("screened against %d lists", lists)
	if lists == 1 {
		against = "screened against 1 list"
	}
	switch hits {
	case 0:
		return against + ": no hit"
	case 1:
		return against + ": 1 hit to review"
	}
	return fmt.Sprintf("%s: %d hits to review", against, hits)
}

// record screens p against snap and stores the screening with its hits.
func (s *Service) record(tx *gorm.DB, snap *Snapshot, p *cases.Party, by, jobID *string, now time.Time) (*Screening, []StoredHit, error) {
	defer func(start time.Time) { s.observer.PartyScreened(time.Since(start)) }(time.Now())
	q := partyQuery(p)
	res := match(snap, q, partyHits, matching.DefaultThreshold)
	queryJSON, _ := json.Marshal(q)
	sc := &Screening{ID: db.NewID(), PartyID: p.ID, PartyHash: PartyHash(p), QueryJSON: string(queryJSON),
		ListVersions: snap.Key, Algorithm: matching.Algorithm, Threshold: res.Threshold, HitCount: len(res.Hits),
		JobID: jobID, ScreenedBy: by, ScreenedAt: now}
	if err := tx.Create(sc).Error; err != nil {
		return nil, nil, err
	}
	hits := make([]StoredHit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = StoredHit{ID: db.NewID(), ScreeningID: sc.ID, PartyID: p.ID, Source: h.Entry.Source, SourceID: h.Entry.SourceID,
			VersionID: h.Entry.VersionID, EntryHash: h.Entry.Hash, EntryName: primaryName(*h.Entry), EntryKind: h.Entry.Kind,
			MatchedName: h.MatchedName, Score: h.Score, Explanation: h.Explanation}
	}
	if len(hits) > 0 {
		if err := tx.Create(&hits).Error; err != nil {
			return nil, nil, err
		}
	}
	return sc, hits, nil
}

// ScreenCase screens the parties of a case that are not screened against the
// current list versions with their current details, on the case's timeline.
// Errors: NotFound, Forbidden, Conflict.
func (s *Service) ScreenCase(ctx context.Context, caseID string, version int64) (*cases.Case, error) {
	return s.cases.Apply(ctx, caseID, version, auth.PermEditCases, "screening.run", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		if !f.Status.Open() {
			return "", apperr.New(apperr.Conflict, "Parties are screened on cases in progress; this case is %s.", strings.ToLower(f.Status.Label()))
		}
		parts, err := s.screenParties(ctx, tx, f, func(cases.Party) bool { return true })
		if err != nil || len(parts) == 0 {
			return "screening asked for: no party on the case yet", err
		}
		return "screening: " + strings.Join(parts, "; "), nil
	})
}

// RescreenBeforeApproval screens again the parties of the case last
// screened against list versions no longer in use: a newer version of a
// list arrived after them, and an approval must rest on it. It is part of
// approving, so it needs the right to sign off, not to edit the case.
func (s *Service) RescreenBeforeApproval(ctx context.Context, caseID string, version int64) (int64, error) {
	f, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return version, err
	}
	st, err := s.ForCase(ctx, f)
	if err != nil {
		return version, err
	}
	key, stale := s.Current().Key, map[string]bool{}
	for _, ps := range st.Parties {
		if ps.Screening == nil || ps.Screening.ListVersions != key {
			stale[ps.Party.ID] = true
		}
	}
	if len(stale) == 0 {
		return version, nil
	}
	f, err = s.cases.Apply(ctx, caseID, version, auth.PermSignOffCases, "screening.run", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		parts, err := s.screenParties(ctx, tx, f, func(p cases.Party) bool { return stale[p.ID] })
		return "screened again before approval, against the list versions now in use: " + strings.Join(parts, "; "), err
	})
	if err != nil {
		return version, err
	}
	return f.Version, nil
}

// screenParties screens each party of f that want picks, once, and says
// per party what came of it.
func (s *Service) screenParties(ctx context.Context, tx *gorm.DB, f *cases.Case, want func(cases.Party) bool) ([]string, error) {
	var parts []string
	seen := map[string]bool{}
	for _, cp := range f.Parties {
		if seen[cp.PartyID] || !want(cp.Party) {
			continue
		}
		seen[cp.PartyID] = true
		result, err := s.ScreenPartyTx(ctx, tx, &cp.Party)
		if err != nil {
			return nil, err
		}
		parts = append(parts, cp.Party.Name+" "+result)
	}
	return parts, nil
}
