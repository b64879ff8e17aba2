package screening

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
)

// HitStatus is where a hit stands with its reviewers.
type HitStatus string

const (
	Undecided    HitStatus = "undecided"
	ClearedHit   HitStatus = "false_positive"
	ConfirmedHit HitStatus = "confirmed"
	// AwaitingConfirmation: decided not applicable to the transaction,
	// waiting for a second compliance officer; still open.
	AwaitingConfirmation HitStatus = "awaiting_confirmation"
	// NotApplicableHit: a match on a list that does not bind the case,
	// decided and confirmed by two compliance officers.
	NotApplicableHit HitStatus = "not_applicable"
)

// PartyHit is a hit of a party's current screening with its decision.
type PartyHit struct {
	StoredHit
	Status   HitStatus
	Decision *Decision // the decision that holds, if any
	// History is every decision on the party and the entry, oldest first:
	// a corrected match keeps the decision it corrected in sight.
	History []Decision
	// Correction is the correction of the holding decision that waits for
	// a second compliance officer, if any.
	Correction *Correction
	// Alarm says why a hit once decided is asked again: the listed entry or
	// the party changed since ("good-guy alarm" when a cleared entry changed).
	Alarm string
}

// PartyState is the screening of one party on a case.
type PartyState struct {
	Party     cases.Party
	Screening *Screening // the newest, nil when never screened
	Stale     string     // why it does not count: never screened, lists or party changed; "" when current
	Hits      []PartyHit
}

// Undecided counts the hits still to decide.
func (p *PartyState) Undecided() int { return p.count(Undecided) }

// Awaiting counts the hits decided not applicable that wait for a second
// compliance officer.
func (p *PartyState) Awaiting() int { return p.count(AwaitingConfirmation) }

func (p *PartyState) count(status HitStatus) int {
	n := 0
	for _, h := range p.Hits {
		if h.Status == status {
			n++
		}
	}
	return n
}

// CaseState is the screening of every party on a case.
type CaseState struct {
	caseID      string
	Parties     []*PartyState // in the order of the case's parties, each party once
	ListsLoaded bool
	Versions    []Version
	Names       map[string]string // of the people who screened and decided, by user id
	// Stamp changes whenever anything shown of the state changes: pages
	// cached by it stay right.
	Stamp string
}

func (c *CaseState) hit(id string) (*PartyHit, *PartyState) {
	for _, p := range c.Parties {
		for i := range p.Hits {
			if p.Hits[i].ID == id {
				return &p.Hits[i], p
			}
		}
	}
	return nil, nil
}

// ForCase returns the screening state of the case's parties: the one kept
// in ctx by WithCaseState for this version of the case, or read anew.
func (s *Service) ForCase(ctx context.Context, f *cases.Case) (*CaseState, error) {
	if k, ok := ctx.Value(stateKey{}).(*keptState); ok && k.caseID == f.ID && k.version == f.Version {
		return k.state, nil
	}
	return s.caseState(ctx, s.db.Gorm, f)
}

type stateKey struct{}

type keptState struct {
	caseID  string
	version int64
	state   *CaseState
}

// WithCaseState returns ctx keeping st, the state of f, so that the gate and
// a page showing the case within one request read it once.
func WithCaseState(ctx context.Context, f *cases.Case, st *CaseState) context.Context {
	return context.WithValue(ctx, stateKey{}, &keptState{caseID: f.ID, version: f.Version, state: st})
}

// caseState reads the screening state of f's parties: each party's newest
// screening, and its hits and the decisions on them only where it found
// something, which on most case pages is nowhere.
func (s *Service) caseState(ctx context.Context, g *gorm.DB, f *cases.Case) (*CaseState, error) {
	g = g.WithContext(ctx)
	snap := s.Current()
	st, byParty := newCaseState(snap, f)
	if len(byParty) == 0 {
		st.Stamp = snap.Key
		return st, nil
	}
	withHits, err := st.readScreenings(g, byParty)
	if err != nil {
		return nil, err
	}
	read, err := st.readHits(g, withHits, byParty)
	if err != nil {
		return nil, err
	}
	if st.Names, err = auth.NamesOf(ctx, g, st.people(read)); err != nil {
		return nil, err
	}
	st.seal(snap, read)
	return st, nil
}

