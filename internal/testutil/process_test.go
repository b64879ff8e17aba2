package testutil

import (
	"net/http"
	"path/filepath"
	"testing"
)

func TestStartServe_ServesThenStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	p := StartServe(t, "VIGIL_DB="+filepath.Join(dir, "vigil.db"), "VIGIL_DATA_DIR="+dir)
	res, err := http.Get(p.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %d", res.StatusCode)
	}
	if err := p.Stop(); err != nil {
		t.Fatalf("stop: %v\n%s", err, p.Out)
	}
}
