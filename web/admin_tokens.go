package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/templates/admin"
)

// tokenList handles GET /admin/tokens.
func (s *Server) tokenList(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, admin.TokenPage{Rate: strconv.Itoa(apitoken.DefaultRate)})
}

// tokenCreate handles POST /admin/tokens. The new token is shown on the
// page it answers with, this once: Vigil keeps only its hash, so it cannot
// travel through a redirect. A bad name or rate comes back with 422.
func (s *Server) tokenCreate(c echo.Context) error {
	name, rateText := c.FormValue("name"), c.FormValue("rate")
	ratePerSecond, err := apitoken.ParseRate(rateText)
	var t *apitoken.Token
	var secret string
	if err == nil {
		t, secret, err = s.Tokens.Create(c.Request().Context(), name, ratePerSecond)
	}
	if status, ok := refusal(err); ok {
		fields := apperr.FieldsOf(err)
		return s.renderTokens(c, status, admin.TokenPage{Name: name, NameError: fields["name"], Rate: rateText, RateError: fields["rate"]})
	}
	if err != nil {
		return err
	}
	page := admin.TokenPage{Rate: strconv.Itoa(apitoken.DefaultRate), Created: &admin.NewToken{Name: t.Name, Secret: secret}}
	return s.renderTokens(c, http.StatusOK, page)
}

// tokenRevoke handles POST /admin/tokens/:id/revoke.
func (s *Server) tokenRevoke(c echo.Context) error {
	t, err := s.Tokens.Revoke(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	s.flash(c, "success", "Revoked the token “"+t.Name+"”: it no longer opens the API.")
	return redirect(c, "/admin/tokens")
}

// renderTokens shows the token list around page, which carries the form's
// state or a token just created.
func (s *Server) renderTokens(c echo.Context, status int, page admin.TokenPage) error {
	tokens, err := s.Tokens.List(c.Request().Context())
	if err != nil {
		return err
	}
	for _, t := range tokens {
		row := admin.TokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Rate: apitoken.PerSecond(t.RatePerSecond), CreatedBy: t.Creator(), CreatedAt: t.CreatedAt}
		if t.LastUsedAt != nil {
			row.LastUsedAt = *t.LastUsedAt
		}
		if t.RevokedAt != nil {
			row.RevokedAt = *t.RevokedAt
		}
		page.Tokens = append(page.Tokens, row)
	}
	return s.render(c, status, "API tokens", admin.TokenListPage(page))
}
