package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/reference"
)

// ErrNoExportManager is returned by SeedCases when no active user holds the
// export-manager role: seeded cases need owners.
var ErrNoExportManager = errors.New("no active export manager to own the cases: create one, or seed the demo users with --demo")

// SeedBatch is how many cases SeedCases writes per transaction, each
// transaction with one audit event.
const SeedBatch = 500

// The generator's fixed seed: the same database state and n give the same
// cases (apart from their ids).
const seedHi, seedLo = 0x5669_6769_6c20_4465, 0x6d6f_2043_6173_6573

// SeedCases writes n demonstration export cases, in every stage of the life
// cycle, owned by the active export managers: parties drawn from a pool of
// shared parties it creates, items, end-use statements (the rows; the files
// themselves do not exist) and sign-offs that bind to the case content as
// the cases package computes it, so their approvals are valid. Each item is
// a product of the catalogue, whose confirmed classification it carries;
// the owner answered the Art. 4 questions before submitting; and one
// demonstration global licence covers the listed items. The products and
// the licence are added once and reused by later seeds.
//
// Rows are written directly, SeedBatch cases per transaction, instead of
// change by change through the service: 10,000 cases take seconds. Each
// transaction reserves its references from the per-year counter, so they
// stay gap-free and later cases continue from them, and records one audit
// event, "demo.seed_cases", by the system. It returns how many cases were
// written; after an error, the batches before it stay.
func SeedCases(ctx context.Context, d *db.DB, n int, now time.Time, store *files.Store) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	g := d.Gorm.WithContext(ctx)
	s := &seeder{rng: rand.New(rand.NewPCG(seedHi, seedLo)), now: now.UTC().Truncate(time.Microsecond), total: n, store: store}
	if err := s.loadPeople(g); err != nil {
		return 0, err
	}
	if err := s.loadDestinations(g); err != nil {
		return 0, err
	}
	// Cases were opened over the last months of this year, in reference order.
	yearStart := time.Date(s.now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	s.start = s.now.AddDate(0, -9, 0)
	if s.start.Before(yearStart) {
		s.start = yearStart
	}
	s.span = s.now.Sub(s.start)

	ctx = auth.AsSystem(ctx)
	if err := s.prepareLicensing(ctx, d); err != nil {
		return 0, err
	}
	done := 0
	for done < n {
		k := min(SeedBatch, n-done)
		if err := d.InTx(ctx, func(tx *gorm.DB) error { return s.batch(ctx, tx, done, k) }); err != nil {
			return done, err
		}
		done += k
	}
	return done, nil
}

type person struct {
	id      string
	manager bool // export manager: may own cases
	officer bool // compliance officer: the sign-off role of high-risk cases
	signs   bool // may sign off cases
	role    string
}

type poolParty struct {
	p       cases.Party
	euType  string // end-user type when the party is an end user; "" for forwarders and persons
	company bool
}

type seeder struct {
	store      *files.Store // when set, documents are stored and can be downloaded
	rng        *rand.Rand
	now        time.Time
	start      time.Time
	span       time.Duration
	total      int
	managers   []person
	signers    []person
	dests      []string
	destWeight []int
	pool       []poolParty
	byCountry  map[string][]int // end-user candidates per country
	companies  map[string][]int // companies per country (consignees)
	forwarders []int
	agents     []int                  // intermediaries: trading companies and persons
	catalogue  map[string]*catalogued // by item template description
}

func (s *seeder) loadPeople(g *gorm.DB) error {
	var rows []struct {
		ID   string
		Role string
	}
	if err := g.Table("users").Select("users.id AS id, user_roles.role AS role").
		Joins("JOIN user_roles ON user_roles.user_id = users.id").
		Where("users.active = ?", true).Order("users.email, user_roles.role").Scan(&rows).Error; err != nil {
		return err
	}
	roles := map[string][]auth.Role{}
	var order []string
	for _, r := range rows {
		if _, ok := roles[r.ID]; !ok {
			order = append(order, r.ID)
		}
		roles[r.ID] = append(roles[r.ID], auth.Role(r.Role))
	}
	for _, id := range order {
		rs := roles[id]
		p := person{id: id, manager: slices.Contains(rs, auth.RoleExportManager), officer: slices.Contains(rs, auth.RoleComplianceOfficer)}
		role, signs := auth.GrantingRole(rs, auth.PermSignOffCases)
		p.signs, p.role = signs, string(role)
		if p.officer { // as the cases package records it
			p.role = string(auth.RoleComplianceOfficer)
		}
		if p.manager {
			s.managers = append(s.managers, p)
		}
		if p.signs {
			s.signers = append(s.signers, p)
		}
	}
	if len(s.managers) == 0 {
		return ErrNoExportManager
	}
	return nil
}

// destinationWeights favours the usual markets of a European vendor of
// telecommunications and security equipment.
var destinationWeights = []struct {
	code   string
	weight int
}{
	{"DE", 140}, {"FR", 100}, {"US", 110}, {"GB", 95}, {"AE", 80}, {"SG", 70}, {"IN", 70}, {"BR", 60}, {"TR", 60},
	{"IT", 22}, {"ES", 20}, {"NL", 22}, {"CH", 18}, {"SE", 10}, {"PL", 16}, {"AT", 12}, {"JP", 16}, {"KR", 14},
	{"AU", 12}, {"CA", 14}, {"MX", 10}, {"SA", 20}, {"QA", 12}, {"EG", 8}, {"MA", 8}, {"ZA", 9}, {"ID", 10},
	{"MY", 9}, {"TH", 8}, {"VN", 6}, {"KE", 6}, {"NG", 6}, {"CL", 6}, {"CO", 6}, {"AR", 6}, {"KZ", 5},
}

func (s *seeder) loadDestinations(g *gorm.DB) error {
	var codes []string
	if err := g.Table("countries").Pluck("code", &codes).Error; err != nil {
		return err
	}
	for _, dw := range destinationWeights {
		if slices.Contains(codes, dw.code) {
			s.dests = append(s.dests, dw.code)
			s.destWeight = append(s.destWeight, dw.weight)
		}
	}
	if len(s.dests) == 0 {
		return errors.New("seed cases: the countries table is empty; run the migrations")
	}
	return nil
}

