package dashboard

import (
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
)

// caseHit is a hit of a party's newest screening on a case in progress.
type caseHit struct {
	CaseID, HitID, PartyID, Source, SourceID, EntryHash, PartyHash string
}

// decisionRow is what judging a hit needs of a decision.
type decisionRow struct {
	PartyID, Source, SourceID, EntryHash, PartyHash string
	Decision                                        screening.Verdict
	CaseID                                          *string
	ConfirmedAt                                     *time.Time
}

// openHits counts the screening hits still open on the cases in progress,
// as the case page judges them: a hit of a party's newest screening is open
// unless the latest decision on its party and list entry was made on the
// same entry and party details; a decision "list not applicable" holds only
// for the case it was made on, and only once a second compliance officer
// confirmed it. A hit open on several cases counts once.
func (r *reader) openHits() (int, error) {
	var hits []caseHit
	err := r.g.Raw(`SELECT cp.case_id, h.id AS hit_id, h.party_id, h.source, h.source_id, h.entry_hash, s.party_hash
		FROM cases c JOIN case_parties cp ON cp.case_id = c.id AND cp.removed_at IS NULL
		JOIN screenings s ON s.party_id = cp.party_id AND s.hit_count > 0
			AND s.screened_at = (SELECT MAX(l.screened_at) FROM screenings l WHERE l.party_id = cp.party_id)
		JOIN screening_hits h ON h.screening_id = s.id
		WHERE c.status IN ?`, cases.OpenStatuses()).Scan(&hits).Error
	if err != nil || len(hits) == 0 {
		return 0, err
	}
	parties := map[string]bool{}
	var ids []string
	for _, h := range hits {
		if !parties[h.PartyID] {
			parties[h.PartyID] = true
			ids = append(ids, h.PartyID)
		}
	}
	var decisions []decisionRow
	if err := r.g.Raw(`SELECT party_id, source, source_id, entry_hash, party_hash, decision, case_id, confirmed_at
		FROM hit_decisions WHERE party_id IN ? ORDER BY decided_at, id`, ids).Scan(&decisions).Error; err != nil {
		return 0, err
	}
	byEntry := map[string][]decisionRow{} // by party, source and entry, oldest first
	for _, d := range decisions {
		k := d.PartyID + "|" + d.Source + "|" + d.SourceID
		byEntry[k] = append(byEntry[k], d)
	}
	open := map[string]bool{}
	for _, h := range hits {
		if !decided(h, byEntry[h.PartyID+"|"+h.Source+"|"+h.SourceID]) {
			open[h.HitID] = true
		}
	}
	return len(open), nil
}

// decided reports whether the latest of past that binds h's case holds for h.
func decided(h caseHit, past []decisionRow) bool {
	var latest *decisionRow
	for i := range past {
		d := &past[i]
		if d.Decision == screening.NotApplicable && (d.CaseID == nil || *d.CaseID != h.CaseID) {
			continue // it binds the case it was decided on only
		}
		latest = d
	}
	switch {
	case latest == nil || latest.EntryHash != h.EntryHash || latest.PartyHash != h.PartyHash:
		return false
	case latest.Decision == screening.NotApplicable:
		return latest.ConfirmedAt != nil
	}
	return true
}
