package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// courseState is what the audit trail records of a course.
type courseState struct {
	Version          int      `json:"version"`
	Title            string   `json:"title"`
	Description      string   `json:"description"`
	Items            []string `json:"items"`
	Material         string   `json:"material,omitempty"`
	RecurrenceMonths int      `json:"recurrence_months"`
	MandatoryRoles   string   `json:"mandatory_roles"`
	// ShowsOrganisation is left out while false, as it was before courses had it.
	ShowsOrganisation bool `json:"shows_organisation,omitempty"`
}

func (c *Course) state() courseState {
	st := courseState{Version: c.Version, Title: c.Title, Description: c.Description, RecurrenceMonths: c.RecurrenceMonths,
		MandatoryRoles: auth.JoinRoles(c.MandatoryRoles), ShowsOrganisation: c.ShowsOrganisation}
	for _, it := range c.Items {
		st.Items = append(st.Items, it.Text)
	}
	if c.MaterialSHA256 != "" {
		st.Material = c.MaterialFilename + " sha256:" + c.MaterialSHA256
	}
	return st
}

// material reports whether in changes what people attest to: the title,
// description, checklist or material. Recurrence and roles do not.
func (c *Course) material(in CourseInput) bool {
	st, next := c.state(), (&Course{Title: in.Title, Description: in.Description}).state()
	for _, it := range in.Items {
		next.Items = append(next.Items, it)
	}
	if in.Material != nil {
		next.Material = in.Material.Filename + " sha256:" + in.Material.SHA256
	}
	return st.Title != next.Title || st.Description != next.Description || !slices.Equal(st.Items, next.Items) || st.Material != next.Material
}

// checkCourseInput returns the actor who may manage courses and in, normalized
// and valid. Errors: Unauthenticated, Forbidden, Invalid.
func checkCourseInput(ctx context.Context, in CourseInput) (*auth.Actor, CourseInput, error) {
	actor, err := auth.Require(ctx, auth.PermManageCourses)
	if err != nil {
		return nil, in, err
	}
	in = in.normalize()
	if errs := in.Validate(); errs != nil {
		return nil, in, apperr.Validation(errs)
	}
	return actor, in, nil
}

// CreateCourse creates a course owned by the actor and assigns it to the
// holders of its mandatory roles. Errors: Invalid, Forbidden.
func (s *Service) CreateCourse(ctx context.Context, in CourseInput) (*Course, error) {
	actor, in, err := checkCourseInput(ctx, in)
	if err != nil {
		return nil, err
	}
	id := db.NewID()
	var out *Course
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		if err := tx.Create(&courseRow{ID: id, Version: 1, RecurrenceMonths: in.RecurrenceMonths, OwnerID: actor.UserID,
			ShowsOrganisation: in.ShowsOrganisation, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
			return err
		}
		if err := writeVersion(tx, id, 1, in, actor.UserID, now); err != nil {
			return err
		}
		if err := writeRoles(tx, id, in.MandatoryRoles); err != nil {
			return err
		}
		c, err := loadCourse(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Event{Action: "course.create", ObjectType: courseObjectType, ObjectID: id,
			Summary: "Created the course " + c.Title, After: c.state()}); err != nil {
			return err
		}
		out = c
		_, err = s.syncCourse(ctx, tx, c, now)
		return err
	})
	return out, err
}