// newCaseState is the state of f's parties before anything is read, each
// party once, with the parties by id.
func newCaseState(snap *Snapshot, f *cases.Case) (*CaseState, map[string]*PartyState) {
	st := &CaseState{caseID: f.ID, ListsLoaded: len(snap.Versions) > 0, Versions: snap.Versions}
	byParty := map[string]*PartyState{}
	for _, cp := range f.Parties {
		if byParty[cp.PartyID] == nil {
			ps := &PartyState{Party: cp.Party}
			byParty[cp.PartyID] = ps
			st.Parties = append(st.Parties, ps)
		}
	}
	return st, byParty
}

// readScreenings reads each party's newest screening and returns the ids of
// those that found something.
func (st *CaseState) readScreenings(g *gorm.DB, byParty map[string]*PartyState) ([]string, error) {
	ids := make([]string, len(st.Parties))
	for i, ps := range st.Parties {
		ids[i] = ps.Party.ID
	}
	var screenings []Screening
	if err := g.Where(`party_id IN ? AND screened_at = (SELECT MAX(screened_at) FROM screenings latest WHERE latest.party_id = screenings.party_id)`, ids).
		Order("screened_at DESC, id DESC").Find(&screenings).Error; err != nil {
		return nil, err
	}
	var withHits []string
	for i := range screenings {
		ps := byParty[screenings[i].PartyID]
		if ps.Screening == nil {
			ps.Screening = &screenings[i]
			if screenings[i].HitCount > 0 {
				withHits = append(withHits, screenings[i].ID)
			}
		}
	}
	return withHits, nil
}

// decided is what was decided on the hits of a case's parties: every
// decision, newest first, and the corrections waiting for an answer.
type decided struct {
	decisions []Decision
	pending   []Correction
}

// readHits reads the hits of the screenings withHits, the decisions on their
// parties and the corrections waiting; judges each hit by the latest
// decision on its party and entry, and returns what it read.
func (st *CaseState) readHits(g *gorm.DB, withHits []string, byParty map[string]*PartyState) (decided, error) {
	var read decided
	if len(withHits) == 0 {
		return read, nil
	}
	var hits []StoredHit
	if err := g.Where("screening_id IN ?", withHits).Order("score DESC, source, source_id").Find(&hits).Error; err != nil {
		return read, err
	}
	var hitParties []string
	for _, ps := range st.Parties {
		if ps.Screening != nil && ps.Screening.HitCount > 0 {
			hitParties = append(hitParties, ps.Party.ID)
		}
	}
	if err := g.Where("party_id IN ?", hitParties).Order("decided_at DESC, id DESC").Find(&read.decisions).Error; err != nil {
		return read, err
	}
	if err := g.Where("party_id IN ? AND status = ?", hitParties, CorrectionPending).Find(&read.pending).Error; err != nil {
		return read, err
	}
	history := map[string][]Decision{} // by party, source and entry, oldest first
	for i := len(read.decisions) - 1; i >= 0; i-- {
		d := read.decisions[i]
		if d.Verdict == NotApplicable && (d.CaseID == nil || *d.CaseID != st.caseID) {
			continue // it binds the case it was decided on only
		}
		k := d.PartyID + "|" + string(d.Source) + "|" + d.SourceID
		history[k] = append(history[k], d)
	}
	pending := map[string]*Correction{} // by the decision they correct
	for i := range read.pending {
		pending[read.pending[i].DecisionID] = &read.pending[i]
	}
	for _, h := range hits {
		ps := byParty[h.PartyID]
		past := history[h.PartyID+"|"+string(h.Source)+"|"+h.SourceID]
		var latest *Decision
		if len(past) > 0 {
			latest = &past[len(past)-1]
		}
		ph := judge(h, latest, PartyHash(&ps.Party))
		ph.History = past
		if ph.Decision != nil {
			ph.Correction = pending[ph.Decision.ID]
		}
		ps.Hits = append(ps.Hits, ph)
	}
	return read, nil
}

// people are the ids of who screened the parties, who decided and who
// proposed a correction.
func (st *CaseState) people(read decided) []string {
	var people []string
	for _, ps := range st.Parties {
		if ps.Screening != nil && ps.Screening.ScreenedBy != nil {
			people = append(people, *ps.Screening.ScreenedBy)
		}
	}
	for _, d := range read.decisions {
		people = append(people, d.DecidedBy)
		if d.ConfirmedBy != nil {
			people = append(people, *d.ConfirmedBy)
		}
	}
	for _, c := range read.pending {
		people = append(people, c.ProposedBy)
	}
	return people
}

