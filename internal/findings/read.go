package findings

import (
	"context"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// ActionFilter narrows the list of actions; empty fields match all.
type ActionFilter struct {
	Status  ActionStatus
	Source  Source // of the action's finding
	Overdue bool
}

// Actions returns the corrective actions that match f, the earliest due
// first, with their finding's reference and title, to those who read the
// programme. Errors: Unauthenticated, Forbidden.
func (s *Service) Actions(ctx context.Context, f ActionFilter) ([]Action, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	q := actions(ctx, s.db.Gorm)
	if f.Status != "" {
		q = q.Where("a.status = ?", f.Status)
	}
	if f.Source != "" {
		q = q.Where("f.source = ?", f.Source)
	}
	if f.Overdue {
		q = q.Where("a.status <> ? AND a.due_on < ?", ActionClosed, day(s.db.Now()))
	}
	var out []Action
	return out, q.Order("a.due_on, f.reference").Find(&out).Error
}

// Overdue returns the viewer's own actions, not closed, whose due day has
// passed, the most overdue first.
func (s *Service) Overdue(ctx context.Context) ([]Action, error) {
	a := auth.ActorFrom(ctx)
	if a == nil {
		return nil, nil
	}
	var out []Action
	err := actions(ctx, s.db.Gorm).Where("a.owner_id = ? AND a.status <> ? AND a.due_on < ?", a.UserID, ActionClosed, day(s.db.Now())).
		Order("a.due_on").Find(&out).Error
	return out, err
}

// AwaitingSignOff returns the actions marked done that the viewer may sign
// off (they manage actions, and neither own the action nor marked it done),
// the longest waiting first; none to anyone else.
func (s *Service) AwaitingSignOff(ctx context.Context) ([]Action, error) {
	a := auth.ActorFrom(ctx)
	if !a.Can(auth.PermManageActions) {
		return nil, nil
	}
	var out []Action
	err := actions(ctx, s.db.Gorm).Where("a.status = ? AND a.owner_id <> ? AND a.done_by <> ?", ActionDone, a.UserID, a.UserID).
		Order("a.done_at").Find(&out).Error
	return out, err
}

// EvidenceFile returns the history entry entryID of action actionID when it
// carries a stored file, to those who may see the action's finding (see
// Get). Errors: Unauthenticated, Forbidden, NotFound.
func (s *Service) EvidenceFile(ctx context.Context, actionID, entryID string) (*Entry, error) {
	if _, err := s.Action(ctx, actionID); err != nil {
		return nil, err
	}
	var e Entry
	err := s.db.Gorm.WithContext(ctx).Where("id = ? AND action_id = ? AND sha256 <> ''", entryID, actionID).Take(&e).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such file.")
	}
	return &e, err
}

// ActionCounts are the corrective actions by status, and how many of those
// not closed are overdue: for the programme's dashboard.
type ActionCounts struct {
	Open, InProgress, AwaitingSignOff, Closed, Overdue int
}

// ActionCounts counts the corrective actions, for those who read the
// programme. Errors: Unauthenticated, Forbidden.
func (s *Service) ActionCounts(ctx context.Context) (ActionCounts, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return ActionCounts{}, err
	}
	var rows []struct {
		Status ActionStatus
		N      int
	}
	g := s.db.Gorm.WithContext(ctx)
	if err := g.Model(&Action{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return ActionCounts{}, err
	}
	var c ActionCounts
	for _, r := range rows {
		*map[ActionStatus]*int{ActionOpen: &c.Open, ActionInProgress: &c.InProgress, ActionDone: &c.AwaitingSignOff,
			ActionClosed: &c.Closed}[r.Status] = r.N
	}
	var overdue int64
	err := s.overdue(ctx).Count(&overdue).Error
	c.Overdue = int(overdue)
	return c, err
}

// SeverityCounts are the open findings by severity: for the dashboard.
type SeverityCounts struct{ Low, Medium, High int }

// OpenFindingsBySeverity counts the open findings by severity, for those
// who read the programme. Errors: Unauthenticated, Forbidden.
func (s *Service) OpenFindingsBySeverity(ctx context.Context) (SeverityCounts, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return SeverityCounts{}, err
	}
	var rows []struct {
		Severity string
		N        int
	}
	err := s.db.Gorm.WithContext(ctx).Model(&Finding{}).Select("severity, COUNT(*) AS n").Where("status = ?", Open).
		Group("severity").Scan(&rows).Error
	var c SeverityCounts
	for _, r := range rows {
		*map[string]*int{"low": &c.Low, "medium": &c.Medium, "high": &c.High}[r.Severity] = r.N
	}
	return c, err
}

// Action returns an action, with its finding's reference and title, to
// those who may see its finding (see Get). Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) Action(ctx context.Context, id string) (*Action, error) {
	a, err := findAction(ctx, s.db.Gorm, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, a.FindingID); err != nil {
		return nil, err
	}
	return a, nil
}
