package hrdd

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/exporter"
)

// Service is the human-rights due-diligence capability.
type Service struct {
	db    *db.DB
	dest  Destinations // nil: no reference data
	cases *cases.Service
}

// NewService returns the service reading destinations from dest, which may be nil.
func NewService(d *db.DB, dest Destinations) *Service { return &Service{db: d, dest: dest} }

// Attach makes the assessment part of the case life cycle: a material change
// of a case starts a new assessment version, and the assessment gate runs
// at submission and approval.
func (s *Service) Attach(cs *cases.Service) {
	s.cases = cs
	cs.SetChangeWatcher(s)
	cs.SetAssessmentAuthors(s)
	cs.AddGate(cases.GateFunc(s.Gate))
	cs.AddBlocker(s)
}

// AuthorsTx returns, in tx, the people who wrote or changed any version of
// the case's assessment: none of them may approve the case.
func (s *Service) AuthorsTx(ctx context.Context, tx *gorm.DB, caseID string) ([]string, error) {
	var ids []string
	versions := tx.Model(&Assessment{}).Select("id").Where("case_id = ?", caseID)
	err := tx.WithContext(ctx).Model(&editor{}).Distinct("user_id").Where("assessment_id IN (?)", versions).
		Order("user_id").Pluck("user_id", &ids).Error
	return ids, err
}

// State is a case's assessment as a page shows it.
type State struct {
	Case        *cases.Case
	Destination Destination
	RedFlags    []RedFlag
	Required    bool
	Reasons     []string
	// Current is the version shown; nil before anything was saved, when
	// Answers holds what the case already says.
	Current  *Assessment
	Latest   bool // Current is the newest version
	Answers  Answers
	Proposal Proposal
	// Authority is the newest authority record of the signed version, when
	// its conclusion needs one.
	Authority *Notification
	Editors   []string // everyone who wrote this version's answers
	// National is the exporter's national rule under Art. 5(3), as "DE:
	// legal basis", "" when none; read with the detail only.
	National string
	Names    map[string]string // of editors and signatories, by user id
	Versions []int
}

// Missing returns the titles of the parts not yet complete.
func (st *State) Missing() []string {
	var out []string
	for _, sec := range Sections {
		if !st.Answers.Done[sec.Name] {
			out = append(out, sec.Title)
		}
	}
	if !st.Answers.Done[ConclusionSection] {
		out = append(out, "Conclusion")
	}
	return out
}

// Signed reports whether the version shown is signed as it stands.
func (st *State) Signed() bool { return st.Current != nil && st.Current.Signed() }

// Stale reports whether the case changed materially since the version shown
// was started.
func (st *State) Stale() bool {
	return st.Current != nil && st.Current.CaseBasisHash != BasisHash(st.Case)
}

// Outcome is what the conclusion of the version shown means for the case
// under Art. 5 and the company's refusal rule; nothing before it is complete.
func (st *State) Outcome() Outcome {
	if !st.Answers.Done[ConclusionSection] {
		return Outcome{}
	}
	return Art5Outcome(st.Answers.Conclusion, ScopeOf(st.Case))
}

// Art5 says where the signed assessment stands on Art. 5: whether its
// answers are signed, what they need, and whether the authority's reply
// lets the export go ahead.
func (st *State) Art5() (signed bool, need Need, released bool) {
	if !st.Signed() {
		return false, NeedNothing, false
	}
	return true, st.Outcome().Need, st.Authority != nil && st.Authority.Releases()
}

// holding says why the signed conclusion of st still stops the case, or "":
// the company's refusal, or what the authority has not yet given.
func (st *State) holding() string {
	o := st.Outcome()
	switch {
	case o.Refused:
		return "The assessment concludes the risk is unacceptable: the company does not export (its own policy)."
	case o.Need == NeedNothing || (st.Authority != nil && st.Authority.Releases()):
		return ""
	case o.Need == NeedDecision:
		return "The competent authority has been notified under Art. 5(2) and has not yet decided: record its reply."
	}
	return "A licence is required (" + RecordKinds.Label(o.Kind) + "): record the licence once granted."
}

