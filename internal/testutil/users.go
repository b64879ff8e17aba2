package testutil

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// SignedIn returns the context a request by the active user with email has
// once the web layer has resolved their session: the actor as stored (id,
// email, name, roles), acting in all their roles and so also the author of
// audit events recorded under it. No session row is opened: what works on
// the actor's own session (signing out, the session list) needs a real
// sign-in through auth.Service.SignIn.
func SignedIn(t testing.TB, d *db.DB, email string) context.Context {
	t.Helper()
	var u auth.User
	if err := d.Gorm.Where("email = ?", email).Take(&u).Error; err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	if !u.Active {
		t.Fatalf("user %s is deactivated and cannot be signed in", email)
	}
	var roles []auth.Role
	if err := d.Gorm.Table("user_roles").Where("user_id = ?", u.ID).Pluck("role", &roles).Error; err != nil {
		t.Fatalf("roles of %s: %v", email, err)
	}
	a := &auth.Actor{UserID: u.ID, Email: u.Email, Name: u.Name, Roles: auth.SortRoles(roles)}
	return auth.WithActor(context.Background(), a, "")
}

// NewUser creates an active user with roles, as the command line does, and
// returns them signed in (SignedIn).
func NewUser(t testing.TB, d *db.DB, email, name string, roles ...auth.Role) context.Context {
	t.Helper()
	in := auth.NewUser{Email: email, Name: name, Roles: roles, Password: "long enough password"}
	if _, err := NewAuth(d).Bootstrap(context.Background(), in); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return SignedIn(t, d, email)
}

// SignedIn returns the context of a request by the user with email (SignedIn).
func (a *App) SignedIn(t testing.TB, email string) context.Context {
	t.Helper()
	return SignedIn(t, a.DB, email)
}

// Train completes, as the user with email, every course assigned to them
// (after the automatic assignments are made), so that they may do the acts
// that only trained people do.
func (a *App) Train(t testing.TB, email string) {
	t.Helper()
	if _, err := a.Training.Sync(auth.AsSystem(context.Background())); err != nil {
		t.Fatal(err)
	}
	ctx := a.SignedIn(t, email)
	mine, err := a.Training.Mine(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range mine {
		if p.CompletedAt != nil {
			continue
		}
		for _, it := range p.Course.Items {
			if _, err := a.Training.Tick(ctx, p.AssignmentID, it.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Training.Attest(ctx, p.AssignmentID, true, auth.ActorFrom(ctx).Name); err != nil {
			t.Fatal(err)
		}
	}
}
