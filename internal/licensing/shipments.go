package licensing

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

// Shipment is one export of an approved case's items.
type Shipment struct {
	ID         string         `gorm:"column:id;primaryKey"`
	CaseID     string         `gorm:"column:case_id"`
	ExportedOn time.Time      `gorm:"column:exported_on"`
	MRN        string         `gorm:"column:mrn"`
	RecordedBy string         `gorm:"column:recorded_by"`
	RecordedAt time.Time      `gorm:"column:recorded_at"`
	Lines      []ShipmentLine `gorm:"foreignKey:ShipmentID"`
}

// TableName maps Shipment to its table.
func (Shipment) TableName() string { return "shipments" }

// ShipmentLine is what one shipment took of one item.
type ShipmentLine struct {
	ShipmentID    string  `gorm:"column:shipment_id;primaryKey"`
	ItemID        string  `gorm:"column:item_id;primaryKey"`
	QuantityMilli int64   `gorm:"column:quantity_milli"`
	ValueMinor    int64   `gorm:"column:value_minor"`
	LicenceID     *string `gorm:"column:licence_id"`
}

// TableName maps ShipmentLine to its table.
func (ShipmentLine) TableName() string { return "shipment_lines" }

// ShippedAmounts is what the shipments of a case took of one item.
type ShippedAmounts struct{ ValueMinor, QuantityMilli int64 }

// FirstExport is the day of a case's first shipment: Art. 27(3) keeps its
// records "for at least five years from the end of the calendar year in
// which the export took place". nil before any shipment.
func (st *CaseState) FirstExport() *time.Time {
	if len(st.Shipments) == 0 {
		return nil
	}
	return &st.Shipments[0].ExportedOn
}

// readShipments reads the shipments of case caseID, the first first, and
// sums what they took per item.
func (st *CaseState) readShipments(g *gorm.DB, caseID string) error {
	if err := g.Preload("Lines").Where("case_id = ?", caseID).Order("exported_on, recorded_at").Find(&st.Shipments).Error; err != nil {
		return err
	}
	for _, sh := range st.Shipments {
		for _, l := range sh.Lines {
			a := st.Shipped[l.ItemID]
			st.Shipped[l.ItemID] = ShippedAmounts{a.ValueMinor + l.ValueMinor, a.QuantityMilli + l.QuantityMilli}
		}
	}
	return nil
}

// ShipmentInput is a shipment as the form gives it: per item id, the
// quantity and value shipped as decimals; items left blank are not shipped.
type ShipmentInput struct {
	ExportedOn, MRN string
	Quantities      map[string]string
	Values          map[string]string
}

// mrnLength is the length of a customs declaration's Movement Reference
// Number in the Union Customs Code's systems.
const mrnLength = 18

// RecordShipment records a shipment of approved case caseID at version, on
// its timeline: each line draws down the licence its item holds reserved,
// in the same transaction, so a licence is never used beyond its limit.
// Errors: Invalid, NotFound, Forbidden, Conflict (not approved, a stale
// page, more than the item or the licence has left).
func (s *Service) RecordShipment(ctx context.Context, caseID string, version int64, in ShipmentInput) (*cases.Case, error) {
	actor, err := auth.Require(ctx, auth.PermRecordShipments)
	if err != nil {
		return nil, err
	}
	return s.cases.Apply(ctx, caseID, version, auth.PermRecordShipments, "case.shipment",
		func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
			if f.Status != cases.Approved {
				return "", apperr.New(apperr.Conflict, "Only an approved case has shipments.")
			}
			st, err := s.read(ctx, tx, f, false)
			if err != nil {
				return "", err
			}
			sh, err := in.shipment(f, st, s.db.Now())
			if err != nil {
				return "", err
			}
			sh.ID, sh.CaseID, sh.RecordedBy, sh.RecordedAt = db.NewID(), f.ID, actor.UserID, now
			return s.ship(ctx, tx, st, sh)
		})
}

// ship stores sh and draws its lines down from the licences the items hold
// reserved; it returns the timeline's summary.
func (s *Service) ship(ctx context.Context, tx *gorm.DB, st *CaseState, sh *Shipment) (string, error) {
	reserved := map[string]string{}
	for _, d := range st.Determinations {
		reserved[d.Item.ID] = d.Item.ReservedOn
	}
	for i := range sh.Lines {
		if id := reserved[sh.Lines[i].ItemID]; id != "" {
			sh.Lines[i].LicenceID = &id
		}
	}
	if err := tx.Create(sh).Error; err != nil {
		return "", err
	}
	drawn := 0
	for _, l := range sh.Lines {
		if l.LicenceID == nil {
			continue
		}
		if err := s.DrawDown(ctx, tx, *l.LicenceID, sh.ID, l.ItemID, l.ValueMinor, l.QuantityMilli); err != nil {
			return "", err
		}
		drawn++
	}
	summary := fmt.Sprintf("shipment exported on %s, MRN %s, %d item line(s)", sh.ExportedOn.Format(time.DateOnly), sh.MRN, len(sh.Lines))
	if drawn > 0 {
		summary += fmt.Sprintf(", %d drawn down from licences", drawn)
	}
	return summary, nil
}

