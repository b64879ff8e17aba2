package web

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/admin"
	"github.com/vigil-icp/vigil/templates/components"
)

func roleOptions(checked []auth.Role) []admin.RoleOption {
	var out []admin.RoleOption
	for _, r := range auth.Roles {
		out = append(out, admin.RoleOption{Value: string(r), Label: r.Label(), Checked: slices.Contains(checked, r)})
	}
	return out
}

func roleLabels(roles []auth.Role) []string {
	var out []string
	for _, r := range roles {
		out = append(out, r.Label())
	}
	return out
}

func formRoles(c echo.Context) []auth.Role {
	params, _ := c.FormParams()
	var roles []auth.Role
	for _, r := range params["roles"] {
		roles = append(roles, auth.Role(r))
	}
	return roles
}

// userList handles GET /admin/users.
func (s *Server) userList(c echo.Context) error {
	users, err := s.Auth.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	var v admin.UserList
	for _, u := range users {
		v.Users = append(v.Users, admin.UserRow{ID: u.ID, Name: u.Name, Email: u.Email, Roles: roleLabels(u.Roles), Active: u.Active})
	}
	return s.render(c, http.StatusOK, "Users", admin.UserListPage(v))
}

// userNew handles GET /admin/users/new.
func (s *Server) userNew(c echo.Context) error {
	return s.render(c, http.StatusOK, "New user", admin.NewUserPage(admin.UserForm{Roles: roleOptions(nil)}))
}

// userCreate handles POST /admin/users; on bad input the form comes back
// with 422, the messages beside the fields and what was typed.
func (s *Server) userCreate(c echo.Context) error {
	in := auth.NewUser{Email: c.FormValue("email"), Name: c.FormValue("name"), Roles: formRoles(c), Password: c.FormValue("password")}
	return s.submit(c, components.Form{}, func() (outcome, error) {
		u, err := s.Auth.CreateUser(c.Request().Context(), in)
		if err != nil {
			return outcome{}, err
		}
		s.assignTraining(c)
		return outcome{"Created " + u.Email + ".", userHref(u.ID)}, nil
	}, func(status int, f components.Form) error {
		return s.render(c, status, "New user", admin.NewUserPage(admin.UserForm{Email: in.Email, Name: in.Name,
			Roles: roleOptions(in.Roles), Errors: f.Errors, Error: f.Error}))
	})
}

// userShow handles GET /admin/users/:id.
func (s *Server) userShow(c echo.Context) error {
	return s.renderUser(c, http.StatusOK, admin.UserDetail{})
}

// renderUser shows a user's page, with form in carrying any errors.
func (s *Server) renderUser(c echo.Context, status int, form admin.UserDetail) error {
	ctx := c.Request().Context()
	u, err := s.Auth.GetUser(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	events, err := s.Audit.List(ctx, audit.Filter{ObjectType: "user", ObjectID: u.ID, Limit: 20})
	if err != nil {
		return err
	}
	v := form
	v.ID, v.Name, v.Email, v.Active, v.CreatedAt = u.ID, u.Name, u.Email, u.Active, u.CreatedAt
	v.Self = u.ID == auth.ActorFrom(ctx).UserID
	v.Roles = roleOptions(u.Roles)
	for _, e := range events {
		v.Events = append(v.Events, admin.Event{At: e.OccurredAt, Actor: e.ActorEmail, Summary: e.Summary})
	}
	return s.render(c, status, u.Name, admin.UserDetailPage(v))
}

// userRoles handles POST /admin/users/:id/roles.
func (s *Server) userRoles(c echo.Context) error {
	id := c.Param("id")
	return s.submit(c, components.Form{}, func() (outcome, error) {
		if _, err := s.Auth.SetRoles(c.Request().Context(), id, formRoles(c)); err != nil {
			return outcome{}, err
		}
		s.assignTraining(c)
		return outcome{"Roles saved; the user's sessions have ended.", userHref(id)}, nil
	}, func(status int, f components.Form) error {
		return s.renderUser(c, status, admin.UserDetail{RolesError: f.Error})
	})
}

// userDeactivate handles POST /admin/users/:id/deactivate.
func (s *Server) userDeactivate(c echo.Context) error {
	return s.userSetActive(c, false, "User deactivated; their sessions have ended.")
}

// userReactivate handles POST /admin/users/:id/reactivate.
func (s *Server) userReactivate(c echo.Context) error {
	return s.userSetActive(c, true, "User reactivated.")
}

func (s *Server) userSetActive(c echo.Context, active bool, done string) error {
	id := c.Param("id")
	return s.submit(c, components.Form{}, func() (outcome, error) {
		_, err := s.Auth.SetActive(c.Request().Context(), id, active)
		return outcome{done, userHref(id)}, err
	}, func(status int, f components.Form) error {
		return s.renderUser(c, status, admin.UserDetail{Error: f.Error})
	})
}

// userPassword handles POST /admin/users/:id/password.
func (s *Server) userPassword(c echo.Context) error {
	id := c.Param("id")
	return s.submit(c, components.Form{}, func() (outcome, error) {
		err := s.Auth.ResetPassword(c.Request().Context(), id, c.FormValue("password"))
		return outcome{"Password reset; the user's sessions have ended.", userHref(id)}, err
	}, func(status int, f components.Form) error {
		return s.renderUser(c, status, admin.UserDetail{PasswordError: f.E("password")})
	})
}

// assignTraining gives a user whose roles were just granted the courses
// mandatory for them at once. A failure is only logged: the roles are saved,
// and the hourly training sync assigns what is missing.
func (s *Server) assignTraining(c echo.Context) {
	if _, err := s.Training.Sync(c.Request().Context()); err != nil {
		logger(c).Error("assign mandatory training after a role change", "err", err)
	}
}
