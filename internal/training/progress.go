package training

import (
	"context"
	"encoding/json"
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

const trainingObjectType = "training"

type assignmentRow struct {
	ID            string    `gorm:"column:id;primaryKey"`
	UserID        string    `gorm:"column:user_id"`
	CourseID      string    `gorm:"column:course_id"`
	CourseVersion int       `gorm:"column:course_version"`
	Source        string    `gorm:"column:source"`
	AssignedBy    *string   `gorm:"column:assigned_by"`
	AssignedAt    time.Time `gorm:"column:assigned_at"`
	DueOn         time.Time `gorm:"column:due_on"`
	SupersededBy  *string   `gorm:"column:superseded_by"`
}

func (assignmentRow) TableName() string { return "assignments" }

type tickRow struct {
	AssignmentID string    `gorm:"column:assignment_id;primaryKey"`
	ItemID       string    `gorm:"column:item_id;primaryKey"`
	TickedAt     time.Time `gorm:"column:ticked_at"`
}

func (tickRow) TableName() string { return "item_ticks" }

type completionRow struct {
	ID            string    `gorm:"column:id;primaryKey"`
	AssignmentID  string    `gorm:"column:assignment_id"`
	UserID        string    `gorm:"column:user_id"`
	CourseID      string    `gorm:"column:course_id"`
	CourseVersion int       `gorm:"column:course_version"`
	AttestedName  string    `gorm:"column:attested_name"`
	Items         string    `gorm:"column:items"`
	CompletedAt   time.Time `gorm:"column:completed_at"`
}

func (completionRow) TableName() string { return "completions" }

// person is a user as training needs them.
type person struct {
	ID, Name, Email string
	Roles           []auth.Role `gorm:"-"` // read separately
}

// activeUsers returns the active users matching where, by name, with their roles.
func activeUsers(ctx context.Context, g *gorm.DB, where string, args ...any) ([]person, error) {
	g = g.WithContext(ctx)
	users := func() *gorm.DB { return g.Table("users").Where("active = ?", true).Where(where, args...) }
	var people []person
	if err := users().Select("id, name, email").Order("name, id").Scan(&people).Error; err != nil {
		return nil, err
	}
	var roles []struct {
		UserID string
		Role   auth.Role
	}
	if err := g.Table("user_roles").Select("user_id, role").Where("user_id IN (?)", users().Select("id")).Scan(&roles).Error; err != nil {
		return nil, err
	}
	byID := map[string][]auth.Role{}
	for _, r := range roles {
		byID[r.UserID] = append(byID[r.UserID], r.Role)
	}
	for i := range people {
		people[i].Roles = auth.SortRoles(byID[people[i].ID])
	}
	return people, nil
}

// loadProgress returns the assignments matching where with their ticks and
// completions and the state they are in at now. courses holds the current
// versions; an assignment of an earlier version gets that version's content.
func loadProgress(ctx context.Context, g *gorm.DB, courses map[string]*Course, now time.Time, where string, args ...any) ([]Progress, error) {
	g = g.WithContext(ctx)
	var rows []assignmentRow
	if err := g.Where(where, args...).Order("assigned_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	sub := g.Model(&assignmentRow{}).Select("id").Where(where, args...)
	var ticks []tickRow
	if err := g.Where("assignment_id IN (?)", sub).Find(&ticks).Error; err != nil {
		return nil, err
	}
	var done []completionRow
	if err := g.Where("assignment_id IN (?)", sub).Find(&done).Error; err != nil {
		return nil, err
	}
	ticked := map[string]map[string]time.Time{}
	for _, t := range ticks {
		if ticked[t.AssignmentID] == nil {
			ticked[t.AssignmentID] = map[string]time.Time{}
		}
		ticked[t.AssignmentID][t.ItemID] = t.TickedAt
	}
	completions := map[string]completionRow{}
	for _, c := range done {
		completions[c.AssignmentID] = c
	}
	out := make([]Progress, 0, len(rows))
	for _, a := range rows {
		c := courses[a.CourseID]
		if c == nil {
			continue // not among the courses asked for
		}
		if c.Version != a.CourseVersion {
			var err error
			if c, err = courseAt(ctx, g, c, a.CourseVersion); err != nil {
				return nil, err
			}
		}
		p := Progress{AssignmentID: a.ID, CourseID: a.CourseID, UserID: a.UserID, Course: c, CourseVersion: a.CourseVersion,
			Source: a.Source, AssignedAt: a.AssignedAt, DueOn: Day(a.DueOn), Ticked: ticked[a.ID], Superseded: a.SupersededBy != nil}
		if p.Ticked == nil {
			p.Ticked = map[string]time.Time{}
		}
		if done, ok := completions[a.ID]; ok {
			p.CompletionID, p.AttestedName, p.CompletedAt = done.ID, done.AttestedName, &done.CompletedAt
			p.ExpiresOn = c.ExpiresOn(done.CompletedAt)
		}
		p.State = Derive(now, p.DueOn, p.Done(), p.CompletedAt, p.ExpiresOn)
		out = append(out, p)
	}
	return out, nil
}

// coursesByID returns every course at its current version, by id.
func coursesByID(ctx context.Context, g *gorm.DB) (map[string]*Course, []*Course, error) {
	all, err := loadCourses(ctx, g, "")
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*Course, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	return byID, all, nil
}

// assign creates assignment a for the person named name, superseding the
// assignment with id supersedes (when not ""), and records why.
func assign(ctx context.Context, tx *gorm.DB, a assignmentRow, supersedes, name string, c *Course, now time.Time, why string) error {
	a.ID, a.AssignedAt = db.NewID(), now
	if supersedes != "" {
		// Marked first: the unique index allows one current assignment.
		if err := tx.Model(&assignmentRow{}).Where("id = ?", supersedes).Update("superseded_by", a.ID).Error; err != nil {
			return err
		}
	}
	if err := tx.Create(&a).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: "training.assign", ObjectType: trainingObjectType, ObjectID: a.ID,
		Summary: fmt.Sprintf("%s assigned %s (version %d), due on %s: %s", name, c.Title, c.Version, a.DueOn.Format(time.DateOnly), why),
		After: map[string]any{"user_id": a.UserID, "course_id": a.CourseID, "course_version": a.CourseVersion, "source": a.Source,
			"due_on": a.DueOn.Format(time.DateOnly), "supersedes": supersedes}})
}

