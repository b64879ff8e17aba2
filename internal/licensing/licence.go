package licensing

import (
	"database/sql/driver"
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Type is the kind of a licence (Art. 12 of Regulation (EU) 2021/821).
type Type string

const (
	Individual      Type = "individual"
	Global          Type = "global"
	LargeProject    Type = "large_project"
	NationalGeneral Type = "national_general"
)

// Types lists the licence types in the order forms offer them.
var Types = vocab.Terms[Type]{
	{Value: Individual, Label: "Individual export authorisation"},
	{Value: Global, Label: "Global export authorisation"},
	{Value: LargeProject, Label: "Large project authorisation"},
	{Value: NationalGeneral, Label: "National general export authorisation"},
}

// Label is the type for people.
func (t Type) Label() string { return Types.Label(t) }

// Licence is one of the company's licences with what its ledger holds.
type Licence struct {
	ID           string    `gorm:"column:id;primaryKey"`
	Type         Type      `gorm:"column:type"`
	Number       string    `gorm:"column:number"`
	Authority    string    `gorm:"column:authority"`
	ValidFrom    time.Time `gorm:"column:valid_from"`
	ValidUntil   time.Time `gorm:"column:valid_until"` // the last valid day
	Destinations Words     `gorm:"column:destinations"`
	EndUsers     Lines     `gorm:"column:end_users"`
	Products     Lines     `gorm:"column:products"`
	EntryCodes   Words     `gorm:"column:entry_codes"`
	// The limits are optional: nil, none.
	LimitMinor    *int64 `gorm:"column:limit_minor"`
	Currency      string `gorm:"column:currency"`
	LimitMilli    *int64 `gorm:"column:limit_milli"`
	Unit          string `gorm:"column:unit"`
	ReservedMinor int64  `gorm:"column:reserved_minor"`
	DrawnMinor    int64  `gorm:"column:drawn_minor"`
	ReservedMilli int64  `gorm:"column:reserved_milli"`
	DrawnMilli    int64  `gorm:"column:drawn_milli"`
	// The licence document, kept by the file store.
	DocSHA256      string    `gorm:"column:doc_sha256"`
	DocFilename    string    `gorm:"column:doc_filename"`
	DocContentType string    `gorm:"column:doc_content_type"`
	DocSize        int64     `gorm:"column:doc_size"`
	CreatedBy      string    `gorm:"column:created_by"`
	CreatedAt      time.Time `gorm:"column:created_at"`
	CreatedByName  string    `gorm:"column:created_by_name;->" json:"-"`
}

// TableName maps Licence to its table.
func (Licence) TableName() string { return "licences" }

// Words is a list stored space-separated: ISO codes, entry codes.
type Words []string

// Scan reads the stored list.
func (w *Words) Scan(v any) error {
	*w = nil // an empty list is none: nil, as Rule.Entry.With needs it
	if f := strings.Fields(text(v)); len(f) > 0 {
		*w = f
	}
	return nil
}

// Value stores the list.
func (w Words) Value() (driver.Value, error) { return strings.Join(w, " "), nil }

// Lines is a list stored one a line: names, which hold spaces.
type Lines []string

// Scan reads the stored list.
func (l *Lines) Scan(v any) error {
	*l = nil
	for line := range strings.Lines(text(v)) {
		if t := strings.TrimSpace(line); t != "" {
			*l = append(*l, t)
		}
	}
	return nil
}

// Value stores the list.
func (l Lines) Value() (driver.Value, error) { return strings.Join(l, "\n"), nil }

// text is a stored text column as the drivers return it.
func text(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	s, _ := v.(string)
	return s
}

// Name is the licence as people cite it: "DE-123 (BAFA)".
func (l *Licence) Name() string { return l.Number + " (" + l.Authority + ")" }

// ValidIn reports whether day falls within the licence's validity.
func (l *Licence) ValidIn(day time.Time) bool {
	day = day.UTC().Truncate(24 * time.Hour)
	return !day.Before(l.ValidFrom) && !day.After(l.ValidUntil)
}

// maxYears are the longest validities Art. 12(3) gives, "unless the
// competent authority decides otherwise" (individual, global) or "except in
// duly justified circumstances" (large project).
var maxYears = map[Type]int{Individual: 2, Global: 2, LargeProject: 4}

// ValidityWarning says when the validity is longer than Art. 12(3) provides
// for the type, which the authority may have decided: a warning, never a
// refusal. "" when it is not.
func (l *Licence) ValidityWarning() string {
	years, ok := maxYears[l.Type]
	if !ok || !l.ValidUntil.After(l.ValidFrom.AddDate(years, 0, 0)) {
		return ""
	}
	why := "unless the competent authority decides otherwise"
	if l.Type == LargeProject {
		why = "except in duly justified circumstances based on the duration of the project"
	}
	return "Art. 12(3) of Regulation (EU) 2021/821 gives " + strings.ToLower(l.Type.Label()) + "s a validity of up to " +
		[]string{"", "one", "two", "three", "four"}[years] + " years, " + why + ". Check the dates against the licence document; it was recorded as entered."
}

// Use is an export the determination asks a licence to cover.
type Use struct {
	On          time.Time // the day of the export
	Destination string    // ISO code
	EndUser     string    // name
	// EntryCode is the item's Annex I entry code, Product its name; the
	// licence must name one of them when it names any.
	EntryCode, Product string
	ValueMinor         int64
	Currency           string
	QuantityMilli      int64
}

// Covers reports whether the licence covers u, and if not why: its validity,
// the destination, the end user, the item, or what it has left.
func (l Licence) Covers(u Use) (bool, string) {
	name := "Licence " + l.Number
	switch {
	case u.On.Before(l.ValidFrom):
		return false, name + " is valid only from " + l.ValidFrom.Format(time.DateOnly) + "."
	case !l.ValidIn(u.On):
		return false, name + " expired on " + l.ValidUntil.Format(time.DateOnly) + "."
	case len(l.Destinations) > 0 && !slices.Contains(l.Destinations, strings.ToUpper(u.Destination)):
		return false, name + " does not cover exports to " + u.Destination + "; it covers " + strings.Join(l.Destinations, ", ") + "."
	case len(l.EndUsers) > 0 && !slices.ContainsFunc(l.EndUsers, func(n string) bool { return sameName(n, u.EndUser) }):
		return false, name + " does not name " + u.EndUser + " as an end user."
	case !l.coversItem(u):
		return false, name + " does not cover this item: it covers " + l.itemsText() + "."
	}
	return l.fits(u.ValueMinor, u.Currency, u.QuantityMilli, "this item needs")
}

// coversItem reports whether the licence names the item's entry or product,
// or names none.
func (l Licence) coversItem(u Use) bool {
	if len(l.EntryCodes) == 0 && len(l.Products) == 0 {
		return true
	}
	codes := hrdd.EntryCodes(u.EntryCode)
	return slices.ContainsFunc(l.EntryCodes, func(e string) bool {
		return slices.ContainsFunc(codes, hrdd.Entry{Code: e}.Covers)
	}) || u.Product != "" && slices.ContainsFunc(l.Products, func(p string) bool { return sameName(p, u.Product) })
}

func (l Licence) itemsText() string {
	return strings.Join(append(slices.Clone([]string(l.EntryCodes)), l.Products...), ", ")
}

// fits reports whether valueMinor in currency and quantityMilli fit in what
// the licence has left; the refusal says what it has and what whose needs.
func (l Licence) fits(valueMinor int64, currency string, quantityMilli int64, needs string) (bool, string) {
	b := l.Balance()
	switch {
	case b.Value.Has && currency != "" && !strings.EqualFold(currency, l.Currency):
		return false, "Licence " + l.Number + " is limited in " + l.Currency + "; " + needs + " " + strings.ToUpper(currency) + "."
	case b.Value.Has && valueMinor > b.Value.Remain:
		return false, "Licence " + l.Number + " has " + Money(b.Value.Remain, l.Currency) + " left; " + needs + " " + Money(valueMinor, l.Currency) + "."
	case b.Quantity.Has && quantityMilli > b.Quantity.Remain:
		return false, "Licence " + l.Number + " has " + Quantity(b.Quantity.Remain, l.Unit) + " left; " + needs + " " + Quantity(quantityMilli, l.Unit) + "."
	}
	return true, ""
}

// Money writes minor units of currency as "EUR 1,200.00".
func Money(minor int64, currency string) string {
	return currency + " " + cases.FormatDecimal(minor, 2, 2)
}

// Quantity writes thousandths of unit as "2.5 pcs".
func Quantity(milli int64, unit string) string {
	return strings.TrimSpace(cases.FormatDecimal(milli, 3, 0) + " " + unit)
}

// sameName compares names as people write them: case and spacing aside.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
