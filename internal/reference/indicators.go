package reference

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Indicator is one published value of a human-rights indicator for a
// country, as published, with where and when it was read.
type Indicator struct {
	ID          string    `gorm:"column:id;primaryKey"`
	CountryCode string    `gorm:"column:country_code"`
	Indicator   string    `gorm:"column:indicator"` // "Freedom House — Freedom in the World"
	Edition     string    `gorm:"column:edition"`   // "2025"
	Value       string    `gorm:"column:value"`     // as published: "11/100, Not Free"
	Scale       string    `gorm:"column:scale"`     // "0–100; Free / Partly Free / Not Free"
	SourceURL   string    `gorm:"column:source_url"`
	RetrievedAt time.Time `gorm:"column:retrieved_at"` // a date
	EnteredBy   string    `gorm:"column:entered_by"`
	EnteredAt   time.Time `gorm:"column:entered_at"`
	// EnteredByName is the name of the person, read with the row.
	EnteredByName string `gorm:"column:entered_by_name;->" json:"-"`
}

// TableName maps Indicator to its table.
func (Indicator) TableName() string { return "hr_indicators" }

// IndicatorInput is an observation as a person enters it.
type IndicatorInput struct {
	Indicator, Edition, Value, Scale, SourceURL, RetrievedAt string
}

// AddIndicator records an observation of a human-rights indicator for the
// country with code. Every field is required: a value without its source and
// the date it was read cannot be checked. Errors: Invalid, NotFound, Forbidden.
func (s *Service) AddIndicator(ctx context.Context, code string, in IndicatorInput) (*Indicator, error) {
	actor, err := auth.Require(ctx, auth.PermEditReference)
	if err != nil {
		return nil, err
	}
	e := fieldErrors{}
	o := &Indicator{ID: db.NewID(),
		Indicator: e.text("indicator", in.Indicator, 200, "Name the indicator, e.g. Freedom House — Freedom in the World."),
		Edition:   e.text("edition", in.Edition, 50, "Give the edition or year of publication."),
		Value:     e.text("value", in.Value, 200, "Give the value as published."),
		Scale:     e.text("scale", in.Scale, 200, "Give the scale the value is on, e.g. 0–100; Free / Partly Free / Not Free."),
		SourceURL: e.text("source_url", in.SourceURL, 2000, "Give the address of the page the value was read on.")}
	if _, ok := e["source_url"]; !ok && !IsWebAddress(o.SourceURL) {
		e["source_url"] = "Give a web address starting with http:// or https://."
	}
	switch retrieved := e.date("retrieved_at", in.RetrievedAt, "Give the date the value was read."); {
	case retrieved == nil:
	case retrieved.After(today(s.db.Now())):
		e["retrieved_at"] = "The date the value was read cannot be in the future."
	default:
		o.RetrievedAt = *retrieved
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	err = s.change(ctx, actor, code, func(tx *gorm.DB, c Country, now time.Time) (audit.Event, error) {
		o.CountryCode, o.EnteredBy, o.EnteredAt = c.Code, actor.UserID, now
		if err := tx.Create(o).Error; err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "country.indicator_add",
			Summary: fmt.Sprintf("%s: %s %s = %s (%s), read %s at %s", c.Name, o.Indicator, o.Edition, o.Value, o.Scale,
				o.RetrievedAt.Format(time.DateOnly), o.SourceURL),
			After: o}, nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// IsWebAddress reports whether s is an absolute http or https address: the
// scheme (in any case), "://" and a host name, with no space or control
// character anywhere. It is the rule for every source address Vigil keeps.
func IsWebAddress(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	var rest string
	for _, scheme := range []string{"http://", "https://"} {
		if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			rest = s[len(scheme):]
		}
	}
	authority, _, _ := strings.Cut(rest, "/")
	authority, _, _ = strings.Cut(authority, "?")
	authority, _, _ = strings.Cut(authority, "#")
	host := authority[strings.LastIndex(authority, "@")+1:]
	return host != "" && host[0] != ':'
}