func (s *seeder) pick(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := s.rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

func (s *seeder) one(options []string) string { return options[s.rng.IntN(len(options))] }

func (s *seeder) between(lo, hi int) int { return lo + s.rng.IntN(hi-lo+1) }

// frac returns a duration of a random fraction in [lo, hi) of d.
func (s *seeder) frac(d time.Duration, lo, hi float64) time.Duration {
	return time.Duration(float64(d) * (lo + (hi-lo)*s.rng.Float64()))
}

func at(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// caseRows is one case with every row that belongs to it.
type caseRows struct {
	c        cases.Record
	links    []cases.CaseParty
	items    []cases.Item
	docs     []cases.Attachment
	signoffs []cases.SignOff
	art4     []licensing.Art4Record
	facts    []licensing.FactRecord
}

// batch writes k cases, the (offset+1)th to the (offset+k)th of this seed, in tx.
func (s *seeder) batch(ctx context.Context, tx *gorm.DB, offset, k int) error {
	first, err := s.reserveReferences(tx, k)
	if err != nil {
		return err
	}
	newParties, err := s.ensurePool(tx)
	if err != nil {
		return err
	}
	made := make([]caseRows, k)
	for i := range made {
		global := offset + i
		created := at(s.start.Add(time.Duration((float64(global) + s.rng.Float64()) / float64(s.total) * float64(s.span))))
		if made[i], err = s.makeCase(s.reference(first+int64(i)), created); err != nil {
			return err
		}
	}
	if err := insertCases(tx, made); err != nil {
		return err
	}
	if err := cases.MoveEpoch(tx); err != nil {
		return err
	}
	return s.recordBatch(ctx, tx, made, first, newParties)
}

// reserveReferences takes k numbers from this year's case counter and
// returns the first.
func (s *seeder) reserveReferences(tx *gorm.DB, k int) (int64, error) {
	var last int64
	if err := tx.Raw(`INSERT INTO case_counters (year, last_number) VALUES (?, ?)
		ON CONFLICT (year) DO UPDATE SET last_number = case_counters.last_number + ?
		RETURNING last_number`, s.now.Year(), k, k).Scan(&last).Error; err != nil {
		return 0, fmt.Errorf("seed cases: reserve references: %w", err)
	}
	return last - int64(k) + 1, nil
}

// reference is the case reference with number n of this year.
func (s *seeder) reference(n int64) string { return fmt.Sprintf("EXP-%d-%05d", s.now.Year(), n) }

// ensurePool makes and writes the shared parties in the first batch, and
// returns how many it wrote.
func (s *seeder) ensurePool(tx *gorm.DB) (int, error) {
	if s.pool != nil {
		return 0, nil
	}
	parties := s.makePool(clampInt(s.total/5, 40, 2000))
	if err := tx.CreateInBatches(parties, 500).Error; err != nil {
		return 0, fmt.Errorf("seed cases: parties: %w", err)
	}
	return len(parties), nil
}

// insertCases writes the rows of made, table by table.
func insertCases(tx *gorm.DB, made []caseRows) error {
	var (
		all      []cases.Record
		links    []cases.CaseParty
		items    []cases.Item
		docs     []cases.Attachment
		signoffs []cases.SignOff
		art4     []licensing.Art4Record
		facts    []licensing.FactRecord
	)
	for _, r := range made {
		all = append(all, r.c)
		links = append(links, r.links...)
		items = append(items, r.items...)
		docs = append(docs, r.docs...)
		signoffs = append(signoffs, r.signoffs...)
		art4 = append(art4, r.art4...)
		facts = append(facts, r.facts...)
	}
	for _, step := range []struct {
		what string
		rows any
	}{{"cases", all}, {"parties of cases", links}, {"items", items}, {"documents", docs}, {"sign-offs", signoffs},
		{"Art. 4 answers", art4}, {"export facts", facts}} {
		if err := tx.Omit(clause.Associations).CreateInBatches(step.rows, 500).Error; err != nil {
			return fmt.Errorf("seed cases: %s: %w", step.what, err)
		}
	}
	return nil
}

// recordBatch starts each case's timeline with how it came to be, and
// records what the batch wrote.
func (s *seeder) recordBatch(ctx context.Context, tx *gorm.DB, made []caseRows, first int64, newParties int) error {
	byStatus := map[string]int{}
	var items, docs, signoffs int
	for _, r := range made {
		c := r.c
		byStatus[string(c.Status)]++
		items, docs, signoffs = items+len(r.items), docs+len(r.docs), signoffs+len(r.signoffs)
		if err := audit.Record(ctx, tx, s.now, audit.Event{Action: "demo.seed_case", ObjectType: "case", ObjectID: c.ID,
			Summary: c.Reference + ": demonstration case, seeded as " + strings.ToLower(c.Status.Label()),
			After:   map[string]any{"status": c.Status, "title": c.Title, "version": c.Version}}); err != nil {
			return err
		}
	}
	firstRef, lastRef := s.reference(first), s.reference(first+int64(len(made))-1)
	summary := fmt.Sprintf("Seeded %s demonstration cases (%s … %s)", thousands(len(made)), firstRef, lastRef)
	if newParties > 0 {
		summary += fmt.Sprintf(" with %s shared parties", thousands(newParties))
	}
	return audit.Record(ctx, tx, s.now, audit.Event{Action: "demo.seed_cases", ObjectType: "case", ObjectID: firstRef + "…" + lastRef,
		Summary: summary, After: map[string]any{"cases": len(made), "first": firstRef, "last": lastRef, "parties_created": newParties,
			"by_status": byStatus, "items": items, "documents": docs, "sign_offs": signoffs}})
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

func thousands(n int) string { return cases.FormatDecimal(int64(n), 0, 0) }

// caseGen is a case being generated: what has been drawn for it so far,
// and its rows.
type caseGen struct {
	caseRows
	dest      string
	owner     person
	eu        poolParty
	euIdx     int
	prod      *product
	created   time.Time
	prep      time.Duration // how long it was prepared
	submitted time.Time
	decided   time.Time
	adds      int // additions while it was prepared: parties, items and the end-use statement
	version   int64
}

// during is a moment of the preparation, for the i-th of n additions.
func (k *caseGen) during(i, n int) time.Time {
	return at(k.created.Add(time.Duration(float64(k.prep) * (float64(i) + 0.5) / float64(n+1))))
}

// makeCase generates one case opened at created. Each step draws from the
// generator in turn, so their order is part of what the seed gives.
func (s *seeder) makeCase(ref string, created time.Time) (caseRows, error) {
	k := s.startCase(ref, created)
	roles := s.partyRoles(k)
	lines := s.productLines(k.prod)
	answers := s.answerings(k)
	k.adds = len(roles) + len(lines) + answers + 1
	s.link(k, roles)
	s.addItems(k, lines)
	k.version = int64(1 + len(k.links) + len(k.items))
	k.answer(len(k.links)+len(k.items), answers)
	if k.c.Status != cases.Draft {
		if err := s.addDocuments(k); err != nil {
			return caseRows{}, err
		}
	}
	s.decide(k)
	s.settle(k)
	return k.caseRows, nil
}

// startCase draws where a case goes, to whom, what, where it stands in its
// life cycle and how long it was prepared and reviewed.
func (s *seeder) startCase(ref string, created time.Time) *caseGen {
	k := &caseGen{dest: s.dests[s.pick(s.destWeight)], created: created}
	k.owner = s.managers[s.rng.IntN(len(s.managers))]
	k.euIdx = s.pickFrom(s.byCountry[k.dest], s.byCountry[""])
	k.eu = s.pool[k.euIdx]
	k.prod = s.product(k.eu.euType)
	age := s.now.Sub(created)
	status := s.lifeStage(age)
	k.c = cases.Record{ID: db.NewID(), Reference: ref, Destination: &k.dest, EndUserType: k.eu.euType, OwnerID: k.owner.id,
		Status: status, RiskLevel: s.risk(status), CreatedAt: created}
	variant := s.one([]string{"", "", "", " expansion", " upgrade", " (phase 2)", " spares and support", " replacement"})
	k.c.Title = k.prod.name + variant + " for " + k.eu.p.Name
	k.c.EndUse = s.one(k.prod.endUses)
	if s.rng.IntN(10) < 3 {
		k.c.Notes = s.one(caseNotes)
	}
	s.timeline(k, age)
	return k
}

// lifeStage draws where a case of age stands: young cases are mostly still
// in progress.
func (s *seeder) lifeStage(age time.Duration) cases.Status {
	statuses := []cases.Status{cases.Draft, cases.Submitted, cases.OnHold, cases.Approved, cases.Rejected, cases.Closed}
	weights := []int{6, 8, 4, 20, 7, 55}
	if age < 14*24*time.Hour {
		weights = []int{38, 30, 5, 17, 5, 5}
	}
	return statuses[s.pick(weights)]
}

// risk draws a case's risk level: a compliance officer assesses submitted
// cases; few drafts have it yet.
func (s *seeder) risk(status cases.Status) string {
	risk := []string{"low", "medium", "high"}[s.pick([]int{45, 35, 20})]
	if (status == cases.Draft && s.rng.IntN(10) < 7) || (status == cases.Submitted && s.rng.IntN(10) < 3) {
		return ""
	}
	return risk
}

// timeline draws how long a case was prepared and, once submitted, reviewed:
// preparation, then review, then (for closed cases) shipment.
func (s *seeder) timeline(k *caseGen, age time.Duration) {
	k.prep = min(s.frac(age, 0.05, 0.35), time.Duration(s.between(2, 240))*time.Hour)
	if k.c.Status == cases.Draft {
		return
	}
	k.submitted = at(k.created.Add(k.prep))
	review := min(s.frac(s.now.Sub(k.submitted), 0.1, 0.6), time.Duration(s.between(3, 400))*time.Hour)
	k.decided = at(k.submitted.Add(review))
}

// partyRole is a party of the pool, by index, in a role on a case.
type partyRole struct {
	role string
	idx  int
}

// partyRoles draws a case's parties: consignee and end user (often the
// same), perhaps an intermediary and a freight forwarder.
func (s *seeder) partyRoles(k *caseGen) []partyRole {
	consignee := k.euIdx
	if s.rng.IntN(100) < 45 {
		consignee = s.pickFrom(s.companies[k.dest], []int{k.euIdx})
	}
	roles := []partyRole{{"end_user", k.euIdx}, {"consignee", consignee}}
	if s.rng.IntN(100) < 30 {
		roles = append(roles, partyRole{"intermediary", s.agents[s.rng.IntN(len(s.agents))]})
	}
	if s.rng.IntN(100) < 40 {
		roles = append(roles, partyRole{"freight_forwarder", s.forwarders[s.rng.IntN(len(s.forwarders))]})
	}
	return roles
}

// productLines draws which of the product's item templates an order has: the
// product itself, then up to four accessories and services.
func (s *seeder) productLines(prod *product) []int {
	lines := []int{0}
	for _, j := range s.rng.Perm(len(prod.items) - 1)[:min(s.between(0, 4), len(prod.items)-1)] {
		lines = append(lines, j+1)
	}
	return lines
}

// link puts the parties on the case, the first additions of its preparation.
func (s *seeder) link(k *caseGen, roles []partyRole) {
	for i, pr := range roles {
		p := s.pool[pr.idx].p
		k.links = append(k.links, cases.CaseParty{ID: db.NewID(), CaseID: k.c.ID, PartyID: p.ID, Role: pr.role,
			AddedBy: k.owner.id, AddedAt: k.during(i, k.adds), Party: p})
	}
}

// addItems draws the case's items from the product's templates, in one
// currency for the whole order, added after its parties.
func (s *seeder) addItems(k *caseGen, lines []int) {
	currency := s.currency(k.dest)
	for i, ti := range lines {
		k.items = append(k.items, s.item(k.c.ID, k.prod.items[ti], currency, k.during(len(k.links)+i, k.adds)))
	}
}

// item draws an exact quantity and value for template t, the catalogue's
// product of its description.
func (s *seeder) item(caseID string, t itemTemplate, currency string, added time.Time) cases.Item {
	p := s.catalogue[t.desc]
	it := cases.Item{ID: db.NewID(), CaseID: caseID, Description: t.desc, Unit: t.unit, Currency: currency,
		Classification: p.class.Classification, CyberSurveillance: t.cyber, ProductID: &p.productID,
		ClassificationID: &p.class.ClassificationID, CreatedAt: added, UpdatedAt: added}
	if t.cyber {
		it.CyberReason = "In a listed cyber-surveillance entry: " + it.Classification + "."
	}
	units := s.between(t.qtyMin, t.qtyMax)
	it.QuantityMilli = int64(units) * 1000
	priceMinor := int64(s.between(t.priceMin, t.priceMax)) * 100
	if t.halves && units > t.qtyMin && s.rng.IntN(2) == 0 {
		it.QuantityMilli -= 500 // 37.5 hours
	} else if t.unit == "pcs" && s.rng.IntN(3) == 0 {
		priceMinor += []int64{25, 50, 90, 95}[s.rng.IntN(4)] // 1,249.95 a piece
	}
	// Exact: a fractional quantity only ever meets a whole price.
	it.ValueMinor = it.QuantityMilli * priceMinor / 1000
	return it
}

// answerings draws how many times the owner answered licensing questions
// while preparing the case: the Art. 4 questions, before any submission and
// in half the drafts, then for a Member State whether the items are outside
// Annex IV, which an intra-Union transfer turns on.
func (s *seeder) answerings(k *caseGen) int {
	switch {
	case k.c.Status == cases.Draft && s.rng.IntN(2) == 0:
		return 0
	case slices.Contains(exporter.MemberStates, k.dest):
		return 2
	}
	return 1
}

// answer records the n answerings after the first additions, each a change
// of the case: "no" to every Art. 4 question, then that the items are
// outside Annex IV.
func (k *caseGen) answer(first, n int) {
	if n == 0 {
		return
	}
	when := k.during(first, k.adds)
	for _, q := range licensing.Art4Questions {
		k.art4 = append(k.art4, licensing.Art4Record{ID: db.NewID(), CaseID: k.c.ID, Question: q.Value, Answer: licensing.Art4No,
			AnsweredBy: k.owner.id, AnsweredAt: when})
	}
	if n == 2 {
		k.facts = append(k.facts, licensing.FactRecord{ID: db.NewID(), CaseID: k.c.ID, Fact: licensing.FactOutsideAnnexIV, Answer: true,
			AnsweredBy: k.owner.id, AnsweredAt: k.during(first+1, k.adds)})
	}
	k.version += int64(n)
}

// addDocuments adds a submitted case's signed end-use statement, stored when
// the seeder has a store, and sometimes its contract.
func (s *seeder) addDocuments(k *caseGen) error {
	ref, eu := k.c.Reference, k.eu.p
	statement := fmt.Sprintf("END-USE STATEMENT\nReference: %s\nEnd user: %s, %s\nDestination: %s\nItems: %s\nEnd use: %s\n"+
		"We certify that the items will be used only for the end use stated above, will not be re-exported without the "+
		"exporter's consent and will not be used for purposes connected with weapons of mass destruction or internal repression.\n",
		ref, eu.Name, eu.Address, k.dest, describeItems(k.items), k.c.EndUse)
	sum := sha256.Sum256([]byte(statement))
	eus := cases.Attachment{ID: db.NewID(), CaseID: k.c.ID, Kind: "end_use_statement",
		Filename: "end-use-statement-" + ref + ".pdf", ContentType: "application/pdf", Size: int64(s.between(80_000, 900_000)),
		SHA256: hex.EncodeToString(sum[:]), UploadedBy: k.owner.id, UploadedAt: k.during(k.adds-1, k.adds)}
	if s.store != nil {
		stored, err := s.store.Put(strings.NewReader(statement), "end-use-statement-"+ref+".txt")
		if err != nil {
			return err
		}
		eus.Filename, eus.ContentType, eus.Size, eus.SHA256 = stored.Filename, stored.ContentType, stored.Size, stored.SHA256
	}
	k.docs = append(k.docs, eus)
	k.version++
	if s.rng.IntN(4) == 0 && s.store == nil { // a stored demo keeps only documents that download
		contract := sha256.Sum256([]byte("CONTRACT " + ref + " " + eu.Name + " " + strconv.Itoa(s.rng.IntN(1e9))))
		k.docs = append(k.docs, cases.Attachment{ID: db.NewID(), CaseID: k.c.ID, Kind: "contract",
			Filename: "contract-" + strings.ToLower(ref) + ".pdf", ContentType: "application/pdf", Size: int64(s.between(150_000, 2_500_000)),
			SHA256: hex.EncodeToString(contract[:]), UploadedBy: k.owner.id, UploadedAt: k.during(k.adds-1, k.adds).Add(time.Minute)})
		k.version++
	}
	return nil
}

// decide draws who decided the case and signs it off in their names; a case
// that nobody independent could have decided stays submitted. A risk level
// and the submission each made a version.
func (s *seeder) decide(k *caseGen) {
	deciders := s.deciders(k)
	if deciders == nil && k.c.Status != cases.Draft && k.c.Status != cases.Submitted {
		k.c.Status = cases.Submitted
	}
	if k.c.RiskLevel != "" {
		k.version++ // set by a compliance officer
	}
	if k.c.Status != cases.Draft {
		k.version++ // submitted
		k.c.SubmittedAt = &k.submitted
	}
	s.signOff(k, deciders)
}

// deciders draws the people who decided the case, never its owner: an
// approval of a high-risk case needs a second one by a compliance officer,
// failing which the case is medium risk.
func (s *seeder) deciders(k *caseGen) []person {
	switch k.c.Status {
	case cases.Approved, cases.Closed:
		high := k.c.RiskLevel == "high"
		deciders := s.approvers(k.owner.id, high)
		if deciders == nil && high {
			k.c.RiskLevel = "medium"
			deciders = s.approvers(k.owner.id, false)
		}
		return deciders
	case cases.Rejected, cases.OnHold:
		if p, ok := s.otherSigner(k.owner.id, "", s.rng.IntN(2) == 0); ok {
			return []person{p}
		}
	}
	return nil
}

// signOff records the deciders' sign-offs, bound to the case content; of two
// approvals, the first came half-way through the review.
func (s *seeder) signOff(k *caseGen, deciders []person) {
	hash := cases.ContentHash(&cases.Case{Record: k.c, Parties: k.links, Items: k.items, Attachments: k.docs})
	for i, p := range deciders {
		d, comment := s.decision(k.c.Status)
		when := k.decided
		if i < len(deciders)-1 {
			when = at(k.submitted.Add(k.decided.Sub(k.submitted) / 2))
		}
		k.version++
		k.signoffs = append(k.signoffs, cases.SignOff{ID: db.NewID(), CaseID: k.c.ID, UserID: p.id, Role: p.role, Decision: d,
			Comment: comment, ContentHash: hash, CaseVersion: k.version, CreatedAt: when})
	}
}

// decision draws what a sign-off that left a case in status decided, and
// its comment (optional for an approval).
func (s *seeder) decision(status cases.Status) (cases.Decision, string) {
	switch status {
	case cases.Rejected:
		return cases.Reject, s.one(rejectComments)
	case cases.OnHold:
		return cases.Hold, s.one(holdComments)
	}
	if s.rng.IntN(10) < 4 {
		return cases.Approve, s.one(approveComments)
	}
	return cases.Approve, ""
}

// settle dates the case's last change and, once decided, the decision; a
// closed case was closed some days after it, and that made a version.
func (s *seeder) settle(k *caseGen) {
	switch k.c.Status {
	case cases.Draft:
		k.c.UpdatedAt = k.during(k.adds, k.adds)
	case cases.Submitted:
		k.c.UpdatedAt = k.submitted
	case cases.Closed:
		k.c.DecidedAt = &k.decided
		k.version++
		k.c.UpdatedAt = at(k.decided.Add(min(s.frac(s.now.Sub(k.decided), 0.1, 0.9), time.Duration(s.between(1, 60))*24*time.Hour)))
	default:
		k.c.DecidedAt = &k.decided
		k.c.UpdatedAt = k.decided
	}
	k.c.Version = k.version
}

// approvers returns the people whose approvals make a case approved: an
// export manager other than the owner (or, failing one, any other signer),
// and for a high-risk case a compliance officer besides. nil when there are
// not enough independent people.
func (s *seeder) approvers(owner string, high bool) []person {
	first, ok := s.otherSigner(owner, "", false)
	if !ok {
		return nil
	}
	if !high {
		return []person{first}
	}
	if first.officer {
		if second, ok := s.otherSigner(owner, first.id, false); ok {
			return []person{second, first}
		}
		return nil
	}
	if officer, ok := s.otherSigner(owner, first.id, true); ok && officer.officer {
		return []person{first, officer}
	}
	return nil
}

// otherSigner picks someone who may sign off, neither owner nor not; an
// officer when asked and there is one, else preferably an export manager.
func (s *seeder) otherSigner(owner, not string, officer bool) (person, bool) {
	var managers, officers, others []person
	for _, p := range s.signers {
		switch {
		case p.id == owner || p.id == not:
		case p.officer:
			officers = append(officers, p)
		case p.manager:
			managers = append(managers, p)
		default:
			others = append(others, p)
		}
	}
	order := [][]person{managers, officers, others}
	if officer {
		order = [][]person{officers, managers, others}
	}
	for _, ps := range order {
		if len(ps) > 0 {
			return ps[s.rng.IntN(len(ps))], true
		}
	}
	return person{}, false
}

func (s *seeder) pickFrom(candidates, fallback []int) int {
	if len(candidates) == 0 {
		candidates = fallback
	}
	return candidates[s.rng.IntN(len(candidates))]
}

func (s *seeder) product(euType string) *product {
	var fit []*product
	for i := range products {
		if slices.Contains(products[i].endUsers, euType) {
			fit = append(fit, &products[i])
		}
	}
	if len(fit) == 0 {
		return &products[s.rng.IntN(len(products))]
	}
	return fit[s.rng.IntN(len(fit))]
}

func (s *seeder) currency(dest string) string {
	local := map[string]string{"US": "USD", "GB": "GBP", "CH": "CHF", "SG": "SGD", "AE": "USD", "SA": "USD", "QA": "USD", "IN": "USD", "BR": "USD"}[dest]
	switch r := s.rng.IntN(100); {
	case local != "" && r < 45:
		return local
	case r < 85:
		return "EUR"
	default:
		return "USD"
	}
}

func describeItems(items []cases.Item) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, cases.FormatDecimal(it.QuantityMilli, 3, 0)+" "+it.Unit+" "+it.Description)
	}
	return strings.Join(parts, "; ")
}

