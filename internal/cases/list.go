package cases

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Filter narrows and orders the case list. Zero fields match everything.
type Filter struct {
	Status      Status
	Destination string
	OwnerID     string
	Risk        string
	Query       string    // reference, title or a party's name
	Item        string    // an item's description, classification or product
	PersonID    string    // opened it or signed off on it
	Licence     string    // the number of a licence it holds reserved or drew down
	From, To    time.Time // opened at or after From, before To; zero: open
	Sort        string    // one of SortOrders' keys
	Page        int       // from 1
	PageSize    int
}

// SortOrders are the orders the list offers.
var SortOrders = vocab.Terms[string]{
	{Value: "updated", Label: "Last changed"},
	{Value: "reference", Label: "Reference"},
	{Value: "title", Label: "Title"},
	{Value: "status", Label: "Status"},
}

var sortSQL = map[string]string{
	"updated":   "cases.updated_at DESC, cases.id DESC",
	"reference": "cases.reference DESC",
	"title":     "cases.title, cases.id",
	"status":    "cases.status, cases.updated_at DESC",
}

// Row is one line of the case list.
type Row struct {
	ID, Reference, Title string
	Status               Status
	Destination          string // country name
	OwnerName            string
	RiskLevel            string
	UpdatedAt            time.Time
	// Matched says why the case matched the search text or the item
	// sought: "title", "party Acme Networks AG", "item Probe (5A001.j)".
	Matched []string `gorm:"-"`
}

// List is a page of cases with the counts per status of the whole filter
// (ignoring its status).
type List struct {
	Epoch    int64 // the case epoch it was read at
	Rows     []Row
	Total    int64
	Counts   map[Status]int64
	Page     int
	PageSize int
}

// Pages is the number of pages.
func (l *List) Pages() int {
	if l.Total == 0 {
		return 1
	}
	return int((l.Total + int64(l.PageSize) - 1) / int64(l.PageSize))
}

// List returns one page of cases, the last one when f.Page is beyond it; the
// result is shared with other readers: treat it as read-only.
// Errors: Forbidden, Invalid (search text too long).
func (s *Service) List(ctx context.Context, f Filter) (*List, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	if err := db.CheckSearch("q", f.Query); err != nil {
		return nil, err
	}
	f = f.withDefaults()
	var epoch int64
	if err := s.db.QueryRow(ctx, "SELECT n FROM case_epoch WHERE id = 1").Scan(&epoch); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%+v", epoch, f)
	if l, ok := s.lists.Get(key); ok {
		return l, nil
	}
	out := &List{Epoch: epoch, Counts: map[Status]int64{}, Page: f.Page, PageSize: f.PageSize}
	base := f.where(s.db.Gorm.WithContext(ctx).Table("cases"))
	if err := out.count(base.Session(&gorm.Session{}), f.Status); err != nil {
		return nil, err
	}
	out.Page = min(out.Page, out.Pages())
	rows := base.Session(&gorm.Session{})
	if f.Status != "" {
		rows = rows.Where("cases.status = ?", f.Status)
	}
	order, ok := sortSQL[f.Sort]
	if !ok {
		order = sortSQL["updated"]
	}
	if err := rowColumns(rows).Order(order).Limit(f.PageSize).Offset((out.Page - 1) * f.PageSize).Scan(&out.Rows).Error; err != nil {
		return nil, err
	}
	if err := f.explain(s.db.Gorm.WithContext(ctx), out.Rows); err != nil {
		return nil, err
	}
	s.lists.Add(key, out)
	return out, nil
}

// withDefaults fills in the page size (25, at most 200) and the first page.
func (f Filter) withDefaults() Filter {
	if f.PageSize <= 0 || f.PageSize > 200 {
		f.PageSize = 25
	}
	if f.Page < 1 {
		f.Page = 1
	}
	return f
}

