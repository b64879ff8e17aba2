package products

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

// ClassificationInput is a classification as a form proposes it: an Annex I
// entry, or not listed, with the technical rationale either way.
type ClassificationInput struct {
	NotListed bool
	EntryCode string
	Rationale string
	USECCN    string // for items subject to US rules, optional
	Cyber     bool   // not listed, but a cyber-surveillance item (Art. 2(20))
}

func (in *ClassificationInput) parse() (Classification, map[string]string) {
	errs := map[string]string{}
	c := Classification{Rationale: strings.TrimSpace(in.Rationale), USECCN: strings.ToUpper(strings.TrimSpace(in.USECCN)),
		Cyber: in.NotListed && in.Cyber}
	if !in.NotListed {
		code, ok := hrdd.EntryCode(in.EntryCode)
		if !ok {
			errs["entry_code"] = "Give one Annex I entry code, such as 5A002.a or 5A001.j, or choose “not listed”."
		}
		c.EntryCode = code
	}
	switch {
	case c.Rationale == "":
		errs["rationale"] = "Give the technical rationale: which parameters put it in this entry, or keep it out of every entry."
	case utf8.RuneCountInString(c.Rationale) > 5000:
		errs["rationale"] = "Use at most 5,000 characters."
	}
	if utf8.RuneCountInString(c.USECCN) > 20 {
		errs["us_eccn"] = "Use at most 20 characters."
	}
	return c, errs
}

// Propose records a classification of the product, to be confirmed by a
// compliance officer who is someone else; the confirmed one before it
// holds until then. Errors: Invalid (fields), NotFound, Forbidden, Conflict
// (a proposal already waits).
func (s *Service) Propose(ctx context.Context, productID string, in ClassificationInput) (*Product, error) {
	actor, err := auth.Require(ctx, auth.PermClassifyProducts)
	if err != nil {
		return nil, err
	}
	c, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	return s.change(ctx, productID, func(tx *gorm.DB, p *Product, now time.Time) (string, string, error) {
		if p.Pending() != nil {
			return "", "", apperr.New(apperr.Conflict, "A classification of this product already waits for confirmation: a compliance officer confirms or declines it first.")
		}
		c.ID, c.ProductID, c.Status, c.ProposedBy, c.ProposedAt = db.NewID(), p.ID, Proposed, actor.UserID, now
		return "product.classify", "classification proposed: " + describe(&c), tx.Create(&c).Error
	})
}

// describe says what a classification is for the timeline.
func describe(c *Classification) string {
	out := c.Text()
	if c.Cyber {
		out += ", a cyber-surveillance item (Art. 2(20))"
	}
	if c.USECCN != "" {
		out += ", US ECCN " + c.USECCN
	}
	return out + " — " + c.Rationale
}

// CheckConfirmer applies the rule of who answers a proposed classification:
// a compliance officer who did not propose it. It returns why not, or nil.
func CheckConfirmer(c *Classification, actor *auth.Actor) error {
	if !actor.Can(auth.PermConfirmClassification) {
		return apperr.New(apperr.Forbidden, "A compliance officer confirms a classification.")
	}
	if c.ProposedBy == actor.UserID {
		return apperr.New(apperr.Forbidden, "You proposed this classification, so another compliance officer confirms it.")
	}
	return nil
}

// Confirm confirms the proposed classification classID of the product: it
// holds from now on, and the product needs no review.
// Errors: NotFound, Forbidden (role, the proposer), Conflict (not pending).
func (s *Service) Confirm(ctx context.Context, productID, classID string) (*Product, error) {
	return s.answer(ctx, productID, classID, Confirmed, "")
}

// Decline declines the proposed classification classID, with the reason;
// the confirmed one before it keeps holding.
// Errors: Invalid (no reason), NotFound, Forbidden, Conflict.
func (s *Service) Decline(ctx context.Context, productID, classID, reason string) (*Product, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, apperr.Validation(map[string]string{"reason": "Say why the classification is declined."})
	case utf8.RuneCountInString(reason) > 2000:
		return nil, apperr.Validation(map[string]string{"reason": "Use at most 2,000 characters."})
	}
	return s.answer(ctx, productID, classID, Declined, reason)
}

func (s *Service) answer(ctx context.Context, productID, classID string, to Status, reason string) (*Product, error) {
	actor, err := auth.Require(ctx, auth.PermConfirmClassification)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, productID, func(tx *gorm.DB, p *Product, now time.Time) (string, string, error) {
		c := p.Pending()
		if c == nil || c.ID != classID {
			return "", "", apperr.New(apperr.Conflict, "That classification no longer waits for confirmation. Reload the product.")
		}
		if err := CheckConfirmer(c, actor); err != nil {
			return "", "", err
		}
		err := tx.Model(&Classification{}).Where("id = ?", c.ID).Updates(map[string]any{"status": to,
			"answered_by": actor.UserID, "answered_at": now, "answer_reason": reason}).Error
		if err == nil && to == Confirmed {
			err = tx.Model(&Product{}).Where("id = ?", p.ID).Update("review_reason", "").Error
		}
		what := fmt.Sprintf("classification %s: %s", strings.ToLower(Statuses.Label(to)), describe(c))
		if reason != "" {
			what += "; declined because: " + reason
		}
		return "product." + string(to), what, err
	})
}

// change runs fn on the product under a lock of its row, with an audit event
// whose action and summary fn returns, and returns the product as it is then.
func (s *Service) change(ctx context.Context, productID string, fn func(tx *gorm.DB, p *Product, now time.Time) (string, string, error)) (*Product, error) {
	var out *Product
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		res := tx.Model(&Product{}).Where("id = ?", productID).Update("updated_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.NotFound, "No such product.")
		}
		p, err := get(tx, productID)
		if err != nil {
			return err
		}
		action, what, err := fn(tx, p, now)
		if err != nil {
			return err
		}
		if out, err = get(tx, productID); err != nil {
			return err
		}
		return record(ctx, tx, now, action, out, what, nil)
	})
	return out, err
}