// BasisHash is the SHA-256 of what the assessment is about: the case's
// items, parties, destination, end user and end use. A change of any of them
// starts a new assessment version.
func BasisHash(f *cases.Case) string {
	type party struct{ Role, PartyID, Name, Country string }
	type item struct {
		ID, Description, Classification string
		Cyber                           bool
		Quantity                        int64
	}
	var parties []party
	for _, p := range f.Parties {
		c := ""
		if p.Party.Country != nil {
			c = *p.Party.Country
		}
		parties = append(parties, party{p.Role, p.PartyID, p.Party.Name, c})
	}
	slices.SortFunc(parties, func(a, b party) int { return strings.Compare(a.Role+a.PartyID, b.Role+b.PartyID) })
	var items []item
	for _, it := range f.Items {
		items = append(items, item{it.ID, it.Description, it.Classification, it.CyberSurveillance, it.QuantityMilli})
	}
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.ID, b.ID) })
	b, _ := json.Marshal([]any{f.DestinationCode(), f.EndUserType, f.EndUse, parties, items})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hashOf(a Answers) (string, string) {
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return string(b), hex.EncodeToString(sum[:])
}

// destination returns the reference facts of a country; without reference
// data, or for a country it does not know, only the code.
func (s *Service) destination(ctx context.Context, code string) (Destination, error) {
	if s.dest == nil || code == "" {
		return Destination{Code: code, Name: code}, nil
	}
	d, err := s.dest.Destination(ctx, code)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Destination{Code: code, Name: code}, nil
	}
	return d, err
}

// standing is the destination with its tier and measures in force only.
func (s *Service) standing(ctx context.Context, code string) (Destination, error) {
	if s.dest == nil || code == "" {
		return Destination{Code: code, Name: code}, nil
	}
	return s.dest.Standing(ctx, code)
}

func (s *Service) redFlags(ctx context.Context) ([]RedFlag, error) {
	if s.dest == nil {
		return DefaultRedFlags, nil
	}
	flags, err := s.dest.RedFlags(ctx)
	if err != nil || len(flags) == 0 {
		return DefaultRedFlags, err
	}
	return flags, nil
}

// Get returns the newest assessment of a case (version 0), or the given
// version. Errors: NotFound, Forbidden.
func (s *Service) Get(ctx context.Context, caseID string, version int) (*State, error) {
	f, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return nil, err
	}
	return s.state(ctx, s.db.Gorm, f, version, true)
}

// ForCase returns what the case page and the gate need of the newest
// assessment of f: kept in ctx by WithState for this version of the case,
// or read anew. Errors: Forbidden.
func (s *Service) ForCase(ctx context.Context, f *cases.Case) (*State, error) {
	if st, ok := cases.Kept[*State](ctx, f); ok {
		return st, nil
	}
	return s.state(ctx, s.db.Gorm, f, 0, false)
}

// WithState returns ctx keeping st, the ForCase state of f, so that the gate
// and the case page read it once per request.
func WithState(ctx context.Context, f *cases.Case, st *State) context.Context {
	return cases.Keep(ctx, f, st)
}

