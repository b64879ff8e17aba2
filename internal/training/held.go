package training

import (
	"context"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Held returns, for each of userIDs, every course they completed, with the
// course's title as taken and when the completion lapses under the course's
// recurrence: what a dossier shows of a signer's training at the moment
// they signed. Errors: Forbidden.
func (s *Service) Held(ctx context.Context, userIDs []string) (map[string][]Completion, error) {
	if _, err := auth.Require(ctx, auth.PermReadTraining); err != nil {
		return nil, err
	}
	out := map[string][]Completion{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		UserID, CourseID, Title string
		CourseVersion, Months   int
		CompletedAt             time.Time
	}
	err := s.db.Gorm.WithContext(ctx).Table("completions c").
		Select("c.user_id, c.course_id, c.course_version, c.completed_at, v.title, co.recurrence_months AS months").
		Joins("JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.course_version").
		Joins("JOIN courses co ON co.id = c.course_id").
		Where("c.user_id IN ?", userIDs).Order("c.completed_at").Scan(&rows).Error
	for _, r := range rows {
		course := Course{RecurrenceMonths: r.Months}
		out[r.UserID] = append(out[r.UserID], Completion{UserID: r.UserID, CourseID: r.CourseID, CourseTitle: r.Title,
			CourseVersion: r.CourseVersion, CompletedAt: r.CompletedAt, ExpiresOn: course.ExpiresOn(r.CompletedAt)})
	}
	return out, err
}
