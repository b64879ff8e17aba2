package licensing

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// EntryKind is what a ledger entry did.
type EntryKind string

const (
	Reserved EntryKind = "reserve" // a case's approval set the amount aside
	Released EntryKind = "release" // the case went back to draft
	Drawn    EntryKind = "draw"    // a shipment used it
)

// Entry is one line of a licence's ledger.
type Entry struct {
	ID            string    `gorm:"column:id;primaryKey"`
	LicenceID     string    `gorm:"column:licence_id"`
	Kind          EntryKind `gorm:"column:kind"`
	CaseID        *string   `gorm:"column:case_id"`
	ItemID        *string   `gorm:"column:item_id"`
	ShipmentID    string    `gorm:"column:shipment_id"`
	ValueMinor    int64     `gorm:"column:value_minor"`
	QuantityMilli int64     `gorm:"column:quantity_milli"`
	ActorID       *string   `gorm:"column:actor_id"` // nil: the system
	CreatedAt     time.Time `gorm:"column:created_at"`
	ActorName     string    `gorm:"column:actor_name;->" json:"-"`
}

// TableName maps Entry to its table.
func (Entry) TableName() string { return "licence_entries" }

// reservation is what one case item holds reserved on a licence.
type reservation struct {
	LicenceID     string `gorm:"column:licence_id;primaryKey"`
	ItemID        string `gorm:"column:item_id;primaryKey"`
	CaseID        string `gorm:"column:case_id"`
	ValueMinor    int64  `gorm:"column:value_minor"`
	QuantityMilli int64  `gorm:"column:quantity_milli"`
}

func (reservation) TableName() string { return "licence_reservations" }

// fitsLimits is the condition under which a licence row can take value and
// quantity more: the update that adds them matches no row otherwise, so two
// transactions cannot both take the last of a licence.
const fitsLimits = "(limit_minor IS NULL OR limit_minor - reserved_minor - drawn_minor >= ?) AND " +
	"(limit_milli IS NULL OR limit_milli - reserved_milli - drawn_milli >= ?)"

// Reserve sets valueMinor and quantityMilli of the licence aside for item
// itemID of case caseID, inside the caller's transaction (a case's
// approval). Errors: NotFound, Conflict (the licence has not that much
// left; the message says what it has).
func (s *Service) Reserve(ctx context.Context, tx *gorm.DB, licenceID, caseID, itemID string, valueMinor, quantityMilli int64) error {
	tx = tx.WithContext(ctx)
	res := tx.Exec("UPDATE licences SET reserved_minor = reserved_minor + ?, reserved_milli = reserved_milli + ? WHERE id = ? AND "+fitsLimits,
		valueMinor, quantityMilli, licenceID, valueMinor, quantityMilli)
	if err := refused(tx, res, licenceID, valueMinor, quantityMilli, "this case needs"); err != nil {
		return err
	}
	held := tx.Exec("UPDATE licence_reservations SET value_minor = value_minor + ?, quantity_milli = quantity_milli + ? WHERE licence_id = ? AND item_id = ?",
		valueMinor, quantityMilli, licenceID, itemID)
	if held.Error != nil {
		return held.Error
	}
	if held.RowsAffected == 0 {
		r := reservation{LicenceID: licenceID, ItemID: itemID, CaseID: caseID, ValueMinor: valueMinor, QuantityMilli: quantityMilli}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
	}
	return s.addEntry(ctx, tx, Entry{LicenceID: licenceID, Kind: Reserved, CaseID: &caseID, ItemID: &itemID,
		ValueMinor: valueMinor, QuantityMilli: quantityMilli})
}

// Release gives back to the licence what item itemID of case caseID holds
// reserved on it, inside the caller's transaction (the case returning to
// draft). An item holding nothing releases nothing. Errors: Conflict (the
// reservation changed meanwhile; try again).
func (s *Service) Release(ctx context.Context, tx *gorm.DB, licenceID, caseID, itemID string) error {
	tx = tx.WithContext(ctx)
	var r reservation
	err := tx.Where("licence_id = ? AND item_id = ? AND case_id = ?", licenceID, itemID, caseID).Take(&r).Error
	if db.IsNotFound(err) || err == nil && r.ValueMinor == 0 && r.QuantityMilli == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	// Only the amounts read are released: a draw-down that changed them
	// in between makes this match nothing.
	res := tx.Exec("UPDATE licence_reservations SET value_minor = 0, quantity_milli = 0 WHERE licence_id = ? AND item_id = ? AND value_minor = ? AND quantity_milli = ?",
		licenceID, itemID, r.ValueMinor, r.QuantityMilli)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, "The reservation on the licence changed meanwhile; please try again.")
	}
	if err := tx.Exec("UPDATE licences SET reserved_minor = reserved_minor - ?, reserved_milli = reserved_milli - ? WHERE id = ?",
		r.ValueMinor, r.QuantityMilli, licenceID).Error; err != nil {
		return err
	}
	return s.addEntry(ctx, tx, Entry{LicenceID: licenceID, Kind: Released, CaseID: &caseID, ItemID: &itemID,
		ValueMinor: r.ValueMinor, QuantityMilli: r.QuantityMilli})
}

