package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/account"
	"github.com/vigil-icp/vigil/templates/components"
)

// account handles GET /account.
func (s *Server) account(c echo.Context) error {
	return s.renderAccount(c, http.StatusOK, account.Page{})
}

// renderAccount shows the account page with the forms of v as they came back.
func (s *Server) renderAccount(c echo.Context, status int, v account.Page) error {
	ctx := c.Request().Context()
	a := auth.ActorFrom(ctx)
	u, sessions, err := s.Auth.Me(ctx)
	if err != nil {
		return err
	}
	v.Name, v.Email, v.PasswordChangedAt = u.Name, u.Email, u.PasswordChangedAt
	refused := v.MFA.Error
	if v.MFA, err = s.mfaSection(c); err != nil {
		return err
	}
	v.MFA.Error = refused
	for _, r := range u.Roles {
		v.Roles = append(v.Roles, r.Label())
	}
	for _, ss := range sessions {
		v.Sessions = append(v.Sessions, account.Session{ID: ss.ID, Current: ss.ID == a.SessionID, ClientIP: ss.ClientIP,
			UserAgent: ss.UserAgent, CreatedAt: ss.CreatedAt, LastSeen: ss.LastSeenAt})
	}
	return s.render(c, status, "My account", account.AccountPage(v))
}

// accountPassword handles POST /account/password. The user's other sessions
// end and this browser gets a fresh session.
func (s *Server) accountPassword(c echo.Context) error {
	next := c.FormValue("password")
	if next != c.FormValue("confirm") {
		return s.renderAccount(c, http.StatusUnprocessableEntity, account.Page{PasswordForm: account.PasswordForm{
			Errors: map[string]string{"confirm": "The two new passwords differ."}}})
	}
	return s.submit(c, components.Form{}, func() (outcome, error) {
		token, err := s.Auth.ChangeOwnPassword(c.Request().Context(), c.FormValue("current"), next, client(c))
		if err != nil {
			return outcome{}, err
		}
		if err := s.saveSession(c, map[any]any{keyToken: token}); err != nil {
			return outcome{}, err
		}
		return outcome{"Your password has been changed and your other sessions have ended.", "/account"}, nil
	}, func(status int, f components.Form) error {
		return s.renderAccount(c, status, account.Page{PasswordForm: account.PasswordForm{Errors: f.Errors, Error: f.Error}})
	})
}

// accountSessionEnd handles POST /account/sessions/:id/end.
func (s *Server) accountSessionEnd(c echo.Context) error {
	if err := s.Auth.EndOwnSession(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	s.flash(c, "success", "The session has ended.")
	return redirect(c, "/account")
}

// accountSessionsEndOthers handles POST /account/sessions/end-others.
func (s *Server) accountSessionsEndOthers(c echo.Context) error {
	if err := s.Auth.EndOtherOwnSessions(c.Request().Context()); err != nil {
		return err
	}
	s.flash(c, "success", "Your other sessions have ended.")
	return redirect(c, "/account")
}