// state reads the assessment of f (version 0: the newest). With detail it
// also reads what the assessment page shows and the proposal needs: the
// destination's indicators and the red-flag catalogue; without, only the
// destination's tier and measures, which is all the gate and the case page need.
func (s *Service) state(ctx context.Context, g *gorm.DB, f *cases.Case, version int, detail bool) (*State, error) {
	g = g.WithContext(ctx)
	st := &State{Case: f, Names: map[string]string{}}
	if err := st.read(g, version); err != nil {
		return nil, err
	}
	if err := st.readAuthority(g); err != nil {
		return nil, err
	}
	var err error
	if !detail {
		if st.Destination, err = s.standing(ctx, f.DestinationCode()); err != nil {
			return nil, err
		}
		st.Required, st.Reasons = Required(f, st.Destination)
		return st, nil
	}
	if st.Destination, err = s.destination(ctx, f.DestinationCode()); err != nil {
		return nil, err
	}
	if st.RedFlags, err = s.redFlags(ctx); err != nil {
		return nil, err
	}
	if st.National, err = nationalRule(ctx, g); err != nil {
		return nil, err
	}
	st.Required, st.Reasons = Required(f, st.Destination)
	st.Proposal = Propose(st.Answers, st.Destination)
	ids := slices.Clone(st.Editors)
	if st.Current != nil && st.Current.SignedBy != nil {
		ids = append(ids, *st.Current.SignedBy)
	}
	if st.Names, err = auth.NamesOf(ctx, g, ids); err != nil {
		return nil, err
	}
	return st, nil
}

// readAuthority reads the newest authority record of the version shown,
// when it is signed and its conclusion needs one.
func (st *State) readAuthority(g *gorm.DB) error {
	if !st.Signed() || st.Outcome().Kind == "" {
		return nil
	}
	var n Notification
	err := g.Where("assessment_id = ?", st.Current.ID).Order("created_at DESC, id DESC").Take(&n).Error
	switch {
	case err == nil:
		st.Authority = &n
	case !db.IsNotFound(err):
		return err
	}
	return nil
}

// read fills in the versions of the case's assessment and the answers and
// editors of one (0: the newest); before any version, the answers are what
// the case already says. Errors: NotFound (no such version).
func (st *State) read(g *gorm.DB, version int) error {
	f := st.Case
	if err := g.Model(&Assessment{}).Where("case_id = ?", f.ID).Order("version").Pluck("version", &st.Versions).Error; err != nil {
		return err
	}
	n := len(st.Versions)
	switch {
	case n == 0 && version != 0:
		return apperr.New(apperr.NotFound, "This case has no assessment version %d.", version)
	case n == 0:
		st.Latest = true
		st.Answers = Answers{EndUser: EndUserSection{Type: f.EndUserType}, EndUse: EndUseSection{Purpose: f.EndUse},
			Destination: DestinationSection{Country: f.DestinationCode()}, Done: map[string]bool{}}
		return nil
	case version == 0:
		version = st.Versions[n-1]
	}
	st.Latest = version == st.Versions[n-1]
	var a Assessment
	if err := g.Where("case_id = ? AND version = ?", f.ID, version).Take(&a).Error; err != nil {
		if db.IsNotFound(err) {
			return apperr.New(apperr.NotFound, "This case has no assessment version %d.", version)
		}
		return err
	}
	st.Current = &a
	if err := json.Unmarshal([]byte(a.AnswersJSON), &st.Answers); err != nil {
		return err
	}
	if st.Answers.Done == nil {
		st.Answers.Done = map[string]bool{}
	}
	return g.Model(&editor{}).Where("assessment_id = ?", a.ID).Pluck("user_id", &st.Editors).Error
}

// lockCase serialises the assessment writes of a case with each other and
// with changes of the case, without moving the case's version.
func lockCase(tx *gorm.DB, caseID string) error {
	return tx.Exec("UPDATE cases SET version = version WHERE id = ?", caseID).Error
}

