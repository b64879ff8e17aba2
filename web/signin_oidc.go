package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/sso"
	"github.com/vigil-icp/vigil/templates/account"
)

const (
	ssoCookie   = "vigil_sso"
	ssoPath     = "/signin/oidc"
	ssoCallback = ssoPath + "/callback"
	// ssoTimeLimit is how long a person has at the provider's page.
	ssoTimeLimit = 10 * time.Minute
)

// signinComponent is the sign-in page: with the single sign-on button when
// there is a provider, and without the password form when passwords are off.
func (s *Server) signinComponent(v account.SignIn) templ.Component {
	if s.sso != nil {
		v.SSO = account.SingleSignOn{Name: s.sso.Name(), Next: v.Next, PasswordsOff: !s.Auth.LocalPasswords()}
	}
	if v.SSO.PasswordsOff {
		return account.SingleSignOnPage(v)
	}
	return account.SignInForm(v)
}

// ssoStart handles GET /signin/oidc: it sends the browser to the identity
// provider, keeping the attempt's state, nonce and PKCE verifier in an
// encrypted cookie of its own.
func (s *Server) ssoStart(c echo.Context) error {
	next := localPath(c.QueryParam("next"))
	ctx := c.Request().Context()
	if auth.ActorFrom(ctx) != nil {
		return redirect(c, next)
	}
	if s.sso == nil {
		return s.ssoRefused(c, "Single sign-on is not set up.")
	}
	a := sso.NewAttempt()
	to, err := s.sso.AuthURL(ctx, s.ssoCallbackURL(c), a)
	if err != nil {
		logger(c).Error("single sign-on: provider unreachable", "err", err)
		return s.ssoRefused(c, s.sso.Name()+" cannot be reached. Please try again later.")
	}
	values := map[any]any{"state": a.State, "nonce": a.Nonce, "verifier": a.Verifier, "next": next,
		"at": strconv.FormatInt(s.DB.Now().Unix(), 10)}
	if err := s.saveSSOCookie(c, values); err != nil {
		return err
	}
	return redirect(c, to)
}

// ssoFinish handles GET /signin/oidc/callback, where the provider sends the
// browser back. The attempt's cookie is used once. A new session token
// replaces whatever the session cookie held, as at password sign-in.
func (s *Server) ssoFinish(c echo.Context) error {
	if s.sso == nil {
		return s.ssoRefused(c, "Single sign-on is not set up.")
	}
	a, next := s.takeSSOAttempt(c)
	if e := c.QueryParam("error"); e != "" {
		logger(c).Warn("single sign-on: the provider answered with an error", "error", audit.Cut(e))
		return s.ssoRefused(c, s.sso.Name()+" did not sign you in. Please try again.")
	}
	ctx := c.Request().Context()
	id, err := s.sso.Finish(ctx, s.ssoCallbackURL(c), a, c.QueryParam("state"), c.QueryParam("code"))
	if errors.Is(err, sso.ErrState) {
		logger(c).Warn("single sign-on: state missing or wrong")
		return s.ssoRefused(c, "This sign-in has expired or was not started here. Please try again.")
	}
	if err != nil {
		logger(c).Warn("single sign-on: answer refused", "err", err)
		if err := s.Auth.RecordExternalFailure(ctx, s.sso.Name(), err.Error(), client(c)); err != nil {
			return err
		}
		return s.ssoRefused(c, s.sso.Name()+"'s answer could not be verified. Please try again.")
	}
	token, _, err := s.Auth.SignInExternal(ctx, id, client(c))
	if apperr.CodeOf(err) == apperr.Forbidden {
		return s.ssoRefused(c, apperr.Message(err))
	}
	if err != nil {
		return err
	}
	if err := s.saveSession(c, map[any]any{keyToken: token}); err != nil {
		return err
	}
	return redirect(c, next)
}

// ssoRefused sends the browser back to the sign-in page, which says why.
func (s *Server) ssoRefused(c echo.Context, why string) error {
	s.flash(c, "error", why)
	return redirect(c, "/signin")
}

// ssoCallbackURL is where the provider sends the browser back: under the
// configured public address, or else the address this request came to
// (which the provider accepts only if it is registered there).
func (s *Server) ssoCallbackURL(c echo.Context) string {
	base := s.Config.PublicURL
	if base == "" {
		scheme := "http"
		if s.overTLS(c.Request()) {
			scheme = "https"
		}
		base = scheme + "://" + c.Request().Host
	}
	return base + ssoCallback
}

// saveSSOCookie writes the attempt's cookie, sent back to the single
// sign-on routes only; no values deletes it.
func (s *Server) saveSSOCookie(c echo.Context, values map[any]any) error {
	sess, _ := s.cookies.New(c.Request(), ssoCookie)
	sess.Values = values
	sess.Options.Path = ssoPath
	sess.Options.MaxAge = int(ssoTimeLimit.Seconds())
	if len(values) == 0 {
		sess.Options.MaxAge = -1
	}
	sess.Options.HttpOnly = true
	// Lax: the provider's redirect back is a top-level GET from another site.
	sess.Options.SameSite = http.SameSiteLaxMode
	sess.Options.Secure = s.secureCookies(c.Request())
	return sess.Save(c.Request(), c.Response())
}

// takeSSOAttempt reads the attempt's cookie and deletes it. An attempt
// older than ssoTimeLimit is no attempt, whatever the browser kept.
func (s *Server) takeSSOAttempt(c echo.Context) (sso.Attempt, string) {
	sess, _ := s.cookies.Get(c.Request(), ssoCookie)
	text := func(k string) string { v, _ := sess.Values[k].(string); return v }
	if err := s.saveSSOCookie(c, nil); err != nil {
		logger(c).Error("delete single sign-on cookie", "err", err)
	}
	at, err := strconv.ParseInt(text("at"), 10, 64)
	if err != nil || s.DB.Now().Sub(time.Unix(at, 0)) > ssoTimeLimit {
		return sso.Attempt{}, "/"
	}
	return sso.Attempt{State: text("state"), Nonce: text("nonce"), Verifier: text("verifier")}, localPath(text("next"))
}
