// Package reference renders the country reference data of human-rights due
// diligence (restrictive measures, human-rights indicators, risk tiers) and
// the red-flag catalogue.
package reference

import (
	"time"

	ref "github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/templates/components"
)

// Option is a choice in a select.
type Option = components.Option

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// CountryList is the countries page.
type CountryList struct {
	Rows   []ref.CountryRow
	Filter Form // q, tier
	Tiers  []Option
}

// CountryPage is one country's page: its measures, indicators and tier.
type CountryPage struct {
	Record            *ref.Record
	Today             time.Time
	CanEdit, CanJudge bool
	Kinds, Tiers      []Option
	MeasureForm       Form // kind, legal_act, adopted_on, scope, evidence
	IndicatorForm     Form // indicator, edition, value, scale, source_url, retrieved_at
	TierForm          Form // tier, rationale
	// LiftForm is the form recording that the measure Lifting ended
	// (ended_on); its Error also tells of a refused confirmation.
	LiftForm Form
	Lifting  string
}

// RedFlags is the red-flag catalogue.
type RedFlags struct {
	Flags   []ref.RedFlag
	CanEdit bool
	Editing string // the code of the flag whose form is open
	Form    Form   // title, guidance, active
}