// makePool generates n shared parties: end users (companies, public bodies,
// research institutions) in the destination countries, freight forwarders,
// and intermediaries (trading companies and agents).
func (s *seeder) makePool(n int) []cases.Party {
	s.byCountry, s.companies = map[string][]int{}, map[string][]int{}
	b := &poolBuilder{s: s, creator: s.managers[0].id, seen: map[string]bool{},
		when: at(s.start.Add(-time.Duration(s.between(1, 30)) * 24 * time.Hour))}
	nForwarders, nAgents := max(3, n/12), max(3, n/12)
	for i := range n - nForwarders - nAgents {
		b.addEndUser(i)
	}
	for range nForwarders {
		country := s.one([]string{"DE", "DE", "NL", "NL", "AE", "SG", "FR", "GB", "US", "CH", "TR"})
		s.forwarders = append(s.forwarders, b.addCompany(country, func() string { return forwarderWords[country] }, ""))
	}
	for range nAgents {
		b.addAgent()
	}
	out := make([]cases.Party, len(s.pool))
	for i := range s.pool {
		out[i] = s.pool[i].p
	}
	return out
}

// poolBuilder adds parties to the seeder's pool, each name once per country,
// all created by creator at when.
type poolBuilder struct {
	s       *seeder
	creator string
	when    time.Time
	seen    map[string]bool // country and folded name
}

