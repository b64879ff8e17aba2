package reference

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// MeasureKind is what a restrictive measure restricts.
type MeasureKind string

const (
	ArmsEmbargo          MeasureKind = "arms_embargo"
	RestrictiveMeasures  MeasureKind = "restrictive_measures"   // other measures: repression equipment, asset freezes ...
	TelecomMonitoringBan MeasureKind = "telecom_monitoring_ban" // equipment to monitor telecommunications
	DualUseBan           MeasureKind = "dual_use_ban"           // a ban on exporting dual-use items there
)

// MeasureKinds lists the kinds in the order forms offer them, with their
// names for people.
var MeasureKinds = vocab.Terms[MeasureKind]{
	{Value: ArmsEmbargo, Label: "Arms embargo"},
	{Value: RestrictiveMeasures, Label: "Restrictive measures"},
	{Value: TelecomMonitoringBan, Label: "Telecom-monitoring ban"},
	{Value: DualUseBan, Label: "Dual-use export ban"},
}

// Label is the kind for people.
func (k MeasureKind) Label() string { return MeasureKinds.Label(k) }

// Confidence says whether a measure was checked against its legal text.
type Confidence string

const (
	Confirmed Confidence = "confirmed" // a compliance officer checked it against the legal text
	ToVerify  Confidence = "to_verify" // recorded from secondary sources or notes
)

// Label is the confidence for people.
func (c Confidence) Label() string {
	if c == Confirmed {
		return "confirmed"
	}
	return "to verify"
}

// FullScope is the scope of a measure that covers the whole country.
const FullScope = "full"

// Measure is a restrictive measure on a country as recorded.
type Measure struct {
	ID          string      `gorm:"column:id;primaryKey"`
	CountryCode string      `gorm:"column:country_code"`
	Kind        MeasureKind `gorm:"column:kind"`
	LegalAct    string      `gorm:"column:legal_act"`
	AdoptedOn   *time.Time  `gorm:"column:adopted_on"` // nil: not known
	Scope       string      `gorm:"column:scope"`
	Confidence  Confidence  `gorm:"column:confidence"`
	Evidence    string      `gorm:"column:evidence"`
	ConfirmedBy *string     `gorm:"column:confirmed_by"`
	ConfirmedAt *time.Time  `gorm:"column:confirmed_at"`
	EndedOn     *time.Time  `gorm:"column:ended_on"`
	CreatedBy   *string     `gorm:"column:created_by"` // nil: seeded from the reference notes
	CreatedAt   time.Time   `gorm:"column:created_at"`
	// The names of the people, read with the row.
	CreatedByName   string `gorm:"column:created_by_name;->" json:"-"`
	ConfirmedByName string `gorm:"column:confirmed_by_name;->" json:"-"`
}

// TableName maps Measure to its table.
func (Measure) TableName() string { return "restrictive_measures" }

// InForce reports whether the measure applies on day: not ended by then.
func (m *Measure) InForce(day time.Time) bool {
	return m.EndedOn == nil || m.EndedOn.After(today(day))
}

// MeasureInput is a new measure as a person enters it.
type MeasureInput struct {
	Kind, LegalAct, AdoptedOn, Scope, Evidence string
}

