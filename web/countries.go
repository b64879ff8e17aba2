package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/reference"
	rview "github.com/vigil-icp/vigil/templates/reference"
)

// countryList handles GET /countries.
func (s *Server) countryList(c echo.Context) error {
	q := c.QueryParams()
	rows, err := s.Reference.Overview(c.Request().Context(), reference.Filter{Query: q.Get("q"), Tier: q.Get("tier")})
	if err != nil {
		return err
	}
	v := rview.CountryList{Rows: rows, Filter: rview.Form{Values: map[string]string{"q": q.Get("q"), "tier": q.Get("tier")}},
		Tiers: append(options(reference.TierLevels), rview.Option{Value: reference.NoTier, Label: "No tier set"})}
	return s.render(c, http.StatusOK, "Countries", rview.CountryListPage(v))
}

// countryShow handles GET /countries/:code; ?lift= opens the form recording
// that a measure was lifted.
func (s *Server) countryShow(c echo.Context) error {
	return s.renderCountry(c, http.StatusOK, countryForms{lifting: c.QueryParam("lift")})
}

// countryForms are the forms of a country's page as a refused change left them.
type countryForms struct {
	measure, indicator, tier, lift rview.Form
	lifting                        string
}

func (s *Server) renderCountry(c echo.Context, status int, forms countryForms) error {
	ctx := c.Request().Context()
	r, err := s.Reference.Record(ctx, c.Param("code"))
	if err != nil {
		return err
	}
	actor := auth.ActorFrom(ctx)
	v := rview.CountryPage{Record: r, Today: s.DB.Now(),
		CanEdit: actor.Can(auth.PermEditReference), CanJudge: actor.Can(auth.PermJudgeCountries), Kinds: options(reference.MeasureKinds), Tiers: options(reference.TierLevels),
		MeasureForm: forms.measure, IndicatorForm: forms.indicator, TierForm: forms.tier, LiftForm: forms.lift, Lifting: forms.lifting}
	return s.render(c, status, r.Country.Name, rview.CountryPageView(v))
}

// countryChange runs one change on the country in :code. A refusal the user
// can act on (bad input, a concurrent change) comes back on the country's
// page with what they typed; success goes back to the page at anchor.
func (s *Server) countryChange(c echo.Context, anchor, done string, change func(ctx context.Context, code string) error, refused func(err error) countryForms) error {
	err := change(c.Request().Context(), c.Param("code"))
	switch apperr.CodeOf(err) {
	case "":
		s.flash(c, "success", done)
		return redirect(c, "/countries/"+strings.ToUpper(strings.TrimSpace(c.Param("code")))+anchor)
	case apperr.Invalid, apperr.Conflict:
		return s.renderCountry(c, statusOf[apperr.CodeOf(err)], refused(err))
	}
	return err
}

var measureFields = []string{"kind", "legal_act", "adopted_on", "scope", "evidence"}

// countryMeasureAdd handles POST /countries/:code/measures.
func (s *Server) countryMeasureAdd(c echo.Context) error {
	f := formOf(c, measureFields...)
	return s.countryChange(c, "#measures", "Measure recorded; it shows as “to verify” until confirmed.", func(ctx context.Context, code string) error {
		_, err := s.Reference.AddMeasure(ctx, code, reference.MeasureInput{Kind: f.V("kind"), LegalAct: f.V("legal_act"),
			AdoptedOn: f.V("adopted_on"), Scope: f.V("scope"), Evidence: f.V("evidence")})
		return err
	}, func(err error) countryForms { return countryForms{measure: withError(f, err)} })
}

// countryMeasureConfirm handles POST /countries/:code/measures/:id/confirm.
func (s *Server) countryMeasureConfirm(c echo.Context) error {
	return s.countryChange(c, "#measures", "Measure confirmed.", func(ctx context.Context, code string) error {
		return s.Reference.ConfirmMeasure(ctx, code, c.Param("id"))
	}, func(err error) countryForms { return countryForms{lift: withError(rview.Form{}, err)} })
}

// countryMeasureEnd handles POST /countries/:code/measures/:id/end.
func (s *Server) countryMeasureEnd(c echo.Context) error {
	f := formOf(c, "ended_on")
	return s.countryChange(c, "#measures", "Lifting recorded; the measure stays on record.", func(ctx context.Context, code string) error {
		return s.Reference.EndMeasure(ctx, code, c.Param("id"), f.V("ended_on"))
	}, func(err error) countryForms { return countryForms{lift: withError(f, err), lifting: c.Param("id")} })
}

var indicatorFields = []string{"indicator", "edition", "value", "scale", "source_url", "retrieved_at"}

// countryIndicatorAdd handles POST /countries/:code/indicators.
func (s *Server) countryIndicatorAdd(c echo.Context) error {
	f := formOf(c, indicatorFields...)
	return s.countryChange(c, "#indicators", "Indicator value recorded.", func(ctx context.Context, code string) error {
		_, err := s.Reference.AddIndicator(ctx, code, reference.IndicatorInput{Indicator: f.V("indicator"), Edition: f.V("edition"),
			Value: f.V("value"), Scale: f.V("scale"), SourceURL: f.V("source_url"), RetrievedAt: f.V("retrieved_at")})
		return err
	}, func(err error) countryForms { return countryForms{indicator: withError(f, err)} })
}

// countryTier handles POST /countries/:code/tier.
func (s *Server) countryTier(c echo.Context) error {
	f := formOf(c, "tier", "rationale")
	return s.countryChange(c, "#tier", "Risk tier set.", func(ctx context.Context, code string) error {
		_, err := s.Reference.SetTier(ctx, code, f.V("tier"), f.V("rationale"))
		return err
	}, func(err error) countryForms { return countryForms{tier: withError(f, err)} })
}

// redFlagList handles GET /red-flags; ?edit= opens one flag's form.
func (s *Server) redFlagList(c echo.Context) error {
	return s.renderRedFlags(c, http.StatusOK, strings.ToUpper(c.QueryParam("edit")), rview.Form{})
}

func (s *Server) renderRedFlags(c echo.Context, status int, editing string, form rview.Form) error {
	ctx := c.Request().Context()
	flags, err := s.Reference.Catalogue(ctx)
	if err != nil {
		return err
	}
	if form.Values == nil {
		for _, f := range flags {
			if f.Code == editing {
				form.Values = map[string]string{"title": f.Title, "guidance": f.Guidance, "active": map[bool]string{true: "1"}[f.Active]}
			}
		}
	}
	v := rview.RedFlags{Flags: flags, CanEdit: auth.ActorFrom(ctx).Can(auth.PermEditReference),
		Editing: editing, Form: form}
	return s.render(c, status, "Red flags", rview.RedFlagsPage(v))
}

// redFlagUpdate handles POST /red-flags/:code.
func (s *Server) redFlagUpdate(c echo.Context) error {
	f := formOf(c, "title", "guidance", "active")
	flag, err := s.Reference.UpdateRedFlag(c.Request().Context(), c.Param("code"),
		reference.RedFlagInput{Title: f.V("title"), Guidance: f.V("guidance"), Active: f.V("active") != ""})
	if apperr.CodeOf(err) == apperr.Invalid {
		return s.renderRedFlags(c, http.StatusUnprocessableEntity, strings.ToUpper(c.Param("code")), withError(f, err))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", flag.Code+" saved.")
	return redirect(c, "/red-flags#"+flag.Code)
}
