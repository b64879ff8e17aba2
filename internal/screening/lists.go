package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// FileInfo is what a list version records of each file it came from.
type FileInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Version is one imported version of a list.
type Version struct {
	ID         string           `gorm:"column:id;primaryKey"`
	Source     watchlist.Source `gorm:"column:source"`
	FilesJSON  string           `gorm:"column:files"`
	EntryCount int              `gorm:"column:entry_count"`
	StatsJSON  string           `gorm:"column:stats"`
	Active     bool             `gorm:"column:active"`
	ImportedBy *string          `gorm:"column:imported_by"`
	ImportedAt time.Time        `gorm:"column:imported_at"`
	// ChangesJSON is what the import changed against the version it replaced.
	ChangesJSON string `gorm:"column:changes"`
}

func (Version) TableName() string { return "list_versions" }

// Files returns the files the version came from.
func (v *Version) Files() []FileInfo {
	var out []FileInfo
	_ = json.Unmarshal([]byte(v.FilesJSON), &out)
	return out
}

type storedEntry struct {
	VersionID string         `gorm:"column:version_id;primaryKey"`
	SourceID  string         `gorm:"column:source_id;primaryKey"`
	Name      string         `gorm:"column:name"` // the primary name
	Data      string         `gorm:"column:data"` // the entry as JSON
	Hash      string         `gorm:"column:hash"` // SHA-256 of Data
	Kind      watchlist.Kind `gorm:"column:kind"`
}

func (storedEntry) TableName() string { return "list_entries" }

// ChangedEntry names an entry an import added, removed or changed: the list's
// own id and the entry's primary name.
type ChangedEntry struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Change is what a new version adds, removes and changes against the
// version it replaces.
type Change struct {
	Added   []ChangedEntry `json:"added"`
	Removed []ChangedEntry `json:"removed"`
	Changed []ChangedEntry `json:"changed"`
}

// Changes returns what the import of v changed.
func (v *Version) Changes() Change {
	var c Change
	_ = json.Unmarshal([]byte(v.ChangesJSON), &c)
	return c
}

// Lists keeps the imported list versions.
type Lists struct {
	db *db.DB
}

// NewLists returns the list store.
func NewLists(d *db.DB) *Lists { return &Lists{db: d} }

// hashingReader counts and hashes what is read through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// Import parses files as a new version of source and makes it the active
// one, in one transaction with its audit event. A malformed file changes
// nothing: the active version stays. Errors: Invalid, Forbidden.
func (l *Lists) Import(ctx context.Context, source watchlist.Source, parse watchlist.Parse, files []watchlist.File) (*Version, Change, error) {
	actor, err := auth.RequireOrSystem(ctx, auth.PermImportLists)
	if err != nil {
		return nil, Change{}, err
	}
	p, err := parseFiles(source, parse, files)
	if err != nil {
		return nil, Change{}, err
	}
	filesJSON, _ := json.Marshal(p.files)
	statsJSON, _ := json.Marshal(p.stats)
	now := l.db.Now()
	v := &Version{Source: source, FilesJSON: string(filesJSON), EntryCount: len(p.entries),
		StatsJSON: string(statsJSON), Active: true, ImportedAt: now}
	if actor != nil {
		v.ImportedBy = &actor.UserID
	}
	var change Change
	err = l.db.InTx(ctx, func(tx *gorm.DB) error {
		v.ID = db.NewID()
		if change, err = changeFromActive(tx, source, v.ID, p.entries); err != nil {
			return err
		}
		changes, _ := json.Marshal(change)
		v.ChangesJSON = string(changes)
		if err := tx.Model(&Version{}).Where("source = ? AND active = ?", source, true).Update("active", false).Error; err != nil {
			return err
		}
		if err := tx.Create(v).Error; err != nil {
			return err
		}
		if err := tx.CreateInBatches(p.entries, 500).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "lists.import", ObjectType: "list_version", ObjectID: v.ID,
			Summary: fmt.Sprintf("Imported %s: %d entries (%d new, %d removed, %d changed)", source.Label(), len(p.entries),
				len(change.Added), len(change.Removed), len(change.Changed)),
			After: map[string]any{"source": source, "files": p.files, "entries": len(p.entries), "stats": p.stats}})
	})
	if err != nil {
		return nil, Change{}, err
	}
	return v, change, nil
}

// parsed is what the files of a list version hold.
type parsed struct {
	entries []storedEntry // the version id is set when the version is made
	files   []FileInfo
	stats   any // what the parser counted
}