// urgency orders states for a person's own list: what needs doing first.
var urgency = map[State]int{Overdue: 0, Expired: 1, InProgress: 2, NotStarted: 2, Completed: 3}

// Mine returns the signed-in person's current assignments, most urgent first:
// overdue, expired, then what is to do by due date, then what is completed.
// Errors: Unauthenticated.
func (s *Service) Mine(ctx context.Context) ([]Progress, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	courses, _, err := coursesByID(ctx, s.db.Gorm)
	if err != nil {
		return nil, err
	}
	out, err := loadProgress(ctx, s.db.Gorm, courses, s.db.Now(), "user_id = ? AND superseded_by IS NULL", actor.UserID)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Progress) int {
		if d := urgency[a.State] - urgency[b.State]; d != 0 {
			return d
		}
		if d := a.DueOn.Compare(b.DueOn); d != 0 {
			return d
		}
		return strings.Compare(a.Course.Title, b.Course.Title)
	})
	return out, nil
}

var errNoAssignment = apperr.New(apperr.NotFound, "No such training assignment.")

// progress returns one assignment read through g.
func (s *Service) progress(ctx context.Context, g *gorm.DB, id string) (*Progress, error) {
	var courseID string
	if err := g.WithContext(ctx).Model(&assignmentRow{}).Where("id = ?", id).Pluck("course_id", &courseID).Error; err != nil {
		return nil, err
	}
	if courseID == "" {
		return nil, errNoAssignment
	}
	c, err := loadCourse(ctx, g, courseID)
	if err != nil {
		return nil, err
	}
	ps, err := loadProgress(ctx, g, map[string]*Course{c.ID: c}, s.db.Now(), "id = ?", id)
	if err != nil {
		return nil, err
	}
	return &ps[0], nil
}

// Progress returns an assignment: one's own, or anyone's with
// PermReadTraining. Errors: Unauthenticated, Forbidden, NotFound.
func (s *Service) Progress(ctx context.Context, assignmentID string) (*Progress, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.progress(ctx, s.db.Gorm, assignmentID)
	if err != nil {
		return nil, err
	}
	if p.UserID != actor.UserID && !actor.Can(auth.PermReadTraining) {
		return nil, apperr.New(apperr.Forbidden, "You can see only your own training.")
	}
	return p, nil
}

// own runs fn in a transaction on the actor's own current, unfinished
// assignment, then returns it as it stands.
func (s *Service) own(ctx context.Context, assignmentID string, fn func(tx *gorm.DB, p *Progress, actor *auth.Actor, now time.Time) error) (*Progress, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *Progress
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		// Take the assignment's row lock so that a tick and an attestation
		// of one assignment do not cross.
		if err := tx.Exec("UPDATE assignments SET due_on = due_on WHERE id = ?", assignmentID).Error; err != nil {
			return err
		}
		p, err := s.progress(ctx, tx, assignmentID)
		if err != nil {
			return err
		}
		switch {
		case p.UserID != actor.UserID:
			return apperr.New(apperr.Forbidden, "Only the person assigned can work through their training.")
		case p.Superseded:
			return apperr.New(apperr.Conflict, "This assignment was replaced by a newer one: open the course from your training page.")
		case p.CompletedAt != nil:
			return apperr.New(apperr.Conflict, "You have already completed this course.")
		}
		if err := fn(tx, p, actor, s.db.Now()); err != nil {
			return err
		}
		out, err = s.progress(ctx, tx, assignmentID)
		return err
	})
	return out, err
}

