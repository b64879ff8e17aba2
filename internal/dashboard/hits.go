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
//
// It reads from the few screenings that found something, settles the hits
// whose decision holds on every case, and reads the cases of the parties
// of the others only.
func (r *reader) openHits() (int, error) {
	hits, byEntry, err := r.newestHits()
	if err != nil || len(hits) == 0 {
		return 0, err
	}
	byParty := map[string][]caseHit{}
	var parties []string
	for _, h := range hits {
		if everywhere(h, byEntry[h.entry()]) {
			continue
		}
		if byParty[h.PartyID] == nil {
			parties = append(parties, h.PartyID)
		}
		byParty[h.PartyID] = append(byParty[h.PartyID], h)
	}
	if len(parties) == 0 {
		return 0, nil
	}
	var links []struct{ CaseID, PartyID string }
	// CROSS JOIN keeps SQLite from starting at the cases (by status) and
	// probing every open case for each party; PostgreSQL plans it freely.
	if err := r.g.Raw(`SELECT DISTINCT cp.case_id, cp.party_id FROM case_parties cp CROSS JOIN cases c
		WHERE c.id = cp.case_id AND cp.party_id IN ? AND cp.removed_at IS NULL AND c.status IN ?`, parties, cases.OpenStatuses()).Scan(&links).Error; err != nil {
		return 0, err
	}
	open := map[string]bool{}
	for _, l := range links {
		for _, h := range byParty[l.PartyID] {
			h.CaseID = l.CaseID
			if !open[h.HitID] && !decided(h, byEntry[h.entry()]) {
				open[h.HitID] = true
			}
		}
	}
	return len(open), nil
}

func (h caseHit) entry() string { return h.PartyID + "|" + h.Source + "|" + h.SourceID }

// newestHits returns the hits of each party's newest screening, where it
// found something, and every decision on the parties of any screening that
// found something, by party and entry, oldest first.
func (r *reader) newestHits() ([]caseHit, map[string][]decisionRow, error) {
	var hits []caseHit
	if err := r.g.Raw(`SELECT h.id AS hit_id, h.party_id, h.source, h.source_id, h.entry_hash, s.party_hash
		FROM screenings s JOIN screening_hits h ON h.screening_id = s.id WHERE s.hit_count > 0
		AND s.screened_at = (SELECT MAX(l.screened_at) FROM screenings l WHERE l.party_id = s.party_id)`).Scan(&hits).Error; err != nil || len(hits) == 0 {
		return nil, nil, err
	}
	var decisions []decisionRow
	if err := r.g.Raw(`SELECT party_id, source, source_id, entry_hash, party_hash, decision, case_id, confirmed_at FROM hit_decisions
		WHERE party_id IN (SELECT party_id FROM screenings WHERE hit_count > 0) ORDER BY decided_at, id`).Scan(&decisions).Error; err != nil {
		return nil, nil, err
	}
	byEntry := map[string][]decisionRow{}
	for _, d := range decisions {
		k := d.PartyID + "|" + d.Source + "|" + d.SourceID
		byEntry[k] = append(byEntry[k], d)
	}
	return hits, byEntry, nil
}

// everywhere reports whether h is decided on every case of its party: its
// latest decision holds and none is "list not applicable", which binds one
// case only.
func everywhere(h caseHit, past []decisionRow) bool {
	for _, d := range past {
		if d.Decision == screening.NotApplicable {
			return false
		}
	}
	return decided(h, past)
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
