package licensing

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/reference"
)

// Art4Record is one answer given to an Art. 4 question.
type Art4Record struct {
	ID         string       `gorm:"column:id;primaryKey"`
	CaseID     string       `gorm:"column:case_id"`
	Question   Art4Question `gorm:"column:question"`
	Answer     Art4Answer   `gorm:"column:answer"`
	Note       string       `gorm:"column:note"`
	AnsweredBy string       `gorm:"column:answered_by"`
	AnsweredAt time.Time    `gorm:"column:answered_at"`
}

// TableName maps Art4Record to its table.
func (Art4Record) TableName() string { return "case_art4_answers" }

// Art4Notification is the company's notification under Art. 4 and the
// authority's decision on it.
type Art4Notification struct {
	ID         string     `gorm:"column:id;primaryKey"`
	CaseID     string     `gorm:"column:case_id"`
	SentOn     time.Time  `gorm:"column:sent_on"`
	SentBy     string     `gorm:"column:sent_by"`
	Decision   string     `gorm:"column:decision"`
	Reference  string     `gorm:"column:reference"`
	DecidedOn  *time.Time `gorm:"column:decided_on"`
	RecordedBy *string    `gorm:"column:recorded_by"`
	RecordedAt time.Time  `gorm:"column:recorded_at"`
}

// TableName maps Art4Notification to its table.
func (Art4Notification) TableName() string { return "case_art4_notifications" }

// FactRecord is one answer to a GEA's fact for a case.
type FactRecord struct {
	ID         string    `gorm:"column:id;primaryKey"`
	CaseID     string    `gorm:"column:case_id"`
	Fact       Fact      `gorm:"column:fact"`
	Answer     bool      `gorm:"column:answer"`
	AnsweredBy string    `gorm:"column:answered_by"`
	AnsweredAt time.Time `gorm:"column:answered_at"`
}

// TableName maps FactRecord to its table.
func (FactRecord) TableName() string { return "case_export_facts" }

// Application is a licence applied for on a case.
type Application struct {
	ID         string     `gorm:"column:id;primaryKey"`
	CaseID     string     `gorm:"column:case_id"`
	Authority  string     `gorm:"column:authority"`
	Reference  string     `gorm:"column:reference"`
	AppliedOn  time.Time  `gorm:"column:applied_on"`
	Outcome    string     `gorm:"column:outcome"` // pending | granted | refused
	LicenceID  *string    `gorm:"column:licence_id"`
	DecidedOn  *time.Time `gorm:"column:decided_on"`
	Note       string     `gorm:"column:note"`
	RecordedBy string     `gorm:"column:recorded_by"`
	RecordedAt time.Time  `gorm:"column:recorded_at"`
}

// TableName maps Application to its table.
func (Application) TableName() string { return "licence_applications" }

// CaseState is what the licensing of a case stands on, as its page shows it
// and its gates judge it.
type CaseState struct {
	Export         Export
	Determinations []Determination
	Art4Records    []Art4Record // the newest answer per question
	Notifications  []Art4Notification
	Applications   []Application
	Shipments      []Shipment
	// Shipped is what the shipments took per item.
	Shipped  map[string]ShippedAmounts
	products map[string]string // names of the catalogue products, by id
	reserved map[string]string // the licence each item holds reserved, by item id
	epoch    int64             // the licence epoch the authorisations were read at
	// Names are the names of the people the records mention, by user id.
	Names map[string]string
	// USRules: an item's confirmed classification names a US ECCN, so US
	// rules (and their record keeping) apply to the export too.
	USRules bool
}

// Stamp sums up what the determination read besides the case at its
// version (whose records it keeps under that version): the licence epoch,
// the day, the measures on the destination and the Art. 5 answers. The same
// stamp for the same version of a case is the same determination.
func (st *CaseState) Stamp() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%s|%v", st.epoch, st.Export.On.Format(time.DateOnly), st.Export.Art5)
	for _, m := range st.Export.Measures {
		b.WriteString("|" + m.ID + ":" + string(m.Confidence))
	}
	return b.String()
}

// Blocked reports whether an item is prohibited.
func (st *CaseState) Blocked() bool {
	return slices.ContainsFunc(st.Determinations, func(d Determination) bool { return d.Outcome == Prohibited })
}

