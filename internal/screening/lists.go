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
)

// File is one list file to import.
type File struct {
	Name string
	R    io.Reader
}

// FileInfo is what a list version records of each file it came from.
type FileInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Version is one imported version of a list.
type Version struct {
	ID         string    `gorm:"column:id;primaryKey"`
	Source     Source    `gorm:"column:source"`
	FilesJSON  string    `gorm:"column:files"`
	EntryCount int       `gorm:"column:entry_count"`
	StatsJSON  string    `gorm:"column:stats"`
	Active     bool      `gorm:"column:active"`
	ImportedBy *string   `gorm:"column:imported_by"`
	ImportedAt time.Time `gorm:"column:imported_at"`
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
	VersionID string `gorm:"column:version_id;primaryKey"`
	SourceID  string `gorm:"column:source_id;primaryKey"`
	Kind      Kind   `gorm:"column:kind"`
	Name      string `gorm:"column:name"`
	Data      string `gorm:"column:data"`
	Hash      string `gorm:"column:hash"`
}

func (storedEntry) TableName() string { return "list_entries" }

// Change is what a new version adds, removes and changes against the
// version it replaces.
type Change struct {
	Added   []ChangedEntry `json:"added"`
	Removed []ChangedEntry `json:"removed"`
	Changed []ChangedEntry `json:"changed"`
}

// ChangedEntry names an entry an import added, removed or changed: the list's
// own id and the entry's primary name.
type ChangedEntry struct {
	ID   string `json:"id"`
	Name string `json:"name"`
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

// Parse reads the files of one source into entries; it is the parser chosen
// by source (see Parser). A file that cannot be read is an Invalid error
// naming the file and the line or element where it broke.
type Parse func(files []File, emit Emit) (stats any, err error)

// Import parses files as a new version of source and makes it the active
// one, in one transaction with its audit event. A malformed file changes
// nothing: the active version stays. Errors: Invalid, Forbidden.
func (l *Lists) Import(ctx context.Context, source Source, parse Parse, files []File) (*Version, Change, error) {
	actor := auth.ActorFrom(ctx)
	if actor != nil && !actor.Can(auth.PermImportLists) {
		return nil, Change{}, apperr.New(apperr.Forbidden, "Importing lists is for administrators.")
	}
	readers := make([]*hashingReader, len(files))
	hashed := make([]File, len(files))
	for i, f := range files {
		readers[i] = &hashingReader{r: f.R, h: sha256.New()}
		hashed[i] = File{Name: f.Name, R: readers[i]}
	}
	var entries []storedEntry
	seen := map[string]bool{}
	stats, err := parse(hashed, func(e Entry) error {
		e.Source = source
		if seen[e.SourceID] {
			return fmt.Errorf("entry %s appears twice", e.SourceID)
		}
		seen[e.SourceID] = true
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		entries = append(entries, storedEntry{SourceID: e.SourceID, Kind: e.Kind, Name: primaryName(e), Data: string(data), Hash: hex.EncodeToString(sum[:])})
		return nil
	})
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) {
			return nil, Change{}, apperr.New(apperr.Invalid, "The list was not imported: %s", fe.Error())
		}
		return nil, Change{}, apperr.New(apperr.Invalid, "The list was not imported: %s", err.Error())
	}
	if len(entries) == 0 {
		return nil, Change{}, apperr.New(apperr.Invalid, "The list was not imported: the files hold no entries.")
	}
	infos := make([]FileInfo, len(files))
	for i, r := range readers {
		// Parsers may stop before the end (a trailing marker); hash the rest too.
		if _, err := io.Copy(io.Discard, r); err != nil {
			return nil, Change{}, err
		}
		infos[i] = FileInfo{Name: files[i].Name, SHA256: hex.EncodeToString(r.h.Sum(nil)), Size: r.n}
	}
	filesJSON, _ := json.Marshal(infos)
	statsJSON, _ := json.Marshal(stats)
	now := l.db.Now()
	v := &Version{Source: source, FilesJSON: string(filesJSON), EntryCount: len(entries),
		StatsJSON: string(statsJSON), Active: true, ImportedAt: now}
	if actor != nil {
		v.ImportedBy = &actor.UserID
	}
	var change Change
	err = l.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := activeHashes(tx, source)
		if err != nil {
			return err
		}
		v.ID = db.NewID()
		for i := range entries {
			e := &entries[i]
			e.VersionID = v.ID
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
		changes, _ := json.Marshal(change)
		v.ChangesJSON = string(changes)
		if err := tx.Model(&Version{}).Where("source = ? AND active = ?", source, true).Update("active", false).Error; err != nil {
			return err
		}
		if err := tx.Create(v).Error; err != nil {
			return err
		}
		if err := tx.CreateInBatches(entries, 500).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "lists.import", ObjectType: "list_version", ObjectID: v.ID,
			Summary: fmt.Sprintf("Imported %s: %d entries (%d new, %d removed, %d changed)", source.Label(), len(entries),
				len(change.Added), len(change.Removed), len(change.Changed)),
			After: map[string]any{"source": source, "files": infos, "entries": len(entries), "stats": stats}})
	})
	if err != nil {
		return nil, Change{}, err
	}
	return v, change, nil
}

func primaryName(e Entry) string {
	if len(e.Names) == 0 {
		return ""
	}
	return e.Names[0].Text
}

// activeHashes returns the entries of source's active version by id: their
// hash and primary name.
func activeHashes(tx *gorm.DB, source Source) (map[string]storedEntry, error) {
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
	var v Version
	if err := l.db.Gorm.WithContext(ctx).Where("id = ?", id).Take(&v).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "No such list version.")
		}
		return nil, err
	}
	return &v, nil
}

// Versions returns every imported version, newest first.
func (l *Lists) Versions(ctx context.Context) ([]Version, error) {
	var out []Version
	err := l.db.Gorm.WithContext(ctx).Order("imported_at DESC, id DESC").Find(&out).Error
	return out, err
}

// ActiveEntries calls fn with every entry of every active version, its
// VersionID and Hash set, for building the in-memory index.
func (l *Lists) ActiveEntries(ctx context.Context, fn func(e Entry) error) error {
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
		var e Entry
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
		return slices.Index(Sources, a.Source) - slices.Index(Sources, b.Source)
	})
	return rows, nil
}