// add keeps pp unless a party of that name is already in country, and
// returns its index, or -1.
func (b *poolBuilder) add(pp poolParty, country string) int {
	key := country + "\x00" + reference.Fold(pp.p.Name)
	if b.seen[key] {
		return -1
	}
	b.seen[key] = true
	pp.p.ID, pp.p.SearchName = db.NewID(), reference.Fold(pp.p.Name)
	pp.p.Country = &country
	pp.p.CreatedBy, pp.p.CreatedAt, pp.p.UpdatedAt = b.creator, b.when, b.when
	b.s.pool = append(b.s.pool, pp)
	return len(b.s.pool) - 1
}

// addCompany adds a company of country, retrying until its name is new
// there, and returns its index.
func (b *poolBuilder) addCompany(country string, sector func() string, euType string) int {
	for try := 0; ; try++ {
		pp := b.s.company(country, sector(), euType)
		if try >= 20 {
			pp.p.Name += " (" + cityOf(country, try) + " " + strconv.Itoa(try) + ")"
		}
		if i := b.add(pp, country); i >= 0 {
			return i
		}
	}
}

// addEndUser adds the i-th end user: in every destination first, then by
// weight; a public body, a research institution or a company.
func (b *poolBuilder) addEndUser(i int) {
	s := b.s
	country := s.dests[i%len(s.dests)]
	if i >= 2*len(s.dests) {
		country = s.dests[s.pick(s.destWeight)]
	}
	idx := b.addInstitution(country)
	if idx < 0 {
		idx = b.addCompany(country, func() string { return s.one(sectors[country]) }, "private_company")
		s.companies[country] = append(s.companies[country], idx)
	}
	s.byCountry[country] = append(s.byCountry[country], idx)
	s.byCountry[""] = append(s.byCountry[""], idx)
}

