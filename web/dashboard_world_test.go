package web_test

import (
	"context"
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// dashboardDay is when the dashboard world is seeded; the tests read it a
// month later, when one risk's review is overdue.
var dashboardDay = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// newDashboardWorld is a server with the demo data of `make run` (60 cases
// opened since February, the demo training, the risk register and reports
// of concern, the self-assessment, findings and corrective actions), two cases with a screening hit of which one is decided, a
// risk whose review has passed, a report disclosed to the authority, and
// the clock a month after the seeding.
func newDashboardWorld(t *testing.T) (*testutil.App, *httptest.Server) {
	t.Helper()
	app, ts := newServer(t)
	app.DB.Now = func() time.Time { return dashboardDay }
	ctx := context.Background()
	if _, err := demo.SeedCases(ctx, app.DB, 60, dashboardDay, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.SeedScreeningExample(ctx, app.DB, app.Cases); err != nil {
			t.Fatal(err)
		}
	}
	if err := demo.SeedProgramme(ctx, app.DB, app.Programme, app.Concerns); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedSelfAssessment(ctx, app.DB, app.SelfAssess); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedFindings(ctx, app.DB, app.Findings); err != nil {
		t.Fatal(err)
	}
	officer := app.SignedIn(t, "officer@example.com")
	var hit struct{ CaseID, HitID string }
	if err := app.DB.Gorm.Raw(`SELECT cp.case_id, h.id AS hit_id FROM screening_hits h JOIN case_parties cp ON cp.party_id = h.party_id
		ORDER BY cp.added_at LIMIT 1`).Scan(&hit).Error; err != nil || hit.HitID == "" {
		t.Fatalf("no hit to decide: %v", err)
	}
	if _, err := app.Screening.Decide(officer, hit.CaseID, app.Case(t, hit.CaseID).Version, hit.HitID, screening.FalsePositive,
		"Different company: registered in another emirate."); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Programme.Create(officer, programme.Input{Kind: "process", Title: "Licence conditions not passed to the warehouse",
		OwnerID: userID(t, app, "manager@example.com"), Status: "open", Likelihood: "5", Impact: "5", ResidualLikelihood: "4",
		ResidualImpact: "5", NextReview: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	reports, err := app.Concerns.List(officer)
	if err != nil || len(reports) == 0 {
		t.Fatalf("no report to disclose: %v", err)
	}
	if _, err := app.Concerns.RecordDisclosure(officer, reports[0].ID, concerns.Disclosure{Date: "2026-11-19", Reference: "BAFA-2026-17"}); err != nil {
		t.Fatal(err)
	}
	limitedLicence(t, app)
	app.DB.Now = func() time.Time { return dashboardDay.AddDate(0, 1, 0) }
	return app, ts
}

// limitedLicence records a licence limited in value and quantity, and
// reserves part of it for an item of an approved case.
func limitedLicence(t *testing.T, app *testutil.App) {
	t.Helper()
	doc := app.StoreDocument(t, "licence.txt", "Export authorisation DE-LIMITED")
	l, err := app.Licensing.Create(app.SignedIn(t, "officer@example.com"), licensing.LicenceInput{Type: "individual", Number: "DE-LIMITED-1",
		Authority: "BAFA", ValidFrom: "2026-01-01", ValidUntil: "2027-06-30", Destinations: "BR", EntryCodes: "5A002.a",
		Limit: "200,000", Currency: "EUR", Quantity: "40", Unit: "pcs", Document: &doc})
	if err != nil {
		t.Fatal(err)
	}
	var item struct{ CaseID, ID string }
	if err := app.DB.Gorm.Raw(`SELECT i.case_id, i.id FROM case_items i JOIN cases c ON c.id = i.case_id
		WHERE c.status = 'approved' ORDER BY c.reference LIMIT 1`).Scan(&item).Error; err != nil || item.ID == "" {
		t.Fatalf("no approved case item: %v", err)
	}
	err = app.DB.InTx(context.Background(), func(tx *gorm.DB) error {
		return app.Licensing.Reserve(context.Background(), tx, l.ID, item.CaseID, item.ID, 5_000_000, 12_000)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var (
	tableRow  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	tableCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	tags      = regexp.MustCompile(`<[^>]+>`)
)

// tableOf returns the body rows of the table with this data-testid on a
// page, each row's cells as text.
func tableOf(t *testing.T, body, testid string) [][]string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `data-testid="`+testid+`"`)
	if !ok {
		t.Fatalf("no table %s on the page", testid)
	}
	rest, _, _ = strings.Cut(rest, "</table>")
	_, rest, _ = strings.Cut(rest, "<tbody>")
	var out [][]string
	for _, row := range tableRow.FindAllStringSubmatch(rest, -1) {
		var cells []string
		for _, c := range tableCell.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(c[1], ""))))
		}
		out = append(out, cells)
	}
	return out
}

// textOf returns the text of the element with this data-testid.
func textOf(t *testing.T, body, testid string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `data-testid="`+testid+`"`)
	if !ok {
		t.Fatalf("no %s on the page", testid)
	}
	_, rest, _ = strings.Cut(rest, ">")
	rest, _, _ = strings.Cut(rest, "</div>")
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(rest, " "))), " ")
}