// seal says which parties' screenings do not count against snap, and stamps
// the state with everything shown of it.
func (st *CaseState) seal(snap *Snapshot, read decided) {
	var stamp strings.Builder
	stamp.WriteString(snap.Key)
	for _, ps := range st.Parties {
		ps.Stale = staleness(ps, snap)
		if ps.Screening != nil {
			stamp.WriteString("|" + ps.Screening.ID)
		}
	}
	for _, d := range read.decisions {
		stamp.WriteString("|" + d.ID)
		if d.ConfirmedBy != nil {
			stamp.WriteString("+") // a confirmation changes what the hit shows
		}
	}
	// A correction is proposed and declined on one case but shows on every
	// case of its party: the pages of the others must not keep it.
	for _, c := range read.pending {
		stamp.WriteString("|c" + c.ID)
	}
	st.Stamp = stamp.String()
}

// judge finds what holds for a hit: the latest decision on the party and the
// entry, if it was made on the same party details and the same entry.
func judge(h StoredHit, d *Decision, partyHash string) PartyHit {
	ph := PartyHit{StoredHit: h, Status: Undecided}
	switch {
	case d == nil:
	case d.EntryHash == h.EntryHash && d.PartyHash == partyHash:
		ph.Decision = d
		ph.Status = HitStatus(d.Verdict)
		if d.Verdict == NotApplicable && d.ConfirmedAt == nil {
			ph.Status = AwaitingConfirmation
		}
	case d.EntryHash != h.EntryHash:
		ph.Alarm = fmt.Sprintf("Decided as %s on %s, but the list entry has changed since: decide again.",
			strings.ToLower(Verdicts.Label(d.Verdict)), d.DecidedAt.Format("2 Jan 2006"))
	default:
		ph.Alarm = fmt.Sprintf("Decided as %s on %s, but the party's details have changed since: decide again.",
			strings.ToLower(Verdicts.Label(d.Verdict)), d.DecidedAt.Format("2 Jan 2006"))
	}
	return ph
}

func staleness(ps *PartyState, snap *Snapshot) string {
	switch {
	case len(snap.Versions) == 0:
		return "No sanctions list is imported."
	case ps.Screening == nil:
		return "Not screened yet."
	case ps.Screening.ListVersions != snap.Key:
		return "The lists have changed since it was screened."
	case ps.Screening.PartyHash != PartyHash(&ps.Party):
		return "The party's details have changed since it was screened."
	}
	return ""
}

// Gate is the case's screening condition: the lists the list policy
// requires in use and recent enough, every party screened against the
// current list versions, no undecided hit and no confirmed match.
func (s *Service) Gate(ctx context.Context, f *cases.Case) (cases.Check, error) {
	const name = "Parties screened, no open or confirmed hit"
	st, err := s.ForCase(ctx, f)
	if err != nil {
		return cases.Check{}, err
	}
	if !st.ListsLoaded {
		return cases.Check{Name: name, Why: "No sanctions list is imported yet: an administrator imports them under Lists.",
			Fix: cases.Target{Section: cases.SectionLists}}, nil
	}
	if why, err := s.policyBlocks(ctx); err != nil || why != "" {
		return cases.Check{Name: name, Why: why, Fix: cases.Target{Section: cases.SectionLists}}, err
	}
	var stale []string
	undecided, awaiting := 0, 0
	for _, ps := range st.Parties {
		if ps.Stale != "" {
			stale = append(stale, ps.Party.Name)
		}
		undecided += ps.Undecided()
		awaiting += ps.Awaiting()
	}
	var why []string
	if confirmed := st.confirmed(); len(confirmed) > 0 {
		why = append(why, strings.Join(confirmed, "; ")+": the case cannot go ahead.")
	}
	if len(stale) > 0 {
		why = append(why, "Screen "+strings.Join(stale, ", ")+" against the current lists.")
	}
	switch {
	case undecided == 1:
		why = append(why, "Decide the open screening hit.")
	case undecided > 1:
		why = append(why, fmt.Sprintf("Decide the %d open screening hits.", undecided))
	}
	if awaiting > 0 {
		why = append(why, "A second compliance officer confirms that the list does not apply to this transaction.")
	}
	if len(why) == 0 {
		return cases.Check{Name: name, OK: true}, nil
	}
	return cases.Check{Name: name, Why: strings.Join(why, " "), Fix: cases.Target{Case: f.ID, Section: cases.SectionScreening}}, nil
}

