// Package products is the company's catalogue and the control-list
// classification of each product: proposed by one person, with the
// technical rationale, and confirmed by a compliance officer who is someone
// else. Every classification is kept; the newest confirmed one holds.
package products

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/vocab"
)

// Product is one product of the catalogue.
type Product struct {
	ID           string    `gorm:"column:id;primaryKey"`
	Name         string    `gorm:"column:name"`
	Description  string    `gorm:"column:description"`
	CreatedBy    string    `gorm:"column:created_by"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
	ReviewReason string    `gorm:"column:review_reason"` // why it must be looked at again, "" when not
	// Classifications are every classification, newest first; read with it.
	Classifications []Classification `gorm:"foreignKey:ProductID;references:ID"`
}

func (Product) TableName() string { return "products" }

// Status of a classification.
type Status string

const (
	Proposed  Status = "proposed"
	Confirmed Status = "confirmed"
	Declined  Status = "declined"
)

// Statuses name the states for people.
var Statuses = vocab.Terms[Status]{
	{Value: Proposed, Label: "Proposed, to confirm"},
	{Value: Confirmed, Label: "Confirmed"},
	{Value: Declined, Label: "Declined"},
}

// Classification is one classification of a product.
type Classification struct {
	ID           string     `gorm:"column:id;primaryKey"`
	ProductID    string     `gorm:"column:product_id"`
	EntryCode    string     `gorm:"column:entry_code"` // "" when not listed
	Rationale    string     `gorm:"column:rationale"`
	USECCN       string     `gorm:"column:us_eccn"`
	Cyber        bool       `gorm:"column:cyber"` // an unlisted cyber-surveillance item (Art. 2(20))
	Status       Status     `gorm:"column:status"`
	ProposedBy   string     `gorm:"column:proposed_by"`
	ProposedAt   time.Time  `gorm:"column:proposed_at"`
	AnsweredBy   *string    `gorm:"column:answered_by"`
	AnsweredAt   *time.Time `gorm:"column:answered_at"`
	AnswerReason string     `gorm:"column:answer_reason"`
}

func (Classification) TableName() string { return "product_classifications" }

// Listed reports whether the classification names an Annex I entry.
func (c *Classification) Listed() bool { return c.EntryCode != "" }

// Text is the classification as a case item's classification reads it.
func (c *Classification) Text() string {
	if c.Listed() {
		return c.EntryCode
	}
	return "Not listed in Annex I"
}

// Current returns the classification that holds: the newest confirmed one.
func (p *Product) Current() *Classification {
	for i := range p.Classifications {
		if p.Classifications[i].Status == Confirmed {
			return &p.Classifications[i]
		}
	}
	return nil
}

// Pending returns the classification awaiting confirmation, if any.
func (p *Product) Pending() *Classification {
	for i := range p.Classifications {
		if p.Classifications[i].Status == Proposed {
			return &p.Classifications[i]
		}
	}
	return nil
}

// Service is the product catalogue.
type Service struct{ db *db.DB }

// NewService returns the catalogue over d.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Input is a product as a form gives it.
type Input struct{ Name, Description string }

func (in *Input) validate() map[string]string {
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	errs := map[string]string{}
	switch {
	case in.Name == "":
		errs["name"] = "Name the product."
	case utf8.RuneCountInString(in.Name) > 300:
		errs["name"] = "Use at most 300 characters."
	}
	if utf8.RuneCountInString(in.Description) > 5000 {
		errs["description"] = "Use at most 5,000 characters."
	}
	return errs
}

// Create adds a product to the catalogue, unclassified.
// Errors: Invalid (fields, a name in use), Forbidden.
func (s *Service) Create(ctx context.Context, in Input) (*Product, error) {
	actor, err := auth.Require(ctx, auth.PermClassifyProducts)
	if err != nil {
		return nil, err
	}
	if errs := in.validate(); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	p := &Product{ID: db.NewID(), Name: in.Name, Description: in.Description, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Product{}).Where("name = ?", p.Name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return apperr.Validation(map[string]string{"name": "A product of that name is already in the catalogue."})
		}
		if err := tx.Omit("Classifications").Create(p).Error; err != nil {
			return err
		}
		return record(ctx, tx, now, "product.create", p, "added to the catalogue, not yet classified", nil)
	})
	return p, err
}

// record appends an audit event on product p.
func record(ctx context.Context, tx *gorm.DB, now time.Time, action string, p *Product, what string, after any) error {
	return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "product", ObjectID: p.ID,
		Summary: fmt.Sprintf("Product “%s”: %s", p.Name, what), After: after})
}

// Get returns a product with every classification, newest first.
// Errors: NotFound, Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Product, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	return get(s.db.Gorm.WithContext(ctx), id)
}

// newestFirst orders a product's classifications as Product keeps them.
func newestFirst(q *gorm.DB) *gorm.DB { return q.Order("proposed_at DESC, id DESC") }

func get(g *gorm.DB, id string) (*Product, error) {
	var p Product
	err := g.Preload("Classifications", newestFirst).
		Where("id = ?", id).Take(&p).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No such product.")
	}
	return &p, err
}

// List returns the catalogue by name, each product with its classifications.
// Errors: Forbidden.
func (s *Service) List(ctx context.Context) ([]Product, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	var out []Product
	err := s.db.Gorm.WithContext(ctx).Preload("Classifications", newestFirst).
		Order("name").Find(&out).Error
	return out, err
}

// ProductClassTx returns, in tx, what a case item that is product id takes
// over from it: its name and its confirmed classification.
// Errors: NotFound, Invalid (no confirmed classification).
func (s *Service) ProductClassTx(ctx context.Context, tx *gorm.DB, id string) (cases.ProductClass, error) {
	p, err := get(tx.WithContext(ctx), id)
	if err != nil {
		return cases.ProductClass{}, err
	}
	cur := p.Current()
	if cur == nil {
		return cases.ProductClass{}, apperr.New(apperr.Invalid, "“%s” has no confirmed classification yet: a compliance officer confirms it on the product's page first.", p.Name)
	}
	pc := cases.ProductClass{ClassificationID: cur.ID, Name: p.Name, Classification: cur.Text(), Cyber: cur.Cyber}
	if cur.Cyber {
		pc.CyberReason = "Classified with the product: " + cur.Rationale
	}
	return pc, nil
}

// Classified returns the products with a confirmed classification, by name,
// for the forms that add a product to a case. Errors: Forbidden.
func (s *Service) Classified(ctx context.Context) ([]Product, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Product
	for _, p := range all {
		if p.Current() != nil {
			out = append(out, p)
		}
	}
	return out, nil
}