// SaveSection saves one section, or the conclusion, of the newest version,
// and starts a new version when the case changed since. The actor becomes
// an editor, who may not sign it; a change voids a signature. On Invalid the
// returned state holds what was typed.
// Errors: Invalid (fields), NotFound (case), Forbidden, Conflict.
func (s *Service) SaveSection(ctx context.Context, caseID string, in SectionAnswers) (*State, error) {
	actor, err := auth.Require(ctx, auth.PermEditAssessment)
	if err != nil {
		return nil, err
	}
	var out *State
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		st, err := s.forChange(ctx, tx, caseID)
		if err != nil {
			return err
		}
		out = st
		before := st.Answers
		if err := s.answer(tx, st, in); err != nil {
			return err
		}
		return s.write(ctx, tx, st, before, in.SectionName(), actor)
	})
	if apperr.CodeOf(err) == apperr.Invalid && out != nil {
		return out, err
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forChange locks the case's assessment and reads it in full, to change it.
// Errors: NotFound, Forbidden, Conflict (the case is decided).
func (s *Service) forChange(ctx context.Context, tx *gorm.DB, caseID string) (*State, error) {
	if err := lockCase(tx, caseID); err != nil {
		return nil, err
	}
	f, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return nil, err
	}
	if !f.Status.InProgress() {
		return nil, apperr.New(apperr.Conflict, "The assessment of a case that is %s cannot change%s.", strings.ToLower(f.Status.Label()), frozen(f))
	}
	return s.state(ctx, tx, f, 0, true)
}

// frozen says how an approved case's decisions can change again.
func frozen(f *cases.Case) string {
	if f.Status == cases.Approved {
		return ": return the case to draft first, which voids its approval"
	}
	return ""
}

// answer stores in, tidied, in the answers of st and judges it; the proposal
// follows the answers either way. Errors: Invalid (fields).
func (s *Service) answer(tx *gorm.DB, st *State, in SectionAnswers) error {
	st.Answers.Done = maps.Clone(st.Answers.Done)
	in.storeIn(&st.Answers, st.RedFlags)
	st.Proposal = Propose(st.Answers, st.Destination)
	fx := s.facts(tx, st)
	st.Answers.Conclusion = st.Answers.Conclusion.scoped(fx)
	errs, err := st.Answers.part(in.SectionName()).problems(fx)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return apperr.Validation(errs)
	}
	st.Answers.Done[in.SectionName()] = true
	return nil
}

// write stores the answers of st in the newest version — a new one when
// there is none or the case changed since — with the actor among its
// editors, and records the change; unchanged answers write nothing.
func (s *Service) write(ctx context.Context, tx *gorm.DB, st *State, before Answers, section string, actor *auth.Actor) error {
	now := s.db.Now()
	if st.Current == nil || st.Stale() {
		var err error
		if st.Current, err = s.newVersion(ctx, tx, st.Case, st.Current, before, now); err != nil {
			return err
		}
	}
	a := st.Current
	text, hash := hashOf(st.Answers)
	if hash == a.ContentHash {
		return nil
	}
	action, summary := saved(st, section)
	if a.Signed() {
		summary += "; the signature is void"
	}
	fields := map[string]any{"answers": text, "content_hash": hash, "proposed_level": st.Proposal.Level,
		"conclusion_level": st.Answers.Conclusion.Level, "override_justification": st.Answers.Conclusion.OverrideJustification,
		"status": StatusDraft, "updated_at": now}
	if err := tx.Model(&Assessment{}).Where("id = ?", a.ID).Updates(fields).Error; err != nil {
		return err
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&editor{AssessmentID: a.ID, UserID: actor.UserID}).Error; err != nil {
		return err
	}
	a.AnswersJSON, a.ContentHash, a.Status = text, hash, StatusDraft
	if !slices.Contains(st.Editors, actor.UserID) {
		st.Editors = append(st.Editors, actor.UserID)
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "assessment", ObjectID: a.ID, Summary: summary,
		Before: before.part(section), After: map[string]any{"section": st.Answers.part(section),
			"proposal": st.Proposal.Level, "points": st.Proposal.Points, "content_hash": hash}})
}

