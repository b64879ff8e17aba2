package web

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
)

// wholeParam reads a whole number from 1 from the query parameter name; 0
// when it is absent. Errors: Invalid, naming the parameter.
func wholeParam(c echo.Context, name string) (int64, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0, apperr.Validation(map[string]string{name: fmt.Sprintf("The %s in the address must be a whole number from 1.", name)})
	}
	return n, nil
}

// queryOf encodes the non-empty values as a query string, so that links are
// built from parameters a page knows, never copied from the address.
func queryOf(values map[string]string) url.Values {
	u := url.Values{}
	for k, v := range values {
		if v != "" {
			u.Set(k, v)
		}
	}
	return u
}

// withQuery is path with the non-empty values as its query.
func withQuery(path string, values map[string]string) string {
	if q := queryOf(values).Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// dayRange reads the from and to parameters, days as YYYY-MM-DD with both
// included, as the instants that bound them; an empty one leaves its end
// open. Errors: Invalid.
func dayRange(c echo.Context) (from, to time.Time, err error) {
	from, to, bad := audit.Days(c.QueryParam("from"), c.QueryParam("to"))
	if bad != "" {
		return from, to, apperr.Validation(map[string]string{bad: "Give the day as YYYY-MM-DD."})
	}
	return from, to, nil
}
