package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/templates/components"
)

// formOf keeps what was posted, for showing the form again.
func formOf(c echo.Context, names ...string) components.Form {
	f := components.Form{Values: map[string]string{}}
	for _, n := range names {
		f.Values[n] = c.FormValue(n)
	}
	return f
}

// withError adds the error of a refused change to the form.
func withError(f components.Form, err error) components.Form {
	f.Errors = apperr.FieldsOf(err)
	f.Error = apperr.Message(err)
	return f
}

// version is the version of the record the posted form was made from.
func version(c echo.Context) int64 {
	v, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	return v
}

// refusal is the status of an error the user can act on from the form they
// posted: bad input (422), or a rule or a concurrent change that refuses it
// now (409). false: any other error, which is the error handler's.
func refusal(err error) (int, bool) {
	switch code := apperr.CodeOf(err); code {
	case apperr.Invalid, apperr.Conflict:
		return statusOf[code], true
	}
	return 0, false
}

// outcome is where a change that succeeded leads: a message to flash, and
// the page to go to.
type outcome struct{ flash, to string }

// submit answers a form post that asks a service for one change. call makes
// it; on success its outcome is flashed and the browser sent on (303). A
// refusal (see refusal) shows the form again through form, with the status
// and the posted input carrying the error's messages; any other error goes
// to the error handler.
func (s *Server) submit(c echo.Context, posted components.Form, call func() (outcome, error),
	form func(status int, f components.Form) error) error {
	next, err := call()
	if status, ok := refusal(err); ok {
		return form(status, withError(posted, err))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", next.flash)
	return redirect(c, next.to)
}
