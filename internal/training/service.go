package training

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service is the training capability.
type Service struct {
	db *db.DB
}

// NewService returns the training service over d; d.Now is its clock.
func NewService(d *db.DB) *Service { return &Service{db: d} }

type courseRow struct {
	ID                string    `gorm:"column:id;primaryKey"`
	Version           int       `gorm:"column:version"`
	RecurrenceMonths  int       `gorm:"column:recurrence_months"`
	ShowsOrganisation bool      `gorm:"column:shows_organisation"`
	OwnerID           string    `gorm:"column:owner_id"`
	CreatedAt         time.Time `gorm:"column:created_at"`
	UpdatedAt         time.Time `gorm:"column:updated_at"`
}

func (courseRow) TableName() string { return "courses" }

type versionRow struct {
	CourseID            string    `gorm:"column:course_id;primaryKey"`
	Version             int       `gorm:"column:version;primaryKey"`
	Title               string    `gorm:"column:title"`
	Description         string    `gorm:"column:description"`
	MaterialSHA256      string    `gorm:"column:material_sha256"`
	MaterialFilename    string    `gorm:"column:material_filename"`
	MaterialContentType string    `gorm:"column:material_content_type"`
	MaterialSize        int64     `gorm:"column:material_size"`
	CreatedBy           string    `gorm:"column:created_by"`
	CreatedAt           time.Time `gorm:"column:created_at"`
}

func (versionRow) TableName() string { return "course_versions" }

type itemRow struct {
	ID       string `gorm:"column:id;primaryKey"`
	CourseID string `gorm:"column:course_id"`
	Version  int    `gorm:"column:version"`
	Position int    `gorm:"column:position"`
	Text     string `gorm:"column:text"`
}

func (itemRow) TableName() string { return "course_items" }

type roleRow struct {
	CourseID string    `gorm:"column:course_id;primaryKey"`
	Role     auth.Role `gorm:"column:role;primaryKey"`
}

func (roleRow) TableName() string { return "course_roles" }

var errNoCourse = apperr.New(apperr.NotFound, "No such course.")

// Courses returns every course at its current version, by title.
// Errors: Unauthenticated.
func (s *Service) Courses(ctx context.Context) ([]Course, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	all, err := loadCourses(ctx, s.db.Gorm, "")
	if err != nil {
		return nil, err
	}
	out := make([]Course, len(all))
	for i, c := range all {
		out[i] = *c
	}
	return out, nil
}

// Course returns a course at its current version. Errors: Unauthenticated, NotFound.
func (s *Service) Course(ctx context.Context, id string) (*Course, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	return loadCourse(ctx, s.db.Gorm, id)
}

func signedIn(ctx context.Context) error {
	_, err := actorOf(ctx)
	return err
}

// actorOf returns the signed-in actor. Errors: Unauthenticated.
func actorOf(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	return a, nil
}

func loadCourse(ctx context.Context, g *gorm.DB, id string) (*Course, error) {
	cs, err := loadCourses(ctx, g, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, errNoCourse
	}
	return cs[0], nil
}