// saved is the audit action and summary of saving section of st.
func saved(st *State, section string) (string, string) {
	ref, v, p := st.Case.Reference, st.Current.Version, st.Proposal
	if section != ConclusionSection {
		return "assessment.save", fmt.Sprintf("%s: human-rights assessment v%d, %s saved (proposed risk %s, %d points)",
			ref, v, strings.ToLower(SectionTitle(section)), p.Level, p.Points)
	}
	c := st.Answers.Conclusion
	summary := fmt.Sprintf("%s: human-rights assessment v%d concluded %s (proposed %s); %s", ref, v, c.Level, p.Level, art5Answers(c))
	if c.Level != p.Level {
		summary += "; override justified: " + c.OverrideJustification
	}
	return "assessment.conclude", summary
}

func (s *Service) facts(tx *gorm.DB, st *State) facts {
	return facts{
		countryExists: func(code string) (bool, error) {
			var n int64
			err := tx.Table("countries").Where("code = ?", code).Count(&n).Error
			return n > 0, err
		},
		caseDestination: st.Case.DestinationCode(), proposal: st.Proposal.Level, today: s.db.Now().UTC(),
		art5: ScopeOf(st.Case).Applies(), national: st.National,
	}
}

// nationalRule names the exporter's national rule under Art. 5(3), "" when
// its Member State has none.
func nationalRule(ctx context.Context, g *gorm.DB) (string, error) {
	profile, err := exporter.ProfileTx(ctx, g)
	if err != nil || profile.NationalRule == nil {
		return "", err
	}
	return profile.MemberState + ": " + profile.NationalRule.LegalBasis, nil
}

// newVersion starts the next version of the case's assessment from the
// answers of prev (nil: the first version), kept as a draft by the same
// editors, and records it.
func (s *Service) newVersion(ctx context.Context, tx *gorm.DB, f *cases.Case, prev *Assessment, answers Answers, now time.Time) (*Assessment, error) {
	actor := auth.ActorFrom(ctx)
	text, hash := hashOf(answers)
	a := &Assessment{ID: db.NewID(), CaseID: f.ID, Version: 1, AnswersJSON: text, Status: StatusDraft, AuthorID: actor.UserID,
		ProposedLevel: "", ContentHash: hash, CaseBasisHash: BasisHash(f), CreatedAt: now, UpdatedAt: now}
	summary := fmt.Sprintf("%s: human-rights assessment v1 started", f.Reference)
	if prev != nil {
		a.Version, a.AuthorID = prev.Version+1, prev.AuthorID
		summary = fmt.Sprintf("%s: human-rights assessment v%d started from v%d: the case's items, parties, destination or end use changed", f.Reference, a.Version, prev.Version)
	}
	if err := tx.Create(a).Error; err != nil {
		return nil, err
	}
	if prev != nil {
		if err := tx.Exec("INSERT INTO assessment_editors (assessment_id, user_id) SELECT ?, user_id FROM assessment_editors WHERE assessment_id = ?", a.ID, prev.ID).Error; err != nil {
			return nil, err
		}
	}
	return a, audit.Record(ctx, tx, now, audit.Event{Action: "assessment.version", ObjectType: "assessment", ObjectID: a.ID, Summary: summary,
		After: map[string]any{"case_id": f.ID, "version": a.Version, "case_basis_hash": a.CaseBasisHash}})
}

// CaseChangedTx starts a new assessment version when the content change of f
// touched what the newest version assessed; the earlier one stays as it was.
func (s *Service) CaseChangedTx(ctx context.Context, tx *gorm.DB, f *cases.Case) error {
	st, err := s.state(ctx, tx, f, 0, false)
	if err != nil || st.Current == nil || !st.Stale() {
		return err
	}
	if st.Answers.Destination.Country != f.DestinationCode() {
		st.Answers.Done["destination"] = false
	}
	_, err = s.newVersion(ctx, tx, f, st.Current, st.Answers, s.db.Now())
	return err
}

