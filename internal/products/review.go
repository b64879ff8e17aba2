package products

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

// ControlListChanged flags for review, in the transaction that put control
// list version to in use in place of from, every product whose confirmed
// classification lies in an entry the new version reworded, re-marked or
// dropped: its classification stands until someone looks at it again.
func (s *Service) ControlListChanged(ctx context.Context, tx *gorm.DB, from, to string) error {
	if from == "" {
		return nil
	}
	changes, err := controllist.ChangedTx(ctx, tx, from, to)
	if err != nil || len(changes) == 0 {
		return err
	}
	var all []Product
	err = tx.WithContext(ctx).Preload("Classifications", newestFirst).
		Find(&all).Error
	if err != nil {
		return err
	}
	for _, p := range all {
		if why := reviewReason(p.Current(), changes); why != "" {
			if err := tx.Model(&Product{}).Where("id = ?", p.ID).Update("review_reason", why).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// reviewReason says why classification c must be looked at again after
// changes, or "": a change of its entry, of an entry above it, or of one
// below it (a sub-entry the product may fall in).
func reviewReason(c *Classification, changes []controllist.Change) string {
	if c == nil || !c.Listed() {
		return ""
	}
	var why []string
	for _, ch := range changes {
		if (hrdd.Entry{Code: ch.Code}).Covers(c.EntryCode) || (hrdd.Entry{Code: c.EntryCode}).Covers(ch.Code) {
			why = append(why, ch.Reason())
		}
	}
	return strings.Join(why, " ")
}
