// Package admin renders user and role administration.
package admin

import "time"

// RoleOption is one role checkbox.
type RoleOption struct {
	Value, Label string
	Checked      bool
}

// UserRow is one line of the user list.
type UserRow struct {
	ID, Name, Email string
	Roles           []string
	Active          bool
}

// UserList is the user list page.
type UserList struct {
	Users []UserRow
}

// UserForm is the new-user form with what was typed and its errors.
type UserForm struct {
	Email, Name string
	Roles       []RoleOption
	Errors      map[string]string
	Error       string
}

// Event is one audit line about the user.
type Event struct {
	At      time.Time
	Actor   string
	Summary string
}

// UserDetail is one user's page.
type UserDetail struct {
	ID            string
	Name, Email   string
	Active        bool
	Self          bool
	CreatedAt     time.Time
	Roles         []RoleOption
	RolesError    string
	PasswordError string
	Error         string
	Events        []Event
}
