package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
)

// TestCases_PageThatFailsToBuildIsNotCached: when the case page's view model
// cannot be built on the cached path (here the country table cannot be
// read), the error handler answers with its error page and nothing is
// cached; once the table is back, the same request shows the case.
func TestCases_PageThatFailsToBuildIsNotCached(t *testing.T) {
	app, ts := newServer(t)
	f, err := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Probes for the cache"})
	if err != nil {
		t.Fatal(err)
	}
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	rename := func(from, to string) {
		t.Helper()
		if err := app.DB.Gorm.Exec("ALTER TABLE " + from + " RENAME TO " + to).Error; err != nil {
			t.Fatal(err)
		}
	}
	// The server reads the countries on first use, which is this request.
	rename("countries", "countries_away")
	res := vis.get("/cases/" + f.ID)
	rename("countries_away", "countries")
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(res.Body, "Something went wrong") ||
		strings.Contains(res.Body, "Probes for the cache") {
		t.Errorf("case page without countries: %d, want 500 with the error page and not the case", res.StatusCode)
	}
	if n := app.Server.CachedBodies(); n != 0 {
		t.Errorf("%d page bodies cached after a failed build, want none", n)
	}
	res = vis.get("/cases/" + f.ID)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Probes for the cache") ||
		!strings.Contains(res.Body, "Destination not yet set") {
		t.Errorf("case page once the countries are back: %d, want 200 with the case", res.StatusCode)
	}
	if n := app.Server.CachedBodies(); n != 1 {
		t.Errorf("%d page bodies cached after the page was shown, want 1", n)
	}
}
