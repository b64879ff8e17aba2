// Package retention says how long an export's records are kept. Art. 27(3)
// of Regulation (EU) 2021/821 keeps them "for at least five years from the
// end of the calendar year in which the export took place"; a company may
// keep them longer, and other regimes that apply to an export may ask for
// more: the longest applies. Nothing in Vigil deletes a case or an event;
// the date says until when nobody may.
package retention

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Regime codes.
const (
	EU = "EU" // Regulation (EU) 2021/821, Art. 27(3): applies to every export
	US = "US" // applies to exports of items subject to US rules (a US ECCN)
)

// euMinimum is Art. 27(3)'s "at least five years".
const euMinimum = 5

// Policy is the years records are kept under each regime, from the end of
// the calendar year of the export. EU is always there, at least five.
type Policy map[string]int

// Default is the legal minimum: five years under Art. 27(3).
var Default = Policy{EU: euMinimum}

// ParsePolicy reads a policy as configured: "EU=7,US=5,UK=6". EU is
// added at five when not named; fewer than five years under EU is refused,
// as Art. 27(3) sets the minimum.
func ParsePolicy(s string) (Policy, error) {
	p := Policy{EU: euMinimum}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, years, ok := strings.Cut(part, "=")
		code = strings.ToUpper(strings.TrimSpace(code))
		n, err := strconv.Atoi(strings.TrimSpace(years))
		switch {
		case !ok || code == "" || err != nil:
			return nil, fmt.Errorf("%q is not REGIME=YEARS, such as EU=5", part)
		case n < 1 || n > 100:
			return nil, fmt.Errorf("%s: %d years is not between 1 and 100", code, n)
		case code == EU && n < euMinimum:
			return nil, fmt.Errorf("EU: Art. 27(3) keeps records at least %d years; %d is fewer", euMinimum, n)
		}
		p[code] = n
	}
	return p, nil
}

// String writes the policy as ParsePolicy reads it, regimes in order.
func (p Policy) String() string {
	var parts []string
	for _, code := range p.codes() {
		parts = append(parts, code+"="+strconv.Itoa(p[code]))
	}
	return strings.Join(parts, ",")
}

func (p Policy) codes() []string {
	codes := make([]string, 0, len(p))
	for c := range p {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Applies says which regimes of p apply to an export: EU always; US when
// subjectToUS (an item with a US ECCN); every other regime the company
// configured, always (its choice).
func (p Policy) Applies(subjectToUS bool) []string {
	var out []string
	for _, code := range p.codes() {
		if code != US || subjectToUS {
			out = append(out, code)
		}
	}
	return out
}

// Period is how long one export's records are kept.
type Period struct {
	From   time.Time // the day the period counts from: the export
	Until  time.Time // the last day records must be kept
	Regime string    // the regime that set it (the longest)
	Years  int
}

// Until is the period of an export on day exported under regimes: to the
// end of the calendar year that many years after the export's year, for
// the regime with the most years (EU, the floor, on a tie).
func (p Policy) Until(exported time.Time, regimes []string) Period {
	best := Period{From: exported, Regime: EU, Years: p.years(EU)}
	for _, code := range regimes {
		if n := p.years(code); n > best.Years {
			best.Regime, best.Years = code, n
		}
	}
	best.Until = time.Date(exported.Year()+best.Years, time.December, 31, 0, 0, 0, 0, time.UTC)
	return best
}

// years is the regime's years, EU never under the minimum.
func (p Policy) years(code string) int {
	if code == EU {
		return max(p[EU], euMinimum)
	}
	return p[code]
}

// Explain says the period for people.
func (pd Period) Explain() string {
	basis := "the company's policy"
	if pd.Regime == EU && pd.Years == euMinimum {
		basis = "Art. 27(3) of Regulation (EU) 2021/821"
	}
	return fmt.Sprintf("Kept until %s: %d years from the end of %d, the year of the export (%s, %s).",
		pd.Until.Format(time.DateOnly), pd.Years, pd.From.Year(), pd.Regime, basis)
}

// Record is how long a record that belongs to no one export (an audit
// event, a user's change) is kept: to the end of the calendar year the
// longest regime's years after the year it was made — the company's rule,
// so that the trail outlasts every export it could concern. An event of a
// case is kept at least as long as its case.
func (p Policy) Record(made time.Time) time.Time {
	years := p.years(EU)
	for code := range p {
		years = max(years, p.years(code))
	}
	return time.Date(made.Year()+years, time.December, 31, 0, 0, 0, 0, time.UTC)
}
