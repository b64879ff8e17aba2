package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
)

// User is a person who signs in to Vigil. Users are deactivated, never
// deleted, so the audit trail always resolves who did what.
type User struct {
	ID                string     `gorm:"column:id;primaryKey"`
	Email             string     `gorm:"column:email"`
	Name              string     `gorm:"column:name"`
	PasswordHash      string     `gorm:"column:password_hash" json:"-"`
	Active            bool       `gorm:"column:active"`
	CreatedAt         time.Time  `gorm:"column:created_at"`
	UpdatedAt         time.Time  `gorm:"column:updated_at"`
	PasswordChangedAt time.Time  `gorm:"column:password_changed_at"`
	DeactivatedAt     *time.Time `gorm:"column:deactivated_at"`
	Roles             []Role     `gorm:"-"`
}

func (User) TableName() string { return "users" }

type userRole struct {
	UserID    string    `gorm:"column:user_id;primaryKey"`
	Role      Role      `gorm:"column:role;primaryKey"`
	GrantedAt time.Time `gorm:"column:granted_at"`
	GrantedBy *string   `gorm:"column:granted_by"`
}

func (userRole) TableName() string { return "user_roles" }

// userState is what the audit trail records of a user: never the hash.
type userState struct {
	Email  string `json:"email"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
	Roles  string `json:"roles"`
}

func (u *User) state() userState {
	return userState{Email: u.Email, Name: u.Name, Active: u.Active, Roles: JoinRoles(u.Roles)}
}

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Roles    []Role
	Password string
}

// NormalizeEmail lower-cases and trims an address so it has one spelling.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// Validate returns field errors keyed by form field name.
func (n *NewUser) Validate() map[string]string {
	errs := map[string]string{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
		errs["email"] = "Enter an email address such as name@example.com."
	}
	if n.Name == "" {
		errs["name"] = "Enter the person's name."
	} else if len(n.Name) > 200 {
		errs["name"] = "Use at most 200 characters."
	}
	for _, r := range n.Roles {
		if !r.Valid() {
			errs["roles"] = fmt.Sprintf("%q is not a role.", r)
		}
	}
	if p := PasswordProblem(n.Password); p != "" {
		errs["password"] = p
	}
	return errs
}

// CreateUser creates a user on behalf of an administrator.
// Errors: Invalid (fields), Conflict (email taken), Forbidden.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*User, error) {
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return nil, err
	}
	return s.createUser(ctx, in)
}

// Bootstrap creates a user without a signed-in actor: for the command line
// (the first administrator) and demo seeding. The event is recorded as done
// by the system.
func (s *Service) Bootstrap(ctx context.Context, in NewUser) (*User, error) {
	if audit.ActorFrom(ctx).Email == "" {
		ctx = AsSystem(ctx)
	}
	return s.createUser(ctx, in)
}

func (s *Service) createUser(ctx context.Context, in NewUser) (*User, error) {
	if errs := in.Validate(); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	hash, err := s.hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	u := &User{ID: db.NewID(), Email: in.Email, Name: in.Name, PasswordHash: hash, Active: true,
		CreatedAt: now, UpdatedAt: now, PasswordChangedAt: now, Roles: SortRoles(in.Roles)}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.Conflict, Message: "A user with this email already exists.",
				Fields: map[string]string{"email": "A user with this email already exists."}}
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		if err := s.insertRoles(ctx, tx, u.ID, u.Roles, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: u.ID,
			Summary: fmt.Sprintf("Created user %s with roles %s", u.Email, rolesText(u.Roles)), After: u.state()})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Service) insertRoles(ctx context.Context, tx *gorm.DB, userID string, roles []Role, now time.Time) error {
	var by *string
	if a := ActorFrom(ctx); a != nil {
		by = &a.UserID
	}
	for _, r := range roles {
		if err := tx.Create(&userRole{UserID: userID, Role: r, GrantedAt: now, GrantedBy: by}).Error; err != nil {
			return err
		}
	}
	return nil
}

func rolesText(roles []Role) string {
	if len(roles) == 0 {
		return "none"
	}
	return JoinRoles(roles)
}

// ListUsers returns every user with roles, active first, by name.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) {
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return nil, err
	}
	var users []User
	if err := s.db.Gorm.WithContext(ctx).Order("active DESC, name, email").Find(&users).Error; err != nil {
		return nil, err
	}
	var roles []userRole
	if err := s.db.Gorm.WithContext(ctx).Find(&roles).Error; err != nil {
		return nil, err
	}
	byUser := map[string][]Role{}
	for _, r := range roles {
		byUser[r.UserID] = append(byUser[r.UserID], r.Role)
	}
	for i := range users {
		users[i].Roles = SortRoles(byUser[users[i].ID])
	}
	return users, nil
}

// GetUser returns one user with roles. Errors: NotFound, Forbidden.
func (s *Service) GetUser(ctx context.Context, id string) (*User, error) {
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return nil, err
	}
	return loadUser(ctx, s.db.Gorm, id)
}

func loadUser(ctx context.Context, g *gorm.DB, id string) (*User, error) {
	var u User
	if err := g.WithContext(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "No such user.")
		}
		return nil, err
	}
	var roles []Role
	if err := g.WithContext(ctx).Model(&userRole{}).Where("user_id = ?", id).Pluck("role", &roles).Error; err != nil {
		return nil, err
	}
	u.Roles = SortRoles(roles)
	return &u, nil
}

// SetRoles replaces a user's roles, ends the user's sessions so the change
// takes effect at once, and records what was granted and removed.
// Errors: Invalid, NotFound, Forbidden, Conflict (last administrator).
func (s *Service) SetRoles(ctx context.Context, userID string, roles []Role) (*User, error) {
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return nil, err
	}
	for _, r := range roles {
		if !r.Valid() {
			return nil, apperr.Validation(map[string]string{"roles": fmt.Sprintf("%q is not a role.", r)})
		}
	}
	roles = SortRoles(roles)
	var u *User
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if u, err = loadUser(ctx, tx, userID); err != nil {
			return err
		}
		if slices.Equal(u.Roles, roles) {
			return nil
		}
		before := u.state()
		if u.HasRole(RoleAdmin) && !slices.Contains(roles, RoleAdmin) {
			if err := s.ensureAnotherAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		now := s.db.Now()
		if err := tx.Where("user_id = ?", u.ID).Delete(&userRole{}).Error; err != nil {
			return err
		}
		if err := s.insertRoles(ctx, tx, u.ID, roles, now); err != nil {
			return err
		}
		u.Roles = roles
		if err := audit.Record(ctx, tx, now, audit.Event{Action: "user.roles", ObjectType: "user", ObjectID: u.ID,
			Summary: fmt.Sprintf("Changed roles of %s: %s", u.Email, roleDiff(before.Roles, roles)),
			Before:  before, After: u.state()}); err != nil {
			return err
		}
		return s.endUserSessions(ctx, tx, u, "", "roles changed")
	})
	return u, err
}

// HasRole reports whether u holds r.
func (u *User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

func roleDiff(before string, after []Role) string {
	had := strings.Split(before, ",")
	var parts []string
	for _, r := range after {
		if !slices.Contains(had, string(r)) {
			parts = append(parts, "granted "+string(r))
		}
	}
	for _, r := range had {
		if r != "" && !slices.Contains(after, Role(r)) {
			parts = append(parts, "removed "+r)
		}
	}
	return strings.Join(parts, ", ")
}

// ensureAnotherAdmin refuses a change that would leave no active administrator.
func (s *Service) ensureAnotherAdmin(ctx context.Context, tx *gorm.DB, userID string) error {
	var n int64
	err := tx.WithContext(ctx).Table("user_roles").Joins("JOIN users ON users.id = user_roles.user_id").
		Where("user_roles.role = ? AND users.active = ? AND users.id <> ?", RoleAdmin, true, userID).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "This is the last active administrator; make someone else administrator first.")
	}
	return nil
}

// SetActive deactivates or reactivates a user. Deactivation ends every session
// of that user. Errors: NotFound, Forbidden, Conflict.
func (s *Service) SetActive(ctx context.Context, userID string, active bool) (*User, error) {
	actor, err := Require(ctx, PermManageUsers)
	if err != nil {
		return nil, err
	}
	if !active && actor.UserID == userID {
		return nil, apperr.New(apperr.Conflict, "You cannot deactivate your own account.")
	}
	var u *User
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if u, err = loadUser(ctx, tx, userID); err != nil {
			return err
		}
		if u.Active == active {
			return nil
		}
		if !active && u.HasRole(RoleAdmin) {
			if err := s.ensureAnotherAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		before := u.state()
		now := s.db.Now()
		u.Active, u.UpdatedAt, u.DeactivatedAt = active, now, nil
		action, verb := "user.reactivate", "Reactivated"
		if !active {
			u.DeactivatedAt = &now
			action, verb = "user.deactivate", "Deactivated"
		}
		if err := tx.Model(u).Select("active", "updated_at", "deactivated_at").Updates(u).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "user", ObjectID: u.ID,
			Summary: verb + " user " + u.Email, Before: before, After: u.state()}); err != nil {
			return err
		}
		if !active {
			return s.endUserSessions(ctx, tx, u, "", "account deactivated")
		}
		return nil
	})
	return u, err
}

// ResetPassword sets a new password for a user on an administrator's behalf
// and ends that user's sessions. Errors: Invalid, NotFound, Forbidden.
func (s *Service) ResetPassword(ctx context.Context, userID, password string) error {
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return err
	}
	if p := PasswordProblem(password); p != "" {
		return apperr.Validation(map[string]string{"password": p})
	}
	_, err := s.setPassword(ctx, userID, password, "user.password_reset", "Reset the password of %s", nil)
	return err
}

// ChangeOwnPassword checks the current password, sets the new one, ends every
// session of the actor and opens a fresh one for this browser, whose token it
// returns. Errors: Invalid (fields), Unauthenticated.
func (s *Service) ChangeOwnPassword(ctx context.Context, current, next string, client Client) (string, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return "", err
	}
	u, err := loadUser(ctx, s.db.Gorm, a.UserID)
	if err != nil {
		return "", err
	}
	errs := map[string]string{}
	if !checkPassword(current, u.PasswordHash) {
		errs["current"] = "This is not your current password."
	}
	if p := PasswordProblem(next); p != "" {
		errs["password"] = p
	} else if next == current {
		errs["password"] = "Choose a password different from the current one."
	}
	if len(errs) > 0 {
		return "", apperr.Validation(errs)
	}
	return s.setPassword(ctx, u.ID, next, "user.password_change", "%s changed their password", &client)
}

// setPassword stores a new hash, ends the user's sessions and, when client is
// given, opens a new session for it.
func (s *Service) setPassword(ctx context.Context, userID, password, action, summary string, client *Client) (string, error) {
	hash, err := s.hashPassword(password)
	if err != nil {
		return "", err
	}
	var token string
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		u, err := loadUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		now := s.db.Now()
		if err := tx.Model(u).Updates(map[string]any{"password_hash": hash, "password_changed_at": now, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "user", ObjectID: u.ID,
			Summary: fmt.Sprintf(summary, u.Email)}); err != nil {
			return err
		}
		if err := s.endUserSessions(ctx, tx, u, "", "password changed"); err != nil {
			return err
		}
		if client != nil {
			token, _, err = s.openSession(ctx, tx, u, *client, now)
		}
		return err
	})
	return token, err
}

// UserCounts is the administrator's overview of accounts.
type UserCounts struct {
	Active, Deactivated, WithoutRoles int64
	FailedSignins24h                  int64
}

// Counts returns the administrator's overview. Errors: Forbidden.
func (s *Service) Counts(ctx context.Context) (UserCounts, error) {
	var c UserCounts
	if _, err := Require(ctx, PermManageUsers); err != nil {
		return c, err
	}
	g := s.db.Gorm.WithContext(ctx)
	err := errors.Join(
		g.Model(&User{}).Where("active = ?", true).Count(&c.Active).Error,
		g.Model(&User{}).Where("active = ?", false).Count(&c.Deactivated).Error,
		g.Model(&User{}).Where("active = ? AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id)", true).Count(&c.WithoutRoles).Error,
		g.Model(&signinAttempt{}).Where("succeeded = ? AND attempted_at > ?", false, s.db.Now().Add(-24*time.Hour)).Count(&c.FailedSignins24h).Error,
	)
	return c, err
}

// UserTotal counts all users, active or not; start-up uses it to tell an
// empty installation.
func (s *Service) UserTotal(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.Gorm.WithContext(ctx).Model(&User{}).Count(&n).Error
	return n, err
}

// PruneAttempts deletes sign-in attempts older than the throttling window
// needs, and sign-ins that waited for a second factor a day ago; the audit
// trail keeps the lasting record.
func (s *Service) PruneAttempts(ctx context.Context) error {
	dayAgo := s.db.Now().Add(-24 * time.Hour)
	if err := s.db.Gorm.WithContext(ctx).Where("expires_at < ?", dayAgo).Delete(&pendingSignIn{}).Error; err != nil {
		return err
	}
	return s.db.Gorm.WithContext(ctx).Where("attempted_at < ?", dayAgo).Delete(&signinAttempt{}).Error
}

// Holders returns the active users whose roles grant p, by name, for choices
// such as "opened by". Errors: Unauthenticated.
func (s *Service) Holders(ctx context.Context, p Permission) ([]User, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	var out []User
	err := s.db.Gorm.WithContext(ctx).Where("active = ? AND id IN (SELECT user_id FROM user_roles WHERE role IN ?)", true, rolesGranting(p)).
		Order("name").Find(&out).Error
	return out, err
}

// NamesOf returns the names of the users with these ids, by id, for pages
// that show who did what. Unknown ids are left out.
func NamesOf(ctx context.Context, g *gorm.DB, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var people []struct{ ID, Name string }
	if err := g.WithContext(ctx).Table("users").Select("id, name").Where("id IN ?", ids).Scan(&people).Error; err != nil {
		return nil, err
	}
	for _, p := range people {
		out[p.ID] = p.Name
	}
	return out, nil
}

// Person is an active user as the forms that choose one list them.
type Person struct{ ID, Name, Email string }

// ActivePeople returns the active users by name: those a form may name as
// owner, holder or person with access. Callers check their own permission.
func ActivePeople(ctx context.Context, g *gorm.DB) ([]Person, error) {
	var out []Person
	err := g.WithContext(ctx).Table("users").Select("id, name, email").Where("active = ?", true).Order("name").Scan(&out).Error
	return out, err
}
