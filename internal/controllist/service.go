package controllist

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// VersionWatcher is told, inside the transaction of an import, that the
// version in use changes from one version to another (from is "" when none
// was); an error undoes the import.
type VersionWatcher func(ctx context.Context, tx *gorm.DB, from, to string) error

// Service reads the control list and imports new versions of it.
type Service struct {
	db      *db.DB
	watcher VersionWatcher
}

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// SetVersionWatcher makes w hear of every import, in its transaction: the
// capabilities that hold classifications mark what the new version changes.
// Set it while wiring, before serving.
func (s *Service) SetVersionWatcher(w VersionWatcher) { s.watcher = w }

// Lookup returns the entry of the version in use that code (an entry code,
// in any case) falls in: the entry itself, else the nearest one above it
// that the version holds ("5A001.j.1" → "5A001.j"). A category heading
// answers only for its digit: that 5A999 would be in category 5 says
// nothing of whether it is listed. It asks for no permission: every act
// that classifies an item reads the list. Errors: Invalid for a code that
// is not Annex I's syntax.
func (s *Service) Lookup(ctx context.Context, code string) (Entry, bool, error) {
	norm, ok := Normalize(code)
	if !ok {
		return Entry{}, false, apperr.Validation(map[string]string{"code": "Enter an Annex I entry code, such as 5A001.j."})
	}
	candidates := []string{norm}
	for _, a := range ancestors(norm) {
		if len(a) > 1 {
			candidates = append(candidates, a)
		}
	}
	var found []Entry
	err := s.db.Gorm.WithContext(ctx).Table("control_list_entries e").Select("e.*").
		Joins("JOIN control_list_versions v ON v.id = e.version_id").
		Where("v.in_use = ? AND e.code IN ?", true, candidates).Find(&found).Error
	if err != nil || len(found) == 0 {
		return Entry{}, false, err
	}
	best := found[0]
	for _, e := range found[1:] {
		if len(e.Code) > len(best.Code) {
			best = e
		}
	}
	return best, true, nil
}

// Versions returns every version, newest first. Errors: Forbidden.
func (s *Service) Versions(ctx context.Context) ([]Version, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	var out []Version
	err := s.db.Gorm.WithContext(ctx).Order("imported_at DESC, id DESC").Find(&out).Error
	return out, err
}

// Version returns one version. Errors: Forbidden, NotFound.
func (s *Service) Version(ctx context.Context, id string) (*Version, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	var v Version
	err := s.db.Gorm.WithContext(ctx).Where("id = ?", id).Take(&v).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such control-list version.")
	}
	return &v, err
}

// InUse returns the version in use. Errors: Forbidden.
func (s *Service) InUse(ctx context.Context) (*Version, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	var v Version
	if err := s.db.Gorm.WithContext(ctx).Where("in_use = ?", true).Take(&v).Error; err != nil {
		return nil, fmt.Errorf("control list in use: %w", err)
	}
	return &v, nil
}

// Filter narrows a version's entries: Query matches the start of a code
// ("5A001", "5a001.J") or words of the title, all of them; Category is a
// digit, or "" for all.
type Filter struct {
	Query, Category string
}

// Entries returns the entries of a version that pass f, in Annex I's order.
// Errors: Forbidden, NotFound, Invalid.
func (s *Service) Entries(ctx context.Context, versionID string, f Filter) ([]Entry, error) {
	if _, err := s.Version(ctx, versionID); err != nil {
		return nil, err
	}
	if err := db.CheckSearch("q", f.Query); err != nil {
		return nil, err
	}
	q := s.db.Gorm.WithContext(ctx).Where("version_id = ?", versionID)
	if f.Category != "" {
		if len(f.Category) != 1 || f.Category[0] < '0' || f.Category[0] > '9' {
			return nil, apperr.Validation(map[string]string{"category": "Choose a category 0–9."})
		}
		q = q.Where("category = ?", int(f.Category[0]-'0'))
	}
	if cond, args := matching(f.Query); cond != "" {
		q = q.Where(cond, args...)
	}
	var out []Entry
	if err := q.Find(&out).Error; err != nil {
		return nil, err
	}
	sortEntries(out)
	return out, nil
}

// matching is the condition for entries that query matches: every word in
// the title, or, for one word, the start of the code.
func matching(query string) (string, []any) {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return "", nil
	}
	conds := make([]string, len(words))
	args := make([]any, len(words))
	for i, w := range words {
		conds[i] = `LOWER(title) LIKE ? ESCAPE '\'`
		args[i] = "%" + db.EscapeLike(w) + "%"
	}
	cond := strings.Join(conds, " AND ")
	if len(words) == 1 {
		code := strings.TrimSuffix(words[0], ".")
		if len(code) > 5 {
			code = strings.ToUpper(code[:5]) + code[5:]
		} else {
			code = strings.ToUpper(code)
		}
		cond = "(" + cond + `) OR code LIKE ? ESCAPE '\'`
		args = append(args, db.EscapeLike(code)+"%")
	}
	return cond, args
}

