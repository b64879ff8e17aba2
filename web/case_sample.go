package web

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// maxSample is the most cases one sample draws.
const maxSample = 200

// caseSample handles GET /cases/sample?n=N[&seed=S] with the list's filter:
// n cases (5 unless given) drawn at random from those the filter matches, with a seed drawn
// now unless given; the draw is recorded.
func (s *Server) caseSample(c echo.Context) error {
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	n, err := 5, error(nil)
	if c.QueryParam("n") != "" {
		n, err = strconv.Atoi(c.QueryParam("n"))
	}
	if err != nil || n < 1 || n > maxSample {
		return apperr.Validation(map[string]string{"n": "Ask for a sample of 1 to 200 cases."})
	}
	seed, err := strconv.ParseUint(c.QueryParam("seed"), 10, 64)
	if c.QueryParam("seed") == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		seed, err = binary.BigEndian.Uint64(b[:]), nil
	}
	if err != nil {
		return apperr.Validation(map[string]string{"seed": "The seed is a whole number."})
	}
	ctx := c.Request().Context()
	rows, matched, err := s.Cases.Sample(ctx, f, n, seed)
	if err != nil {
		return err
	}
	from := caseListHref(f, f.Status, 1)
	v := view.Sample{Matched: matched, N: n, Seed: strconv.FormatUint(seed, 10), FromHref: from}
	values := caseFilterValues(f)
	values["n"], values["seed"] = strconv.Itoa(n), v.Seed
	v.ReproduceHref = withQuery("/cases/sample", values)
	refs := make([]string, len(rows))
	for i, r := range rows {
		refs[i] = r.Reference
		v.Rows = append(v.Rows, view.ListRow{ID: r.ID, Reference: r.Reference, Title: r.Title, StatusLabel: r.Status.Label(),
			Destination: r.Destination, Owner: r.OwnerName, Matched: r.Matched})
	}
	if err := s.Audit.Sampled(ctx, from, seed, refs); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Sample of cases", view.SamplePage(v))
}
