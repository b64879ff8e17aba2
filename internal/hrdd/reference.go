package hrdd

import (
	"context"
	"fmt"
	"strings"

	"github.com/vigil-icp/vigil/internal/reference"
)

// ReferenceData gives the assessment the country reference data: tier,
// restrictive measures in force, the latest human-rights indicators, and the
// red-flag catalogue.
type ReferenceData struct{ Ref *reference.Service }

// Destination implements Destinations.
func (r ReferenceData) Destination(ctx context.Context, code string) (Destination, error) {
	p, err := r.Ref.Profile(ctx, code)
	if err != nil {
		return Destination{}, err
	}
	d := Destination{Code: p.Country.Code, Name: p.Country.Name, Restrictions: restrictions(p.Measures)}
	if p.Tier != nil {
		d.Tier = string(p.Tier.Tier)
	}
	_, d.ArmsEmbargo = p.ArmsEmbargoed()
	for _, m := range p.Measures {
		d.Measures = append(d.Measures, strings.TrimSpace(fmt.Sprintf("%s (%s): %s — %s", m.Kind.Label(), m.Scope, m.LegalAct,
			strings.ToLower(m.Confidence.Label()))))
	}
	for _, o := range p.Indicators {
		d.Indicators = append(d.Indicators, fmt.Sprintf("%s %s: %s (retrieved %s)", o.Indicator, o.Edition, o.Value,
			o.RetrievedAt.Format("2 Jan 2006")))
	}
	return d, nil
}

// Standing implements Destinations.
func (r ReferenceData) Standing(ctx context.Context, code string) (Destination, error) {
	st, err := r.Ref.Standing(ctx, code)
	return Destination{Code: code, Name: code, Tier: string(st.Tier), Restrictions: restrictions(st.Measures)}, err
}

// restrictions are the measures as the assessment reads them.
func restrictions(ms []reference.Measure) []Restriction {
	out := make([]Restriction, len(ms))
	for i, m := range ms {
		out[i] = Restriction{Kind: m.Kind.Label(), LegalAct: m.LegalAct, Scope: m.Scope, Confirmed: m.Confidence == reference.Confirmed}
	}
	return out
}

// RedFlags implements Destinations.
func (r ReferenceData) RedFlags(ctx context.Context) ([]RedFlag, error) {
	flags, err := r.Ref.RedFlags(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RedFlag, len(flags))
	for i, f := range flags {
		out[i] = RedFlag{Code: f.Code, Title: f.Title}
	}
	return out, nil
}
