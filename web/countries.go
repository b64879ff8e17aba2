package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

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

var measureFields = []string{"kind", "legal_act", "adopted_on", "scope", "evidence"}

// countryMeasureAdd handles POST /countries/:code/measures.
func (s *Server) countryMeasureAdd(c echo.Context) error {
	code, f := c.Param("code"), formOf(c, measureFields...)
	return s.submit(c, f, func() (outcome, error) {
		_, err := s.Reference.AddMeasure(c.Request().Context(), code, reference.MeasureInput{Kind: f.V("kind"),
			LegalAct: f.V("legal_act"), AdoptedOn: f.V("adopted_on"), Scope: f.V("scope"), Evidence: f.V("evidence")})
		return outcome{"Measure recorded; it shows as “to verify” until confirmed.", countryHref(code, "#measures")}, err
	}, func(status int, f rview.Form) error { return s.renderCountry(c, status, countryForms{measure: f}) })
}

// countryMeasureConfirm handles POST /countries/:code/measures/:id/confirm.
func (s *Server) countryMeasureConfirm(c echo.Context) error {
	code := c.Param("code")
	return s.submit(c, rview.Form{}, func() (outcome, error) {
		err := s.Reference.ConfirmMeasure(c.Request().Context(), code, c.Param("id"))
		return outcome{"Measure confirmed.", countryHref(code, "#measures")}, err
	}, func(status int, f rview.Form) error { return s.renderCountry(c, status, countryForms{lift: f}) })
}

// countryMeasureEnd handles POST /countries/:code/measures/:id/end.
func (s *Server) countryMeasureEnd(c echo.Context) error {
	code, f := c.Param("code"), formOf(c, "ended_on")
	return s.submit(c, f, func() (outcome, error) {
		err := s.Reference.EndMeasure(c.Request().Context(), code, c.Param("id"), f.V("ended_on"))
		return outcome{"Lifting recorded; the measure stays on record.", countryHref(code, "#measures")}, err
	}, func(status int, f rview.Form) error {
		return s.renderCountry(c, status, countryForms{lift: f, lifting: c.Param("id")})
	})
}

var indicatorFields = []string{"indicator", "edition", "value", "scale", "source_url", "retrieved_at"}

// countryIndicatorAdd handles POST /countries/:code/indicators.
func (s *Server) countryIndicatorAdd(c echo.Context) error {
	code, f := c.Param("code"), formOf(c, indicatorFields...)
	return s.submit(c, f, func() (outcome, error) {
		_, err := s.Reference.AddIndicator(c.Request().Context(), code, reference.IndicatorInput{Indicator: f.V("indicator"),
			Edition: f.V("edition"), Value: f.V("value"), Scale: f.V("scale"), SourceURL: f.V("source_url"), RetrievedAt: f.V("retrieved_at")})
		return outcome{"Indicator value recorded.", countryHref(code, "#indicators")}, err
	}, func(status int, f rview.Form) error { return s.renderCountry(c, status, countryForms{indicator: f}) })
}

// countryTier handles POST /countries/:code/tier.
func (s *Server) countryTier(c echo.Context) error {
	code, f := c.Param("code"), formOf(c, "tier", "rationale")
	return s.submit(c, f, func() (outcome, error) {
		_, err := s.Reference.SetTier(c.Request().Context(), code, f.V("tier"), f.V("rationale"))
		return outcome{"Risk tier set.", countryHref(code, "#tier")}, err
	}, func(status int, f rview.Form) error { return s.renderCountry(c, status, countryForms{tier: f}) })
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
	return s.submit(c, f, func() (outcome, error) {
		flag, err := s.Reference.UpdateRedFlag(c.Request().Context(), c.Param("code"),
			reference.RedFlagInput{Title: f.V("title"), Guidance: f.V("guidance"), Active: f.V("active") != ""})
		if err != nil {
			return outcome{}, err
		}
		return outcome{flag.Code + " saved.", "/red-flags#" + flag.Code}, nil
	}, func(status int, f rview.Form) error {
		return s.renderRedFlags(c, status, strings.ToUpper(c.Param("code")), f)
	})
}