// AddMeasure records a restrictive measure on the country with code. It is
// "to verify" until a compliance officer confirms it. Errors: Invalid,
// NotFound, Forbidden.
func (s *Service) AddMeasure(ctx context.Context, code string, in MeasureInput) (*Measure, error) {
	actor, err := auth.Require(ctx, auth.PermEditReference)
	if err != nil {
		return nil, err
	}
	e := fieldErrors{}
	m := &Measure{ID: db.NewID(), Kind: MeasureKind(in.Kind), Confidence: ToVerify,
		LegalAct:  e.text("legal_act", in.LegalAct, 500, "Name the legal act, e.g. Council Decision 2014/512/CFSP."),
		AdoptedOn: e.date("adopted_on", in.AdoptedOn, ""),
		Scope:     e.text("scope", in.Scope, 500, "Say whom or what the measure covers: full, non-government forces, listed persons …"),
		Evidence:  e.text("evidence", in.Evidence, 4000, "Say what you read and where, so that it can be checked.")}
	if !MeasureKinds.Has(m.Kind) {
		e["kind"] = "Choose the kind of measure."
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	err = s.change(ctx, actor, code, func(tx *gorm.DB, c Country, now time.Time) (audit.Event, error) {
		m.CountryCode, m.CreatedBy, m.CreatedAt = c.Code, &actor.UserID, now
		if err := tx.Create(m).Error; err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "country.measure_add",
			Summary: fmt.Sprintf("%s: recorded %s (%s), scope %s — to verify", c.Name, strings.ToLower(m.Kind.Label()), m.LegalAct, m.Scope),
			After:   m}, nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ConfirmMeasure marks a measure of the country as checked against its legal
// text by the acting compliance officer. Errors: NotFound, Forbidden,
// Conflict (already confirmed).
func (s *Service) ConfirmMeasure(ctx context.Context, code, id string) error {
	actor, err := auth.Require(ctx, auth.PermJudgeCountries)
	if err != nil {
		return err
	}
	return s.change(ctx, actor, code, func(tx *gorm.DB, c Country, now time.Time) (audit.Event, error) {
		m, err := measureOf(tx, c, id)
		if err != nil {
			return audit.Event{}, err
		}
		if m.Confidence == Confirmed {
			return audit.Event{}, apperr.New(apperr.Conflict, "That measure is already confirmed.")
		}
		if err := tx.Model(m).Updates(map[string]any{"confidence": Confirmed, "confirmed_by": actor.UserID, "confirmed_at": now}).Error; err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "country.measure_confirm",
			Summary: fmt.Sprintf("%s: confirmed %s (%s), scope %s", c.Name, strings.ToLower(m.Kind.Label()), m.LegalAct, m.Scope),
			Before:  map[string]any{"measure": m.ID, "confidence": m.Confidence},
			After:   map[string]any{"measure": m.ID, "confidence": Confirmed}}, nil
	})
}

// EndMeasure records that a measure of the country was lifted (or expires)
// on endedOn; the measure stays on record. Errors: Invalid, NotFound,
// Forbidden, Conflict (already ended).
func (s *Service) EndMeasure(ctx context.Context, code, id, endedOn string) error {
	actor, err := auth.Require(ctx, auth.PermEditReference)
	if err != nil {
		return err
	}
	e := fieldErrors{}
	end := e.date("ended_on", endedOn, "Enter the date the measure was lifted.")
	if err := e.err(); err != nil {
		return err
	}
	return s.change(ctx, actor, code, func(tx *gorm.DB, c Country, _ time.Time) (audit.Event, error) {
		m, err := measureOf(tx, c, id)
		if err != nil {
			return audit.Event{}, err
		}
		if m.EndedOn != nil {
			return audit.Event{}, apperr.New(apperr.Conflict, "That measure was already recorded as lifted on %s.", m.EndedOn.Format(time.DateOnly))
		}
		if m.AdoptedOn != nil && end.Before(*m.AdoptedOn) {
			return audit.Event{}, apperr.Validation(map[string]string{"ended_on": "A measure cannot end before it was adopted (" + m.AdoptedOn.Format(time.DateOnly) + ")."})
		}
		if err := tx.Model(m).Update("ended_on", *end).Error; err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "country.measure_end",
			Summary: fmt.Sprintf("%s: %s (%s) lifted on %s", c.Name, strings.ToLower(m.Kind.Label()), m.LegalAct, end.Format(time.DateOnly)),
			After:   map[string]any{"measure": m.ID, "ended_on": end.Format(time.DateOnly)}}, nil
	})
}

// measureOf returns the measure id of country c; another country's measure is NotFound.
func measureOf(tx *gorm.DB, c Country, id string) (*Measure, error) {
	var m Measure
	err := tx.Where("id = ? AND country_code = ?", id, c.Code).Take(&m).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "%s has no such measure.", c.Name)
	}
	return &m, err
}