// Gate is the case's human-rights condition: where the assessment is
// required, its newest version is complete and signed for the case as it is.
func (s *Service) Gate(ctx context.Context, f *cases.Case) (cases.Check, error) {
	const name = "Human-rights assessment"
	st, err := s.ForCase(ctx, f)
	if err != nil {
		return cases.Check{}, err
	}
	if !st.Required {
		return cases.Check{Name: name, OK: true}, nil
	}
	why := WhyNotReady(st)
	if why == "" {
		return cases.Check{Name: name, OK: true}, nil
	}
	return cases.Check{Name: name, Why: why, Fix: cases.Target{Case: f.ID, Section: cases.SectionAssessment}}, nil
}

// WhyNotReady says what the assessment still lacks for the case to go ahead, or "".
func WhyNotReady(st *State) string {
	switch {
	case st.Current == nil:
		return "Required: " + strings.Join(st.Reasons, " ") + " Complete the assessment and have a compliance officer sign it."
	case st.Stale():
		return "The case changed since the assessment: review it and have it signed again."
	case len(st.Missing()) > 0:
		return "Complete the assessment: " + strings.Join(st.Missing(), ", ") + "."
	case st.Current.SignedHash != "" && !st.Signed():
		return "The answers changed after it was signed: a compliance officer who did not write it must sign it again."
	case !st.Signed():
		return "A compliance officer who did not write it must sign it."
	}
	return st.holding()
}

// CheckSigner applies the rules of who signs: a compliance officer who did
// not write any of this version's answers. It returns why not, or nil.
func CheckSigner(st *State, actor *auth.Actor) error {
	if !actor.Can(auth.PermSignAssessment) {
		return apperr.New(apperr.Forbidden, "Only a compliance officer signs the human-rights assessment.")
	}
	if slices.Contains(st.Editors, actor.UserID) {
		return apperr.New(apperr.Forbidden, "You wrote or changed this assessment, so another compliance officer must sign it.")
	}
	return nil
}

// Sign signs the newest version as it stands, for the case at version, on
// the case's timeline. A case risk lower than the conclusion is raised to it
// (high: two approvals, one by a compliance officer); an unacceptable
// conclusion, or awareness under Art. 5, blocks the case and records the
// notification to the authority. Errors: Invalid (incomplete), NotFound, Forbidden (author,
// role, training), Conflict (stale page, already signed, case decided).
func (s *Service) Sign(ctx context.Context, caseID string, version int64) (*cases.Case, error) {
	if err := s.cases.CheckActor(ctx, auth.PermSignAssessment); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermSignAssessment, "assessment.sign", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		st, err := s.state(ctx, tx, f, 0, true)
		if err != nil {
			return "", err
		}
		if err := signable(st); err != nil {
			return "", err
		}
		if err := CheckSigner(st, actor); err != nil {
			return "", err
		}
		if err := canNotify(ctx, tx, st); err != nil {
			return "", err
		}
		summary, err := sign(ctx, tx, st, actor, now)
		if err != nil {
			return "", err
		}
		return s.followSignature(ctx, tx, st, actor, now, summary)
	})
}

// canNotify refuses to sign a conclusion that notifies the authority while
// the exporter settings cannot name the exporter and the authority.
func canNotify(ctx context.Context, tx *gorm.DB, st *State) error {
	if !st.Outcome().Notify {
		return nil
	}
	profile, err := exporter.ProfileTx(ctx, tx)
	if err != nil {
		return err
	}
	if missing := profile.Missing(); len(missing) > 0 {
		return apperr.New(apperr.Invalid, "This conclusion notifies the competent authority, and the notification must name the exporter and the authority: an administrator must first complete the exporter settings (%s).", strings.Join(missing, ", "))
	}
	return nil
}

