package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/account"
)

// pendingCookie holds the token of a sign-in waiting for its second step,
// apart from the session cookie: it opens nothing but the second-step page.
const pendingCookie = "vigil_signin"

// setPendingCookie stores token for the second-step page; "" deletes it.
func (s *Server) setPendingCookie(c echo.Context, token string) {
	ck := &http.Cookie{Name: pendingCookie, Value: token, Path: "/signin", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secureCookies(c.Request()), MaxAge: int(auth.PendingSignInLifetime.Seconds())}
	if token == "" {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
}

func pendingToken(c echo.Context) string {
	ck, err := c.Cookie(pendingCookie)
	if err != nil {
		return ""
	}
	return ck.Value
}

// startSecondStep sends a browser whose password was right to the second
// step, with the waiting sign-in's token in its cookie.
func (s *Server) startSecondStep(c echo.Context, second *auth.SecondStepNeeded, next string) error {
	s.setPendingCookie(c, second.Token)
	to := "/signin/second-factor"
	if next != "" {
		to += "?next=" + url.QueryEscape(next)
	}
	return redirect(c, to)
}

// restartSignIn sends a browser whose waiting sign-in is gone back to the
// password, saying why.
func (s *Server) restartSignIn(c echo.Context, err error, next string) error {
	s.setPendingCookie(c, "")
	s.flash(c, "error", apperr.Message(err))
	return redirect(c, "/signin?next="+url.QueryEscape(localPath(next)))
}

// signinSecondStepForm handles GET /signin/second-factor: the code to
// enter, or the authenticator app to set up when the user's role requires
// one and they have none.
func (s *Server) signinSecondStepForm(c echo.Context) error {
	next := c.QueryParam("next")
	if auth.ActorFrom(c.Request().Context()) != nil {
		return redirect(c, localPath(next))
	}
	return s.secondStepPage(c, http.StatusOK, next, nil)
}

// secondStepPage shows the second step of the waiting sign-in, with the
// refusal of a code posted (or nil).
func (s *Server) secondStepPage(c echo.Context, status int, next string, refused error) error {
	p, err := s.Auth.PendingSignIn(c.Request().Context(), pendingToken(c))
	if apperr.CodeOf(err) == apperr.Unauthenticated {
		return s.restartSignIn(c, err, next)
	}
	if err != nil {
		return err
	}
	setRetryAfter(c, refused)
	msg := ""
	if refused != nil {
		msg = apperr.Message(refused)
	}
	s.csrfToken(c, true)
	if p.Enrolment != nil {
		v := enrolmentView(p.Enrolment, "/signin/second-factor")
		v.Next, v.Required, v.Error = next, true, msg
		return s.render(c, status, "Set up an authenticator app", account.EnrolPage(v))
	}
	return s.render(c, status, "Enter your code", account.SecondStepForm(account.SecondStep{Email: p.Email, Next: next, Error: msg}))
}

// signinSecondStep handles POST /signin/second-factor. Only a right code
// opens a session, through the same path as a password alone, so a new
// session token replaces whatever the cookie held.
func (s *Server) signinSecondStep(c echo.Context) error {
	next := c.FormValue("next")
	if auth.ActorFrom(c.Request().Context()) != nil {
		return redirect(c, localPath(next))
	}
	done, err := s.Auth.SignInSecondStep(c.Request().Context(), pendingToken(c), c.FormValue("code"), client(c))
	switch code := apperr.CodeOf(err); code {
	case "":
	case apperr.Unauthenticated:
		return s.restartSignIn(c, err, next)
	case apperr.Invalid, apperr.TooManyRequests:
		return s.secondStepPage(c, statusOf[code], next, err)
	default:
		return err
	}
	s.setPendingCookie(c, "")
	if err := s.saveSession(c, map[any]any{keyToken: done.Token}); err != nil {
		return err
	}
	if done.RecoveryCodes != nil {
		return s.showRecoveryCodes(c, done.RecoveryCodes, localPath(next))
	}
	return redirect(c, localPath(next))
}
