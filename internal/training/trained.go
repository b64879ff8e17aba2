package training

import (
	"context"
	"strings"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
)

// Attach makes mandatory training without a current completion refuse a
// person the acts that vouch for a case.
func (s *Service) Attach(cs *cases.Service) { cs.SetActorCheck(s) }

// UntrainedError refuses a person the acts that vouch for a case (submitting
// and approving it, deciding a screening hit, signing the human-rights
// assessment, recording the authority's reply) while a course mandatory for
// their roles has no current completion: never completed, or lapsed. The
// days an assignment gives to take a course are time to take it, not time to
// act without it. It is a Forbidden apperr.Error (errors.As finds it) whose
// message names the courses; Courses says which, so that a page can lead to
// them.
type UntrainedError struct {
	Courses []Course
}

func (e *UntrainedError) Error() string { return e.refusal().Error() }

// Unwrap returns the refusal as an apperr.Error.
func (e *UntrainedError) Unwrap() error { return e.refusal() }

func (e *UntrainedError) refusal() *apperr.Error {
	names := make([]string, len(e.Courses))
	for i, c := range e.Courses {
		names[i] = "“" + c.Title + "”"
	}
	return apperr.New(apperr.Forbidden, "You have not completed the mandatory training %s, or your completion has lapsed. "+
		"Under the company's compliance programme only people trained for their role submit or approve cases, "+
		"decide screening hits, sign human-rights assessments or record the authority's reply: complete the course first.",
		strings.Join(names, ", "))
}

// CheckActor refuses a person with an *UntrainedError (Forbidden) naming the
// courses mandatory for their roles that they have no current completion of.
func (s *Service) CheckActor(ctx context.Context, a *auth.Actor) error {
	missing, err := s.untrained(ctx, a.UserID, a.Roles)
	if err != nil || len(missing) == 0 {
		return err
	}
	return &UntrainedError{Courses: missing}
}

// untrained returns the courses mandatory for someone holding roles that the
// person userID has no current completion of, in the order of the courses.
func (s *Service) untrained(ctx context.Context, userID string, roles []auth.Role) ([]Course, error) {
	all, ps, err := s.currentProgress(ctx, userID)
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, p := range ps {
		done[p.CourseID] = done[p.CourseID] || p.State == Completed
	}
	var out []Course
	for _, c := range all {
		if c.MandatoryFor(roles) && !done[c.ID] {
			out = append(out, *c)
		}
	}
	return out, nil
}

// currentProgress returns every course, at its current version, and the
// person's current assignments of them.
func (s *Service) currentProgress(ctx context.Context, userID string) ([]*Course, []Progress, error) {
	byID, all, err := coursesByID(ctx, s.db.Gorm)
	if err != nil {
		return nil, nil, err
	}
	ps, err := loadProgress(ctx, s.db.Gorm, byID, s.db.Now(), "user_id = ? AND superseded_by IS NULL", userID)
	return all, ps, err
}
