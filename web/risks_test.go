package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// riskDay is the fixed day the risk tests run on.
var riskDay = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)

// riskValues is a valid risk form, owned by the user with ownerID.
func riskValues(ownerID, title, residualL, residualI, status string) url.Values {
	return url.Values{"kind": {"customer"}, "title": {title}, "owner_id": {ownerID}, "status": {status},
		"likelihood": {"5"}, "impact": {"5"}, "residual_likelihood": {residualL}, "residual_impact": {residualI},
		"next_review": {"2026-03-01"}}
}

// newRiskServer is a server whose clock stands at riskDay.
func newRiskServer(t *testing.T) (*testutil.App, *httptest.Server) {
	app, ts := newServer(t)
	app.DB.Now = func() time.Time { return riskDay }
	return app, ts
}

func storedRisks(t *testing.T, app *testutil.App) []programme.Risk {
	t.Helper()
	var all []programme.Risk
	if err := app.DB.Gorm.Order("title").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

func TestRisks_CreateAndBadInputKeepsTheForm(t *testing.T) {
	app, ts := newRiskServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	owner := userID(t, app, "manager@example.com")

	bad := riskValues(owner, "Broker in a transit hub", "2", "2", "open")
	bad.Set("likelihood", "1")
	res := officer.form("/risks", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "may not exceed the inherent one") ||
		!strings.Contains(res.Body, `value="Broker in a transit hub"`) {
		t.Fatalf("residual above inherent: %d", res.StatusCode)
	}
	if len(storedRisks(t, app)) != 0 {
		t.Fatal("a refused risk was stored")
	}
	if res := officer.form("/risks", riskValues(owner, "Broker in a transit hub", "3", "4", "open")); !res.redirectsTo("/risks/") {
		t.Fatalf("create: %d", res.StatusCode)
	}
	all := storedRisks(t, app)
	if len(all) != 1 || all[0].Title != "Broker in a transit hub" || all[0].OwnerID != owner || all[0].ResidualLikelihood != 3 ||
		all[0].ResidualImpact != 4 || all[0].Kind != programme.Customer || all[0].NextReviewOn.Format(time.DateOnly) != "2026-03-01" {
		t.Errorf("stored %+v", all)
	}
}

func TestRisks_OnlyTheOwnerOrAnOfficerReviews(t *testing.T) {
	app, ts := newRiskServer(t)
	risk, err := app.Programme.Create(app.SignedIn(t, "officer@example.com"),
		programme.Input{Kind: "process", Title: "Screening skipped under time pressure", OwnerID: userID(t, app, "manager@example.com"),
			Status: "open", Likelihood: "3", Impact: "4", ResidualLikelihood: "2", ResidualImpact: "4", NextReview: "2026-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	review := url.Values{"note": {"Spot checks found none."}, "next_review": {"2026-06-01"}}
	for _, who := range []string{"manager2@example.com", "staff@example.com", "auditor@example.com"} {
		v := newVisitor(t, ts)
		v.signIn(who)
		if res := v.form("/risks/"+risk.ID+"/review", review); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s reviews another's risk: %d", who, res.StatusCode)
		}
	}
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if res := auditor.get("/risks/" + risk.ID); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `data-testid="review-form"`) {
		t.Errorf("auditor reads the risk: %d", res.StatusCode)
	}
	if res := auditor.form("/risks/"+risk.ID, riskValues(risk.OwnerID, "Renamed", "1", "1", "open")); res.StatusCode != http.StatusForbidden {
		t.Errorf("auditor changes the risk: %d", res.StatusCode)
	}
	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	if page := owner.get("/risks/" + risk.ID); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `data-testid="review-form"`) ||
		strings.Contains(page.Body, `data-testid="risk-form"`) {
		t.Errorf("the owner's view of their risk: %d", page.StatusCode)
	}
	if res := owner.form("/risks/"+risk.ID+"/review", url.Values{"note": {""}, "next_review": {"2026-01-01"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("review without a note, in the past: %d", res.StatusCode)
	}
	if res := owner.form("/risks/"+risk.ID+"/review", review); !res.redirectsTo("/risks/" + risk.ID) {
		t.Fatalf("owner reviews: %d %s", res.StatusCode, res.Body)
	}
	var reviews []programme.Review
	app.DB.Gorm.Where("risk_id = ?", risk.ID).Find(&reviews)
	stored := storedRisks(t, app)
	if len(reviews) != 1 || reviews[0].Note != "Spot checks found none." || reviews[0].ReviewedBy != risk.OwnerID ||
		stored[0].NextReviewOn.Format(time.DateOnly) != "2026-06-01" || stored[0].Title != risk.Title {
		t.Errorf("reviews %+v risk %+v", reviews, stored)
	}
}

func TestRisks_OverdueOnTheOwnersHomePageAndTheRegister(t *testing.T) {
	app, ts := newRiskServer(t)
	officer := app.SignedIn(t, "officer@example.com")
	for _, title := range []string{"Overdue reseller", "Closed reseller"} {
		in := programme.Input{Kind: "customer", Title: title, OwnerID: userID(t, app, "manager@example.com"), Status: "open",
			Likelihood: "2", Impact: "2", ResidualLikelihood: "1", ResidualImpact: "1", NextReview: "2026-02-12"}
		if strings.HasPrefix(title, "Closed") {
			in.Status = "closed"
		}
		if _, err := app.Programme.Create(officer, in); err != nil {
			t.Fatal(err)
		}
	}
	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	if strings.Contains(owner.get("/").Body, "overdue-risks") {
		t.Fatal("a risk due in two days shows as overdue")
	}
	// Three days on (sessions end over such a gap: sign in again).
	app.DB.Now = func() time.Time { return riskDay.AddDate(0, 0, 3) }
	owner, other := newVisitor(t, ts), newVisitor(t, ts)
	owner.signIn("manager@example.com")
	other.signIn("manager2@example.com")
	home := owner.get("/").Body
	if !strings.Contains(home, `data-testid="overdue-risks"`) || !strings.Contains(home, "Overdue reseller") || strings.Contains(home, "Closed reseller") {
		t.Errorf("owner's home page does not list the overdue risk alone")
	}
	if strings.Contains(other.get("/").Body, "Overdue reseller") {
		t.Error("another manager's home page lists the risk")
	}
	reader := newVisitor(t, ts)
	reader.signIn("officer@example.com")
	register := reader.get("/risks").Body
	if n := strings.Count(register, `data-testid="overdue"`); n != 1 {
		t.Errorf("%d risks marked overdue on the register, want 1", n)
	}
}

var heatCell = regexp.MustCompile(`data-testid="heat-(\d)-(\d)">(\d+)<`)

func TestRisks_HeatMapCountsTheStoredOpenRisks(t *testing.T) {
	app, ts := newRiskServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	owner := userID(t, app, "manager@example.com")
	for i, pos := range []struct{ l, i, status string }{{"2", "5", "open"}, {"2", "5", "open"}, {"4", "3", "open"}, {"5", "5", "closed"}} {
		if res := officer.form("/risks", riskValues(owner, fmt.Sprint("Risk ", i), pos.l, pos.i, pos.status)); !res.redirectsTo("/risks/") {
			t.Fatalf("create risk %d: %d", i, res.StatusCode)
		}
	}
	want := map[string]int{}
	for _, r := range storedRisks(t, app) {
		if r.Status == programme.Open {
			want[fmt.Sprint(r.ResidualLikelihood, "-", r.ResidualImpact)]++
		}
	}
	if want["2-5"] != 2 || want["4-3"] != 1 || len(want) != 2 {
		t.Fatalf("stored positions %v", want)
	}
	page := officer.get("/risks").Body
	cells := heatCell.FindAllStringSubmatch(page, -1)
	if len(cells) != 25 {
		t.Fatalf("%d heat-map cells, want 25", len(cells))
	}
	for _, c := range cells {
		if key := c[1] + "-" + c[2]; c[3] != fmt.Sprint(want[key]) {
			t.Errorf("cell %s shows %s, want %d", key, c[3], want[key])
		}
	}
	// Sorted by residual score, highest first: the closed 25, then the 12s, then 10.
	order := regexp.MustCompile(`>Risk (\d)</a>`).FindAllStringSubmatch(page, -1)
	if got := fmt.Sprint(order); got != "[[>Risk 3</a> 3] [>Risk 2</a> 2] [>Risk 0</a> 0] [>Risk 1</a> 1]]" {
		t.Errorf("order %s", got)
	}
	if filtered := officer.get("/risks?kind=customer&status=closed").Body; strings.Count(filtered, `data-testid="risk-row"`) != 1 {
		t.Error("the filter by status does not leave the closed risk alone")
	}
}