// DrawDown records that shipment shipmentID used valueMinor and
// quantityMilli of the licence for case item itemID, inside the caller's
// transaction. An item with a reservation draws from it, and cannot draw
// more than it holds; an item without one draws from what the licence has
// left. Errors: NotFound, Conflict (not that much left).
func (s *Service) DrawDown(ctx context.Context, tx *gorm.DB, licenceID, shipmentID, itemID string, valueMinor, quantityMilli int64) error {
	tx = tx.WithContext(ctx)
	var r reservation
	err := tx.Where("licence_id = ? AND item_id = ?", licenceID, itemID).Take(&r).Error
	if err != nil && !db.IsNotFound(err) {
		return err
	}
	e := Entry{LicenceID: licenceID, Kind: Drawn, ItemID: &itemID, ShipmentID: shipmentID, ValueMinor: valueMinor, QuantityMilli: quantityMilli}
	if err != nil { // no reservation: the licence's free remainder
		res := tx.Exec("UPDATE licences SET drawn_minor = drawn_minor + ?, drawn_milli = drawn_milli + ? WHERE id = ? AND "+fitsLimits,
			valueMinor, quantityMilli, licenceID, valueMinor, quantityMilli)
		if err := refused(tx, res, licenceID, valueMinor, quantityMilli, "this shipment needs"); err != nil {
			return err
		}
		return s.addEntry(ctx, tx, e)
	}
	e.CaseID = &r.CaseID
	res := tx.Exec("UPDATE licence_reservations SET value_minor = value_minor - ?, quantity_milli = quantity_milli - ? WHERE licence_id = ? AND item_id = ? AND value_minor >= ? AND quantity_milli >= ?",
		valueMinor, quantityMilli, licenceID, itemID, valueMinor, quantityMilli)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return overdrawn(tx, licenceID, itemID, valueMinor, quantityMilli)
	}
	if err := tx.Exec("UPDATE licences SET reserved_minor = reserved_minor - ?, drawn_minor = drawn_minor + ?, reserved_milli = reserved_milli - ?, drawn_milli = drawn_milli + ? WHERE id = ?",
		valueMinor, valueMinor, quantityMilli, quantityMilli, licenceID).Error; err != nil {
		return err
	}
	return s.addEntry(ctx, tx, e)
}

// refused turns a conditional update of a licence that matched no row into
// the refusal that says what the licence has left and what needs wants.
func refused(tx *gorm.DB, res *gorm.DB, licenceID string, valueMinor, quantityMilli int64, needs string) error {
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	var l Licence
	if err := tx.Where("id = ?", licenceID).Take(&l).Error; err != nil {
		if db.IsNotFound(err) {
			return apperr.New(apperr.NotFound, "No such licence.")
		}
		return err
	}
	_, why := l.fits(valueMinor, "", quantityMilli, needs)
	return apperr.New(apperr.Conflict, "%s", why)
}

// overdrawn is the refusal of a draw-down larger than the item's
// reservation: what the case holds reserved and what the shipment needs.
func overdrawn(tx *gorm.DB, licenceID, itemID string, valueMinor, quantityMilli int64) error {
	var l Licence
	var r reservation
	if err := tx.Where("id = ?", licenceID).Take(&l).Error; err != nil {
		return err
	}
	if err := tx.Where("licence_id = ? AND item_id = ?", licenceID, itemID).Take(&r).Error; err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "The case holds %s of licence %s reserved for this item; this shipment needs %s.",
		l.amounts(r.ValueMinor, r.QuantityMilli), l.Number, l.amounts(valueMinor, quantityMilli))
}

// amounts writes a value and a quantity in the licence's currency and unit,
// each only where the licence limits it.
func (l *Licence) amounts(valueMinor, quantityMilli int64) string {
	var parts []string
	if l.LimitMinor != nil {
		parts = append(parts, Money(valueMinor, l.Currency))
	}
	if l.LimitMilli != nil {
		parts = append(parts, Quantity(quantityMilli, l.Unit))
	}
	if len(parts) == 0 {
		return "nothing limited"
	}
	return strings.Join(parts, " and ")
}

