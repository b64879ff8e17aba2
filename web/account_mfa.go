package web

import (
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/account"
)

// mfaSection is the second factor of the signed-in user for their account page.
func (s *Server) mfaSection(c echo.Context) (account.MFA, error) {
	st, err := s.Auth.MFAStatus(c.Request().Context())
	if err != nil {
		return account.MFA{}, err
	}
	return account.MFA{Enabled: st.Enabled, EnabledAt: st.EnabledAt, RecoveryLeft: st.RecoveryLeft, Required: st.Required}, nil
}

// enrolmentView shows e with the form posting its first code to action.
func enrolmentView(e *auth.Enrolment, action string) account.Enrolment {
	return account.Enrolment{Secret: e.Secret, QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(e.QRCode), Action: action}
}

// showRecoveryCodes shows new recovery codes, the one time they are shown.
func (s *Server) showRecoveryCodes(c echo.Context, codes []string, next string) error {
	return s.render(c, http.StatusOK, "Your recovery codes", account.RecoveryCodesPage(account.RecoveryCodes{Codes: codes, Continue: next}))
}

// accountMFABegin handles POST /account/mfa: a fresh secret to set up.
func (s *Server) accountMFABegin(c echo.Context) error {
	if _, err := s.Auth.BeginMFA(c.Request().Context()); err != nil {
		return err
	}
	return redirect(c, "/account/mfa")
}

// accountMFA handles GET /account/mfa: the authenticator app being set up,
// or the account page when none is.
func (s *Server) accountMFA(c echo.Context) error {
	return s.renderEnrolment(c, http.StatusOK, "")
}

func (s *Server) renderEnrolment(c echo.Context, status int, msg string) error {
	e, err := s.Auth.MFAEnrolment(c.Request().Context())
	if apperr.CodeOf(err) == apperr.NotFound {
		return redirect(c, "/account")
	}
	if err != nil {
		return err
	}
	v := enrolmentView(e, "/account/mfa/confirm")
	v.Error = msg
	return s.render(c, status, "Set up an authenticator app", account.EnrolPage(v))
}

// accountMFAConfirm handles POST /account/mfa/confirm: the app's first
// code turns the second factor on, and the recovery codes are shown.
func (s *Server) accountMFAConfirm(c echo.Context) error {
	codes, err := s.Auth.ConfirmMFA(c.Request().Context(), c.FormValue("code"))
	if apperr.CodeOf(err) == apperr.Invalid {
		return s.renderEnrolment(c, http.StatusUnprocessableEntity, apperr.Message(err))
	}
	if err != nil {
		return err
	}
	return s.showRecoveryCodes(c, codes, "/account")
}

// accountMFARecoveryCodes handles POST /account/mfa/recovery-codes: new
// codes replace the old ones.
func (s *Server) accountMFARecoveryCodes(c echo.Context) error {
	codes, err := s.Auth.RegenerateRecoveryCodes(c.Request().Context())
	if err != nil {
		return err
	}
	return s.showRecoveryCodes(c, codes, "/account")
}

// accountMFADisable handles POST /account/mfa/disable.
func (s *Server) accountMFADisable(c echo.Context) error {
	err := s.Auth.DisableMFA(c.Request().Context(), c.FormValue("code"), c.FormValue("password"))
	if apperr.CodeOf(err) == apperr.Invalid {
		return s.renderAccount(c, http.StatusUnprocessableEntity, account.Page{MFA: account.MFA{Error: apperr.Message(err)}})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Sign-in with an authenticator app is off.")
	return redirect(c, "/account")
}