// Tick ticks (done) or unticks an item of the actor's own assignment.
// Errors: Unauthenticated, Forbidden, NotFound, Conflict (completed or replaced).
func (s *Service) Tick(ctx context.Context, assignmentID, itemID string, done bool) (*Progress, error) {
	return s.own(ctx, assignmentID, func(tx *gorm.DB, p *Progress, _ *auth.Actor, now time.Time) error {
		i := slices.IndexFunc(p.Course.Items, func(it Item) bool { return it.ID == itemID })
		if i < 0 {
			return apperr.New(apperr.NotFound, "No such item in this course.")
		}
		_, was := p.Ticked[itemID]
		if was == done {
			return nil
		}
		action, verb := "training.tick", "ticked"
		var err error
		if done {
			err = tx.Create(&tickRow{AssignmentID: p.AssignmentID, ItemID: itemID, TickedAt: now}).Error
		} else {
			action, verb = "training.untick", "unticked"
			err = tx.Where("assignment_id = ? AND item_id = ?", p.AssignmentID, itemID).Delete(&tickRow{}).Error
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: trainingObjectType, ObjectID: p.AssignmentID,
			Summary: fmt.Sprintf("%s: %s item %d of %d: %s", p.Course.Title, verb, i+1, len(p.Course.Items), p.Course.Items[i].Text)})
	})
}

// SameName reports whether typed is name, ignoring case and spacing.
func SameName(typed, name string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return norm(typed) != "" && strings.EqualFold(norm(typed), norm(name))
}

// Attest completes the actor's own assignment: every item ticked, "I have
// read and understood" confirmed, and the person's name typed under it.
// Errors: Invalid (items, understood, name), Unauthenticated, Forbidden,
// NotFound, Conflict.
func (s *Service) Attest(ctx context.Context, assignmentID string, understood bool, typedName string) (*Progress, error) {
	return s.own(ctx, assignmentID, func(tx *gorm.DB, p *Progress, actor *auth.Actor, now time.Time) error {
		var name string
		if err := tx.Table("users").Where("id = ?", actor.UserID).Pluck("name", &name).Error; err != nil {
			return err
		}
		errs := map[string]string{}
		if p.Done() < len(p.Course.Items) {
			errs["items"] = fmt.Sprintf("Tick every item first: %d of %d are ticked.", p.Done(), len(p.Course.Items))
		}
		if !understood {
			errs["understood"] = "Confirm that you have read and understood the course."
		}
		if !SameName(typedName, name) {
			errs["name"] = fmt.Sprintf("Type your name as your account has it (%s) to attest.", name)
		}
		if len(errs) > 0 {
			return apperr.Validation(errs)
		}
		texts := make([]string, len(p.Course.Items))
		for i, it := range p.Course.Items {
			texts[i] = it.Text
		}
		items, err := json.Marshal(texts)
		if err != nil {
			return err
		}
		c := completionRow{ID: db.NewID(), AssignmentID: p.AssignmentID, UserID: p.UserID, CourseID: p.CourseID,
			CourseVersion: p.CourseVersion, AttestedName: strings.Join(strings.Fields(typedName), " "), Items: string(items), CompletedAt: now}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "training.complete", ObjectType: trainingObjectType, ObjectID: p.AssignmentID,
			Summary: fmt.Sprintf("%s completed %s (version %d), attested as %q", name, p.Course.Title, p.CourseVersion, c.AttestedName),
			After:   map[string]any{"completion_id": c.ID, "attested_name": c.AttestedName, "items": texts}})
	})
}

// Certificate returns a completion: one's own, or anyone's with
// PermReadTraining. Errors: Unauthenticated, Forbidden, NotFound.
func (s *Service) Certificate(ctx context.Context, completionID string) (*Completion, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	var c completionRow
	if err := g.Where("id = ?", completionID).Take(&c).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "No such certificate.")
		}
		return nil, err
	}
	if c.UserID != actor.UserID && !actor.Can(auth.PermReadTraining) {
		return nil, apperr.New(apperr.Forbidden, "You can see only your own certificates.")
	}
	current, err := loadCourse(ctx, g, c.CourseID)
	if err != nil {
		return nil, err
	}
	var title, name string
	if err := g.Model(&versionRow{}).Where("course_id = ? AND version = ?", c.CourseID, c.CourseVersion).Pluck("title", &title).Error; err != nil {
		return nil, err
	}
	if err := g.Table("users").Where("id = ?", c.UserID).Pluck("name", &name).Error; err != nil {
		return nil, err
	}
	out := &Completion{ID: c.ID, UserID: c.UserID, UserName: name, CourseID: c.CourseID, CourseTitle: title, CourseVersion: c.CourseVersion,
		AttestedName: c.AttestedName, CompletedAt: c.CompletedAt, ExpiresOn: current.ExpiresOn(c.CompletedAt)}
	return out, json.Unmarshal([]byte(c.Items), &out.Items)
}
