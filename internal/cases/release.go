package cases

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Blocker is a capability that can stop a case: a confirmed screening match,
// an assessment that concludes the export must not go ahead. BlocksTx says,
// in tx, why case f must stay blocked, or "" when nothing of it does.
type Blocker interface {
	BlocksTx(ctx context.Context, tx *gorm.DB, f *Case) (string, error)
}

// AddBlocker registers a capability that can keep a case blocked.
func (s *Service) AddBlocker(b Blocker) { s.blockers = append(s.blockers, b) }

// ReleaseTx returns blocked case f to draft, in tx, once no blocker holds it
// any more: the way out of "blocked" is that what blocked it was undone by
// the people entitled to undo it, never a bare status change. It returns
// what the timeline says of it after the step that undid the block: "; the
// case returns to draft", "; the case stays blocked: …", or "" for a case
// that was not blocked.
func (s *Service) ReleaseTx(ctx context.Context, tx *gorm.DB, f *Case, now time.Time) (string, error) {
	released, holds, err := s.release(ctx, tx, f, now)
	switch {
	case err != nil:
		return "", err
	case released:
		return "; the case returns to draft", nil
	case len(holds) > 0:
		return "; the case stays blocked: " + strings.Join(holds, " "), nil
	}
	return "", nil
}

func (s *Service) release(ctx context.Context, tx *gorm.DB, f *Case, now time.Time) (bool, []string, error) {
	to, ok := Next(f.Status, ActRelease)
	if !ok {
		return false, nil, nil
	}
	var holds []string
	for _, b := range s.blockers {
		why, err := b.BlocksTx(ctx, tx, f)
		if err != nil {
			return false, nil, err
		}
		if why != "" {
			holds = append(holds, why)
		}
	}
	if len(holds) > 0 {
		return false, holds, nil
	}
	return true, nil, tx.Model(&Record{}).Where("id = ?", f.ID).
		Updates(map[string]any{"status": to, "decided_at": nil, "submitted_at": nil}).Error
}
