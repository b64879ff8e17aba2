package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outsideMarker is the content of files planted beside and inside the file
// store, under names no upload has: no download may serve it.
const outsideMarker = "OUTSIDE-THE-STORE-7c1d"

// traversals are parameter values that try to climb out of the store or
// name a file by path, plainly and encoded once or twice, with NUL bytes.
var traversals = []string{
	"..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2E%2E%2F%2E%2E%2Fsecret.txt", "..%252F..%252Fsecret.txt", "%2Fetc%2Fpasswd",
	"..%5C..%5Csecret.txt", "....%2F%2F....%2F%2Fsecret.txt", "%00", "secret.txt%00.pdf", "..%00%2F", "planted",
	"..", "%2E%2E", "..%2F..%2Fgo.mod", "%252E%252E%252F%252E%252E%252Fsecret.txt", "C%3A%5Cwindows%5Cwin.ini",
}

// leaks reports whether a body carries a file from outside what the route serves.
func leaks(body string) bool {
	return strings.Contains(body, outsideMarker) || strings.Contains(body, "root:x:0:0") ||
		strings.Contains(body, "module github.com/vigil-icp") || strings.Contains(body, "package static")
}

// TestDownloads_TraversalServesNothingOutsideTheStore puts each traversal
// in turn in every parameter of every GET route (attachments, evidence,
// licence documents, course material, exports, static files), the other
// parameters real, as a role that may use the route: nothing outside the
// store is served, and nothing fails with a 500.
func TestDownloads_TraversalServesNothingOutsideTheStore(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	for _, dir := range []string{w.app.Files.Dir, filepath.Dir(w.app.Files.Dir)} {
		for _, name := range []string{"secret.txt", "planted"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(outsideMarker), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	visitors := map[string]*visitor{}
	probed := 0
	for _, r := range w.app.Server.Routes() {
		params := routeParams(r.Path)
		if r.Method != http.MethodGet || len(params) == 0 {
			continue
		}
		route := r.Method + " " + r.Path
		role, email := allowedRole(t, route)
		if visitors[email] == nil {
			visitors[email] = newVisitor(t, w.ts)
			if email != "" {
				visitors[email].signIn(email)
			}
		}
		_, real, _ := w.probe(t, route)
		for i := range params {
			for _, bad := range traversals {
				path := withSegment(r.Path, real, i, bad)
				req, _ := http.NewRequest(http.MethodGet, w.ts.URL, nil)
				req.URL.Opaque = path // sent as written: no client cleans or re-encodes it
				res := visitors[email].do(req)
				probed++
				if leaks(res.Body) || res.StatusCode >= 500 {
					t.Errorf("GET %s as %s: %d, leaks %v", path, role, res.StatusCode, leaks(res.Body))
				}
			}
		}
	}
	if probed < 200 {
		t.Errorf("only %d probes", probed)
	}
}

// routeParams are the indexes of a route path's segments that are
// parameters (":id") or the wildcard.
func routeParams(path string) []int {
	var idx []int
	for i, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, ":") || seg == "*" {
			idx = append(idx, i)
		}
	}
	return idx
}

// withSegment is the real path of a route with its nth parameter replaced
// by bad; a wildcard takes bad and, climbing from a real asset, bad after it.
func withSegment(route, real string, n int, bad string) string {
	segs, reals := strings.Split(route, "/"), strings.Split(real, "/")
	i := routeParams(route)[n]
	if segs[i] == "*" {
		return strings.Join(reals[:i], "/") + "/" + bad + "/../../../../" + bad
	}
	out := append([]string{}, reals[:len(segs)]...)
	// A parameter's real value never holds a slash, so segments line up.
	out[i] = bad
	return strings.Join(out, "/") + strings.Join(reals[len(segs):], "/")
}