// Questions are the facts whose answers could let a GEA cover an item, each
// once, in the order the items raise them.
func (st *CaseState) Questions() []Fact {
	var out []Fact
	for _, d := range st.Determinations {
		for _, q := range d.Questions {
			if !slices.Contains(out, q) {
				out = append(out, q)
			}
		}
	}
	return out
}

// Art5Reader gives where a case stands on the Art. 5 path of its
// human-rights assessment.
type Art5Reader func(ctx context.Context, f *cases.Case) (Art5, error)

// SetArt5 registers where the Art. 5 answers of cases are read.
func (s *Service) SetArt5(r Art5Reader) { s.art5 = r }

// ForCase reads the licensing of case f and determines its items, once per
// request (the page and the gates share it).
func (s *Service) ForCase(ctx context.Context, f *cases.Case) (*CaseState, error) {
	if st, ok := cases.Kept[*CaseState](ctx, f); ok {
		return st, nil
	}
	return s.read(ctx, s.db.Gorm.WithContext(ctx), f, true)
}

// WithState returns ctx keeping st for f (see ForCase).
func WithState(ctx context.Context, f *cases.Case, st *CaseState) context.Context {
	return cases.Keep(ctx, f, st)
}

// read reads the state of f in g and determines its items. Outside a
// transaction (kept) the case's own records are read once per version of
// the case: every change of them goes through cases.Service.Apply, which
// moves the version. What other cases change (the licences' balances) and
// the reference data are read each time.
func (s *Service) read(ctx context.Context, g *gorm.DB, f *cases.Case, kept bool) (*CaseState, error) {
	records, err := s.records(g, f, kept)
	if err != nil {
		return nil, err
	}
	e, epoch, err := s.export(ctx, g, f, kept)
	if err != nil {
		return nil, err
	}
	st := *records
	e.Art4, e.Facts = records.Export.Art4, records.Export.Facts
	st.Export, st.epoch = e, epoch
	st.Determinations = Determine(e, st.items(f, st.reserved))
	return &st, nil
}

// records reads the case's own records: its answers, notifications,
// applications, shipments and reservations, with the names they need.
func (s *Service) records(g *gorm.DB, f *cases.Case, kept bool) (*CaseState, error) {
	key := f.ID + "|" + strconv.FormatInt(f.Version, 10)
	if st, ok := s.kept.Get(key); ok && kept {
		return st, nil
	}
	st := &CaseState{Shipped: map[string]ShippedAmounts{}}
	if err := st.readRecords(g, f.ID, &st.Export); err != nil {
		return nil, err
	}
	var err error
	st.reserved, err = reservations(g, f.ID)
	if err = errors.Join(err, st.readProducts(g, f), st.readNames(g), st.readUSRules(g, f)); err != nil {
		return nil, err
	}
	if kept {
		s.kept.Add(key, st)
	}
	return st, nil
}

// export reads what the determination of f needs besides its items.
// It returns the licence epoch the authorisations were read at.
func (s *Service) export(ctx context.Context, g *gorm.DB, f *cases.Case, kept bool) (Export, int64, error) {
	e := Export{On: s.db.Now(), Destination: f.DestinationCode(), EndUserType: f.EndUserType,
		IntraUnion: slices.Contains(exporter.MemberStates, f.DestinationCode())}
	for _, p := range f.Parties {
		if p.Role == "end_user" {
			e.EndUser = p.Party.Name
		}
	}
	held, err := s.authorisations(ctx, g, kept)
	if err != nil {
		return e, 0, err
	}
	e.GEAs, e.Licences = held.geas, held.licences
	if e.Destination != "" && s.reference != nil {
		standing, err := s.reference.Standing(ctx, e.Destination)
		if err != nil {
			return e, 0, err
		}
		e.Measures = standing.Measures
	}
	if s.art5 != nil {
		if e.Art5, err = s.art5(ctx, f); err != nil {
			return e, 0, err
		}
	}
	return e, held.epoch, nil
}

