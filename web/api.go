package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screenapi"
)

// Bodies of the JSON API are bounded: a query is small, and a batch of 1,000
// full queries stays well under 4 MB.
const (
	maxQueryBody = 1 << 20
	maxBatchBody = 4 << 20
)

// tokenRoute reports whether the request's route takes an API token.
func (s *Server) tokenRoute(c echo.Context) bool {
	return s.tokenRoutes[c.Request().Method+" "+c.Path()]
}

// authorizeToken is the route-level check of the API: the bearer token
// must be live and within its rate limit (a request costs one unit). The
// token, not a user, then acts. Every refusal is answered in JSON.
func (s *Server) authorizeToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		scheme, secret, _ := strings.Cut(r.Header.Get(echo.HeaderAuthorization), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			secret = ""
		}
		t, err := s.Tokens.Authenticate(r.Context(), strings.TrimSpace(secret))
		if err == nil {
			err = s.Tokens.Allow(t, 1)
		}
		if err == nil {
			c.SetRequest(r.WithContext(apitoken.WithToken(r.Context(), t)))
			err = next(c)
		}
		if err != nil {
			s.apiError(c, err, secret != "")
		}
		return nil
	}
}

// apiError answers a refused or failed API request with a JSON Error:
// invalid input is 400, a missing or bad token 401 with the Bearer
// challenge (RFC 6750), throttling 429 with Retry-After, a body too large
// 413, no lists loaded 503. Internal errors are logged and shown only as a
// reference.
func (s *Server) apiError(c echo.Context, err error, tokenSent bool) {
	status := statusOf[apperr.CodeOf(err)]
	body := screenapi.Error{Error: apperr.Message(err)}
	for field := range apperr.FieldsOf(err) {
		body.Field = field
	}
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status, body.Error = he.Code, fmt.Sprint(he.Message)
	case errors.Is(err, screenapi.ErrNoLists):
		status = http.StatusServiceUnavailable
	case status == http.StatusUnprocessableEntity:
		status = http.StatusBadRequest
	case status == http.StatusUnauthorized:
		challenge := `Bearer realm="vigil"`
		if tokenSent {
			challenge += `, error="invalid_token"`
		}
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, challenge)
	}
	if status >= 500 && status != http.StatusServiceUnavailable {
		logger(c).Error("api request failed", "err", err)
		ref, _ := c.Get(ctxRequestID).(string)
		body = screenapi.Error{Error: "Something went wrong. If it happens again, give this reference to the administrator: " + ref}
	}
	setRetryAfter(c, err)
	if werr := c.JSON(status, body); werr != nil {
		logger(c).Error("write api error", "err", werr)
	}
}

// bodyError is the refusal of a request body that could not be read:
// Invalid as the decoder said, 413 for a body over the limit.
func bodyError(err error, limit int64) error {
	var tooLarge *http.MaxBytesError
	switch {
	case apperr.CodeOf(err) == apperr.Invalid:
		return err
	case errors.As(err, &tooLarge):
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is larger than %d MB.", limit>>20))
	}
	return screenapi.InvalidField("", "The request body cannot be read: %s.", strings.TrimPrefix(err.Error(), "json: "))
}

// apiScreen handles POST /api/v1/screen.
func (s *Server) apiScreen(c echo.Context) error {
	return answerJSON(c, maxQueryBody, screenapi.DecodeQuery, s.ScreenAPI.ScreenAndRecord)
}

// apiScreenBatch handles POST /api/v1/screen/batch.
func (s *Server) apiScreenBatch(c echo.Context) error {
	return answerJSON(c, maxBatchBody, screenapi.DecodeBatch, s.ScreenAPI.ScreenBatchAndRecord)
}

// apiDescription handles GET /api/v1/openapi.json: the OpenAPI description
// of the API, for anyone who writes a client.
func (s *Server) apiDescription(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, screenapi.OpenAPI)
}

// answerJSON decodes the request body (at most limit bytes) into a request,
// calls the service with it and answers its response as JSON.
func answerJSON[Req, Res any](c echo.Context, limit int64, decode func(io.Reader) (Req, error), call func(context.Context, Req) (Res, error)) error {
	req, err := decode(http.MaxBytesReader(c.Response(), c.Request().Body, limit))
	if err != nil {
		return bodyError(err, limit)
	}
	res, err := call(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
