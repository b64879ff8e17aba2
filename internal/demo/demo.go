// Package demo seeds an empty database with demonstration users, one per
// role, so a new user can try every screen after `make run`.
package demo

import (
	"context"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Password is the demo users' password. It exists only in demo mode.
const Password = "vigil-demo-pass"

// User is one demo sign-in.
type User struct {
	Email, Name string
	Roles       []auth.Role
}

// Users are the demo sign-ins, printed at start-up in demo mode.
var Users = []User{
	{"admin@example.com", "Ada Admin", []auth.Role{auth.RoleAdmin}},
	{"manager@example.com", "Max Manager", []auth.Role{auth.RoleExportManager}},
	{"manager2@example.com", "Mia Manager", []auth.Role{auth.RoleExportManager}},
	{"officer@example.com", "Olga Officer", []auth.Role{auth.RoleComplianceOfficer}},
	{"staff@example.com", "Sam Staff", []auth.Role{auth.RoleStaff}},
	{"auditor@example.com", "Aude Auditor", []auth.Role{auth.RoleAuditor}},
	{"board@example.com", "Bea Board", []auth.Role{auth.RoleManagement}},
	{LapsedManager, "Lars Lapsed", []auth.Role{auth.RoleExportManager}},
}

// Seed creates the demo users when the database has no users at all, and
// reports whether it did.
func Seed(ctx context.Context, a *auth.Service) (bool, error) {
	n, err := a.UserTotal(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	for _, u := range Users {
		if _, err := a.Bootstrap(ctx, auth.NewUser{Email: u.Email, Name: u.Name, Roles: u.Roles, Password: Password}); err != nil {
			return false, err
		}
	}
	return true, nil
}