// readRecords reads the Art. 4 answers and notifications, the facts, the
// applications and the shipments of case caseID.
func (st *CaseState) readRecords(g *gorm.DB, caseID string, e *Export) error {
	var answers []Art4Record
	var facts []FactRecord
	err := errors.Join(
		g.Where("case_id = ?", caseID).Order("answered_at, id").Find(&answers).Error,
		g.Where("case_id = ?", caseID).Order("recorded_at, id").Find(&st.Notifications).Error,
		g.Where("case_id = ?", caseID).Order("answered_at, id").Find(&facts).Error,
		g.Where("case_id = ?", caseID).Order("applied_on, recorded_at").Find(&st.Applications).Error,
		st.readShipments(g, caseID),
	)
	if err != nil {
		return err
	}
	e.Art4 = Art4{Answers: map[Art4Question]Art4Answer{}}
	newest := map[Art4Question]Art4Record{}
	for _, a := range answers {
		e.Art4.Answers[a.Question], newest[a.Question] = a.Answer, a
	}
	for _, q := range Art4Questions {
		if r, ok := newest[q.Value]; ok {
			st.Art4Records = append(st.Art4Records, r)
		}
	}
	if n := len(st.Notifications); n > 0 {
		e.Art4.Notified, e.Art4.Decision = true, st.Notifications[n-1].Decision
	}
	e.Facts.Answers = map[Fact]bool{}
	for _, f := range facts {
		e.Facts.Answers[f.Fact] = f.Answer
	}
	return nil
}

// items are the case's items as the determination reads them: what an
// approved item has not yet shipped, and the licence it holds reserved.
func (st *CaseState) items(f *cases.Case, reserved map[string]string) []Item {
	out := make([]Item, 0, len(f.Items))
	for _, it := range f.Items {
		shipped := st.Shipped[it.ID]
		item := Item{ID: it.ID, Description: it.Description, Classification: it.Classification,
			Confirmed: it.ClassificationID != nil, Cyber: it.CyberSurveillance && !listedIn(it.Classification),
			ValueMinor: it.ValueMinor - shipped.ValueMinor, Currency: it.Currency,
			QuantityMilli: it.QuantityMilli - shipped.QuantityMilli, ReservedOn: reserved[it.ID]}
		if it.ProductID != nil {
			item.Product = st.products[*it.ProductID]
		}
		out = append(out, item)
	}
	return out
}

// readProducts reads the names of the catalogue products f's items are:
// a licence may name them.
func (st *CaseState) readProducts(g *gorm.DB, f *cases.Case) (err error) {
	var ids []string
	for _, it := range f.Items {
		if it.ProductID != nil {
			ids = append(ids, *it.ProductID)
		}
	}
	st.products, err = namesIn(g, "products", ids)
	return err
}

// readUSRules reads whether an item's classification names a US ECCN.
func (st *CaseState) readUSRules(g *gorm.DB, f *cases.Case) error {
	var ids []string
	for _, it := range f.Items {
		if it.ClassificationID != nil {
			ids = append(ids, *it.ClassificationID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var n int64
	err := g.Table("product_classifications").Where("id IN ? AND us_eccn <> ''", ids).Count(&n).Error
	st.USRules = n > 0
	return err
}

// readNames reads the names of the people st's records mention.
func (st *CaseState) readNames(g *gorm.DB) (err error) {
	var ids []string
	for _, r := range st.Art4Records {
		ids = append(ids, r.AnsweredBy)
	}
	for _, n := range st.Notifications {
		ids = append(ids, n.SentBy)
	}
	for _, sh := range st.Shipments {
		ids = append(ids, sh.RecordedBy)
	}
	st.Names, err = namesIn(g, "users", ids)
	return err
}

// namesIn reads the name column of the rows of table with ids, by id.
func namesIn(g *gorm.DB, table string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Name string }
	err := g.Table(table).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, err
}

// listedIn reports whether a classification names an Annex I entry.
func listedIn(classification string) bool {
	return Item{Classification: classification}.Listed()
}

// reservations are the licences each item of case caseID holds reserved.
func reservations(g *gorm.DB, caseID string) (map[string]string, error) {
	var rows []reservation
	err := g.Where("case_id = ? AND (value_minor > 0 OR quantity_milli > 0)", caseID).Find(&rows).Error
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.ItemID] = r.LicenceID
	}
	return out, err
}

// referenceData is what the determination reads of the country reference
// data: the measures in force on a destination.
type referenceData interface {
	Standing(ctx context.Context, code string) (reference.Standing, error)
}

// SetReference registers where the measures on destinations are read.
func (s *Service) SetReference(r referenceData) { s.reference = r }