// signable says why the newest version of st cannot be signed now, or nil.
func signable(st *State) error {
	switch {
	case !st.Case.Status.InProgress():
		return apperr.New(apperr.Conflict, "The assessment of a case that is %s cannot be signed%s.", strings.ToLower(st.Case.Status.Label()), frozen(st.Case))
	case st.Current == nil:
		return apperr.New(apperr.Conflict, "There is no assessment to sign yet.")
	case st.Stale():
		return apperr.New(apperr.Conflict, "The case changed since this assessment was written: reload it.")
	case st.Signed():
		return apperr.New(apperr.Conflict, "This version is already signed as it stands.")
	case len(st.Missing()) > 0:
		return apperr.New(apperr.Invalid, "Complete the assessment before signing: %s.", strings.Join(st.Missing(), ", "))
	case st.Answers.Conclusion.Level != st.Proposal.Level && strings.TrimSpace(st.Answers.Conclusion.OverrideJustification) == "":
		// The proposal moved after the conclusion was saved.
		return apperr.New(apperr.Invalid, "The conclusion (%s) now differs from the proposed %s risk: justify it or change it before signing.",
			st.Answers.Conclusion.Level, st.Proposal.Level)
	}
	return nil
}

// sign marks the newest version of st signed by actor, bound to its answers'
// hash, and records it; it returns the summary for the case's timeline.
func sign(ctx context.Context, tx *gorm.DB, st *State, actor *auth.Actor, now time.Time) (string, error) {
	a, c, p := st.Current, st.Answers.Conclusion, st.Proposal
	if err := tx.Model(&Assessment{}).Where("id = ?", a.ID).Updates(map[string]any{"status": StatusSigned,
		"signed_by": actor.UserID, "signed_at": now, "signed_hash": a.ContentHash}).Error; err != nil {
		return "", err
	}
	summary := fmt.Sprintf("human-rights assessment v%d signed: conclusion %s (proposed %s, %d points)", a.Version, c.Level, p.Level, p.Points)
	if c.Level != p.Level {
		summary += "; override justified: " + c.OverrideJustification
	}
	summary += "; " + art5Answers(c)
	return summary, audit.Record(ctx, tx, now, audit.Event{Action: "assessment.sign", ObjectType: "assessment", ObjectID: a.ID,
		Summary: st.Case.Reference + ": " + summary, After: map[string]any{"version": a.Version, "proposal": p.Level,
			"points": p.Points, "conclusion": c.Level, "override_justification": c.OverrideJustification,
			"informed": c.Informed, "aware": c.Aware, "suspect": c.Suspect, "signed_hash": a.ContentHash}})
}

// followSignature does what the signed conclusion of st means for the case:
// the case risk may not be lower than it (a lower one is raised; high needs
// two approvals); an unacceptable one is the company's refusal; one that
// needs the authority blocks the case and opens the authority record — the
// notification under Art. 5(2), naming the exporter. It returns summary with
// what followed.
func (s *Service) followSignature(ctx context.Context, tx *gorm.DB, st *State, actor *auth.Actor, now time.Time, summary string) (string, error) {
	f, level := st.Case, st.Answers.Conclusion.Level
	raised, err := cases.RaiseToSigned(tx, f, actor.UserID, st.Current.Version, level, CaseRisk(level), now)
	if err != nil {
		return "", err
	}
	if raised {
		summary += "; risk level raised to " + CaseRisk(level) + ", the conclusion's floor"
	}
	o := st.Outcome()
	for _, b := range o.Brief {
		summary += "; " + b
	}
	if !o.Blocks() {
		return summary, nil
	}
	blocked, err := cases.Block(tx, f, now)
	if err != nil {
		return "", err
	}
	if blocked {
		summary += "; the case is blocked"
	}
	if o.Kind == "" {
		return summary, nil
	}
	st.Current.SignedBy, st.Current.SignedAt = &actor.UserID, &now
	st.Names[actor.UserID] = actor.Name
	if err := s.record(ctx, tx, st, o, actor, now); err != nil {
		return "", err
	}
	if o.Notify {
		return summary + "; the notification to the competent authority is ready to send", nil
	}
	return summary, nil
}