// UpdateCourse changes a course. A change of what people attest to (title,
// description, checklist, material) makes a new version, and everyone
// assigned the course is asked to take it again; recurrence and roles change
// in place. Holders of newly mandatory roles are assigned the course.
// Errors: Invalid, Forbidden, NotFound.
func (s *Service) UpdateCourse(ctx context.Context, id string, in CourseInput) (*Course, error) {
	actor, in, err := checkCourseInput(ctx, in)
	if err != nil {
		return nil, err
	}
	var out *Course
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		if err := lockCourse(tx, id); err != nil {
			return err
		}
		before, err := loadCourse(ctx, tx, id)
		if err != nil {
			return err
		}
		if in.Material == nil && before.MaterialSHA256 != "" {
			// No new file: the course keeps its material.
			in.Material = &Material{SHA256: before.MaterialSHA256, Filename: before.MaterialFilename,
				ContentType: before.MaterialContentType, Size: before.MaterialSize}
		}
		version := before.Version
		if before.material(in) {
			version++
			if err := writeVersion(tx, id, version, in, actor.UserID, now); err != nil {
				return err
			}
		}
		if err := tx.Model(&courseRow{}).Where("id = ?", id).Updates(map[string]any{"version": version,
			"recurrence_months": in.RecurrenceMonths, "shows_organisation": in.ShowsOrganisation, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := tx.Where("course_id = ?", id).Delete(&roleRow{}).Error; err != nil {
			return err
		}
		if err := writeRoles(tx, id, in.MandatoryRoles); err != nil {
			return err
		}
		after, err := loadCourse(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := "Changed the course " + after.Title
		if version != before.Version {
			summary += fmt.Sprintf(": version %d, everyone assigned is asked to attest again", version)
		}
		if err := audit.Record(ctx, tx, now, audit.Event{Action: "course.update", ObjectType: courseObjectType, ObjectID: id,
			Summary: summary, Before: before.state(), After: after.state()}); err != nil {
			return err
		}
		out = after
		_, err = s.syncCourse(ctx, tx, after, now)
		return err
	})
	return out, err
}

// lockCourse takes the course's row lock, so that changes and automatic
// assignments of one course run one after the other. Errors: NotFound.
func lockCourse(tx *gorm.DB, id string) error {
	res := tx.Exec("UPDATE courses SET version = version WHERE id = ?", id)
	if res.Error == nil && res.RowsAffected == 0 {
		return errNoCourse
	}
	return res.Error
}

func writeVersion(tx *gorm.DB, id string, version int, in CourseInput, by string, now time.Time) error {
	v := versionRow{CourseID: id, Version: version, Title: in.Title, Description: in.Description, CreatedBy: by, CreatedAt: now}
	if m := in.Material; m != nil {
		v.MaterialSHA256, v.MaterialFilename, v.MaterialContentType, v.MaterialSize = strings.ToLower(m.SHA256), m.Filename, m.ContentType, m.Size
	}
	if err := tx.Create(&v).Error; err != nil {
		return err
	}
	items := make([]itemRow, len(in.Items))
	for i, text := range in.Items {
		items[i] = itemRow{ID: db.NewID(), CourseID: id, Version: version, Position: i + 1, Text: text}
	}
	return tx.Create(&items).Error
}

func writeRoles(tx *gorm.DB, id string, roles []auth.Role) error {
	for _, r := range auth.SortRoles(roles) {
		if err := tx.Create(&roleRow{CourseID: id, Role: r}).Error; err != nil {
			return err
		}
	}
	return nil
}

// Assign assigns a course to named people, due on dueOn (zero: in 30 days).
// Someone with the course still to do gets the new due date; someone who
// completed it is asked to take it again. Errors: Invalid (users, due_on),
// Forbidden, NotFound.
func (s *Service) Assign(ctx context.Context, courseID string, userIDs []string, dueOn time.Time) error {
	actor, err := auth.Require(ctx, auth.PermManageCourses)
	if err != nil {
		return err
	}
	now := s.db.Now()
	if dueOn.IsZero() {
		dueOn = Day(now).AddDate(0, 0, DefaultDueDays)
	}
	dueOn = Day(dueOn)
	if len(userIDs) == 0 {
		return apperr.Validation(map[string]string{"users": "Choose at least one person."})
	}
	if dueOn.Before(Day(now)) {
		return apperr.Validation(map[string]string{"due_on": "Choose a due date from today on."})
	}
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := lockCourse(tx, courseID); err != nil {
			return err
		}
		c, err := loadCourse(ctx, tx, courseID)
		if err != nil {
			return err
		}
		ids := slices.Compact(slices.Sorted(slices.Values(userIDs)))
		people, err := activeUsers(ctx, tx, "id IN ?", ids)
		if err != nil {
			return err
		}
		if len(people) != len(ids) {
			return apperr.Validation(map[string]string{"users": "Choose active people only."})
		}
		current, err := loadProgress(ctx, tx, map[string]*Course{c.ID: c}, now, "course_id = ? AND superseded_by IS NULL", c.ID)
		if err != nil {
			return err
		}
		byUser := map[string]Progress{}
		for _, p := range current {
			byUser[p.UserID] = p
		}
		for _, u := range people {
			p, ok := byUser[u.ID]
			if ok && p.CompletedAt == nil {
				if err := moveDue(ctx, tx, p, u.Name, c, dueOn, now); err != nil {
					return err
				}
				continue
			}
			a := assignmentRow{UserID: u.ID, CourseID: c.ID, CourseVersion: c.Version, Source: SourceManual, AssignedBy: &actor.UserID, DueOn: dueOn}
			if err := assign(ctx, tx, a, p.AssignmentID, u.Name, c, now, "assigned by "+actor.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// moveDue gives p, still to do, of the person named name, the due day dueOn,
// and records it under the current course c.
func moveDue(ctx context.Context, tx *gorm.DB, p Progress, name string, c *Course, dueOn, now time.Time) error {
	if err := tx.Model(&assignmentRow{}).Where("id = ?", p.AssignmentID).Update("due_on", dueOn).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "training.due", ObjectType: trainingObjectType, ObjectID: p.AssignmentID,
		Summary: fmt.Sprintf("%s: %s is now due on %s", name, c.Title, dueOn.Format(time.DateOnly)),
		Before:  map[string]string{"due_on": p.DueOn.Format(time.DateOnly)}, After: map[string]string{"due_on": dueOn.Format(time.DateOnly)}})
}