// policyBlocks says why the lists in use fall short of the list policy: a
// required list not imported or older than the policy allows.
func (s *Service) policyBlocks(ctx context.Context) (string, error) {
	_, findings, err := s.PolicyFindings(ctx)
	if err != nil {
		return "", err
	}
	var why []string
	for _, f := range findings {
		if f.Blocks() {
			why = append(why, f.Text)
		}
	}
	return strings.Join(why, " "), nil
}

// confirmed says, for each hit that holds as a confirmed match, which party
// is a confirmed match on which entry.
func (c *CaseState) confirmed() []string {
	var out []string
	for _, ps := range c.Parties {
		for _, h := range ps.Hits {
			if h.Status == ConfirmedHit {
				out = append(out, fmt.Sprintf("%s is a confirmed match on %s", ps.Party.Name, h.Source.EntryRef(h.SourceID)))
			}
		}
	}
	return out
}

// BlocksTx says, in tx, why case f stays blocked for screening: a party on
// it (not removed) is a confirmed match that no correction has undone.
// It makes screening a cases.Blocker.
func (s *Service) BlocksTx(ctx context.Context, tx *gorm.DB, f *cases.Case) (string, error) {
	st, err := s.caseState(ctx, tx, f)
	if err != nil {
		return "", err
	}
	return strings.Join(st.confirmed(), "; "), nil
}

// Attach makes screening part of the case life cycle: parties are screened
// as they are put on a case and again before an approval when the lists
// changed since, the screening gate runs at submission and approval, and a case blocked by a confirmed match stays blocked until the
// match is corrected.
func (s *Service) Attach(cs *cases.Service) {
	s.cases = cs
	cs.SetPartyScreener(s)
	cs.SetApprovalScreener(s)
	cs.AddGate(cases.GateFunc(s.Gate))
	cs.AddBlocker(s)
}

// CaseHits is a case in progress with screening hits still to decide.
type CaseHits struct {
	CaseID, Reference, Title string
	Open                     int
}

// Undecided returns the cases in progress whose parties have hits nobody
// has decided yet, most recently changed first, at most limit: a reviewer's
// work list.
func (s *Service) Undecided(ctx context.Context, limit int) ([]CaseHits, error) {
	var rows []struct{ CaseID, Reference, Title, PartyID string }
	err := s.db.Gorm.WithContext(ctx).Raw(`SELECT c.id AS case_id, c.reference, c.title, cp.party_id
		FROM cases c JOIN case_parties cp ON cp.case_id = c.id
		WHERE c.status IN ? AND cp.removed_at IS NULL AND EXISTS (SELECT 1 FROM screenings sc WHERE sc.party_id = cp.party_id AND sc.hit_count > 0
			AND sc.screened_at = (SELECT MAX(screened_at) FROM screenings WHERE party_id = cp.party_id))
		ORDER BY c.updated_at DESC, c.id`, cases.OpenStatuses()).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	// One state over every party concerned tells each party's open hits.
	all := &cases.Case{}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.PartyID)
	}
	var parties []cases.Party
	if err := s.db.Gorm.WithContext(ctx).Where("id IN ?", ids).Find(&parties).Error; err != nil {
		return nil, err
	}
	for _, p := range parties {
		all.Parties = append(all.Parties, cases.CaseParty{PartyID: p.ID, Party: p})
	}
	st, err := s.caseState(ctx, s.db.Gorm, all)
	if err != nil {
		return nil, err
	}
	undecided := map[string]int{}
	for _, ps := range st.Parties {
		undecided[ps.Party.ID] = ps.Undecided()
	}
	var out []CaseHits
	at := map[string]int{}
	for _, r := range rows {
		n := undecided[r.PartyID]
		if n == 0 {
			continue
		}
		i, seen := at[r.CaseID]
		if !seen {
			if len(out) == limit {
				continue
			}
			i = len(out)
			at[r.CaseID] = i
			out = append(out, CaseHits{CaseID: r.CaseID, Reference: r.Reference, Title: r.Title})
		}
		out[i].Open += n
	}
	return out, nil
}