// maxLabel bounds a version's label.
const maxLabel = 200

// Import reads a CSV file (see parse) as a new version labelled label,
// applying from validFrom (YYYY-MM-DD), and puts it in use, in one
// transaction with its audit event and the version watcher. A file with any
// problem is refused whole, with its problems by line (a *FileError), and
// the version in use stays. Errors: Forbidden, Invalid.
func (s *Service) Import(ctx context.Context, label, validFrom string, file io.Reader) (*Version, error) {
	actor, err := auth.Require(ctx, auth.PermImportLists)
	if err != nil {
		return nil, err
	}
	label, validFrom = strings.TrimSpace(label), strings.TrimSpace(validFrom)
	if fields := checkVersion(label, validFrom); len(fields) > 0 {
		return nil, apperr.Validation(fields)
	}
	entries, sum, err := parse(file)
	if err != nil {
		return nil, err
	}
	v := &Version{ID: db.NewID(), Label: label, ValidFrom: validFrom, ImportedBy: &actor.UserID, ImportedAt: s.db.Now(),
		SHA256: sum, EntryCount: len(entries), InUse: true}
	for i := range entries {
		entries[i].VersionID = v.ID
	}
	err = s.db.InTx(ctx, func(tx *gorm.DB) error { return s.putInUse(ctx, tx, v, entries) })
	if err != nil {
		return nil, err
	}
	return v, nil
}

// putInUse stores version v with its entries in place of the version in
// use, records it and tells the watcher.
func (s *Service) putInUse(ctx context.Context, tx *gorm.DB, v *Version, entries []Entry) error {
	// Imports queue on the seed's row, which is never removed: on
	// PostgreSQL two at once would both replace the same version and
	// then collide on the one in use. SQLite queues every writer anyway.
	if err := tx.Exec("UPDATE control_list_versions SET entry_count = entry_count WHERE id = ?", SeedVersionID).Error; err != nil {
		return err
	}
	var from Version
	if err := tx.Where("in_use = ?", true).Limit(1).Find(&from).Error; err != nil {
		return err
	}
	if err := tx.Model(&Version{}).Where("in_use = ?", true).Update("in_use", false).Error; err != nil {
		return err
	}
	if err := tx.Create(v).Error; err != nil {
		return err
	}
	if err := tx.CreateInBatches(entries, 200).Error; err != nil {
		return err
	}
	if err := s.recordImport(ctx, tx, &from, v); err != nil {
		return err
	}
	if s.watcher == nil {
		return nil
	}
	return s.watcher(ctx, tx, from.ID, v.ID)
}

// checkVersion returns what is wrong with a new version's label and date.
func checkVersion(label, validFrom string) map[string]string {
	fields := map[string]string{}
	switch n := utf8.RuneCountInString(label); {
	case n == 0:
		fields["label"] = "Name the version, e.g. “Annex I as amended by Delegated Regulation (EU) 2024/2547”."
	case n > maxLabel:
		fields["label"] = fmt.Sprintf("Use at most %d characters.", maxLabel)
	}
	if _, err := time.Parse(time.DateOnly, validFrom); err != nil {
		fields["valid_from"] = "Enter the day the version applies from, as YYYY-MM-DD."
	}
	return fields
}

// recordImport appends the import's audit event, saying what it changed
// against the version it replaces (from, zero when there was none).
func (s *Service) recordImport(ctx context.Context, tx *gorm.DB, from, v *Version) error {
	changes, err := ChangedTx(ctx, tx, from.ID, v.ID)
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("Imported the control list “%s” (valid from %s): %d entries", v.Label, v.ValidFrom, v.EntryCount)
	var before any
	if from.ID != "" {
		summary += fmt.Sprintf("; %d changed or gone against “%s”", len(changes), from.Label)
		before = map[string]any{"in_use": from.ID, "label": from.Label}
	}
	return audit.Record(ctx, tx, v.ImportedAt, audit.Event{Action: "control_list.import", ObjectType: "control_list",
		ObjectID: v.ID, Summary: summary, Before: before,
		After: map[string]any{"label": v.Label, "valid_from": v.ValidFrom, "sha256": v.SHA256, "entries": v.EntryCount,
			"changed": len(changes)}})
}
