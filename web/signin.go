package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/account"
)

func client(c echo.Context) auth.Client {
	return auth.Client{IP: c.RealIP(), UserAgent: c.Request().UserAgent()}
}

// signinForm handles GET /signin.
func (s *Server) signinForm(c echo.Context) error {
	if auth.ActorFrom(c.Request().Context()) != nil {
		return redirect(c, localPath(c.QueryParam("next")))
	}
	return s.signinPage(c, http.StatusOK, account.SignIn{Next: c.QueryParam("next")})
}

// signinPage renders the sign-in form with an anti-forgery token made for
// this browser, which has no session yet.
func (s *Server) signinPage(c echo.Context, status int, v account.SignIn) error {
	s.csrfToken(c, true)
	return s.render(c, status, "Sign in", s.signinComponent(v))
}

// signin handles POST /signin. A new session token replaces whatever the
// cookie held before, so a planted session id is never promoted.
func (s *Server) signin(c echo.Context) error {
	email, next := c.FormValue("email"), c.FormValue("next")
	token, _, err := s.Auth.SignIn(c.Request().Context(), email, c.FormValue("password"), client(c))
	if second := (*auth.SecondStepNeeded)(nil); errors.As(err, &second) {
		return s.startSecondStep(c, second, next)
	}
	if err != nil {
		status := statusOf[apperr.CodeOf(err)]
		if status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			return err
		}
		setRetryAfter(c, err)
		return s.signinPage(c, status, account.SignIn{Email: email, Next: next, Error: apperr.Message(err)})
	}
	if err := s.saveSession(c, map[any]any{keyToken: token}); err != nil {
		return err
	}
	return redirect(c, localPath(next))
}

// signout handles POST /signout.
func (s *Server) signout(c echo.Context) error {
	if err := s.Auth.SignOut(c.Request().Context()); err != nil {
		return err
	}
	if err := s.saveSession(c, nil); err != nil {
		return err
	}
	s.flash(c, "success", "You have signed out.")
	return redirect(c, "/signin")
}
