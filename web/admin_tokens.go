package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/templates/admin"
)

// tokenList handles GET /admin/tokens.
func (s *Server) tokenList(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, admin.TokenPage{})
}

// tokenCreate handles POST /admin/tokens. The new token is shown on the
// page it answers with, this once: Vigil keeps only its hash, so it cannot
// travel through a redirect. A bad name comes back with 422.
func (s *Server) tokenCreate(c echo.Context) error {
	name := c.FormValue("name")
	t, secret, err := s.Tokens.Create(c.Request().Context(), name)
	if status, ok := refusal(err); ok {
		return s.renderTokens(c, status, admin.TokenPage{Name: name, NameError: apperr.FieldsOf(err)["name"]})
	}
	if err != nil {
		return err
	}
	return s.renderTokens(c, http.StatusOK, admin.TokenPage{Created: &admin.NewToken{Name: t.Name, Secret: secret}})
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
		row := admin.TokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedBy: t.Creator(), CreatedAt: t.CreatedAt}
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
