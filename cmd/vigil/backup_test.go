package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestBackup_RestoresTheWholeSiteSQLite(t *testing.T) {
	fresh := func() site {
		dir := t.TempDir()
		return site{filepath.Join(dir, "vigil.db"), dir}
	}
	backupAndRestore(t, fresh(), fresh)
}

func TestBackup_RestoresTheWholeSitePostgres(t *testing.T) {
	fresh := func() site { return site{testutil.FreshPostgres(t), t.TempDir()} }
	backupAndRestore(t, fresh(), fresh)
}

// backupAndRestore backs up a demo site while its server runs and writes,
// restores the archive into a fresh site, then backs up the quiet site and
// checks that its restore is the same site; then that a restore over data
// and a restore of an altered archive are refused and change nothing.
func backupAndRestore(t *testing.T, src site, fresh func() site) {
	p := testutil.StartServe(t, src.env("VIGIL_DEMO=true")...)
	stop := make(chan struct{})
	a, done := writeLoad(t, p.URL, 2, stop)
	waitUntil(t, func() bool { return len(a.docs) >= 3 })
	live := filepath.Join(t.TempDir(), "live.tar.gz")
	mustRun(t, src.env(), "backup", live)
	close(stop)
	<-done
	if err := p.Stop(); err != nil {
		t.Fatalf("stop: %v\n%s", err, p.Out)
	}

	// The copy taken under load is consistent: the rows of its manifest,
	// an intact audit chain, and files that are the source's.
	first := fresh()
	mustRun(t, first.env(), "restore", live)
	verify(t, first)
	m := readManifest(t, live)
	if got := tableRows(t, first.dsn); !maps.Equal(got, m.Rows) {
		t.Errorf("restored rows %v, the manifest says %v", got, m.Rows)
	}
	srcFiles := storeFiles(t, src.dataDir)
	for name, sum := range storeFiles(t, first.dataDir) {
		if srcFiles[name] != sum || filepath.Base(name) != sum {
			t.Errorf("restored file %s (%s) is not the source's", name, sum)
		}
	}

	quiet := filepath.Join(t.TempDir(), "quiet.tar.gz")
	mustRun(t, src.env(), "backup", quiet)
	second := fresh()
	mustRun(t, second.env(), "restore", quiet)
	sameSite(t, src, second)

	// Refusals change nothing.
	if out, err := testutil.RunVigil(t, second.env(), "restore", quiet); err == nil || !strings.Contains(out, "not empty") {
		t.Errorf("restore over a database in use: %v\n%s", err, out)
	}
	tampered := filepath.Join(t.TempDir(), "tampered.tar.gz")
	alterFile(t, quiet, tampered)
	if out, err := testutil.RunVigil(t, second.env(), "restore", "--force", tampered); err == nil || !strings.Contains(out, "damaged or altered") {
		t.Errorf("restore of an altered archive: %v\n%s", err, out)
	}
	sameSite(t, src, second)
	empty := fresh()
	if out, err := testutil.RunVigil(t, empty.env(), "restore", tampered); err == nil || !strings.Contains(out, "damaged or altered") {
		t.Errorf("restore of an altered archive into an empty site: %v\n%s", err, out)
	}
	if files, rows := storeFiles(t, empty.dataDir), tableRows(t, empty.dsn); len(files) > 0 || len(rows) > 0 {
		t.Errorf("a refused restore left %d files and %d tables", len(files), len(rows))
	}
}

// mustRun runs a vigil command that must succeed.
func mustRun(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, err := testutil.RunVigil(t, env, args...)
	if err != nil {
		t.Fatalf("vigil %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// verify returns what vigil audit verify reports on s, failing unless the
// chain is intact.
func verify(t *testing.T, s site) string {
	t.Helper()
	out := mustRun(t, s.env(), "audit", "verify")
	if !strings.Contains(out, "chain intact") {
		t.Fatalf("audit verify: %s", out)
	}
	return out
}

// sameSite fails the test unless got has want's audit chain (same head),
// the same number of rows in every table and the same files.
func sameSite(t *testing.T, want, got site) {
	t.Helper()
	if w, g := verify(t, want), verify(t, got); w != g {
		t.Errorf("audit verify: source %q, restored %q", w, g)
	}
	if w, g := tableRows(t, want.dsn), tableRows(t, got.dsn); !maps.Equal(w, g) || len(w) < 50 {
		t.Errorf("row counts: source %v, restored %v", w, g)
	}
	if w, g := storeFiles(t, want.dataDir), storeFiles(t, got.dataDir); !maps.Equal(w, g) || len(w) == 0 {
		t.Errorf("files: source %v, restored %v", w, g)
	}
}

// tableRows counts the rows of every table of the database at dsn.
func tableRows(t *testing.T, dsn string) map[string]int64 {
	t.Helper()
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`
	if d.Dialect == db.Postgres {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	var tables []string
	if err := d.Gorm.Raw(list).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, table := range tables {
		var n int64
		if err := d.Gorm.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		rows[table] = n
	}
	return rows
}

// storeFiles maps each file (none if the store is not there) of the store under dataDir to its SHA-256.
func storeFiles(t *testing.T, dataDir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	root := filepath.Join(dataDir, "attachments")
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return files
	}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(root, p)
		files[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// archiveManifest is the part of an archive's manifest the tests read.
type archiveManifest struct {
	Rows map[string]int64 `json:"rows"`
}

// readManifest reads the manifest of the archive at path.
func readManifest(t *testing.T, path string) archiveManifest {
	t.Helper()
	var m archiveManifest
	eachEntry(t, path, func(h *tar.Header, body []byte) {
		if h.Name == "manifest.json" {
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
		}
	})
	return m
}

// alterFile copies the archive at src to dst with one byte of one stored
// file changed, its size kept.
func alterFile(t *testing.T, src, dst string) {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	altered := false
	eachEntry(t, src, func(h *tar.Header, body []byte) {
		if !altered && strings.HasPrefix(h.Name, "attachments/") {
			body[0] ^= 1
			altered = true
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	})
	tw.Close()
	zw.Close()
	if err := os.WriteFile(dst, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// eachEntry calls fn with every entry of the gzipped tar at path.
func eachEntry(t *testing.T, path string, fn func(*tar.Header, []byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		fn(h, body)
	}
}
