package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

func storedHoldings(t *testing.T, app *testutil.App) []governance.Holding {
	t.Helper()
	var all []governance.Holding
	if err := app.DB.Gorm.Order("from_on, id").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

func TestOrganisation_RecordRefusesASecondOfficerAndEnds(t *testing.T) {
	app, ts := newServer(t)
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	before := len(storedHoldings(t, app))
	second := url.Values{"responsibility": {"export_control_officer"}, "user_id": {userID(t, app, "manager@example.com")},
		"from": {"2030-01-01"}, "phone": {"+49 30 1"}, "email": {"export@example.com"}}
	res := board.form("/organisation/holdings", second)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "one export control officer at a time") ||
		!strings.Contains(res.Body, `value="export@example.com"`) {
		t.Fatalf("second officer: %d", res.StatusCode)
	}
	if n := len(storedHoldings(t, app)); n != before {
		t.Fatalf("%d holdings after a refusal, want %d", n, before)
	}
	var officer governance.Holding
	for _, h := range storedHoldings(t, app) {
		if h.Responsibility == governance.ExportControlOfficer {
			officer = h
		}
	}
	if res := board.form("/organisation/holdings/"+officer.ID+"/end", url.Values{"to": {"2029-12-31"}}); !res.redirectsTo("/organisation") {
		t.Fatalf("end: %d", res.StatusCode)
	}
	if res := board.form("/organisation/holdings", second); !res.redirectsTo("/organisation") {
		t.Fatalf("the next officer: %d %s", res.StatusCode, res.Body)
	}
	all := storedHoldings(t, app)
	last := all[len(all)-1]
	if len(all) != before+1 || last.UserID != userID(t, app, "manager@example.com") || last.Email != "export@example.com" ||
		last.Phone != "+49 30 1" || last.FromOn.Format("2006-01-02") != "2030-01-01" || last.ToOn != nil || last.RecordedBy != userID(t, app, "board@example.com") {
		t.Errorf("stored %+v", last)
	}
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	for _, path := range []string{"/organisation/holdings", "/organisation/holdings/" + officer.ID + "/end"} {
		if res := staff.form(path, second); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff posts %s: %d", path, res.StatusCode)
		}
	}
	page := staff.get("/organisation").Body
	if !strings.Contains(page, "Max Manager") || !strings.Contains(page, "2030-01-01") || !strings.Contains(page, "One person at a time (the company") ||
		strings.Contains(page, `action="/organisation/holdings"`) {
		t.Error("staff's organisation page: the history, the rule, and no form")
	}
}

func TestOrganisation_ContactsOnTheHomePageAndTheManualCourse(t *testing.T) {
	app, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	card := section(staff.get("/").Body, "card-contacts")
	for _, want := range []string{"Olga Officer", "Export control officer", "Mia Manager", "Deputy export control officer", "Bea Board", "mailto:officer@example.com", "+49 30 0000 1001",
		"Board member responsible for export control and management sponsor"} {
		if !strings.Contains(card, want) {
			t.Errorf("the contacts card lacks %q", want)
		}
	}
	if n := strings.Count(card, "Bea Board"); n != 1 {
		t.Errorf("Bea Board named %d times on the contacts card, want once with both responsibilities", n)
	}
	officer := app.SignedIn(t, "officer@example.com")
	courses, err := app.Training.Courses(officer)
	if err != nil {
		t.Fatal(err)
	}
	manual := demo.Courses[len(demo.Courses)-1].Title
	for _, c := range courses {
		page := staff.get("/training/courses/" + c.ID).Body
		if shown := strings.Contains(page, `data-testid="course-organisation"`); shown != (c.Title == manual) || (shown && !strings.Contains(page, "Olga Officer")) {
			t.Errorf("course %q shows the organisation: %v", c.Title, shown)
		}
	}
}

func TestOrganisation_TheCourseFormSetsTheFlag(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	form := url.Values{"title": {"ICP refresher"}, "description": {"Who does what."}, "items": {"I know whom to ask."}, "recurrence_months": {"0"},
		"shows_organisation": {"1"}}
	if res := officer.form("/training/courses", form); !res.redirectsTo("/training/courses/") {
		t.Fatalf("create: %d", res.StatusCode)
	}
	c := courseTitled(t, app, "ICP refresher")
	if !c.ShowsOrganisation {
		t.Fatal("the flag was not stored")
	}
	if page := officer.get("/training/courses/" + c.ID + "/edit").Body; !strings.Contains(page, `name="shows_organisation" value="1" checked`) {
		t.Error("the edit form does not show the flag ticked")
	}
	form.Del("shows_organisation")
	if res := officer.form("/training/courses/"+c.ID, form); !res.redirectsTo("/training/courses/") {
		t.Fatalf("update: %d", res.StatusCode)
	}
	if c := courseTitled(t, app, "ICP refresher"); c.ShowsOrganisation || c.Version != 1 {
		t.Errorf("after unticking: shows %v, version %d", c.ShowsOrganisation, c.Version)
	}
}

// courseTitled returns the course with this title.
func courseTitled(t *testing.T, app *testutil.App, title string) training.Course {
	t.Helper()
	all, err := app.Training.Courses(app.SignedIn(t, "officer@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Title == title {
			return c
		}
	}
	t.Fatalf("no course %q", title)
	return training.Course{}
}
