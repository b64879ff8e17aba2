package techsec

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/products"
)

// Service keeps the technology register and its transfers.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// List returns the register by name, each entry with its products and
// access list. Errors: Forbidden.
func (s *Service) List(ctx context.Context) ([]Item, error) {
	if _, err := auth.Require(ctx, auth.PermReadTechnology); err != nil {
		return nil, err
	}
	var out []Item
	g := s.db.Gorm.WithContext(ctx)
	if err := g.Order("name, id").Find(&out).Error; err != nil {
		return nil, err
	}
	return out, links(g, out)
}

// Get returns an entry with its transfers, newest first. Errors: NotFound,
// Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Item, []Transfer, error) {
	if _, err := auth.Require(ctx, auth.PermReadTechnology); err != nil {
		return nil, nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	it, err := find(g, id)
	if err != nil {
		return nil, nil, err
	}
	var ts []Transfer
	err = g.Where("item_id = ?", id).Order("transfer_on DESC, recorded_at DESC").Find(&ts).Error
	return it, ts, err
}

// find reads an entry with its links.
func find(g *gorm.DB, id string) (*Item, error) {
	var it Item
	err := g.Where("id = ?", id).Take(&it).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such entry in the technology register.")
	}
	if err != nil {
		return nil, err
	}
	items := []Item{it}
	err = links(g, items)
	return &items[0], err
}

// links reads the products and access lists of items, one query a table.
func links(g *gorm.DB, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]string, len(items))
	at := make(map[string]*Item, len(items))
	for i := range items {
		ids[i], at[items[i].ID] = items[i].ID, &items[i]
	}
	var rows []struct{ ItemID, Ref string }
	if err := g.Raw("SELECT item_id, product_id AS ref FROM tech_item_products WHERE item_id IN ? ORDER BY product_id", ids).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		at[r.ItemID].Products = append(at[r.ItemID].Products, r.Ref)
	}
	rows = rows[:0]
	if err := g.Raw("SELECT item_id, user_id AS ref FROM tech_item_access WHERE item_id IN ? ORDER BY user_id", ids).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		at[r.ItemID].Access = append(at[r.ItemID].Access, r.Ref)
	}
	return nil
}

// Products returns the catalogue's products with their classifications, by
// name, for the register's pages. Errors: Forbidden.
func (s *Service) Products(ctx context.Context) ([]products.Product, error) {
	if _, err := auth.Require(ctx, auth.PermReadTechnology); err != nil {
		return nil, err
	}
	return productsIn(s.db.Gorm.WithContext(ctx), nil)
}

// productsIn reads the products ids (all when nil) with their
// classifications, newest first, as the catalogue keeps them.
func productsIn(g *gorm.DB, ids []string) ([]products.Product, error) {
	q := g.Preload("Classifications", func(q *gorm.DB) *gorm.DB { return q.Order("proposed_at DESC, id DESC") }).Order("name")
	if ids != nil {
		q = q.Where("id IN ?", ids)
	}
	var out []products.Product
	return out, q.Find(&out).Error
}

// Entries are the classifications an entry takes from its products.
func Entries(ps []products.Product) []Entry {
	out := make([]Entry, 0, len(ps))
	for _, p := range ps {
		e := Entry{Product: p.Name}
		if c := p.Current(); c != nil {
			e.Code, e.Confirmed = c.EntryCode, true
		}
		out = append(out, e)
	}
	return out
}

// Create records a new entry, on the audit trail. Errors: Invalid,
// Forbidden.
func (s *Service) Create(ctx context.Context, in Input) (*Item, error) {
	actor, err := auth.Require(ctx, auth.PermManageTechnology)
	if err != nil {
		return nil, err
	}
	it, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	it.ID, it.CreatedBy, it.CreatedAt, it.UpdatedAt = db.NewID(), actor.UserID, now, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		if err := save(ctx, tx, &it, true); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "technology.create", ObjectType: "technology", ObjectID: it.ID,
			Summary: "Technology register: " + string(it.Kind) + " “" + it.Name + "” recorded, kept in " + it.Location, After: &it})
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// Update changes an entry, on the audit trail with before and after.
// Errors: Invalid, NotFound, Forbidden.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Item, error) {
	if _, err := auth.Require(ctx, auth.PermManageTechnology); err != nil {
		return nil, err
	}
	it, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := find(tx.WithContext(ctx), id)
		if err != nil {
			return err
		}
		it.ID, it.CreatedBy, it.CreatedAt, it.UpdatedAt = id, before.CreatedBy, before.CreatedAt, now
		if err := save(ctx, tx, &it, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "technology.update", ObjectType: "technology", ObjectID: id,
			Summary: "Technology register: “" + it.Name + "” changed", Before: before, After: &it})
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// save writes it and its links in tx, after checking that its owner and
// the users of its access list are active users and its products exist.
func save(ctx context.Context, tx *gorm.DB, it *Item, create bool) error {
	if err := checkRefs(ctx, tx, it); err != nil {
		return err
	}
	write := tx.Save
	if create {
		write = tx.Create
	}
	if err := write(it).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM tech_item_products WHERE item_id = ?", it.ID).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM tech_item_access WHERE item_id = ?", it.ID).Error; err != nil {
		return err
	}
	for _, p := range it.Products {
		if err := tx.Exec("INSERT INTO tech_item_products (item_id, product_id) VALUES (?, ?)", it.ID, p).Error; err != nil {
			return err
		}
	}
	for _, u := range it.Access {
		if err := tx.Exec("INSERT INTO tech_item_access (item_id, user_id) VALUES (?, ?)", it.ID, u).Error; err != nil {
			return err
		}
	}
	return nil
}

// checkRefs refuses an owner or access user who is not an active user, and
// a product not in the catalogue.
func checkRefs(ctx context.Context, tx *gorm.DB, it *Item) error {
	errs := map[string]string{}
	users := append([]string{it.OwnerID}, it.Access...)
	var active []string
	if err := tx.WithContext(ctx).Table("users").Where("id IN ? AND active = ?", users, true).Pluck("id", &active).Error; err != nil {
		return err
	}
	for i, u := range users {
		if !slices.Contains(active, u) && i == 0 {
			errs["owner_id"] = "Choose an active user as the owner."
		} else if !slices.Contains(active, u) {
			errs["access"] = "Choose active users for the access list."
		}
	}
	var n int64
	if err := tx.WithContext(ctx).Table("products").Where("id IN ?", it.Products).Count(&n).Error; err != nil {
		return err
	}
	if int(n) != len(it.Products) {
		errs["products"] = "Choose products of the catalogue."
	}
	if len(errs) > 0 {
		return apperr.Validation(errs)
	}
	return nil
}

// User is a user who may own an entry or be on its access list.
type User = auth.Person

// Users returns the active users, by name, for the register's forms.
// Errors: Forbidden.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	if _, err := auth.Require(ctx, auth.PermReadTechnology); err != nil {
		return nil, err
	}
	return auth.ActivePeople(ctx, s.db.Gorm)
}