// addEntry appends e to the ledger and to the audit trail, by whoever acts
// under ctx.
func (s *Service) addEntry(ctx context.Context, tx *gorm.DB, e Entry) error {
	now := s.db.Now()
	e.ID, e.CreatedAt = db.NewID(), now
	if a := auth.ActorFrom(ctx); a != nil {
		e.ActorID = &a.UserID
	}
	if err := tx.Create(&e).Error; err != nil {
		return err
	}
	var l Licence
	if err := tx.Where("id = ?", e.LicenceID).Take(&l).Error; err != nil {
		return err
	}
	summary := fmt.Sprintf("Licence %s: %s %s", l.Name(), entryVerbs[e.Kind], l.amounts(e.ValueMinor, e.QuantityMilli))
	if e.ShipmentID != "" {
		summary += " for shipment " + e.ShipmentID
	}
	return record(ctx, tx, now, "licence."+string(e.Kind), l.ID, summary, e)
}

// entryVerbs say what each kind of entry did, for the audit trail.
var entryVerbs = map[EntryKind]string{Reserved: "reserved", Released: "released", Drawn: "drew down"}

// Balance is a licence's limits and what of them is reserved, drawn and
// left; Has says whether the licence has the limit at all.
type Balance struct {
	Value, Quantity Amounts
	Currency, Unit  string
}

// Amounts are one limit of a licence and its use.
type Amounts struct {
	Has                            bool
	Limit, Reserved, Drawn, Remain int64
}

// Balance returns the licence's limits and their use.
func (l *Licence) Balance() Balance {
	b := Balance{Currency: l.Currency, Unit: l.Unit}
	if l.LimitMinor != nil {
		b.Value = Amounts{true, *l.LimitMinor, l.ReservedMinor, l.DrawnMinor, *l.LimitMinor - l.ReservedMinor - l.DrawnMinor}
	}
	if l.LimitMilli != nil {
		b.Quantity = Amounts{true, *l.LimitMilli, l.ReservedMilli, l.DrawnMilli, *l.LimitMilli - l.ReservedMilli - l.DrawnMilli}
	}
	return b
}

// Left writes what the licence has left of its limits: "EUR 600.00 of
// EUR 1,000.00", or "no limit".
func (l *Licence) Left() string {
	b := l.Balance()
	var parts []string
	if b.Value.Has {
		parts = append(parts, Money(b.Value.Remain, l.Currency)+" of "+Money(b.Value.Limit, l.Currency))
	}
	if b.Quantity.Has {
		parts = append(parts, Quantity(b.Quantity.Remain, l.Unit)+" of "+Quantity(b.Quantity.Limit, l.Unit))
	}
	if len(parts) == 0 {
		return "no limit"
	}
	return strings.Join(parts, "; ")
}

// Remaining returns what the licence has left. Errors: NotFound, Forbidden.
func (s *Service) Remaining(ctx context.Context, licenceID string) (Balance, error) {
	l, err := s.Licence(ctx, licenceID)
	if err != nil {
		return Balance{}, err
	}
	return l.Balance(), nil
}

// Entries returns the licence's ledger, oldest first. Errors: Forbidden.
func (s *Service) Entries(ctx context.Context, licenceID string) ([]Entry, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	var out []Entry
	err := s.db.Gorm.WithContext(ctx).Table("licence_entries e").Select("e.*, COALESCE(u.name, ?) AS actor_name", auth.SystemName).
		Joins("LEFT JOIN users u ON u.id = e.actor_id").Where("e.licence_id = ?", licenceID).Order("e.created_at, e.id").Find(&out).Error
	return out, err
}

// Expiring returns the licences still valid today whose last valid day
// falls within the coming period, the soonest first. Errors: Forbidden.
func (s *Service) Expiring(ctx context.Context, within time.Duration) ([]Licence, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	today := s.db.Now().Truncate(24 * time.Hour)
	return licencesIn(s.db.Gorm.WithContext(ctx), func(q *gorm.DB) *gorm.DB {
		return q.Where("l.valid_until >= ? AND l.valid_until <= ?", today, today.Add(within))
	})
}

// NearLimit returns the licences still valid today that have at most
// fraction (0.1: a tenth) of a limit left. Errors: Forbidden.
func (s *Service) NearLimit(ctx context.Context, fraction float64) ([]Licence, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	valid, err := licencesIn(s.db.Gorm.WithContext(ctx), func(q *gorm.DB) *gorm.DB {
		return q.Where("l.valid_until >= ? AND (l.limit_minor IS NOT NULL OR l.limit_milli IS NOT NULL)", s.db.Now().Truncate(24*time.Hour))
	})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(valid, func(l Licence) bool {
		b := l.Balance()
		return !b.Value.near(fraction) && !b.Quantity.near(fraction)
	}), nil
}

// near reports whether at most fraction of the limit is left.
func (a Amounts) near(fraction float64) bool {
	return a.Has && float64(a.Remain) <= fraction*float64(a.Limit)
}
