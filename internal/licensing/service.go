package licensing

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

// Service reads the GEAs and keeps the company's registrations, licences and
// the licences' ledger.
type Service struct {
	db *db.DB
	// geas are the GEAs as the migrations seeded them, read once.
	geas atomic.Pointer[[]GEA]
	// held are the registrations and licences as of a licence epoch.
	held atomic.Pointer[authorisations]
	// kept are the case records of licensing.CaseState by case id and
	// version (see Service.read).
	kept      *lru.Cache[string, *CaseState]
	art5      Art5Reader
	reference referenceData
	cases     *cases.Service // set by Attach
}

// NewService returns the service over d.
func NewService(d *db.DB) *Service {
	kept, _ := lru.New[string, *CaseState](1024)
	return &Service{db: d, kept: kept}
}

// geaRow is a row of the geas table.
type geaRow struct {
	Code             string `gorm:"column:code"`
	Title            string `gorm:"column:title"`
	Section          string `gorm:"column:section"`
	AllExcept        bool   `gorm:"column:all_except"`
	ExceptGEA        string `gorm:"column:except_gea"`
	EmbargoClause    bool   `gorm:"column:embargo_clause"`
	ExcludesSectionI bool   `gorm:"column:excludes_section_i"`
	Requires         Words  `gorm:"column:requires"`
	Scope            string `gorm:"column:scope"`
	Conditions       string `gorm:"column:conditions"`
	Registration     bool   `gorm:"column:registration"`
	FirstUseDays     int    `gorm:"column:first_use_days"`
	FirstUseBefore   bool   `gorm:"column:first_use_before"`
	Reporting        string `gorm:"column:reporting"`
	ICPRequired      bool   `gorm:"column:icp_required"`
	Confidence       string `gorm:"column:confidence"`
	Note             string `gorm:"column:note"`
}

// entryRow is a row of the gea_entries table.
type entryRow struct {
	GEACode   string `gorm:"column:gea_code"`
	Kind      string `gorm:"column:kind"`
	EntryCode string `gorm:"column:entry_code"`
	ItemType  string `gorm:"column:item_type"`
	With      Words  `gorm:"column:with_entries"`
	Fact      string `gorm:"column:fact"`
	Note      string `gorm:"column:note"`
}

// sectionI is the gea_code of the rows of Annex II Section I.
const sectionI = "SECTION_I"

// LoadGEAs reads the GEAs from the reference data, in code order. It asks
// for no permission: the determination reads them inside its own work.
func LoadGEAs(ctx context.Context, tx *gorm.DB) ([]GEA, error) {
	var rows []geaRow
	if err := tx.WithContext(ctx).Table("geas").Order("code").Find(&rows).Error; err != nil {
		return nil, err
	}
	var dests []struct{ GEACode, CountryCode string }
	if err := tx.WithContext(ctx).Table("gea_destinations").Order("gea_code, country_code").Find(&dests).Error; err != nil {
		return nil, err
	}
	var entries []entryRow
	if err := tx.WithContext(ctx).Table("gea_entries").Order("gea_code, kind, position").Find(&entries).Error; err != nil {
		return nil, err
	}
	lists := map[string]map[string][]Rule{}
	for _, e := range entries {
		if lists[e.GEACode] == nil {
			lists[e.GEACode] = map[string][]Rule{}
		}
		r := Rule{Entry: hrdd.Entry{Code: e.EntryCode, What: e.Note, With: e.With}, Type: e.ItemType, Fact: Fact(e.Fact), Note: e.Note}
		if e.GEACode == sectionI {
			r.Note = strings.TrimSuffix("Annex II Section I; "+e.Note, "; ")
		}
		lists[e.GEACode][e.Kind] = append(lists[e.GEACode][e.Kind], r)
	}
	destinations := map[string][]string{}
	for _, d := range dests {
		destinations[d.GEACode] = append(destinations[d.GEACode], d.CountryCode)
	}
	out := make([]GEA, len(rows))
	for i, r := range rows {
		g := GEA{Code: r.Code, Title: r.Title, Section: r.Section, Destinations: destinations[r.Code], AllExcept: r.AllExcept,
			ExceptGEA: r.ExceptGEA, Excepted: destinations[r.ExceptGEA], EmbargoClause: r.EmbargoClause,
			Covered: lists[r.Code]["covered"], Excluded: lists[r.Code]["excluded"], ExcludesSectionI: r.ExcludesSectionI,
			Scope: r.Scope, Conditions: r.Conditions, NeedsRegistration: r.Registration, FirstUseDays: r.FirstUseDays,
			FirstUseBefore: r.FirstUseBefore, Reporting: r.Reporting, ICPRequired: r.ICPRequired, Confidence: r.Confidence, Note: r.Note}
		for _, f := range r.Requires {
			g.Requires = append(g.Requires, Fact(f))
		}
		if r.ExcludesSectionI {
			g.Excluded = append(slices.Clip(lists[sectionI]["excluded"]), g.Excluded...)
		}
		out[i] = g
	}
	return out, nil
}

