package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/vocab"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/templates/format"
	sview "github.com/vigil-icp/vigil/templates/screening"
)

// screeningAdhoc handles GET /screening: the form, and with ?name= the hits.
func (s *Server) screeningAdhoc(c echo.Context) error {
	ctx := c.Request().Context()
	countries, err := s.countries()
	if err != nil {
		return err
	}
	form := formOf(c, "name", "kind", "country", "birth_date")
	v := sview.Adhoc{Form: form, Kinds: options(kindOptions), Countries: countries.choices,
		NoLists: len(s.Screening.Current().Versions) == 0}
	status := http.StatusOK
	if c.QueryParams().Has("name") {
		q := matching.Query{Name: form.V("name"), Kind: watchlist.Kind(form.V("kind")), Country: form.V("country"), BirthDate: form.V("birth_date")}
		res, err := s.Screening.ScreenAndRecord(ctx, q, 20)
		switch apperr.CodeOf(err) {
		case "":
			v.Searched = true
			v.Lists, v.Algorithm, v.Threshold = versionsLabel(res.Versions), res.Algorithm, fmt.Sprintf("%.2f", matching.DefaultThreshold)
			for _, h := range res.Hits {
				v.Hits = append(v.Hits, hitView(h))
			}
		case apperr.Invalid:
			v.Form.Errors, status = apperr.FieldsOf(err), http.StatusUnprocessableEntity
		default:
			return err
		}
	}
	return s.render(c, status, "Screen a name", sview.AdhocPage(v))
}

var kindOptions = vocab.Terms[string]{
	{Value: string(watchlist.Individual), Label: "Person"},
	{Value: string(watchlist.Entity), Label: "Company or organisation"},
	{Value: string(watchlist.Vessel), Label: "Vessel"},
	{Value: string(watchlist.Aircraft), Label: "Aircraft"},
}

// hitView shows a hit with what the list says of the entry.
func hitView(h matching.Hit) sview.Hit {
	e := h.Entry
	places := slices.Concat(e.Countries, e.Nationalities)
	for _, a := range e.Addresses {
		places = append(places, strings.Trim(a.Text+", "+a.Country, ", "))
	}
	var ids []string
	for _, id := range e.Identifiers {
		ids = append(ids, strings.TrimSpace(id.Type+" "+id.Number))
	}
	return sview.Hit{List: e.Source.Label(), SourceID: e.SourceID, Name: e.Names[0].Text, Kind: string(e.Kind),
		MatchedName: h.MatchedName, Score: fmt.Sprintf("%.2f", h.Score), Explanation: h.Explanation,
		Programs: strings.Join(e.Programs, ", "), Places: strings.Join(slices.Compact(places), "; "),
		BirthDates: strings.Join(e.BirthDates, "; "), Identifiers: strings.Join(ids, "; "),
		Strong: h.Score >= matching.DefaultThreshold}
}

// versionsLabel names the list versions screened against, for people.
func versionsLabel(versions []screening.Version) string {
	parts := make([]string, len(versions))
	for i, v := range versions {
		parts[i] = fmt.Sprintf("%s (imported %s, %s entries)", v.Source.Label(), format.Date(v.ImportedAt), thousands(v.EntryCount))
	}
	return strings.Join(parts, " · ")
}

// thousands writes n with thousands separators.
func thousands(n int) string { return cases.FormatDecimal(int64(n), 0, 0) }