// shipment reads the input into a shipment of f, refusing what is wrong
// with it: every item's line must fit in what the item has not yet shipped.
func (in ShipmentInput) shipment(f *cases.Case, st *CaseState, now time.Time) (*Shipment, error) {
	e := fields{}
	sh := &Shipment{MRN: strings.ToUpper(strings.TrimSpace(in.MRN))}
	sh.ExportedOn = e.date("exported_on", in.ExportedOn, "Enter the date of export.")
	if !sh.ExportedOn.IsZero() && sh.ExportedOn.After(now) {
		e["exported_on"] = "Record a shipment once it has left: the date of export cannot be in the future."
	}
	if utf8.RuneCountInString(sh.MRN) != mrnLength || strings.Trim(sh.MRN, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		e["mrn"] = "Enter the customs declaration's MRN: 18 letters and digits, as on the export declaration."
	}
	for _, it := range f.Items {
		if l, ok := in.line(it, st.Shipped[it.ID], e); ok {
			sh.Lines = append(sh.Lines, l)
		}
	}
	if len(sh.Lines) == 0 && len(e) == 0 {
		e["lines"] = "Enter the quantity shipped of at least one item."
	}
	return sh, e.err()
}

// line reads the line of item it, if any was entered: what it ships must fit
// in what it has not shipped yet.
func (in ShipmentInput) line(it cases.Item, shipped ShippedAmounts, e fields) (ShipmentLine, bool) {
	q, v := strings.TrimSpace(in.Quantities[it.ID]), strings.TrimSpace(in.Values[it.ID])
	if q == "" && v == "" {
		return ShipmentLine{}, false
	}
	qField, vField := "quantity_"+it.ID, "value_"+it.ID
	qty, qOK := e.amount(qField, q, 3, "Enter the quantity shipped.")
	val, vOK := e.amount(vField, v, 2, "Enter the value shipped.")
	leftQty, leftVal := it.QuantityMilli-shipped.QuantityMilli, it.ValueMinor-shipped.ValueMinor
	switch {
	case !qOK || !vOK:
	case qty == 0:
		e[qField] = "Ship more than zero, or leave the line empty."
	case qty > leftQty:
		e[qField] = "Only " + Quantity(leftQty, it.Unit) + " of this item is left to ship."
	case val > leftVal:
		e[vField] = "Only " + Money(leftVal, it.Currency) + " of this item's value is left to ship."
	default:
		return ShipmentLine{ItemID: it.ID, QuantityMilli: qty, ValueMinor: val}, true
	}
	return ShipmentLine{}, false
}

// amount reads a required decimal in units of 10^-places.
func (e fields) amount(field, v string, places int, need string) (int64, bool) {
	if v == "" {
		e[field] = need
		return 0, false
	}
	n, err := cases.ParseDecimal(v, places)
	if err != nil {
		e[field] = strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + "."
		return 0, false
	}
	return n, true
}

// StatusChangedTx keeps the licences' reservations with the case's status:
// the approval reserves what each item covered by a licence needs, so two
// cases cannot both count on a licence's last value; leaving "approved"
// gives back what was not shipped.
func (s *Service) StatusChangedTx(ctx context.Context, tx *gorm.DB, f *cases.Case, from cases.Status) error {
	switch {
	case f.Status == cases.Approved:
		return s.reserve(ctx, tx, f)
	case from == cases.Approved:
		rows, err := reservations(tx, f.ID)
		for itemID, licenceID := range rows {
			if err == nil {
				err = s.Release(ctx, tx, licenceID, f.ID, itemID)
			}
		}
		return err
	}
	return nil
}

// reserve reserves, in tx, what each item of f covered by a licence needs.
// The gates were checked before the approval's transaction; an item no
// longer settled when read in it (another instance's approval took the
// licence's last value meanwhile) refuses the approval instead of letting
// it through without its reservation. Errors: Conflict.
func (s *Service) reserve(ctx context.Context, tx *gorm.DB, f *cases.Case) error {
	st, err := s.read(ctx, tx, f, false)
	if err != nil {
		return err
	}
	for _, d := range st.Determinations {
		if !d.Outcome.Settled() {
			return apperr.New(apperr.Conflict, "“%s” is no longer covered: %s. Reload the case to see its licensing.",
				d.Item.Description, strings.ToLower(d.Outcome.Label()))
		}
		if d.Outcome != UnderLicence || d.Item.ReservedOn != "" {
			continue
		}
		if err := s.Reserve(ctx, tx, d.LicenceID, f.ID, d.Item.ID, d.Item.ValueMinor, d.Item.QuantityMilli); err != nil {
			return err
		}
	}
	return nil
}
