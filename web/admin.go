package web

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/templates/admin"
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
	u, err := s.Auth.CreateUser(c.Request().Context(), in)
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		return s.render(c, statusOf[code], "New user", admin.NewUserPage(admin.UserForm{
			Email: in.Email, Name: in.Name, Roles: roleOptions(in.Roles),
			Errors: apperr.FieldsOf(err), Error: apperr.Message(err)}))
	}
	if err != nil {
		return err
	}
	s.assignTraining(c)
	s.flash(c, "success", "Created "+u.Email+".")
	return redirect(c, "/admin/users/"+u.ID)
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
	events, err := audit.List(ctx, s.DB.Gorm, audit.Filter{ObjectType: "user", ObjectID: u.ID, Limit: 20})
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

// userChange runs one change on the user in :id; a refusal the admin can act
// on (invalid input, a conflict such as the last administrator) comes back on
// the user's page, anything else goes to the error handler.
func (s *Server) userChange(c echo.Context, done string, change func() error, onError func(err error) admin.UserDetail) error {
	err := change()
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		return s.renderUser(c, statusOf[code], onError(err))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", done)
	return redirect(c, "/admin/users/"+c.Param("id"))
}

func generalError(err error) admin.UserDetail { return admin.UserDetail{Error: apperr.Message(err)} }

// userRoles handles POST /admin/users/:id/roles.
func (s *Server) userRoles(c echo.Context) error {
	return s.userChange(c, "Roles saved; the user's sessions have ended.", func() error {
		if _, err := s.Auth.SetRoles(c.Request().Context(), c.Param("id"), formRoles(c)); err != nil {
			return err
		}
		s.assignTraining(c)
		return nil
	}, func(err error) admin.UserDetail {
		return admin.UserDetail{RolesError: apperr.Message(err)}
	})
}

// userDeactivate handles POST /admin/users/:id/deactivate.
func (s *Server) userDeactivate(c echo.Context) error {
	return s.userChange(c, "User deactivated; their sessions have ended.", func() error {
		_, err := s.Auth.SetActive(c.Request().Context(), c.Param("id"), false)
		return err
	}, generalError)
}

// userReactivate handles POST /admin/users/:id/reactivate.
func (s *Server) userReactivate(c echo.Context) error {
	return s.userChange(c, "User reactivated.", func() error {
		_, err := s.Auth.SetActive(c.Request().Context(), c.Param("id"), true)
		return err
	}, generalError)
}

// userPassword handles POST /admin/users/:id/password.
func (s *Server) userPassword(c echo.Context) error {
	return s.userChange(c, "Password reset; the user's sessions have ended.", func() error {
		return s.Auth.ResetPassword(c.Request().Context(), c.Param("id"), c.FormValue("password"))
	}, func(err error) admin.UserDetail {
		return admin.UserDetail{PasswordError: apperr.FieldsOf(err)["password"]}
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
