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
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// ErrDamaged is what a restore refuses an archive with when it is not the
// archive a backup wrote: torn, altered, or with parts missing or extra.
var ErrDamaged = errors.New("the archive is damaged or altered")

// ErrNotEmpty is what a restore refuses with when the target already holds
// data and Force is not set.
var ErrNotEmpty = errors.New("the target is not empty")

// Options are a restore's choices.
type Options struct {
	Force bool // replace a database in use and the files already stored
}

// Restore replaces site's database and uploaded files with the archive
// read from r. It first reads the whole archive into a staging folder in the
// data directory and checks every part against the manifest, then that the
// archive suits the target (same engine) and that the target is empty
// unless opts.Force: a refusal changes nothing. The server must not be
// running on site while it restores.
func Restore(ctx context.Context, site Site, r io.Reader, opts Options) (Manifest, error) {
	created, err := ensureDir(site.DataDir)
	if err != nil {
		return Manifest{}, err
	}
	staging, err := os.MkdirTemp(site.DataDir, ".restore-")
	if err != nil {
		return Manifest{}, err
	}
	defer func() {
		os.RemoveAll(staging)
		if created {
			os.Remove(site.DataDir) // only if still empty
		}
	}()
	m, err := unpack(r, staging)
	if err != nil {
		return Manifest{}, err
	}
	if m.Engine != site.engine() {
		return m, fmt.Errorf("the archive holds a %s database and the target is %s: restore it into a %s database", m.Engine, site.engine(), m.Engine)
	}
	if err := checkEmpty(ctx, site, opts); err != nil {
		return m, err
	}
	dump := filepath.Join(staging, m.Database.Name)
	if m.Engine == Postgres {
		err = restorePostgres(ctx, site.DSN, dump, m)
	} else {
		err = restoreSQLite(ctx, site.DSN, dump, m)
	}
	if err != nil {
		return m, err
	}
	return m, replaceFiles(site, filepath.Join(staging, filesDir))
}

// ensureDir creates dir if it is missing and reports whether it did.
func ensureDir(dir string) (bool, error) {
	if _, err := os.Stat(dir); err == nil {
		return false, nil
	}
	return true, os.MkdirAll(dir, 0o700)
}

// checkEmpty refuses, without Force, a target whose database has users or
// audit events or whose store has files.
func checkEmpty(ctx context.Context, site Site, opts Options) error {
	if opts.Force {
		return nil
	}
	var used bool
	var err error
	if site.engine() == Postgres {
		used, err = postgresInUse(ctx, site.DSN)
	} else {
		used, err = sqliteInUse(ctx, site.DSN)
	}
	if err != nil {
		return err
	}
	if used {
		return fmt.Errorf("%w: the database already has users or audit events; restore into an empty one, or say --force to replace it", ErrNotEmpty)
	}
	var files []Part
	if files, err = storedFiles(site.filesDir(), map[string]string{}); err != nil {
		return err
	}
	if len(files) > 0 {
		return fmt.Errorf("%w: %s already holds %d files; say --force to replace them", ErrNotEmpty, site.filesDir(), len(files))
	}
	return nil
}

// unpack reads the archive into dir and checks it against its manifest:
// every part present once, with its size and SHA-256, and nothing else.
func unpack(r io.Reader, dir string) (Manifest, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: not a backup archive (%v)", ErrDamaged, err)
	}
	tr := tar.NewReader(zr)
	m, err := readManifest(tr)
	if err != nil {
		return Manifest{}, err
	}
	want := map[string]Part{m.Database.Name: m.Database}
	for _, p := range m.Files {
		want[p.Name] = p
	}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		p, ok := want[h.Name]
		if !ok || h.Typeflag != tar.TypeReg {
			return m, fmt.Errorf("%w: %q is not in its manifest", ErrDamaged, h.Name)
		}
		delete(want, h.Name)
		if err := extract(tr, p, filepath.Join(dir, filepath.FromSlash(p.Name))); err != nil {
			return m, err
		}
	}
	if len(want) > 0 {
		return m, fmt.Errorf("%w: %d parts of its manifest are missing, e.g. %s", ErrDamaged, len(want), slices.Sorted(maps.Keys(want))[0])
	}
	return m, nil
}

// readManifest reads the first entry, which must be a manifest this
// package can restore and whose part names stay inside the archive.
func readManifest(tr *tar.Reader) (Manifest, error) {
	var m Manifest
	h, err := tr.Next()
	if err != nil || h.Name != manifestName {
		return m, fmt.Errorf("%w: it does not start with its manifest", ErrDamaged)
	}
	if err := json.NewDecoder(io.LimitReader(tr, 64<<20)).Decode(&m); err != nil {
		return m, fmt.Errorf("%w: unreadable manifest (%v)", ErrDamaged, err)
	}
	if m.Format != format {
		return m, fmt.Errorf("this archive has format %d; this version of vigil restores format %d", m.Format, format)
	}
	if !slices.Contains([]string{"vigil.db", "vigil.pgdump"}, m.Database.Name) {
		return m, fmt.Errorf("%w: unknown database part %q", ErrDamaged, m.Database.Name)
	}
	for _, p := range m.Files {
		if !strings.HasPrefix(p.Name, filesDir+"/") || !filepath.IsLocal(p.Name) || path.Clean(p.Name) != p.Name {
			return m, fmt.Errorf("%w: file name %q outside the store", ErrDamaged, p.Name)
		}
	}
	return m, nil
}

// extract writes one part to dst and checks its size and hash.
func extract(r io.Reader, p Part, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, p.Name, err)
	}
	if n != p.Size || hex.EncodeToString(h.Sum(nil)) != p.SHA256 {
		return fmt.Errorf("%w: %s does not match its manifest (size or SHA-256)", ErrDamaged, p.Name)
	}
	return f.Sync()
}

// replaceFiles puts the staged store in place of the data directory's,
// whose old files go once the new ones are there.
func replaceFiles(site Site, staged string) error {
	if err := os.MkdirAll(staged, 0o700); err != nil { // an archive without files
		return err
	}
	old := site.filesDir() + ".replaced"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(site.filesDir(), old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(staged, site.filesDir()); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// compareRows reports the tables whose row counts differ from the
// manifest's.
func compareRows(want, got map[string]int64) error {
	var diff []string
	for _, t := range slices.Sorted(maps.Keys(want)) {
		if got[t] != want[t] {
			diff = append(diff, fmt.Sprintf("%s %d (archive %d)", t, got[t], want[t]))
		}
	}
	for t := range got {
		if _, ok := want[t]; !ok {
			diff = append(diff, "unexpected table "+t)
		}
	}
	if len(diff) > 0 {
		return fmt.Errorf("row counts differ from the archive's: %s", strings.Join(diff, ", "))
	}
	return nil
}
