package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/templates/admin"
	"github.com/vigil-icp/vigil/templates/components"
)

// mfaPolicyShow handles GET /admin/sign-in-policy.
func (s *Server) mfaPolicyShow(c echo.Context) error {
	required, err := s.Auth.MFAPolicy(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Sign-in policy", admin.MFAPolicyPage(admin.MFAPolicy{Roles: roleOptions(required)}))
}

// mfaPolicySave handles POST /admin/sign-in-policy.
func (s *Server) mfaPolicySave(c echo.Context) error {
	roles := formRoles(c)
	return s.submit(c, components.Form{}, func() (outcome, error) {
		return outcome{"The sign-in policy is saved.", "/admin/sign-in-policy"}, s.Auth.SetMFAPolicy(c.Request().Context(), roles)
	}, func(status int, f components.Form) error {
		return s.render(c, status, "Sign-in policy", admin.MFAPolicyPage(admin.MFAPolicy{Roles: roleOptions(roles), Error: f.Error}))
	})
}