// addInstitution adds, three times in ten, a public body of country (each is
// kept once, so some countries run out) and, eight times in a hundred, a
// research institution; it returns its index, or -1 when it added none.
func (b *poolBuilder) addInstitution(country string) int {
	s := b.s
	switch r := s.rng.IntN(100); {
	case r < 30:
		g := govBodies[s.rng.IntN(len(govBodies))]
		name := strings.ReplaceAll(g.name, "{city}", cityOf(country, s.rng.IntN(8)))
		return b.add(poolParty{euType: g.euType, p: cases.Party{Name: name, Kind: "government", Address: s.address(country)}}, country)
	case r < 38:
		name := s.one([]string{"University of {city}, Department of Computer Science", "{city} Institute of Technology, Network Security Laboratory",
			"{city} Centre for Telecommunications Research"})
		name = strings.ReplaceAll(name, "{city}", cityOf(country, s.rng.IntN(8)))
		return b.add(poolParty{euType: "research", p: cases.Party{Name: name, Kind: "government", Address: s.address(country)}}, country)
	}
	return -1
}

// addAgent adds an intermediary: a person one time in three (unless the
// name is taken), else a trading company.
func (b *poolBuilder) addAgent() {
	s := b.s
	country := s.one([]string{"AE", "AE", "SG", "CH", "GB", "CY", "HK", "TR", "IN"})
	idx := -1
	if s.rng.IntN(3) == 0 {
		name := s.one(firstNames) + " " + s.one(lastNames)
		idx = b.add(poolParty{p: cases.Party{Name: name, Kind: "person", Address: s.address(country),
			PassportNumber: fmt.Sprintf("%c%c%07d", 'A'+rune(s.rng.IntN(26)), 'A'+rune(s.rng.IntN(26)), s.rng.IntN(10_000_000))}}, country)
	}
	if idx < 0 {
		idx = b.addCompany(country, func() string {
			return s.one([]string{"Trading", "Distribution", "General Trading", "Technology Trading"})
		}, "")
	}
	s.agents = append(s.agents, idx)
}

// company makes a company of country with a name like "Helios Networks GmbH",
// its registration number, VAT number in the EU and sometimes an LEI.
func (s *seeder) company(country, sector, euType string) poolParty {
	prefix := s.one(companyPrefixes)
	if local := localPrefixes[country]; len(local) > 0 && s.rng.IntN(3) == 0 {
		prefix = s.one(local)
	}
	forms := legalForms[country]
	if len(forms) == 0 {
		forms = []string{"Ltd", "LLC", "Co."}
	}
	p := cases.Party{Name: prefix + " " + sector + " " + s.one(forms), Kind: "company", Address: s.address(country),
		RegistrationNumber: s.registration(country)}
	if vat := vatPrefix[country]; vat != "" {
		p.VATNumber = fmt.Sprintf("%s%09d", vat, s.rng.IntN(1_000_000_000))
	}
	if s.rng.IntN(10) < 3 {
		p.LEI = s.lei()
	}
	return poolParty{p: p, euType: euType, company: true}
}

func (s *seeder) registration(country string) string {
	switch country {
	case "DE":
		return fmt.Sprintf("HRB %d, Amtsgericht %s", s.between(1000, 250000), cityOf(country, s.rng.IntN(8)))
	case "FR":
		return fmt.Sprintf("RCS %s %03d %03d %03d", cityOf(country, s.rng.IntN(8)), s.rng.IntN(1000), s.rng.IntN(1000), s.rng.IntN(1000))
	case "GB":
		return fmt.Sprintf("%08d", s.rng.IntN(14_000_000))
	case "US":
		return fmt.Sprintf("EIN %02d-%07d", s.between(10, 99), s.rng.IntN(10_000_000))
	case "IN":
		return fmt.Sprintf("U%05dMH%dPTC%06d", s.rng.IntN(100000), s.between(1995, 2023), s.rng.IntN(1_000_000))
	case "AE":
		return fmt.Sprintf("Trade licence %d", s.between(100000, 999999))
	case "SG":
		return fmt.Sprintf("UEN %d%05d%c", s.between(2000, 2023), s.rng.IntN(100000), 'A'+rune(s.rng.IntN(26)))
	}
	return fmt.Sprintf("%d", s.between(100000, 99999999))
}

