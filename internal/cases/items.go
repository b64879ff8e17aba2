package cases

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// ItemInput is an item as a form gives it; numbers are text to be parsed exactly.
type ItemInput struct {
	Description       string
	Quantity          string
	Unit              string
	Value             string
	Currency          string
	Classification    string
	CyberSurveillance bool
	CyberReason       string // why it is a cyber-surveillance item
	SubjectToUS       bool   // subject to US export rules
	ECCN              string // its US classification, required when SubjectToUS
	// ProductID, when set, names the catalogue product the item is: its
	// confirmed classification replaces the three fields above.
	ProductID string
}

// fromProduct fills in, from the catalogue, the classification of an item
// that is a product, and returns what it took over; nil for an item
// described on the case alone. Errors: Invalid (no such product, or not
// confirmed).
func (s *Service) fromProduct(ctx context.Context, tx *gorm.DB, in *ItemInput) (*ProductClass, error) {
	in.ProductID = strings.TrimSpace(in.ProductID)
	if in.ProductID == "" || s.catalogue == nil {
		return nil, nil
	}
	pc, err := s.catalogue.ProductClassTx(ctx, tx, in.ProductID)
	switch apperr.CodeOf(err) {
	case "":
	case apperr.NotFound, apperr.Invalid:
		return nil, apperr.Validation(map[string]string{"product_id": apperr.Message(err)})
	default:
		return nil, err
	}
	in.Classification, in.CyberSurveillance, in.CyberReason = pc.Classification, pc.Cyber, pc.CyberReason
	if strings.TrimSpace(in.Description) == "" {
		in.Description = pc.Name
	}
	return &pc, nil
}

// parseWith parses in, an item that may be a product of the catalogue.
func (s *Service) parseWith(ctx context.Context, tx *gorm.DB, in ItemInput) (Item, error) {
	pc, err := s.fromProduct(ctx, tx, &in)
	if err != nil {
		return Item{}, err
	}
	it, errs := in.parse()
	if len(errs) > 0 {
		return Item{}, apperr.Validation(errs)
	}
	if pc != nil {
		it.ProductID, it.ClassificationID = &in.ProductID, &pc.ClassificationID
	}
	return it, nil
}

func (in *ItemInput) parse() (Item, map[string]string) {
	errs := map[string]string{}
	it := Item{Description: strings.TrimSpace(in.Description), Unit: strings.TrimSpace(in.Unit),
		Currency: strings.ToUpper(strings.TrimSpace(in.Currency)), Classification: strings.TrimSpace(in.Classification),
		CyberSurveillance: in.CyberSurveillance, CyberReason: strings.TrimSpace(in.CyberReason)}
	if !it.CyberSurveillance {
		it.CyberReason = ""
	}
	switch {
	case it.Description == "":
		errs["description"] = "Describe the item."
	case len(it.Description) > 1000:
		errs["description"] = "Use at most 1,000 characters."
	}
	var err error
	if it.QuantityMilli, err = parseDecimal(in.Quantity, 3); err != nil {
		errs["quantity"] = "Quantity: " + err.Error() + "."
	} else if it.QuantityMilli == 0 {
		errs["quantity"] = "Quantity: must be more than zero."
	}
	if it.Unit == "" {
		it.Unit = "pcs"
	}
	if len(it.Unit) > 20 {
		errs["unit"] = "Use at most 20 characters."
	}
	if it.ValueMinor, err = parseDecimal(in.Value, 2); err != nil {
		errs["value"] = "Value: " + err.Error() + "."
	}
	if len(it.Currency) != 3 || strings.Trim(it.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		errs["currency"] = "Use a three-letter currency code such as EUR."
	}
	if len(it.Classification) > 500 {
		errs["classification"] = "Use at most 500 characters."
	}
	in.parseUS(&it, errs)
	switch {
	case it.CyberSurveillance && it.CyberReason == "":
		errs["cyber_reason"] = "Say why it is a cyber-surveillance item: what in its design enables the covert surveillance of people (Art. 2(20))."
	case utf8.RuneCountInString(it.CyberReason) > 2000:
		errs["cyber_reason"] = "Use at most 2,000 characters."
	}
	return it, errs
}