// GEAs returns every GEA with the company's registration for it.
// Errors: Forbidden.
func (s *Service) GEAs(ctx context.Context) ([]GEAStatus, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	return GEAStatuses(ctx, s.db.Gorm)
}

// GEAStatuses is GEAs for the determination, in its transaction: no
// permission asked.
func GEAStatuses(ctx context.Context, tx *gorm.DB) ([]GEAStatus, error) {
	geas, err := LoadGEAs(ctx, tx)
	if err != nil {
		return nil, err
	}
	return withRegistrations(ctx, tx, geas)
}

// geaStatuses is GEAStatuses with the GEAs read once: only a migration
// changes them, and only the registrations are read each time.
func (s *Service) geaStatuses(ctx context.Context, tx *gorm.DB) ([]GEAStatus, error) {
	geas := s.geas.Load()
	if geas == nil {
		loaded, err := LoadGEAs(ctx, tx)
		if err != nil {
			return nil, err
		}
		s.geas.Store(&loaded)
		geas = &loaded
	}
	return withRegistrations(ctx, tx, *geas)
}

// authorisations are the GEAs with the company's registrations, and its
// licences, as of licence epoch epoch.
type authorisations struct {
	epoch    int64
	geas     []GEAStatus
	licences []Licence
}

// authorisations reads the GEA statuses and the licences in g. Outside a
// transaction (kept) they are read once per licence epoch, which every
// change of them moves on in the database (see record).
func (s *Service) authorisations(ctx context.Context, g *gorm.DB, kept bool) (*authorisations, error) {
	var epoch int64
	if kept {
		if err := g.Raw("SELECT n FROM licence_epoch WHERE id = 1").Scan(&epoch).Error; err != nil {
			return nil, err
		}
		if held := s.held.Load(); held != nil && held.epoch == epoch {
			return held, nil
		}
	}
	a := &authorisations{epoch: epoch}
	var err error
	if a.geas, err = s.geaStatuses(ctx, g); err != nil {
		return nil, err
	}
	if a.licences, err = licencesIn(g, func(q *gorm.DB) *gorm.DB { return q }); err != nil {
		return nil, err
	}
	if kept {
		s.held.Store(a)
	}
	return a, nil
}

// withRegistrations pairs each GEA with the company's newest registration.
func withRegistrations(ctx context.Context, tx *gorm.DB, geas []GEA) ([]GEAStatus, error) {
	var regs []Registration
	err := tx.WithContext(ctx).Table("gea_registrations r").Select("r.*, u.name AS recorded_by_name").
		Joins("JOIN users u ON u.id = r.recorded_by").Order("r.recorded_at, r.id").Find(&regs).Error
	if err != nil {
		return nil, err
	}
	latest := map[string]*Registration{}
	for i := range regs {
		latest[regs[i].GEACode] = &regs[i] // in recorded order: the newest stays
	}
	out := make([]GEAStatus, len(geas))
	for i, g := range geas {
		out[i] = GEAStatus{GEA: g, Registration: latest[g.Code]}
	}
	return out, nil
}

// GEA returns one GEA with the company's registration. Errors: NotFound,
// Forbidden.
func (s *Service) GEA(ctx context.Context, code string) (*GEAStatus, error) {
	all, err := s.GEAs(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(g GEAStatus) bool { return g.Code == strings.ToUpper(code) })
	if i < 0 {
		return nil, apperr.New(apperr.NotFound, "There is no Union general export authorisation %s.", code)
	}
	return &all[i], nil
}

// RegistrationInput is a registration as the form gives it.
type RegistrationInput struct {
	RegisteredOn, Authority, Reference string
}

// Register records the company's registration for the GEA code; a later
// one corrects it, and both stay. Errors: Invalid, NotFound, Forbidden.
func (s *Service) Register(ctx context.Context, code string, in RegistrationInput) (*Registration, error) {
	actor, err := auth.Require(ctx, auth.PermManageLicences)
	if err != nil {
		return nil, err
	}
	g, err := s.GEA(ctx, code)
	if err != nil {
		return nil, err
	}
	e := fields{}
	r := &Registration{ID: db.NewID(), GEACode: g.Code, RecordedBy: actor.UserID,
		Authority: e.text("authority", in.Authority, 300, "Name the authority the company registered with."),
		Reference: e.text("reference", in.Reference, 300, "Enter the reference the authority gave.")}
	r.RegisteredOn = e.date("registered_on", in.RegisteredOn, "Enter the date of the registration as YYYY-MM-DD.")
	now := s.db.Now()
	if r.RegisteredOn.After(now) {
		e["registered_on"] = "A registration cannot be dated in the future."
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		r.RecordedAt = now
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return record(ctx, tx, now, "gea.register", g.Code, g.Code+" registered with "+r.Authority+" on "+
			r.RegisteredOn.Format(time.DateOnly)+", reference "+r.Reference, r)
	})
	return r, err
}

// byValidUntil orders licences by their last valid day, then number.
func byValidUntil(a, b Licence) int {
	return cmp.Or(a.ValidUntil.Compare(b.ValidUntil), cmp.Compare(a.Number, b.Number))
}
