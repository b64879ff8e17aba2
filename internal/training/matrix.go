package training

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Matrix returns people × courses with each person's current state in each
// course, people by name and courses by title. Errors: Unauthenticated,
// Forbidden.
func (s *Service) Matrix(ctx context.Context, f MatrixFilter) (*Matrix, error) {
	if _, err := auth.Require(ctx, auth.PermReadTraining); err != nil {
		return nil, err
	}
	g := s.db.Gorm
	byID, all, err := coursesByID(ctx, g)
	if err != nil {
		return nil, err
	}
	m := &Matrix{}
	column := map[string]int{}
	for _, c := range all {
		if f.CourseID == "" || c.ID == f.CourseID {
			column[c.ID] = len(m.Courses)
			m.Courses = append(m.Courses, *c)
		}
	}
	people, err := activeUsers(ctx, g, "1 = 1")
	if err != nil {
		return nil, err
	}
	ps, err := loadProgress(ctx, g, byID, s.db.Now(), "superseded_by IS NULL")
	if err != nil {
		return nil, err
	}
	cells := map[string][]Cell{}
	for _, p := range ps {
		col, ok := column[p.CourseID]
		if !ok {
			continue
		}
		if cells[p.UserID] == nil {
			cells[p.UserID] = make([]Cell, len(m.Courses))
		}
		cells[p.UserID][col] = Cell{State: p.State, AssignmentID: p.AssignmentID, AssignedAt: p.AssignedAt, DueOn: p.DueOn, CompletedAt: p.CompletedAt}
	}
	for _, u := range people {
		row := MatrixRow{UserID: u.ID, Name: u.Name, Email: u.Email, Roles: u.Roles, Cells: cells[u.ID]}
		if row.Cells == nil {
			row.Cells = make([]Cell, len(m.Courses))
		}
		if f.Role != "" && !slices.Contains(u.Roles, f.Role) {
			continue
		}
		if f.State != "" && !slices.ContainsFunc(row.Cells, func(c Cell) bool { return c.State == f.State }) {
			continue
		}
		m.Rows = append(m.Rows, row)
	}
	return m, nil
}

// CourseStats returns a course's figures and the people assigned it.
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *Service) CourseStats(ctx context.Context, courseID string) (*CourseStats, error) {
	if _, err := auth.Require(ctx, auth.PermReadTraining); err != nil {
		return nil, err
	}
	c, err := loadCourse(ctx, s.db.Gorm, courseID)
	if err != nil {
		return nil, err
	}
	m, err := s.Matrix(ctx, MatrixFilter{CourseID: courseID})
	if err != nil {
		return nil, err
	}
	st := &CourseStats{Course: *c}
	count := map[State]*int{Completed: &st.Completed, InProgress: &st.InProgress, NotStarted: &st.NotStarted,
		Overdue: &st.Overdue, Expired: &st.Expired}
	for _, r := range m.Rows {
		if r.Cells[0].State == "" {
			continue
		}
		st.Assigned++
		*count[r.Cells[0].State]++
		st.People = append(st.People, r)
	}
	return st, nil
}

// MatrixColumns are the columns of MatrixCSV: one row per person and course assigned.
var MatrixColumns = []string{"name", "email", "roles", "course", "course_version", "state", "assigned_on", "due_on", "completed_at", "expires_on"}

// MatrixCSV writes the matrix as CSV, one row per person and course assigned.
// Errors: Unauthenticated, Forbidden.
func (s *Service) MatrixCSV(ctx context.Context, f MatrixFilter, w io.Writer) error {
	m, err := s.Matrix(ctx, f)
	if err != nil {
		return err
	}
	out := csv.NewWriter(w)
	if err := out.Write(MatrixColumns); err != nil {
		return err
	}
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, r := range m.Rows {
		for i, cell := range r.Cells {
			if cell.State == "" {
				continue
			}
			c := m.Courses[i]
			var expires *time.Time
			if cell.CompletedAt != nil {
				expires = c.ExpiresOn(*cell.CompletedAt)
			}
			rec := []string{r.Name, r.Email, auth.JoinRoles(r.Roles), c.Title, strconv.Itoa(c.Version), string(cell.State),
				cell.AssignedAt.Format(time.DateOnly), cell.DueOn.Format(time.DateOnly), stamp(cell.CompletedAt), stamp(expires)}
			for j := range rec {
				rec[j] = spreadsheetSafe(rec[j])
			}
			if err := out.Write(rec); err != nil {
				return err
			}
		}
	}
	out.Flush()
	return out.Error()
}

// spreadsheetSafe keeps a cell that a spreadsheet would run as a formula
// (names and titles are user input) as text.
func spreadsheetSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
