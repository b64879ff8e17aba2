package web_test

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiDemoData seeds what `make run` seeds besides the users, training and
// lists that every test application has: 40 cases, the screening example,
// the risk register, the reports of concern, the self-assessment and the
// findings.
func uiDemoData(t *testing.T, app *testutil.App) {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.SeedCases(ctx, app.DB, 40, app.DB.Now(), app.Files); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedScreeningExample(ctx, app.DB, app.Cases); err != nil {
		t.Fatal(err)
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
}

// TestBrowser_ManagementReadsTheDashboardAndTheReview: the board member
// signs in to the dashboard on their home page, opens it, then the yearly
// review; every page passes axe. With VIGIL_DASHBOARD_SCREENSHOT set, the
// dashboard is written there as a PNG (see `make screenshot`).
func TestBrowser_ManagementReadsTheDashboardAndTheReview(t *testing.T) {
	app, base := uiServeApp(t)
	uiDemoData(t, app)
	ctx := uiBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := uiSignIn(ctx, base, "board@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, uiWaitFor("home-dashboard")); err != nil {
		t.Fatalf("the board's home page: %v", err)
	}
	uiCheckAxe(t, ctx, "management's home page")
	if err := chromedp.Do(ctx, uiClickSel(`[data-testid="home-dashboard"] h2 a`), uiWaitFor("dashboard")); err != nil {
		t.Fatalf("open the dashboard: %v", err)
	}
	charts, err := uiCount(ctx, `[data-testid="chart"] svg[role="img"]`)
	if err != nil || charts != dashboardCharts {
		t.Fatalf("%d charts drawn (err %v), want %d", charts, err, dashboardCharts)
	}
	uiCheckAxe(t, ctx, "dashboard")
	uiDashboardShot(t, ctx)
	if err := chromedp.Do(ctx, uiClickSel(uiTestID("open-review")), uiWaitFor("review")); err != nil {
		t.Fatalf("open the review: %v", err)
	}
	sections, err := uiCount(ctx, `[data-testid="review-section"]`)
	if err != nil || sections != len(reviewSections) {
		t.Fatalf("%d sections in the review (err %v), want %d", sections, err, len(reviewSections))
	}
	uiCheckAxe(t, ctx, "yearly review")
	uiTrainingShot(t, ctx, "review")
}

// uiDashboardShot writes the page to VIGIL_DASHBOARD_SCREENSHOT, if set.
func uiDashboardShot(t *testing.T, ctx context.Context) {
	t.Helper()
	uiTrainingShot(t, ctx, "dashboard")
	if out := os.Getenv("VIGIL_DASHBOARD_SCREENSHOT"); out != "" {
		uiWriteShot(t, ctx, out, 2<<20)
	}
}