// lei returns an ISO 17442 Legal Entity Identifier with valid check digits.
func (s *seeder) lei() string {
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := []byte(s.one([]string{"5299", "3912", "9695", "2138", "5493", "8945"}) + "00")
	for range 12 {
		b = append(b, alnum[s.rng.IntN(len(alnum))])
	}
	mod := 0
	for _, ch := range string(b) + "00" {
		v := strings.IndexRune(alnum, ch)
		if v >= 10 {
			mod = (mod*100 + v) % 97
		} else {
			mod = (mod*10 + v) % 97
		}
	}
	return fmt.Sprintf("%s%02d", b, 98-mod)
}

func (s *seeder) address(country string) string {
	city := cityOf(country, s.rng.IntN(8))
	n := s.between(1, 240)
	switch country {
	case "DE", "AT", "CH":
		return fmt.Sprintf("%s %d, %05d %s", s.one([]string{"Industriestraße", "Hauptstraße", "Am Technologiepark", "Gewerbering", "Königsallee"}), n, s.between(10000, 99999), city)
	case "FR":
		return fmt.Sprintf("%d %s, %05d %s", n, s.one([]string{"rue de l'Innovation", "avenue de la République", "boulevard Haussmann", "quai de la Gare"}), s.between(10000, 95999), city)
	case "GB":
		return fmt.Sprintf("%d %s, %s", n, s.one([]string{"Station Road", "High Street", "Innovation Way", "Kingsway"}), city)
	case "US", "CA", "AU":
		return fmt.Sprintf("%d %s, %s", n*10, s.one([]string{"Commerce Drive", "Technology Parkway", "Main Street", "Innovation Boulevard"}), city)
	case "AE", "QA", "SA":
		return fmt.Sprintf("Office %d, %s, %s", s.between(101, 4800), s.one([]string{"Business Bay Tower", "Free Zone Building 4", "Al Salam Street", "Corniche Road"}), city)
	case "SG":
		return fmt.Sprintf("%d %s, #%02d-%02d, Singapore %06d", n, s.one([]string{"Jurong East Street", "Ubi Avenue", "Science Park Road"}), s.between(1, 30), s.between(1, 80), s.between(100000, 829999))
	}
	return fmt.Sprintf("%d %s, %s", n, s.one([]string{"Technology Park", "Business Centre", "Industrial Zone", "Trade Centre"}), city)
}

func cityOf(country string, i int) string {
	cs := cities[country]
	if len(cs) == 0 {
		return "Capital City"
	}
	return cs[i%len(cs)]
}

type itemTemplate struct {
	desc, unit, class  string
	qtyMin, qtyMax     int
	priceMin, priceMax int  // per unit, whole currency units
	halves             bool // quantities such as 37.5 hours
	cyber              bool // marked as a cyber-surveillance item: exactly when class is in hrdd.CyberEntries
}

type product struct {
	name     string
	endUsers []string
	endUses  []string
	items    []itemTemplate // the first is the product itself
}

