package governance

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Person is an active user in the acknowledgement log.
type Person struct {
	ID, Name, Email string
	// AcknowledgedAt is when they acknowledged the current version, nil
	// while they have not.
	AcknowledgedAt *time.Time
}

// Log is who acknowledged the commitment statement: the current version's
// state for every active user, and every acknowledgement of every version.
type Log struct {
	Current *Statement // nil while none is published
	People  []Person   // active users, those still to acknowledge first, then by name
	Done    int        // how many of People acknowledged the current version
	All     []Acknowledgement
}

// Share is the part of the active users who acknowledged the current
// version, in whole percent (0 when there is nobody).
func (l *Log) Share() int {
	if len(l.People) == 0 {
		return 0
	}
	return l.Done * 100 / len(l.People)
}

// Log returns the acknowledgement log, to those who read how the programme
// performs. Errors: Forbidden.
func (s *Service) Log(ctx context.Context) (*Log, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	cur, err := current(ctx, g)
	if err != nil {
		return nil, err
	}
	out := &Log{Current: cur}
	if err := g.Table("commitment_acknowledgements a").Select("a.*, u.name AS user_name").Joins("JOIN users u ON u.id = a.user_id").
		Order("a.acknowledged_at DESC, a.version DESC, u.name").Find(&out.All).Error; err != nil {
		return nil, err
	}
	var people []Person
	if err := g.Table("users").Select("id, name, email").Where("active = ?", true).Scan(&people).Error; err != nil {
		return nil, err
	}
	for i, p := range people {
		for _, a := range out.All {
			if cur != nil && a.Version == cur.Version && a.UserID == p.ID {
				people[i].AcknowledgedAt = &a.AcknowledgedAt
				out.Done++
			}
		}
	}
	slices.SortFunc(people, func(a, b Person) int {
		return cmp.Or(cmp.Compare(boolInt(a.AcknowledgedAt != nil), boolInt(b.AcknowledgedAt != nil)), strings.Compare(a.Name, b.Name))
	})
	out.People = people
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