// loadCourses returns the courses at their current versions, by title: all of
// them, or the one with id.
func loadCourses(ctx context.Context, g *gorm.DB, id string) ([]*Course, error) {
	g = g.WithContext(ctx)
	var rows []struct {
		ID, Title, Description, OwnerID                       string
		MaterialSHA256, MaterialFilename, MaterialContentType string
		MaterialSize                                          int64
		Version, RecurrenceMonths                             int
		ShowsOrganisation                                     bool
		CreatedAt, UpdatedAt                                  time.Time
	}
	q := g.Table("courses").Select("courses.id, courses.version, courses.recurrence_months, courses.shows_organisation, courses.owner_id, courses.created_at, courses.updated_at, " +
		"v.title, v.description, v.material_sha256, v.material_filename, v.material_content_type, v.material_size").
		Joins("JOIN course_versions v ON v.course_id = courses.id AND v.version = courses.version")
	if id != "" {
		q = q.Where("courses.id = ?", id)
	}
	if err := q.Order("v.title, courses.id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	var items []itemRow
	iq := g.Table("course_items").Select("course_items.*").
		Joins("JOIN courses ON courses.id = course_items.course_id AND courses.version = course_items.version")
	var roles []roleRow
	rq := g.Model(&roleRow{})
	if id != "" {
		iq, rq = iq.Where("courses.id = ?", id), rq.Where("course_id = ?", id)
	}
	if err := iq.Order("course_items.position").Scan(&items).Error; err != nil {
		return nil, err
	}
	if err := rq.Find(&roles).Error; err != nil {
		return nil, err
	}
	out := make([]*Course, len(rows))
	byID := map[string]*Course{}
	for i, r := range rows {
		out[i] = &Course{ID: r.ID, Title: r.Title, Description: r.Description, MaterialSHA256: r.MaterialSHA256,
			MaterialFilename: r.MaterialFilename, MaterialContentType: r.MaterialContentType, MaterialSize: r.MaterialSize,
			RecurrenceMonths: r.RecurrenceMonths, ShowsOrganisation: r.ShowsOrganisation, OwnerID: r.OwnerID, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
		byID[r.ID] = out[i]
	}
	for _, it := range items {
		if c := byID[it.CourseID]; c != nil {
			c.Items = append(c.Items, Item{ID: it.ID, Position: it.Position, Text: it.Text})
		}
	}
	for _, r := range roles {
		if c := byID[r.CourseID]; c != nil {
			c.MandatoryRoles = append(c.MandatoryRoles, r.Role)
		}
	}
	for _, c := range out {
		c.MandatoryRoles = auth.SortRoles(c.MandatoryRoles)
	}
	return out, nil
}

// courseAt returns a course with the content of an earlier version: what an
// assignment superseded since was about.
func courseAt(ctx context.Context, g *gorm.DB, current *Course, version int) (*Course, error) {
	g = g.WithContext(ctx)
	var v versionRow
	if err := g.Where("course_id = ? AND version = ?", current.ID, version).Take(&v).Error; err != nil {
		return nil, err
	}
	var items []itemRow
	if err := g.Where("course_id = ? AND version = ?", current.ID, version).Order("position").Find(&items).Error; err != nil {
		return nil, err
	}
	c := *current
	c.Title, c.Description, c.Version = v.Title, v.Description, v.Version
	c.MaterialSHA256, c.MaterialFilename, c.MaterialContentType, c.MaterialSize = v.MaterialSHA256, v.MaterialFilename, v.MaterialContentType, v.MaterialSize
	c.Items = nil
	for _, it := range items {
		c.Items = append(c.Items, Item{ID: it.ID, Position: it.Position, Text: it.Text})
	}
	return &c, nil
}

// Limits of a course's content.
const (
	maxTitle         = 200
	maxDescription   = 20000
	maxItems         = 50
	maxItemText      = 500
	maxRecurrence    = 120
	maxMaterialName  = 255
	sha256HexLength  = 64
	courseObjectType = "course"
)

// normalize trims the input and drops empty checklist lines; Validate checks
// the result.
func (in CourseInput) normalize() CourseInput {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var items []string
	for _, it := range in.Items {
		if it = strings.Join(strings.Fields(it), " "); it != "" {
			items = append(items, it)
		}
	}
	in.Items = items
	return in
}

// Validate returns the field messages of a normalized input, or nil.
func (in CourseInput) Validate() map[string]string {
	errs := map[string]string{}
	switch {
	case in.Title == "":
		errs["title"] = "Give the course a title."
	case len(in.Title) > maxTitle:
		errs["title"] = fmt.Sprintf("Use at most %d characters.", maxTitle)
	}
	if len(in.Description) > maxDescription {
		errs["description"] = "Use at most 20,000 characters."
	}
	switch {
	case len(in.Items) == 0:
		errs["items"] = "List at least one checklist item."
	case len(in.Items) > maxItems:
		errs["items"] = fmt.Sprintf("Use at most %d checklist items.", maxItems)
	case slices.ContainsFunc(in.Items, func(s string) bool { return len(s) > maxItemText }):
		errs["items"] = fmt.Sprintf("Keep each checklist item to %d characters.", maxItemText)
	}
	if in.RecurrenceMonths < 0 || in.RecurrenceMonths > maxRecurrence {
		errs["recurrence_months"] = "Give a number of months from 0 (taken once) to 120."
	}
	for _, r := range in.MandatoryRoles {
		if !r.Valid() {
			errs["mandatory_roles"] = fmt.Sprintf("%q is not a role.", r)
		}
	}
	if m := in.Material; m != nil {
		if _, err := hex.DecodeString(m.SHA256); err != nil || len(m.SHA256) != sha256HexLength || m.Filename == "" || len(m.Filename) > maxMaterialName || m.Size < 0 {
			errs["material"] = "The material could not be stored; upload it again."
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