// parseUS reads whether the item is subject to US export rules and its
// ECCN, which it then needs.
func (in *ItemInput) parseUS(it *Item, errs map[string]string) {
	it.SubjectToUS, it.ECCN = in.SubjectToUS, normalECCN(in.ECCN)
	switch {
	case it.SubjectToUS && it.ECCN == "":
		errs["eccn"] = "Give the item's US classification (ECCN, e.g. 5A002.a, or EAR99)."
	case !it.SubjectToUS && it.ECCN != "":
		errs["eccn"] = "Tick “subject to US export rules” for an item with a US classification, or leave the ECCN empty."
	case it.ECCN != "" && !eccnPattern.MatchString(it.ECCN):
		errs["eccn"] = "Write the ECCN as five characters such as 5A002, with any sub-paragraphs after dots (5A002.a.1), or EAR99."
	}
}

// eccnPattern is an Export Control Classification Number as normalECCN
// writes it, or EAR99 (items subject to the US rules but on no list).
var eccnPattern = regexp.MustCompile(`^(EAR99|[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*)$`)

// normalECCN writes an ECCN as the US list does: the five-character entry
// in capitals, its sub-paragraphs in small letters ("5a002.A.1" →
// "5A002.a.1").
func normalECCN(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > 5 && s[5] == '.' {
		s = s[:5] + strings.ToLower(s[5:])
	}
	return s
}

// AddItem adds an item. Errors: Invalid (fields), NotFound, Forbidden, Conflict.
func (s *Service) AddItem(ctx context.Context, caseID string, version int64, in ItemInput) (*Case, error) {
	return s.change(ctx, caseID, version, auth.PermEditCases, "case.item_add", true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		it, err := s.parseWith(ctx, tx, in)
		if err != nil {
			return "", err
		}
		if len(f.Items) >= 500 {
			return "", apperr.New(apperr.Invalid, "A case holds at most 500 items.")
		}
		it.ID, it.CaseID, it.CreatedAt, it.UpdatedAt = db.NewID(), caseID, now, now
		return "added item " + describe(it), tx.Create(&it).Error
	})
}

// UpdateItem changes an item. Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) UpdateItem(ctx context.Context, caseID string, version int64, itemID string, in ItemInput) (*Case, error) {
	return s.change(ctx, caseID, version, auth.PermEditCases, "case.item_update", true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		if !f.hasItem(itemID) {
			return "", apperr.New(apperr.NotFound, "That item is not on this case.")
		}
		it, err := s.parseWith(ctx, tx, in)
		if err != nil {
			return "", err
		}
		return "changed item " + describe(it), tx.Model(&Item{}).Where("id = ?", itemID).Updates(map[string]any{
			"description": it.Description, "quantity_milli": it.QuantityMilli, "unit": it.Unit, "value_minor": it.ValueMinor,
			"currency": it.Currency, "classification": it.Classification, "cyber_surveillance": it.CyberSurveillance,
			"cyber_reason": it.CyberReason, "product_id": it.ProductID, "classification_id": it.ClassificationID, "updated_at": now}).Error
	})
}

// RemoveItem takes an item off the case for reason; its row is kept, marked
// removed. Errors: Invalid (no reason), NotFound, Forbidden, Conflict.
func (s *Service) RemoveItem(ctx context.Context, caseID string, version int64, itemID, reason string) (*Case, error) {
	return s.remove(ctx, caseID, version, "case.item_remove", "item", &Item{}, itemID, reason, func(f *Case) (string, bool) {
		for _, it := range f.Items {
			if it.ID == itemID {
				return "item " + describe(it), true
			}
		}
		return "", false
	})
}

func (f *Case) hasItem(id string) bool {
	for _, it := range f.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// describe says what the timeline says of an item: quantity, description,
// value and classification.
func describe(it Item) string {
	class := it.Classification
	if class == "" {
		class = "not yet classified"
	}
	return fmt.Sprintf("%s %s %s (%s %s; classification: %s)", FormatDecimal(it.QuantityMilli, 3, 0), it.Unit, it.Description,
		it.Currency, FormatDecimal(it.ValueMinor, 2, 2), class)
}
