// Package static embeds Vigil's CSS, JavaScript and images and serves them under
// content-hashed names, so browsers may cache them for a year and a new release
// is never served from a stale cache.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed css js img
var files embed.FS

// Prefix is the URL path under which the assets are served.
const Prefix = "/static/"

type asset struct {
	body        []byte
	contentType string
}

// Assets maps logical names to content-hashed URLs and serves them.
type Assets struct {
	byURL  map[string]asset  // "/static/css/app.1a2b3c4d5e.css" → asset
	byName map[string]string // "css/app.css" → URL
}

// Load hashes every embedded file once at start-up.
func Load() (*Assets, error) {
	a := &Assets{byURL: map[string]asset{}, byName: map[string]string{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		url := Prefix + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byURL[url] = asset{body: body, contentType: ct}
		a.byName[name] = url
		return nil
	})
	return a, err
}

// URL returns the hashed URL of an embedded file such as "css/app.css".
// An unknown name panics: it is a programming error caught by any render test.
func (a *Assets) URL(name string) string {
	u, ok := a.byName[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return u
}

// ServeHTTP serves a hashed asset with a long, immutable cache lifetime.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.body)
}