var products = []product{
	{"Lawful interception mediation platform", []string{"law_enforcement", "government", "private_company"}, []string{
		"Lawful interception of telecommunications under judicial warrant, as national law requires of licensed operators.",
		"Mediation of intercepted traffic from the operator's mobile core to the monitoring centre of the law-enforcement authority, on court order only.",
		"Replacement of an end-of-life mediation system used for warrant-based interception.",
	}, []itemTemplate{
		{"LI mediation server, 2U rack-mount", "pcs", "5A001.j", 1, 6, 38000, 95000, false, true},
		{"Mediation software licence, 1,000 concurrent targets", "licence", "5D001.e", 1, 10, 12000, 30000, false, true},
		{"ETSI HI2/HI3 handover interface module", "pcs", "5A001.j", 1, 8, 4500, 9800, false, true},
		{"Installation and acceptance testing", "h", "not listed", 16, 240, 120, 180, true, false},
		{"Operator training", "day", "not listed", 2, 10, 1400, 2200, false, false},
		{"Software maintenance, 12 months", "year", "5D001.e", 1, 3, 15000, 40000, false, true},
	}},
	{"Network probe", []string{"private_company", "research", "government"}, []string{
		"Performance monitoring and troubleshooting of the customer's own backbone network.",
		"Quality-of-service measurement in the mobile core network; no communication content is retained.",
		"Research on traffic engineering in the campus network.",
	}, []itemTemplate{
		{"Passive network probe, 4 × 100GbE", "pcs", "5A991.b", 1, 12, 18000, 42000, false, false},
		{"Probe analytics software licence", "licence", "5D992.c", 1, 12, 6000, 15000, false, false},
		{"Optical network TAP, 8 ports", "pcs", "not listed", 2, 24, 900, 2400, false, false},
		{"QSFP28 transceiver, 100GBASE-LR4", "pcs", "5A991.b", 4, 48, 380, 950, false, false},
		{"Remote commissioning", "h", "not listed", 8, 80, 120, 160, true, false},
	}},
	{"DPI appliance", []string{"private_company", "government"}, []string{
		"Traffic management and fair-use enforcement in the operator's fixed broadband network.",
		"Detection of malware and botnet traffic at the operator's internet gateways.",
		"Bandwidth management for the national research and education network.",
	}, []itemTemplate{
		{"Deep packet inspection appliance, 200 Gbit/s", "pcs", "5A002.a; 5A001.j", 1, 6, 55000, 140000, false, true},
		{"Application signature subscription, 12 months", "licence", "5D002.c.1", 1, 6, 8000, 22000, false, false},
		{"Policy management software", "licence", "5D002.c.1", 1, 3, 14000, 35000, false, false},
		{"Packet broker, 32 × 100GbE", "pcs", "5A991", 1, 4, 22000, 48000, false, false},
		{"Engineering services", "h", "not listed", 24, 320, 130, 190, true, false},
	}},
	{"Forensic extraction kit", []string{"law_enforcement", "government", "research"}, []string{
		"Extraction of data from seized mobile phones under search warrant in criminal investigations.",
		"Digital forensics laboratory of the prosecution service; evidence is handled under the code of criminal procedure.",
		"Teaching and research in digital forensics at a university laboratory.",
	}, []itemTemplate{
		{"Mobile device forensic extraction unit", "pcs", "5A004.b", 1, 15, 9500, 24000, false, true},
		{"Forensic extraction software licence, 1 year", "licence", "5D002.c.3.b", 1, 20, 3800, 9500, false, true},
		{"Cable and adapter kit", "pcs", "not listed", 1, 15, 450, 1200, false, false},
		{"Examiner certification course", "day", "not listed", 3, 10, 1600, 2600, false, false},
	}},
	{"Encrypted radio", []string{"military", "law_enforcement", "government", "private_company"}, []string{
		"Secure voice communication for the police patrol fleet.",
		"Mission-critical radio for the airport's security and emergency services.",
		"Tactical communication of the armed forces' signals units.",
		"Radio network for the operator's pipeline maintenance crews.",
	}, []itemTemplate{
		{"Encrypted handheld TETRA radio", "pcs", "5A002.a", 20, 400, 850, 2100, false, false},
		{"TETRA base station", "pcs", "5A002.a", 1, 12, 28000, 65000, false, false},
		{"Key management software", "licence", "5D002.c.1", 1, 3, 18000, 45000, false, false},
		{"Vehicle-mount radio kit", "pcs", "5A002.a", 5, 120, 1200, 2800, false, false},
		{"Spare battery, 3,000 mAh", "pcs", "not listed", 20, 400, 35, 90, false, false},
	}},
	{"Network traffic analysis software", []string{"government", "law_enforcement", "intelligence", "private_company"}, []string{
		"Analysis of metadata obtained under interception warrants in investigations of serious crime.",
		"Security operations centre: detection of intrusions into government networks.",
		"Signals analysis for national security under the intelligence services act, with parliamentary oversight.",
	}, []itemTemplate{
		{"Traffic analysis software, perpetual licence", "licence", "5D001.e", 1, 5, 60000, 180000, false, true},
		{"Analysis server, 2U", "pcs", "5A992.c", 1, 8, 16000, 34000, false, false},
		{"Storage array, 500 TB", "pcs", "not listed", 1, 4, 42000, 90000, false, false},
		{"Analyst training", "day", "not listed", 3, 15, 1500, 2400, false, false},
		{"Software maintenance, 12 months", "year", "5D001.e", 1, 3, 12000, 36000, false, true},
	}},
	{"Data retention system", []string{"private_company", "government"}, []string{
		"Retention of traffic data for the period national law requires, with disclosure to authorities on court order.",
		"Storage of subscriber and connection records for the regulator's data retention obligation.",
	}, []itemTemplate{
		{"Data retention appliance", "pcs", "5A001.j", 1, 4, 45000, 120000, false, true},
		{"Retention and disclosure software licence", "licence", "5D001.e", 1, 4, 20000, 60000, false, true},
		{"Storage expansion shelf, 200 TB", "pcs", "not listed", 1, 10, 9000, 21000, false, false},
		{"Integration services", "h", "not listed", 40, 400, 130, 185, true, false},
	}},
	{"Secure satellite terminal", []string{"military", "government", "private_company"}, []string{
		"Secure communications for remote offshore platforms.",
		"Command-post communications for disaster relief operations.",
		"Communications network of the foreign ministry's missions abroad.",
	}, []itemTemplate{
		{"Encrypted satellite terminal, Ku band", "pcs", "5A002.a", 1, 30, 14000, 38000, false, false},
		{"IP link encryptor", "pcs", "5A002.a", 1, 30, 6500, 15000, false, false},
		{"Network management software", "licence", "5D002.c.1", 1, 2, 9000, 26000, false, false},
		{"Field antenna kit", "pcs", "not listed", 1, 30, 2400, 6800, false, false},
	}},
	{"Spectrum monitoring receiver", []string{"government", "military", "research"}, []string{
		"Frequency management and interference hunting by the national spectrum regulator.",
		"Radio spectrum research at the communications laboratory.",
		"Monitoring of the armed forces' own frequency allocations.",
	}, []itemTemplate{
		{"Wideband monitoring receiver, 9 kHz to 8 GHz", "pcs", "3A002.c", 1, 10, 32000, 78000, false, false},
		{"Direction-finding antenna", "pcs", "not listed", 1, 10, 12000, 30000, false, false},
		{"Monitoring software licence", "licence", "not listed", 1, 10, 8000, 19000, false, false},
		{"Site survey and installation", "h", "not listed", 16, 160, 120, 170, true, false},
		{"Coaxial cable, low loss", "m", "not listed", 20, 600, 9, 24, true, false},
	}},
	{"Mobile network test system", []string{"private_company", "research"}, []string{
		"Acceptance testing of the operator's 5G radio access network.",
		"Interoperability testing of base stations in the manufacturer's laboratory.",
	}, []itemTemplate{
		{"5G NR network test system", "pcs", "5B991", 1, 4, 48000, 130000, false, false},
		{"Protocol analyser software licence", "licence", "5D991", 1, 6, 9000, 24000, false, false},
		{"RF shielded enclosure", "pcs", "not listed", 1, 4, 6000, 14000, false, false},
		{"Test engineering", "h", "not listed", 16, 200, 110, 160, true, false},
	}},
}

var govBodies = []struct{ name, euType string }{
	{"National Police Directorate", "law_enforcement"},
	{"{city} Metropolitan Police, Technical Investigation Unit", "law_enforcement"},
	{"Criminal Investigation Department, {city}", "law_enforcement"},
	{"Customs and Border Protection Agency", "law_enforcement"},
	{"Public Prosecutor's Office {city}, Cybercrime Unit", "law_enforcement"},
	{"Ministry of the Interior, Communications Directorate", "government"},
	{"Telecommunications Regulatory Authority", "government"},
	{"National Cyber Security Centre", "government"},
	{"Ministry of Justice, Forensic Science Institute", "government"},
	{"Directorate of Military Communications", "military"},
	{"Armed Forces Signals Command", "military"},
	{"Naval Command {city}, Communications Branch", "military"},
	{"State Security Service", "intelligence"},
	{"Office for Signals Intelligence", "intelligence"},
}

var companyPrefixes = []string{"Atlas", "Helios", "Vertex", "Orion", "Kestrel", "Meridian", "Blue Harbour", "Falcon", "Sirius",
	"Polaris", "Zenith", "Aurora", "Cobalt", "Granite", "Lumen", "Nimbus", "Quantum", "Sapphire", "Tundra", "Vector", "Westgate",
	"Northwind", "Crescent", "Pinnacle", "Silverline", "Redwood", "Horizon", "Keystone", "Summit", "Trident", "Ironbridge",
	"Skyline", "Bluewater", "Evergreen", "Sentinel", "Nova", "Apex", "Citadel", "Beacon", "Corvus"}

var localPrefixes = map[string][]string{
	"DE": {"Müller", "Weiß", "Schäfer", "Nordstern", "Rheinland", "Bärenstein"},
	"FR": {"Étoile", "Bellecour", "Lumière", "Côte d'Azur", "Hélène"},
	"TR": {"Öztürk", "Yıldız", "Boğaziçi", "Anadolu", "Çağdaş"},
	"BR": {"São Bento", "Ipê", "Paraná", "Guanabara", "Açaí"},
	"IN": {"Sahyadri", "Ganga", "Deccan", "Vayu", "Indus"},
	"AE": {"Al Noor", "Gulf", "Al Mansour", "Al Fajr", "Oasis"},
	"SG": {"Lion City", "Merlion", "Straits", "Temasek Park"},
	"US": {"Liberty", "Cascade", "Lone Star", "Great Lakes"},
	"GB": {"Thames", "Pennine", "Albion", "Cheviot"},
	"ES": {"Ibérica", "Peñalara", "Andalucía"},
	"SE": {"Åkerlund", "Nordström", "Öresund"},
	"PL": {"Wisła", "Łódź Tech", "Polskie"},
}

