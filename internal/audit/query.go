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
	q, err := f.query(ctx, g)
	if err != nil {
		return nil, err
	}
	var out []Entry
	err = q.Find(&out).Error
	return out, err
}

// Line is an event as a list of events shows it: without what it changed,
// which is most of an event's bytes and is loaded when a row is opened.
type Line struct {
	Seq        int64
	OccurredAt time.Time
	ActorEmail string
	ActorRole  string
	Action     string
	ObjectType string
	ObjectID   string
	Summary    string
	Hash       string
	Changed    bool // the event records what it changed (before or after)
}

// Line is e as a list shows it.
func (e *Entry) Line() Line {
	return Line{Seq: e.Seq, OccurredAt: e.OccurredAt, ActorEmail: e.ActorEmail, ActorRole: e.ActorRole, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Summary: e.Summary, Hash: e.Hash, Changed: e.BeforeJSON != "" || e.AfterJSON != ""}
}

// Lines is List without what the events changed: a page of the trail over
// a million events reads a fraction of the bytes, scanned without
// reflection. Errors: Invalid (search text too long).
func Lines(ctx context.Context, g *gorm.DB, f Filter) ([]Line, error) {
	q, err := f.query(ctx, g)
	if err != nil {
		return nil, err
	}
	rows, err := q.Select("seq, occurred_at, actor_email, actor_role, action, object_type, object_id, summary, hash, " +
		"(before_json <> '' OR after_json <> '')").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Line, 0, f.limit())
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.Seq, &l.OccurredAt, &l.ActorEmail, &l.ActorRole, &l.Action, &l.ObjectType, &l.ObjectID,
			&l.Summary, &l.Hash, &l.Changed); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// query is the filtered, ordered and limited query of f.
func (f Filter) query(ctx context.Context, g *gorm.DB) (*gorm.DB, error) {
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
	return q.Order("seq DESC").Limit(f.limit()), nil
}

func (f Filter) limit() int {
	if f.Limit <= 0 || f.Limit > 500 {
		return 50
	}
	return f.Limit
}

// Days is the period from the start of day from to the end of day to
// (YYYY-MM-DD, UTC, both included); an empty one leaves its end open. When
// one is not a day, bad names it: "from" or "to".
func Days(from, to string) (start, end time.Time, bad string) {
	for _, d := range []struct {
		name, value string
		at          *time.Time
		after       int
	}{{"from", from, &start, 0}, {"to", to, &end, 1}} {
		if d.value == "" {
			continue
		}
		day, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			return start, end, d.name
		}
		*d.at = day.AddDate(0, 0, d.after)
	}
	return start, end, ""
}

// Head returns the number of events and the time of the latest one.
func Head(ctx context.Context, g *gorm.DB) (int64, time.Time, error) {
	var last Entry
	err := g.WithContext(ctx).Order("seq DESC").Limit(1).Find(&last).Error
	return last.Seq, last.OccurredAt, err
}
