package audit

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/db"
)

// Filter narrows a listing of events. Zero fields match everything.
type Filter struct {
	ActorID    string
	ActorEmail string // the person, as their address was when they acted
	ObjectType string
	ObjectID   string
	From, To   time.Time // occurred at or after From, before To; zero: open
	Action     string    // prefix, e.g. "auth." or "user.create"
	Query      string    // substring of summary or actor email
	BeforeSeq  int64     // page backwards from here (exclusive)
	Limit      int
}

// List returns events newest first. Errors: Invalid (search text too long).
func List(ctx context.Context, g *gorm.DB, f Filter) ([]Entry, error) {
	for field, text := range map[string]string{"q": f.Query, "action": f.Action} {
		if err := db.CheckSearch(field, text); err != nil {
			return nil, err
		}
	}
	q := g.WithContext(ctx).Model(&Entry{})
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.ActorEmail != "" {
		q = q.Where("actor_email = ?", strings.ToLower(strings.TrimSpace(f.ActorEmail)))
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", f.To.UTC())
	}
	if f.ObjectType != "" {
		q = q.Where("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if f.Action != "" {
		q = q.Where(`action LIKE ? ESCAPE '\'`, db.EscapeLike(f.Action)+"%")
	}
	if f.Query != "" {
		like := "%" + db.EscapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where(`(LOWER(summary) LIKE ? ESCAPE '\' OR LOWER(actor_email) LIKE ? ESCAPE '\')`, like, like)
	}
	if f.BeforeSeq > 0 {
		q = q.Where("seq < ?", f.BeforeSeq)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var out []Entry
	err := q.Order("seq DESC").Limit(f.Limit).Find(&out).Error
	return out, err
}

// Head returns the number of events and the time of the latest one.
func Head(ctx context.Context, g *gorm.DB) (int64, time.Time, error) {
	var last Entry
	err := g.WithContext(ctx).Order("seq DESC").Limit(1).Find(&last).Error
	return last.Seq, last.OccurredAt, err
}