var sectors = func() map[string][]string {
	base := []string{"Telecom", "Networks", "Systems", "Communications", "Security", "Technologies", "Data Services", "Mobile",
		"Broadband", "Integration", "Electronics", "Solutions", "Cyber Defence", "Infrastructure", "Digital"}
	m := map[string][]string{"": base}
	for _, c := range destinationWeights {
		m[c.code] = base
	}
	m["DE"] = append(slices.Clone(base), "Nachrichtentechnik", "Sicherheitstechnik", "Funksysteme")
	m["FR"] = append(slices.Clone(base), "Télécom", "Réseaux", "Systèmes de Sécurité")
	m["TR"] = append(slices.Clone(base), "Telekomünikasyon", "Güvenlik Sistemleri", "Bilişim")
	m["BR"] = append(slices.Clone(base), "Telecomunicações", "Segurança Eletrônica", "Tecnologia")
	return m
}()

var forwarderWords = map[string]string{"DE": "Spedition", "NL": "Cargo", "AE": "Freight Forwarding", "SG": "Logistics",
	"FR": "Transports Internationaux", "GB": "Air Freight", "US": "Global Logistics", "CH": "Transport", "TR": "Lojistik"}

var legalForms = map[string][]string{
	"DE": {"GmbH", "AG", "GmbH & Co. KG"}, "AT": {"GmbH", "AG"}, "CH": {"AG", "SA", "GmbH"}, "FR": {"SAS", "SA", "SARL"},
	"US": {"Inc.", "LLC", "Corp."}, "GB": {"Ltd", "plc"}, "AE": {"LLC", "FZE", "FZ-LLC"}, "SG": {"Pte. Ltd."},
	"IN": {"Pvt. Ltd.", "Ltd."}, "BR": {"Ltda.", "S.A."}, "TR": {"A.Ş.", "Ltd. Şti."}, "IT": {"S.r.l.", "S.p.A."},
	"ES": {"S.L.", "S.A."}, "NL": {"B.V.", "N.V."}, "SE": {"AB"}, "PL": {"Sp. z o.o.", "S.A."}, "JP": {"K.K.", "Co., Ltd."},
	"KR": {"Co., Ltd."}, "AU": {"Pty Ltd"}, "CA": {"Inc.", "Ltd."}, "MX": {"S.A. de C.V."}, "SA": {"LLC", "Co."},
	"QA": {"W.L.L.", "LLC"}, "ZA": {"(Pty) Ltd"}, "ID": {"PT", "Tbk"}, "MY": {"Sdn. Bhd."}, "CY": {"Ltd"}, "HK": {"Limited"},
	"CL": {"SpA", "S.A."}, "CO": {"S.A.S."}, "AR": {"S.A.", "S.R.L."},
}

var vatPrefix = map[string]string{"DE": "DE", "FR": "FR", "IT": "IT", "ES": "ES", "NL": "NL", "AT": "ATU", "SE": "SE", "PL": "PL", "GB": "GB", "CY": "CY"}

var cities = map[string][]string{
	"DE": {"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Düsseldorf", "Stuttgart", "Leipzig"},
	"FR": {"Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Lille", "Rennes", "Bordeaux"},
	"US": {"New York", "Houston", "Chicago", "San Diego", "Denver", "Atlanta", "Austin", "Boston"},
	"GB": {"London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Cambridge"},
	"AE": {"Dubai", "Abu Dhabi", "Sharjah"}, "SG": {"Singapore"},
	"IN": {"Mumbai", "Delhi", "Bengaluru", "Chennai", "Hyderabad", "Pune"},
	"BR": {"São Paulo", "Rio de Janeiro", "Brasília", "Belo Horizonte", "Curitiba"},
	"TR": {"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"},
	"IT": {"Roma", "Milano", "Torino"}, "ES": {"Madrid", "Barcelona", "Sevilla"}, "NL": {"Amsterdam", "Rotterdam", "Eindhoven"},
	"CH": {"Zürich", "Genève", "Bern"}, "SE": {"Stockholm", "Göteborg"}, "PL": {"Warszawa", "Kraków", "Gdańsk"},
	"AT": {"Wien", "Graz"}, "JP": {"Tokyo", "Osaka"}, "KR": {"Seoul", "Busan"}, "AU": {"Sydney", "Melbourne", "Canberra"},
	"CA": {"Toronto", "Montréal", "Ottawa"}, "MX": {"Ciudad de México", "Monterrey"}, "SA": {"Riyadh", "Jeddah"},
	"QA": {"Doha"}, "EG": {"Cairo", "Alexandria"}, "MA": {"Casablanca", "Rabat"}, "ZA": {"Johannesburg", "Cape Town"},
	"ID": {"Jakarta", "Surabaya"}, "MY": {"Kuala Lumpur", "Penang"}, "TH": {"Bangkok"}, "VN": {"Hà Nội", "Hồ Chí Minh City"},
	"KE": {"Nairobi", "Mombasa"}, "NG": {"Lagos", "Abuja"}, "CL": {"Santiago"}, "CO": {"Bogotá", "Medellín"},
	"AR": {"Buenos Aires", "Córdoba"}, "KZ": {"Astana", "Almaty"}, "CY": {"Limassol", "Nicosia"}, "HK": {"Hong Kong"},
}

var firstNames = []string{"Elena", "Marco", "Aylin", "Rajesh", "Fatima", "Jonas", "Chloé", "Wei", "Omar", "Sofia", "Lars", "Priya",
	"Mehmet", "Ana", "Khalid", "Grégoire", "Yusuf", "Ingrid", "Carlos", "Leïla"}

var lastNames = []string{"Vasquez", "Rossi", "Yılmaz", "Sharma", "Haddad", "Becker", "Dubois", "Tan", "Al-Rashid", "Novak",
	"Lindqvist", "Iyer", "Demir", "Souza", "Mansour", "Lefèvre", "Kaya", "Johansson", "Mendoza", "Benali"}

var caseNotes = []string{
	"Customer asked for delivery in two lots; the second lot follows after acceptance of the first.",
	"Follow-up order to last year's delivery to the same end user.",
	"Sales contact: regional office. Technical questions to the product manager.",
	"The end user visited the factory for the factory acceptance test.",
	"Letter of credit opened; shipment by air freight.",
	"Price list 2026 applies; discount agreed by the sales director.",
}

var approveComments = []string{
	"Checked against the general export authorisation; no individual licence required.",
	"Screening of all parties negative. End-use statement signed by an authorised officer.",
	"Individual licence on file; quantities within the licence.",
	"Human-rights assessment reviewed; risk acceptable with the contractual end-use clause.",
}

var rejectComments = []string{
	"The end user is linked to surveillance of journalists; the human-rights risk cannot be mitigated.",
	"The destination's law gives no independent oversight of interception.",
	"The end-use statement contradicts the technical specification of the order.",
	"The consignee could not be verified and the intermediary refused to name the end user.",
}

var holdComments = []string{
	"Waiting for the licensing authority's answer on whether a licence is needed.",
	"Need the end-use statement on the end user's letterhead, signed by an authorised officer.",
	"Clarify whether the intermediary will re-export to a third country.",
	"Possible screening match on the consignee's director; verifying identity.",
}
