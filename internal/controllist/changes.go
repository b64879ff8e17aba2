package controllist

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
)

// Change is an entry of one version that the next reworded, marked or
// unmarked as cyber-surveillance, or dropped. Entries new in the next
// version are no change: nothing was classified in them.
type Change struct {
	Code   string
	Before Entry
	After  *Entry // nil: the entry is gone
}

// Gone reports whether the next version no longer holds the entry.
func (c Change) Gone() bool { return c.After == nil }

// Reworded reports whether the entry's title changed.
func (c Change) Reworded() bool { return c.After != nil && c.After.Title != c.Before.Title }

// CyberChanged reports whether the entry became, or ceased to be, a
// cyber-surveillance entry.
func (c Change) CyberChanged() bool {
	return c.After != nil && c.After.CyberSurveillance != c.Before.CyberSurveillance
}

// Reason says what changed, for a person reviewing a classification:
// "5A001.j: its wording changed; it is now a cyber-surveillance entry."
func (c Change) Reason() string {
	if c.Gone() {
		return c.Code + ": the new control list no longer holds this entry."
	}
	var what []string
	if c.Reworded() {
		what = append(what, "its wording changed")
	}
	switch {
	case c.CyberChanged() && c.After.CyberSurveillance:
		what = append(what, "it is now a cyber-surveillance entry")
	case c.CyberChanged():
		what = append(what, "it is no longer a cyber-surveillance entry")
	}
	return c.Code + ": " + strings.Join(what, "; ") + "."
}

// Changed returns what version to changed of the entries of version from,
// by code. It asks for no permission: it tells only what the reference
// data says. Errors: NotFound.
func (s *Service) Changed(ctx context.Context, from, to string) ([]Change, error) {
	return ChangedTx(ctx, s.db.Gorm, from, to)
}

// ChangedTx is Changed in tx: a version watcher sees the new version only
// in the import's transaction. A from of "" (no version) changes nothing.
func ChangedTx(ctx context.Context, tx *gorm.DB, from, to string) ([]Change, error) {
	if from == "" {
		return nil, nil
	}
	before, err := entriesOf(ctx, tx, from)
	if err != nil {
		return nil, err
	}
	after, err := entriesOf(ctx, tx, to)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]*Entry, len(after))
	for i := range after {
		byCode[after[i].Code] = &after[i]
	}
	var out []Change
	for _, b := range before {
		c := Change{Code: b.Code, Before: b, After: byCode[b.Code]}
		if c.Gone() || c.Reworded() || c.CyberChanged() {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return compareCodes(a.Code, b.Code) })
	return out, nil
}

// entriesOf returns every entry of a version. Errors: NotFound.
func entriesOf(ctx context.Context, tx *gorm.DB, versionID string) ([]Entry, error) {
	var n int64
	if err := tx.WithContext(ctx).Model(&Version{}).Where("id = ?", versionID).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.NotFound, "There is no such control-list version.")
	}
	var out []Entry
	err := tx.WithContext(ctx).Where("version_id = ?", versionID).Find(&out).Error
	return out, err
}
