// Package licensing renders the authorisations: the Union general export
// authorisations with the company's registrations, and the company's
// licences with what their ledgers hold.
package licensing

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Option is a choice in a select.
type Option = components.Option

// List is the licences page: the GEAs and the company's licences.
type List struct {
	GEAs      []licensing.GEAStatus
	Licences  []licensing.Licence
	Today     time.Time
	CanManage bool
}

// GEAPage is one GEA with its facts and the company's registration.
type GEAPage struct {
	GEA       *licensing.GEAStatus
	Register  Form // registered_on, authority, reference
	CanManage bool
}

// LicenceForm records a licence.
type LicenceForm struct {
	Form  Form
	Types []Option
}

// LicencePage is one licence with its ledger.
type LicencePage struct {
	Licence *licensing.Licence
	Entries []licensing.Entry
	Today   time.Time
}

// ExpiringWithin is how soon a licence's end counts as soon on the list.
const ExpiringWithin = 60 * 24 * time.Hour

// validity says where the licence stands on day.
func validity(l *licensing.Licence, day time.Time) string {
	switch {
	case day.Before(l.ValidFrom):
		return "not yet valid"
	case !l.ValidIn(day):
		return "expired"
	case l.ValidUntil.Sub(day) <= ExpiringWithin:
		return "expires soon"
	}
	return "valid"
}

func period(l *licensing.Licence) string {
	return format.Date(l.ValidFrom) + " – " + format.Date(l.ValidUntil)
}

func list(items []string) string { return format.Or(strings.Join(items, ", "), "—") }

// destinations says where a GEA goes.
func destinations(g licensing.GEA) string {
	if !g.AllExcept {
		return strings.Join(g.Destinations, ", ")
	}
	s := "All destinations except " + strings.Join(g.Destinations, ", ")
	if g.ExceptGEA != "" {
		s += "; and the destinations of " + g.ExceptGEA + " (" + strings.Join(g.Excepted, ", ") + ")"
	}
	if g.EmbargoClause {
		s += "; and any other destination subject to an arms embargo or to restrictive measures of the Union applicable to dual-use items"
	}
	return s
}

func firstUse(g licensing.GEA) string {
	if g.FirstUseBefore {
		return fmt.Sprintf("no later than %d days before the first export", g.FirstUseDays)
	}
	return fmt.Sprintf("within %d days of the first export, or before it where the Member State requires", g.FirstUseDays)
}

func rules(rs []licensing.Rule) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
		if len(r.Entry.With) > 0 {
			out[i] += ", for items of " + strings.Join(r.Entry.With, ", ")
		}
		if r.Fact != "" {
			out[i] += " — depends on " + licensing.Questions[r.Fact]
		}
	}
	return out
}

func questions(fs []licensing.Fact) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = licensing.Questions[f]
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func amount(l *licensing.Licence, e licensing.Entry) string {
	return licensing.Money(e.ValueMinor, l.Currency) + " · " + licensing.Quantity(e.QuantityMilli, l.Unit)
}

func ptr(s *string) string {
	if s == nil {
		return "—"
	}
	return *s
}
