package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
)

var (
	assignmentLink  = regexp.MustCompile(`href="/training/assignments/([^"#/]+)"`)
	itemAction      = regexp.MustCompile(`action="/training/assignments/[^"/]+/items/([^"]+)"`)
	certificateLink = regexp.MustCompile(`href="/training/certificates/([^"]+)"`)
	courseLink      = regexp.MustCompile(`href="/training/courses/([^"/]+)"`)
)

// matches returns the first group of every match of re in body, in order, once each.
func matches(re *regexp.Regexp, body string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// openAssignment returns the id of the visitor's first assignment that is
// not completed, and the ids of its items.
func openAssignment(t *testing.T, v *visitor) (string, []string) {
	t.Helper()
	for _, id := range matches(assignmentLink, v.get("/training").Body) {
		if items := matches(itemAction, v.get("/training/assignments/"+id).Body); len(items) > 0 {
			return id, items
		}
	}
	t.Fatal("no open assignment on My training")
	return "", nil
}

// matrixAssignment finds, in the matrix as a reader sees it, the assignment
// of the person with this email.
func matrixAssignment(t *testing.T, reader *visitor, email string) string {
	t.Helper()
	body := reader.get("/training/matrix").Body
	i := strings.Index(body, `data-email="`+email+`"`)
	if i < 0 {
		t.Fatalf("no matrix row for %s", email)
	}
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	ids := matches(assignmentLink, row)
	if len(ids) == 0 {
		t.Fatalf("no assignment of %s in the matrix", email)
	}
	return ids[0]
}

// TestTraining_StaffCompletesACourseWithoutJavaScript: every tick as a plain
// form post goes back to the item; a wrong name or a missing "understood" is
// shown beside its field with what was typed; then the certificate.
func TestTraining_StaffCompletesACourseWithoutJavaScript(t *testing.T) {
	_, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	id, items := openAssignment(t, staff)
	page := "/training/assignments/" + id
	for _, item := range items {
		res := staff.form(page+"/items/"+item, url.Values{"done": {"1"}})
		if !res.redirectsTo(page + "#item-" + item) {
			t.Fatalf("tick %s: %d %q, want 303 back to the item", item, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if body := staff.get(page).Body; !strings.Contains(body, `data-testid="attest-form"`) {
		t.Fatal("every item ticked, but no attestation form")
	}

	res := staff.form(page+"/attest", url.Values{"understood": {"1"}, "name": {"Somebody Else"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="name-error"`) ||
		!strings.Contains(res.Body, `value="Somebody Else"`) {
		t.Errorf("attest with a wrong name: %d, want 422 with the message beside the name and the name kept", res.StatusCode)
	}
	res = staff.form(page+"/attest", url.Values{"name": {"Sam Staff"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="understood-error"`) ||
		!strings.Contains(res.Body, `value="Sam Staff"`) {
		t.Errorf("attest without “understood”: %d, want 422 with its message and the name kept", res.StatusCode)
	}

	res = staff.form(page+"/attest", url.Values{"understood": {"1"}, "name": {" sam  staff "}})
	if !res.redirectsTo(page) {
		t.Fatalf("attest: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	body := staff.get(page).Body
	if !strings.Contains(body, `data-testid="completed"`) || !strings.Contains(body, "Completed") {
		t.Error("after attesting, the course does not show as completed")
	}
	certs := matches(certificateLink, body)
	if len(certs) != 1 {
		t.Fatalf("certificate links %v, want one", certs)
	}
	cert := staff.get("/training/certificates/" + certs[0])
	if cert.StatusCode != http.StatusOK || !strings.Contains(cert.Body, `data-testid="certificate-name">Sam Staff<`) {
		t.Errorf("certificate: %d, want 200 in Sam Staff's name", cert.StatusCode)
	}
	if res := staff.form(page+"/items/"+items[0], url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("untick after completion: %d, want 409", res.StatusCode)
	}
}

// TestTraining_TickWithHTMX: htmx gets the item back, and the progress and
// attestation out of band, without the layout.
func TestTraining_TickWithHTMX(t *testing.T) {
	_, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	id, items := openAssignment(t, staff)
	form := url.Values{"done": {"1"}, "csrf_token": {staff.csrf("/account")}}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/training/assignments/"+id+"/items/"+items[len(items)-1], strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	res := staff.do(req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("htmx tick: %d", res.StatusCode)
	}
	for _, want := range []string{`id="item-` + items[len(items)-1] + `"`, `checked`, `id="training-progress"`, `id="attestation"`, `hx-swap-oob="true"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("htmx answer lacks %s", want)
		}
	}
	if strings.Contains(res.Body, "main-nav") {
		t.Error("htmx answer has the layout")
	}
}

// TestTraining_StaffSeeOnlyTheirOwn: someone else's assignment and
// certificate are shut to staff, and so are the matrix, the CSV and the
// course statistics.
func TestTraining_StaffSeeOnlyTheirOwn(t *testing.T) {
	_, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	others := matrixAssignment(t, officer, "manager2@example.com")
	officerCert := matches(certificateLink, officer.get("/training").Body)
	if len(officerCert) == 0 {
		t.Fatal("the officer has no certificate in the demo data")
	}

	othersItem := regexp.MustCompile(`id="item-([^"]+)"`).FindStringSubmatch(officer.get("/training/assignments/" + others).Body)
	if othersItem == nil {
		t.Fatal("no item on manager2's assignment")
	}
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	// A real item of someone else's assignment: only the ownership check refuses it.
	if res := staff.form("/training/assignments/"+others+"/items/"+othersItem[1], url.Values{"done": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("ticking a real item of someone else's assignment: %d, want 403", res.StatusCode)
	}
	refused := func(res response) bool {
		return res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound
	}
	for what, res := range map[string]response{
		"someone else's assignment":  staff.get("/training/assignments/" + others),
		"someone else's certificate": staff.get("/training/certificates/" + officerCert[0]),
		"ticking someone else's":     staff.form("/training/assignments/"+others+"/items/x", url.Values{"done": {"1"}}),
		"attesting someone else's":   staff.form("/training/assignments/"+others+"/attest", url.Values{"understood": {"1"}, "name": {"Sam Staff"}}),
	} {
		if !refused(res) {
			t.Errorf("%s: %d, want 403 or 404", what, res.StatusCode)
		}
	}
	for _, path := range []string{"/training/matrix", "/training/matrix.csv"} {
		if res := staff.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff GET %s: %d, want 403", path, res.StatusCode)
		}
	}
	courses := matches(courseLink, staff.get("/training/courses").Body)
	if len(courses) == 0 {
		t.Fatal("no course listed")
	}
	body := staff.get("/training/courses/" + courses[0]).Body
	if !strings.Contains(body, `data-testid="course-description"`) || strings.Contains(body, `data-testid="course-stats"`) {
		t.Error("staff on a course page: want the course without its statistics")
	}
	for _, id := range matches(assignmentLink, staff.get("/training").Body) {
		if id == others {
			t.Error("My training of staff lists someone else's assignment")
		}
	}
}

// TestTraining_AuditorReadsEverythingChangesNothing (acceptance 4).
func TestTraining_AuditorReadsEverythingChangesNothing(t *testing.T) {
	_, ts := newServer(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	matrix := auditor.get("/training/matrix")
	if matrix.StatusCode != http.StatusOK || strings.Count(matrix.Body, `data-testid="matrix-row"`) < 6 {
		t.Fatalf("auditor's matrix: %d with %d rows", matrix.StatusCode, strings.Count(matrix.Body, `data-testid="matrix-row"`))
	}
	staffs := matrixAssignment(t, auditor, "staff@example.com")
	if res := auditor.get("/training/assignments/" + staffs); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `data-testid="tick"`) {
		t.Errorf("auditor on staff's assignment: %d, want 200 without boxes to tick", res.StatusCode)
	}
	course := matches(courseLink, matrix.Body)[0]
	if body := auditor.get("/training/courses/" + course).Body; !strings.Contains(body, `data-testid="course-stats"`) ||
		strings.Contains(body, `data-testid="assign-form"`) || strings.Contains(body, `data-testid="edit-course"`) {
		t.Error("auditor on a course page: want statistics, no assignment form, no edit")
	}
	if body := auditor.get("/training/courses").Body; strings.Contains(body, `data-testid="new-course"`) {
		t.Error("auditor is offered a new course")
	}
	for path, form := range map[string]url.Values{
		"/training/assignments/" + staffs + "/items/x": {"done": {"1"}},
		"/training/assignments/" + staffs + "/attest":  {"understood": {"1"}, "name": {"Sam Staff"}},
		"/training/courses":                            {"title": {"T"}, "items": {"a"}},
		"/training/courses/" + course:                  {"title": {"T"}, "items": {"a"}},
		"/training/courses/" + course + "/assign":      {"users": {"x"}},
	} {
		if res := auditor.form(path, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("auditor POST %s: %d, want 403", path, res.StatusCode)
		}
	}
}

// TestTraining_CourseFormKeepsWhatWasTyped, and the description is Markdown
// rendered without raw HTML.
func TestTraining_CourseFormKeepsWhatWasTyped(t *testing.T) {
	_, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	res := officer.form("/training/courses", url.Values{"description": {"Kept *description*"}, "recurrence_months": {"12"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="title-error"`) ||
		!strings.Contains(res.Body, `data-testid="items-error"`) || !strings.Contains(res.Body, "Kept *description*") {
		t.Fatalf("course without title and items: %d, want 422 with both messages and the description kept", res.StatusCode)
	}
	res = officer.form("/training/courses", url.Values{"title": {"Brokering controls"},
		"description":     {"Read **Art. 6**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"},
		"items":           {"Read Article 6\n\nAsk the officer when in doubt\n"},
		"mandatory_roles": {"export_manager"}, "recurrence_months": {"0"}})
	if !res.redirectsTo("/training/courses/") {
		t.Fatalf("create course: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := officer.get(res.Header.Get("Location")).Body
	if !strings.Contains(page, "<strong>Art. 6</strong>") || strings.Contains(page, "<script>alert") || strings.Contains(page, "javascript:") {
		t.Error("description: want Markdown rendered, raw HTML and javascript: links left out")
	}
	if strings.Count(page, "Ask the officer when in doubt") != 1 || !strings.Contains(page, `data-testid="course-stats"`) {
		t.Error("course page: want the items and the statistics")
	}
}

// TestTraining_AssignAndMatrixCSV: an officer assigns a course to staff,
// which shows on their training; the CSV export has its header row.
func TestTraining_AssignAndMatrixCSV(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	staffID := userID(t, app, "staff@example.com")
	courses := matches(courseLink, officer.get("/training/courses").Body)
	res := officer.form("/training/courses/"+courses[len(courses)-1]+"/assign", url.Values{"users": {staffID}, "due_on": {"1999-01-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="due_on-error"`) {
		t.Errorf("assign with a past date: %d, want 422 beside the date", res.StatusCode)
	}
	res = officer.form("/training/courses/"+courses[len(courses)-1]+"/assign", url.Values{"users": {staffID}})
	if !res.redirectsTo("/training/courses/" + courses[len(courses)-1]) {
		t.Fatalf("assign: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	csv := manager.get("/training/matrix.csv?role=staff")
	if csv.StatusCode != http.StatusOK || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(csv.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV: %d %q %q", csv.StatusCode, csv.Header.Get("Content-Type"), csv.Header.Get("Content-Disposition"))
	}
	lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
	if lines[0] != "name,email,roles,course,course_version,state,assigned_on,due_on,completed_at,expires_on" {
		t.Errorf("CSV header %q", lines[0])
	}
	if len(lines) < 2 || !strings.Contains(csv.Body, "staff@example.com") {
		t.Errorf("CSV filtered to staff: %q", csv.Body)
	}
}

func TestTraining_AssignedWhenARoleIsGranted(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	res := admin.form("/admin/users", url.Values{"email": {"nora@example.com"}, "name": {"Nora New"},
		"password": {"long enough password"}, "roles": {"export_manager"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d", res.StatusCode)
	}
	mine, err := app.Training.Mine(app.SignedIn(t, "nora@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 4 { // the four demo courses are all mandatory for export managers
		t.Errorf("the new export manager has %d assignments, want 4", len(mine))
	}
}

// Acceptance 3: an export manager whose mandatory training has lapsed is
// refused at submission and at approval, with a link to the course, though
// the new assignment is still within its due days.
func TestTraining_UntrainedManagerIsRefusedAtSubmitAndApprove(t *testing.T) {
	app, ts := newServer(t)
	// manager2@ submits a case for the lapsed manager to approve; the lapsed
	// manager has a draft ready to submit.
	other := submittedCase(t, app, "manager2@example.com")
	mine := app.ReadyCase(t, demo.LapsedManager)

	manager := newVisitor(t, ts)
	manager.signIn(demo.LapsedManager)
	link := regexp.MustCompile(`<a href="/training/courses/[^"]+">[^<]+</a>`)
	for name, res := range map[string]response{
		"submit":  manager.form("/cases/"+mine.ID+"/submit", url.Values{"version": {v(mine)}}),
		"approve": manager.form("/cases/"+other.ID+"/decision", url.Values{"version": {v(other)}, "decision": {"approve"}}),
	} {
		if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "not completed the mandatory training") || !link.MatchString(res.Body) {
			t.Errorf("%s with lapsed training: %d, want 403 naming the course with its link", name, res.StatusCode)
		}
	}
	if f := current(t, app, mine.ID); f.Status != cases.Draft {
		t.Errorf("the refused submission changed the case to %s", f.Status)
	}
	if f := current(t, app, other.ID); len(f.SignOffs) != 0 {
		t.Errorf("the refused approval left %d sign-offs", len(f.SignOffs))
	}
}