// parseFiles parses the files of source into entries to store, hashing each
// file whole. Errors: Invalid, naming the file and where it broke.
func parseFiles(source watchlist.Source, parse watchlist.Parse, files []watchlist.File) (*parsed, error) {
	readers := make([]*hashingReader, len(files))
	hashed := make([]watchlist.File, len(files))
	for i, f := range files {
		readers[i] = &hashingReader{r: f.R, h: sha256.New()}
		hashed[i] = watchlist.File{Name: f.Name, R: readers[i]}
	}
	p := &parsed{}
	seen := map[string]bool{}
	var err error
	p.stats, err = parse(hashed, func(e watchlist.Entry) error {
		e.Source = source
		if seen[e.SourceID] {
			return fmt.Errorf("entry %s appears twice", e.SourceID)
		}
		seen[e.SourceID] = true
		stored, err := storedOf(e)
		if err != nil {
			return err
		}
		p.entries = append(p.entries, stored)
		return nil
	})
	if err != nil {
		var fe *watchlist.FormatError
		if errors.As(err, &fe) {
			err = fe // which file, and where it broke
		}
		return nil, apperr.New(apperr.Invalid, "The list was not imported: %s", err.Error())
	}
	if len(p.entries) == 0 {
		return nil, apperr.New(apperr.Invalid, "The list was not imported: the files hold no entries.")
	}
	p.files = make([]FileInfo, len(files))
	for i, r := range readers {
		// Parsers may stop before the end (a trailing marker); hash the rest too.
		if _, err := io.Copy(io.Discard, r); err != nil {
			return nil, err
		}
		p.files[i] = FileInfo{Name: files[i].Name, SHA256: hex.EncodeToString(r.h.Sum(nil)), Size: r.n}
	}
	return p, nil
}

// storedOf is an entry as the database keeps it: its JSON and the hash of it.
func storedOf(e watchlist.Entry) (storedEntry, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return storedEntry{}, err
	}
	sum := sha256.Sum256(data)
	return storedEntry{SourceID: e.SourceID, Kind: e.Kind, Name: primaryName(e), Data: string(data), Hash: hex.EncodeToString(sum[:])}, nil
}

// changeFromActive files entries under the version versionID and returns
// what they add, remove and change against source's active version.
func changeFromActive(tx *gorm.DB, source watchlist.Source, versionID string, entries []storedEntry) (Change, error) {
	var change Change
	before, err := activeHashes(tx, source)
	if err != nil {
		return change, err
	}
	for i := range entries {
		e := &entries[i]
		e.VersionID = versionID
		old, ok := before[e.SourceID]
		switch {
		case !ok:
			change.Added = append(change.Added, ChangedEntry{e.SourceID, e.Name})
		case old.Hash != e.Hash:
			change.Changed = append(change.Changed, ChangedEntry{e.SourceID, e.Name})
		}
		delete(before, e.SourceID)
	}
	for id, old := range before {
		change.Removed = append(change.Removed, ChangedEntry{id, old.Name})
	}
	slices.SortFunc(change.Removed, func(a, b ChangedEntry) int { return strings.Compare(a.ID, b.ID) })
	return change, nil
}

func primaryName(e watchlist.Entry) string {
	if len(e.Names) == 0 {
		return ""
	}
	return e.Names[0].Text
}

// activeHashes returns the entries of source's active version by id: their
// hash and primary name.
func activeHashes(tx *gorm.DB, source watchlist.Source) (map[string]storedEntry, error) {
	var rows []storedEntry
	err := tx.Select("list_entries.source_id, list_entries.name, list_entries.hash").
		Joins("JOIN list_versions v ON v.id = list_entries.version_id").
		Where("v.source = ? AND v.active = ?", source, true).Find(&rows).Error
	out := make(map[string]storedEntry, len(rows))
	for _, r := range rows {
		out[r.SourceID] = r
	}
	return out, err
}

// Version returns one imported version. Errors: NotFound.
func (l *Lists) Version(ctx context.Context, id string) (*Version, error) {
	return byID[Version](ctx, l.db.Gorm, id, "No such list version.")
}

// byID reads the row of T with id. Errors: NotFound, saying missing.
func byID[T any](ctx context.Context, g *gorm.DB, id, missing string) (*T, error) {
	var row T
	if err := g.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "%s", missing)
		}
		return nil, err
	}
	return &row, nil
}

// Versions returns every imported version, newest first.
func (l *Lists) Versions(ctx context.Context) ([]Version, error) {
	var out []Version
	err := l.db.Gorm.WithContext(ctx).Order("imported_at DESC, id DESC").Find(&out).Error
	return out, err
}

// ActiveEntries calls fn with every entry of every active version, its
// VersionID and Hash set, for building the in-memory index.
func (l *Lists) ActiveEntries(ctx context.Context, fn func(e watchlist.Entry) error) error {
	rows, err := l.db.Gorm.WithContext(ctx).Model(&storedEntry{}).Select("list_entries.version_id, list_entries.hash, list_entries.data").
		Joins("JOIN list_versions v ON v.id = list_entries.version_id").Where("v.active = ?", true).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var versionID, hash, data string
		if err := rows.Scan(&versionID, &hash, &data); err != nil {
			return err
		}
		var e watchlist.Entry
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return err
		}
		e.VersionID, e.Hash = versionID, hash
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Active returns the active version of each imported source, in Sources order.
func (l *Lists) Active(ctx context.Context) ([]Version, error) {
	var rows []Version
	if err := l.db.Gorm.WithContext(ctx).Where("active = ?", true).Find(&rows).Error; err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b Version) int {
		return slices.Index(watchlist.Sources, a.Source) - slices.Index(watchlist.Sources, b.Source)
	})
	return rows, nil
}
