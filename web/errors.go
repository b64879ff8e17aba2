package web

import (
	"errors"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	errpages "github.com/vigil-icp/vigil/templates/errors"
)

var statusOf = map[apperr.Code]int{
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.Conflict:        http.StatusConflict,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.TooManyRequests: http.StatusTooManyRequests,
	apperr.Internal:        http.StatusInternalServerError,
}

var titleOf = map[int]string{
	http.StatusForbidden:             "Not allowed",
	http.StatusNotFound:              "Page not found",
	http.StatusMethodNotAllowed:      "Not allowed",
	http.StatusConflict:              "That cannot be done now",
	http.StatusUnprocessableEntity:   "Please check your input",
	http.StatusTooManyRequests:       "Too many requests",
	http.StatusRequestEntityTooLarge: "Too large",
	http.StatusBadRequest:            "Bad request",
	http.StatusInternalServerError:   "Something went wrong",
}

// handleError is the one place that turns an error into a response: codes
// become statuses, internal errors are logged with the request id and shown
// only as a reference, and a missing sign-in leads to the sign-in page.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, ""
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
		if m, ok := he.Message.(string); ok && status < 500 {
			msg = m
		}
	} else {
		status = statusOf[apperr.CodeOf(err)]
		msg = apperr.Message(err)
		if fields := apperr.FieldsOf(err); len(fields) > 0 {
			// No form shows these beside its fields (a bad search or page
			// number in an address): the page says them.
			msg = strings.Join(slices.Sorted(maps.Values(fields)), " ")
		}
	}
	ref := ""
	if status >= 500 {
		ref, _ = c.Get(ctxRequestID).(string)
		logger(c).Error("request failed", "err", err)
		msg = "Something went wrong. If it happens again, give this reference to your administrator."
	}
	if status == http.StatusNotFound && msg == "Not Found" {
		msg = "There is nothing at this address."
	}
	if status == http.StatusUnauthorized {
		s.toSignIn(c)
		return
	}
	if status == http.StatusForbidden {
		if auth.ActorFrom(c.Request().Context()) != nil {
			s.recordDenied(c, msg)
		} else {
			s.refusals.note(logger(c), c.Request().Method, c.Request().URL.Path, msg)
		}
	}
	setRetryAfter(c, err)
	title := titleOf[status]
	if title == "" {
		title = http.StatusText(status)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if rerr := s.render(c, status, title, errpages.ErrorPage(title, msg, linksOf(err), ref)); rerr != nil {
		logger(c).Error("render error page", "err", rerr)
		_ = c.String(status, title+" "+ref)
	}
}

// toSignIn sends a visitor who is not signed in to the sign-in page, coming
// back to the page they asked for.
func (s *Server) toSignIn(c echo.Context) {
	target := "/signin"
	if r := c.Request(); r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if isHTMX(c) {
		c.Response().Header().Set("HX-Redirect", target)
		_ = c.NoContent(http.StatusUnauthorized)
		return
	}
	_ = c.Redirect(http.StatusSeeOther, target)
}

// setRetryAfter tells a throttled client, in whole seconds, when to try again.
func setRetryAfter(c echo.Context, err error) {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(ae.RetryAfter.Seconds()))))
	}
}
