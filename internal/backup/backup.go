// Package backup writes and restores a whole Vigil installation: its
// database (an SQLite copy or a PostgreSQL pg_dump) and the uploaded files,
// in one archive with a manifest that lets a restore check every part
// before it replaces anything. The session key and the audit signing key are
// never part of an archive.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Engines, as the manifest names them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// manifestName is the archive's first entry.
const manifestName = "manifest.json"

// filesDir is the uploaded files' store inside the data directory, and
// their folder inside an archive. Only this folder of the data directory is
// backed up: the session key beside it is not.
const filesDir = "attachments"

// format is the version of the archive layout this package writes.
const format = 1

// Site is a Vigil installation: its database (VIGIL_DB) and its data
// directory (VIGIL_DATA_DIR).
type Site struct {
	DSN     string
	DataDir string
}

func (s Site) engine() string {
	if strings.HasPrefix(s.DSN, "postgres://") || strings.HasPrefix(s.DSN, "postgresql://") {
		return Postgres
	}
	return SQLite
}

func (s Site) filesDir() string { return filepath.Join(s.DataDir, filesDir) }

// Part is one file of an archive with its size and SHA-256.
type Part struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest describes an archive: what it holds and how many rows each
// table had at the moment of the copy.
type Manifest struct {
	Format   int              `json:"format"`
	Created  time.Time        `json:"created"`
	Engine   string           `json:"engine"`
	Schema   string           `json:"schema,omitempty"` // PostgreSQL: the schema the dump holds
	Database Part             `json:"database"`
	Files    []Part           `json:"files"`
	Rows     map[string]int64 `json:"rows"`
}

// TotalRows is the number of rows in all tables.
func (m Manifest) TotalRows() int64 {
	var n int64
	for _, r := range m.Rows {
		n += r
	}
	return n
}

// snapshot is a consistent copy of a database in a local file.
type snapshot struct {
	file   string // the copy (SQLite database file or pg_dump archive)
	schema string
	rows   map[string]int64
}

// Create writes an archive of site to w: first a consistent copy of the
// database, taken while the server may be writing, then the uploaded files.
// Files are written before the rows that name them commit, so every file
// the copy refers to is in the store by the time it is read.
func Create(ctx context.Context, site Site, w io.Writer) (Manifest, error) {
	tmp, err := os.MkdirTemp("", "vigil-backup-")
	if err != nil {
		return Manifest{}, err
	}
	defer os.RemoveAll(tmp)
	m := Manifest{Format: format, Created: time.Now().UTC(), Engine: site.engine()}
	var snap snapshot
	if m.Engine == Postgres {
		snap, err = dumpPostgres(ctx, site.DSN, filepath.Join(tmp, "vigil.pgdump"))
	} else {
		snap, err = copySQLite(ctx, site.DSN, filepath.Join(tmp, "vigil.db"))
	}
	if err != nil {
		return Manifest{}, err
	}
	m.Schema, m.Rows = snap.schema, snap.rows
	if m.Database, err = describe(snap.file, filepath.Base(snap.file)); err != nil {
		return Manifest{}, err
	}
	sources := map[string]string{m.Database.Name: snap.file}
	if m.Files, err = storedFiles(site.filesDir(), sources); err != nil {
		return Manifest{}, err
	}
	return m, writeArchive(w, m, sources)
}

// describe hashes the file at p, named name in the archive.
func describe(p, name string) (Part, error) {
	f, err := os.Open(p)
	if err != nil {
		return Part{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Part{}, err
	}
	return Part{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// storedFiles describes every file in the store at dir and adds its path to
// sources. Unfinished uploads (dot files) are left out.
func storedFiles(dir string, sources map[string]string) ([]Part, error) {
	var parts []Part
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		part, err := describe(p, path.Join(filesDir, filepath.ToSlash(rel)))
		if err != nil {
			return err
		}
		parts = append(parts, part)
		sources[part.Name] = p
		return nil
	})
	sort.Slice(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	return parts, err
}

// writeArchive writes the manifest, then every part, as a gzipped tar.
func writeArchive(w io.Writer, m Manifest, sources map[string]string) error {
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	head, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(head)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(head); err != nil {
		return err
	}
	for _, p := range append([]Part{m.Database}, m.Files...) {
		if err := addFile(tw, p, sources[p.Name], m.Created); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// addFile copies the file at src into the archive as part p, and fails if
// it is no longer what p describes.
func addFile(tw *tar.Writer, p Part, src string, at time.Time) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: p.Name, Mode: 0o600, Size: p.Size, ModTime: at}); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), f, p.Size); err != nil {
		return fmt.Errorf("backup: %s changed while it was copied: %w", p.Name, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != p.SHA256 {
		return fmt.Errorf("backup: %s changed while it was copied", p.Name)
	}
	return nil
}
