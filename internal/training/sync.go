package training

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// Sync applies the automatic assignments of every course and returns how
// many it made: a new version asks everyone assigned to take the course again,
// a lapsed completion is reassigned (due 30 days after it lapsed), and holders
// of a mandatory role without the course are assigned it. Running it again
// changes nothing.
func (s *Service) Sync(ctx context.Context) (int, error) {
	_, all, err := coursesByID(ctx, s.db.Gorm)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, c := range all {
		err := s.db.InTx(ctx, func(tx *gorm.DB) error {
			if err := lockCourse(tx, c.ID); err != nil {
				return err
			}
			fresh, err := loadCourse(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			n, err := s.syncCourse(ctx, tx, fresh, s.db.Now())
			total += n
			return err
		})
		if err != nil {
			return total, fmt.Errorf("training: assign %s: %w", c.Title, err)
		}
	}
	return total, nil
}

// syncCourse applies the automatic assignments of c, in tx, under its lock.
func (s *Service) syncCourse(ctx context.Context, tx *gorm.DB, c *Course, now time.Time) (int, error) {
	current, err := loadProgress(ctx, tx, map[string]*Course{c.ID: c}, now, "course_id = ? AND superseded_by IS NULL", c.ID)
	if err != nil {
		return 0, err
	}
	holders, err := activeUsers(ctx, tx, "id IN (SELECT user_id FROM user_roles WHERE role IN ?)", rolesOrNone(c.MandatoryRoles))
	if err != nil {
		return 0, err
	}
	assigned := map[string]bool{}
	var ids []string
	for _, p := range current {
		assigned[p.UserID] = true
		ids = append(ids, p.UserID)
	}
	names := map[string]string{}
	if len(ids) > 0 {
		people, err := activeUsers(ctx, tx, "id IN (SELECT user_id FROM assignments WHERE course_id = ? AND superseded_by IS NULL)", c.ID)
		if err != nil {
			return 0, err
		}
		for _, u := range people {
			names[u.ID] = u.Name
		}
	}
	n := 0
	for _, p := range current {
		name, active := names[p.UserID]
		if !active {
			continue // a deactivated person keeps their record and gets nothing new
		}
		a := assignmentRow{UserID: p.UserID, CourseID: c.ID, CourseVersion: c.Version, Source: p.Source, AssignedBy: nil}
		var why string
		switch {
		case p.CourseVersion != c.Version:
			a.DueOn, why = Day(now).AddDate(0, 0, DefaultDueDays), fmt.Sprintf("the course changed to version %d", c.Version)
		case p.State == Expired:
			a.DueOn, why = Day(*p.ExpiresOn).AddDate(0, 0, DefaultDueDays), "the completion of "+p.CompletedAt.Format(time.DateOnly)+" lapsed"
		default:
			continue
		}
		if err := assign(ctx, tx, a, p.AssignmentID, name, c, now, why); err != nil {
			return n, err
		}
		n++
	}
	for _, u := range holders {
		if assigned[u.ID] {
			continue
		}
		a := assignmentRow{UserID: u.ID, CourseID: c.ID, CourseVersion: c.Version, Source: SourceRole, DueOn: Day(now).AddDate(0, 0, DefaultDueDays)}
		if err := assign(ctx, tx, a, "", u.Name, c, now, "mandatory for "+roleLabels(c.MandatoryRoles, u.Roles)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// rolesOrNone keeps "role IN ?" valid SQL for a course mandatory for nobody.
func rolesOrNone(roles []auth.Role) []auth.Role {
	if len(roles) == 0 {
		return []auth.Role{""}
	}
	return roles
}

// roleLabels names the roles of held that make a course mandatory.
func roleLabels(mandatory, held []auth.Role) string {
	var out []string
	for _, r := range held {
		for _, m := range mandatory {
			if r == m {
				out = append(out, strings.ToLower(r.Label()))
			}
		}
	}
	return strings.Join(out, ", ")
}

// Overdue returns a person's overdue mandatory courses: the person's own, or
// anyone's with PermReadTraining. Errors: Unauthenticated, Forbidden.
func (s *Service) Overdue(ctx context.Context, userID string) ([]Course, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if userID != actor.UserID && !actor.Can(auth.PermReadTraining) {
		return nil, apperr.New(apperr.Forbidden, "You can see only your own training.")
	}
	people, err := activeUsers(ctx, s.db.Gorm, "id = ?", userID)
	if err != nil || len(people) == 0 {
		return nil, err
	}
	return s.overdue(ctx, userID, people[0].Roles)
}

// overdue returns the overdue courses of the person userID that are
// mandatory for someone holding roles.
func (s *Service) overdue(ctx context.Context, userID string, roles []auth.Role) ([]Course, error) {
	_, ps, err := s.currentProgress(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []Course
	for _, p := range ps {
		if p.State == Overdue && p.Course.MandatoryFor(roles) {
			out = append(out, *p.Course)
		}
	}
	return out, nil
}