// where narrows q to the cases the filter matches, whatever their status.
func (f Filter) where(q *gorm.DB) *gorm.DB {
	if f.Destination != "" {
		q = q.Where("cases.destination = ?", strings.ToUpper(f.Destination))
	}
	if f.OwnerID != "" {
		q = q.Where("cases.owner_id = ?", f.OwnerID)
	}
	if f.Risk != "" {
		q = q.Where("cases.risk_level = ?", f.Risk)
	}
	q = f.whereMore(q)
	if text := strings.TrimSpace(f.Query); text != "" {
		like := "%" + db.EscapeLike(strings.ToLower(text)) + "%"
		q = q.Where(`(LOWER(cases.reference) LIKE ? ESCAPE '\' OR LOWER(cases.title) LIKE ? ESCAPE '\' OR EXISTS (
			SELECT 1 FROM case_parties cp JOIN parties p ON p.id = cp.party_id
			WHERE cp.case_id = cases.id AND cp.removed_at IS NULL AND p.search_name LIKE ? ESCAPE '\'))`,
			like, like, "%"+db.EscapeLike(reference.Fold(text))+"%")
	}
	return q
}

// whereMore narrows q by the period, an item, a person and a licence.
func (f Filter) whereMore(q *gorm.DB) *gorm.DB {
	if !f.From.IsZero() {
		q = q.Where("cases.created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("cases.created_at < ?", f.To.UTC())
	}
	if text := strings.TrimSpace(f.Item); text != "" {
		like := "%" + db.EscapeLike(strings.ToLower(text)) + "%"
		q = q.Where(`EXISTS (SELECT 1 FROM case_items i WHERE i.case_id = cases.id AND i.removed_at IS NULL AND
			(LOWER(i.description) LIKE ? ESCAPE '\' OR LOWER(i.classification) LIKE ? ESCAPE '\'))`, like, like)
	}
	if f.PersonID != "" {
		q = q.Where("(cases.owner_id = ? OR EXISTS (SELECT 1 FROM case_signoffs so WHERE so.case_id = cases.id AND so.user_id = ?))",
			f.PersonID, f.PersonID)
	}
	if number := strings.TrimSpace(f.Licence); number != "" {
		// The licences' tables are the licensing capability's; the list
		// only asks which cases a licence's ledger names.
		q = q.Where(`EXISTS (SELECT 1 FROM licence_entries e JOIN licences l ON l.id = e.licence_id
			WHERE e.case_id = cases.id AND LOWER(l.number) = ?)`, strings.ToLower(number))
	}
	return q
}

// explain fills in why each row matched the search text and the item.
func (f Filter) explain(g *gorm.DB, rows []Row) error {
	text, item := strings.ToLower(strings.TrimSpace(f.Query)), strings.ToLower(strings.TrimSpace(f.Item))
	if text == "" && item == "" || len(rows) == 0 {
		return nil
	}
	ids, at := make([]string, len(rows)), map[string]*Row{}
	for i := range rows {
		ids[i], at[rows[i].ID] = rows[i].ID, &rows[i]
		if text != "" && strings.Contains(strings.ToLower(rows[i].Reference), text) {
			rows[i].Matched = append(rows[i].Matched, "reference")
		}
		if text != "" && strings.Contains(strings.ToLower(rows[i].Title), text) {
			rows[i].Matched = append(rows[i].Matched, "title")
		}
	}
	var found []struct{ CaseID, What string }
	if text != "" {
		err := g.Table("case_parties cp").Select("cp.case_id AS case_id, 'party ' || p.name AS what").Joins("JOIN parties p ON p.id = cp.party_id").
			Where(`cp.case_id IN ? AND cp.removed_at IS NULL AND p.search_name LIKE ? ESCAPE '\'`, ids, "%"+db.EscapeLike(reference.Fold(text))+"%").
			Scan(&found).Error
		if err != nil {
			return err
		}
	}
	if item != "" {
		var items []struct{ CaseID, What string }
		like := "%" + db.EscapeLike(item) + "%"
		err := g.Table("case_items i").Select("i.case_id AS case_id, 'item ' || i.description || ' (' || i.classification || ')' AS what").
			Where(`i.case_id IN ? AND i.removed_at IS NULL AND (LOWER(i.description) LIKE ? ESCAPE '\' OR LOWER(i.classification) LIKE ? ESCAPE '\')`, ids, like, like).
			Scan(&items).Error
		if err != nil {
			return err
		}
		found = append(found, items...)
	}
	for _, m := range found {
		at[m.CaseID].Matched = append(at[m.CaseID].Matched, m.What)
	}
	return nil
}

// count fills in the counts per status of the cases q matches, and the total
// of those in status ("": all).
func (l *List) count(q *gorm.DB, status Status) error {
	var counts []struct {
		Status Status
		N      int64
	}
	if err := q.Select("cases.status AS status, COUNT(*) AS n").Group("cases.status").Scan(&counts).Error; err != nil {
		return err
	}
	for _, c := range counts {
		l.Counts[c.Status] = c.N
		if status == "" || status == c.Status {
			l.Total += c.N
		}
	}
	return nil
}

// rowColumns selects what a Row shows, with the destination's and owner's names.
func rowColumns(q *gorm.DB) *gorm.DB {
	return q.Select(`cases.id, cases.reference, cases.title, cases.status, cases.risk_level, cases.updated_at,
			COALESCE(countries.name, '') AS destination, users.name AS owner_name`).
		Joins("LEFT JOIN countries ON countries.code = cases.destination").
		Joins("JOIN users ON users.id = cases.owner_id")
}

// Attention is what needs a person's attention on the export desk.
type Attention struct {
	Drafts  []Row // my cases still in draft
	Waiting []Row // submitted by others, which I may decide on
	Decided []Row // my cases decided recently
}

// AttentionFor returns the actor's drafts, the submitted cases of others they
// are independent of, and their recently decided cases. Errors: Forbidden.
func (s *Service) AttentionFor(ctx context.Context, limit int) (*Attention, error) {
	actor, err := auth.Require(ctx, auth.PermReadCases)
	if err != nil {
		return nil, err
	}
	q := func(where string, args ...any) ([]Row, error) {
		var rows []Row
		err := rowColumns(s.db.Gorm.WithContext(ctx).Table("cases").Where(where, args...)).
			Order("cases.updated_at DESC").Limit(limit).Scan(&rows).Error
		return rows, err
	}
	a := &Attention{}
	if a.Drafts, err = q("cases.owner_id = ? AND cases.status = ?", actor.UserID, Draft); err != nil {
		return nil, err
	}
	if actor.Can(auth.PermSignOffCases) {
		if a.Waiting, err = q(`cases.status = ? AND cases.owner_id <> ? AND NOT EXISTS (
				SELECT 1 FROM case_editors e WHERE e.case_id = cases.id AND e.user_id = ?)`, Submitted, actor.UserID, actor.UserID); err != nil {
			return nil, err
		}
	}
	a.Decided, err = q("cases.owner_id = ? AND cases.status IN ?", actor.UserID, []Status{Approved, Rejected, OnHold, Blocked})
	return a, err
}

// Sample draws n of the cases f matches (all statuses it allows), at random
// from seed: the same seed over the same cases draws the same sample. It
// returns them by reference, and how many matched. Errors: Forbidden,
// Invalid.
func (s *Service) Sample(ctx context.Context, f Filter, n int, seed uint64) ([]Row, int, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, 0, err
	}
	if err := db.CheckSearch("q", f.Query); err != nil {
		return nil, 0, err
	}
	q := f.where(s.db.Gorm.WithContext(ctx).Table("cases"))
	if f.Status != "" {
		q = q.Where("cases.status = ?", f.Status)
	}
	var all []Row
	if err := rowColumns(q).Order("cases.reference").Scan(&all).Error; err != nil {
		return nil, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5a17))
	picked := rng.Perm(len(all))[:min(n, len(all))]
	slices.Sort(picked)
	out := make([]Row, len(picked))
	for i, p := range picked {
		out[i] = all[p]
	}
	return out, len(all), f.explain(s.db.Gorm.WithContext(ctx), out)
}
