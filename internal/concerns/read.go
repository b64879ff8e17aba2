package concerns

import (
	"context"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// reports selects reports with their named reporter's name.
func (s *Service) reports(ctx context.Context) *gorm.DB {
	return s.db.Gorm.WithContext(ctx).Table("concern_reports r").
		Select("r.*, COALESCE(u.name, '') AS reporter_name").Joins("LEFT JOIN users u ON u.id = r.reporter_id")
}

// List returns, newest first, every report to those who may read them, and
// to anyone else the reports they filed under their name. Errors:
// Unauthenticated.
func (s *Service) List(ctx context.Context) ([]Report, error) {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	q := s.reports(ctx)
	if !actor.Can(auth.PermReadConcerns) {
		q = q.Where("r.reporter_id = ?", actor.UserID)
	}
	var out []Report
	return out, q.Order("r.received_at DESC, r.id DESC").Find(&out).Error
}

// Get returns a report with its history to those who may read reports and
// to its named reporter. Errors: Unauthenticated, NotFound.
func (s *Service) Get(ctx context.Context, id string) (*Report, error) {
	actor := auth.ActorFrom(ctx)
	if actor == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Please sign in.")
	}
	var r Report
	err := s.reports(ctx).Where("r.id = ?", id).Take(&r).Error
	if err == nil && !actor.Can(auth.PermReadConcerns) && (r.ReporterID == nil || *r.ReporterID != actor.UserID) {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "There is no such report.")
		}
		return nil, err
	}
	return &r, s.history(ctx, &r)
}

// history reads r's entries, oldest first, with their authors' names.
func (s *Service) history(ctx context.Context, r *Report) error {
	r.History = nil
	return s.db.Gorm.WithContext(ctx).Table("concern_entries e").
		Select("e.*, COALESCE(u.name, '') AS author_name").Joins("LEFT JOIN users u ON u.id = e.author_id").
		Where("e.report_id = ?", r.ID).Order("e.at, e.id").Find(&r.History).Error
}
