package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/licensing"
)

// The compliance home page lists the licences that expire within the
// company's notice and those nearly used up; others do not see the list.
func TestHome_LicencesToWatch(t *testing.T) {
	app, ts := newServer(t)
	officerCtx := app.SignedIn(t, "officer@example.com")
	today := time.Now().UTC()
	for _, in := range []licensing.LicenceInput{
		{Type: "individual", Number: "DE-SOON", Authority: "BAFA", ValidFrom: today.AddDate(0, -6, 0).Format(time.DateOnly),
			ValidUntil: today.AddDate(0, 0, 20).Format(time.DateOnly), Destinations: "US"},
		{Type: "individual", Number: "DE-LATER", Authority: "BAFA", ValidFrom: today.AddDate(0, -6, 0).Format(time.DateOnly),
			ValidUntil: today.AddDate(1, 0, 0).Format(time.DateOnly), Destinations: "US"},
	} {
		doc := app.StoreDocument(t, "licence.txt", "Licence "+in.Number)
		in.Document = &doc
		if _, err := app.Licensing.Create(officerCtx, in); err != nil {
			t.Fatal(err)
		}
	}
	officer, manager := newVisitor(t, ts), newVisitor(t, ts)
	officer.signIn("officer@example.com")
	manager.signIn("manager@example.com")
	watch := section(officer.get("/").Body, "licences-to-watch")
	if !strings.Contains(watch, "DE-SOON") || strings.Contains(watch, "DE-LATER") || !strings.Contains(watch, "valid until") {
		t.Errorf("licences to watch: %s", watch)
	}
	if strings.Contains(manager.get("/").Body, `data-testid="licences-to-watch"`) {
		t.Error("an export manager sees the licences to watch")
	}
}
