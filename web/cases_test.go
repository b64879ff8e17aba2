package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
)

const pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

// submittedCase is a ready case (testutil.App.ReadyCase) by the export
// manager with email, submitted.
func submittedCase(t *testing.T, app *testutil.App, email string) *cases.Case {
	t.Helper()
	f := app.ReadyCase(t, email)
	f, err := app.Cases.Submit(app.SignedIn(t, email), f.ID, f.Version)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func v(f *cases.Case) string { return strconv.FormatInt(f.Version, 10) }

func TestCases_OpenerCannotApproveEvenByForgedPost(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	page := owner.get("/cases/" + f.ID)
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, `data-testid="decide-approve"`) {
		t.Fatalf("owner's case page: %d, approve button shown=%v", page.StatusCode, strings.Contains(page.Body, "decide-approve"))
	}
	res := owner.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "You opened this case") {
		t.Fatalf("forged approval: %d", res.StatusCode)
	}
	after, _ := app.Cases.Get(app.SignedIn(t, "auditor@example.com"), f.ID)
	if after.Status != cases.Submitted || len(after.SignOffs) != 0 || after.Version != f.Version {
		t.Errorf("the forged approval changed the case: %s, %d sign-offs, version %d", after.Status, len(after.SignOffs), after.Version)
	}
	denied, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "access.denied"})
	if len(denied) != 1 || denied[0].ActorEmail != "manager@example.com" || !strings.Contains(denied[0].Summary, "/decision") {
		t.Errorf("refusal not recorded: %+v", denied)
	}
	other := newVisitor(t, ts)
	other.signIn("manager2@example.com")
	if !strings.Contains(other.get("/cases/"+f.ID).Body, `data-testid="decide-approve"`) {
		t.Error("another manager sees no approve button")
	}
	res = other.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}})
	if !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("approval by manager2: %d", res.StatusCode)
	}
}

func TestCases_ChangingAnApprovedCaseVoidsItsApprovalVisibly(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	f, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, "")
	if err != nil || f.Status != cases.Approved {
		t.Fatalf("approve: %v", err)
	}
	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	res := owner.form("/cases/"+f.ID+"/items/"+f.Items[0].ID, url.Values{"version": {v(f)}, "description": {"Probe"},
		"quantity": {"20"}, "unit": {"pcs"}, "value": {"1000"}, "currency": {"EUR"}})
	if !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("change item: %d %s", res.StatusCode, res.Body)
	}
	page := owner.get("/cases/" + f.ID).Body
	if !strings.Contains(page, `data-testid="void"`) || !strings.Contains(page, ">Submitted<") || !strings.Contains(page, "0 of 1 approvals") {
		t.Error("the case page does not show the approval as void and the case as needing approval")
	}
	other := newVisitor(t, ts)
	other.signIn("manager2@example.com")
	if !strings.Contains(other.get("/cases/"+f.ID).Body, `data-testid="decide-approve"`) {
		t.Error("no way to approve again")
	}
}

func TestCases_StaleFormIsAClearConflict(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	a, b := newVisitor(t, ts), newVisitor(t, ts)
	a.signIn("manager2@example.com")
	b.signIn("officer@example.com")
	if res := a.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"approve"}}); !res.redirectsTo("/cases/") {
		t.Fatalf("first decision: %d", res.StatusCode)
	}
	res := b.form("/cases/"+f.ID+"/decision", url.Values{"version": {v(f)}, "decision": {"hold"}, "comment": {"Wait"}})
	// The approved case can still be returned to draft: the comment waits in
	// that form rather than on a line of its own.
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Someone else changed this case") ||
		!strings.Contains(res.Body, "Wait</textarea>") {
		t.Errorf("second decision on the same version: %d", res.StatusCode)
	}
}

// upload posts a multipart upload form as the browser sends it.
func upload(t *testing.T, vis *visitor, caseID, version, kind, filename string, content io.Reader) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", vis.csrf("/account"))
	w.WriteField("version", version)
	w.WriteField("doc_kind", kind)
	part, _ := w.CreateFormFile("file", filename)
	if _, err := io.Copy(part, content); err != nil {
		t.Fatal(err)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, vis.base+"/cases/"+caseID+"/attachments", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return vis.do(req)
}

// zeros yields n bytes of a text file.
func text(n int64) io.Reader { return io.LimitReader(repeat('a'), n) }

type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func storedFiles(t *testing.T, app *testutil.App) int {
	t.Helper()
	n := 0
	err := filepath.Walk(app.Files.Dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatalf("count the stored files: %v", err)
	}
	return n
}

func TestCases_BadUploadsAreRefusedAndNothingIsStored(t *testing.T) {
	app, ts := newServer(t)
	ctx := app.SignedIn(t, "manager@example.com")
	f, err := app.Cases.Create(ctx, cases.Input{Title: "Uploads"})
	if err != nil {
		t.Fatal(err)
	}
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	tests := []struct {
		name, filename string
		content        io.Reader
		status         int
		message        string
	}{
		{"too large", "contract.txt", text(20<<20 + 1), http.StatusUnprocessableEntity, "larger than 20 MB"},
		{"executable", "statement.pdf", strings.NewReader("\x7fELF\x02\x01\x01\x00" + strings.Repeat("\x00", 64)), http.StatusUnprocessableEntity, "not accepted"},
		{"empty", "statement.pdf", strings.NewReader(""), http.StatusUnprocessableEntity, "empty"},
		{"content contradicts the name", "statement.docx", strings.NewReader(pdf), http.StatusUnprocessableEntity, ".docx"},
		{"far beyond the limit", "big.txt", text(30 << 20), http.StatusRequestEntityTooLarge, "larger than 20 MB"},
	}
	before := storedFiles(t, app)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := upload(t, vis, f.ID, v(f), "contract", tc.filename, tc.content)
			if res.StatusCode != tc.status || !strings.Contains(res.Body, tc.message) {
				t.Fatalf("status %d, want %d with %q", res.StatusCode, tc.status, tc.message)
			}
			if tc.status == http.StatusUnprocessableEntity {
				if !strings.Contains(res.Body, `data-testid="file-error"`) || !regexp.MustCompile(`value="contract" selected`).MatchString(res.Body) {
					t.Error("the form does not show the error beside the file or lost the chosen kind")
				}
			}
		})
	}
	if n := storedFiles(t, app); n != before {
		t.Errorf("%d files stored after refused uploads, want %d", n, before)
	}
	got, _ := app.Cases.Get(ctx, f.ID)
	if len(got.Attachments) != 0 || got.Version != f.Version {
		t.Errorf("case changed: %d attachments, version %d", len(got.Attachments), got.Version)
	}
}

func TestCases_UploadAndDownload(t *testing.T) {
	app, ts := newServer(t)
	f, _ := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Docs"})
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	if res := upload(t, vis, f.ID, v(f), "end_use_statement", "End use (signed).pdf", strings.NewReader(pdf)); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	got, _ := app.Cases.Get(app.SignedIn(t, "auditor@example.com"), f.ID)
	a := got.Attachments[0]
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	res := auditor.get("/cases/" + f.ID + "/attachments/" + a.ID)
	if res.StatusCode != http.StatusOK || res.Body != pdf || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	if res := auditor.get("/cases/" + f.ID + "/attachments/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown document: %d", res.StatusCode)
	}
}

func TestCases_FormsKeepInputOnErrors(t *testing.T) {
	app, ts := newServer(t)
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	res := vis.form("/cases", url.Values{"title": {""}, "destination": {"ZZ"}, "end_use": {"Research"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="title-error"`) ||
		!strings.Contains(res.Body, "Research</textarea>") {
		t.Errorf("new case: %d", res.StatusCode)
	}
	f, _ := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Items"})
	res = vis.form("/cases/"+f.ID+"/items", url.Values{"version": {v(f)}, "description": {"Probe"}, "quantity": {"lots"}, "value": {"10"}, "currency": {"EUR"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="quantity-error"`) ||
		!strings.Contains(res.Body, `value="lots"`) {
		t.Errorf("item: %d", res.StatusCode)
	}
	res = vis.form("/cases/"+f.ID+"/parties", url.Values{"version": {v(f)}, "role": {"end_user"}, "kind": {"company"}, "name": {""}, "address": {"1 Main St"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="name-error"`) ||
		!strings.Contains(res.Body, `value="1 Main St"`) {
		t.Errorf("party: %d", res.StatusCode)
	}
}

// TestCases_ItemSubjectToUSRules: an item marked subject to US export
// rules is stored with its ECCN and shows it; a mark without one is
// refused with the form kept.
func TestCases_ItemSubjectToUSRules(t *testing.T) {
	app, ts := newServer(t)
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	f, _ := app.Cases.Create(app.SignedIn(t, "manager@example.com"), cases.Input{Title: "Routers"})
	item := url.Values{"version": {v(f)}, "description": {"Edge router"}, "quantity": {"2"}, "value": {"10"}, "currency": {"EUR"},
		"subject_to_us": {"1"}, "eccn": {""}}
	res := vis.form("/cases/"+f.ID+"/items", item)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="eccn-error"`) ||
		!strings.Contains(res.Body, `name="subject_to_us" value="1" checked`) {
		t.Errorf("ticked without an ECCN: %d", res.StatusCode)
	}
	if got := current(t, app, f.ID); len(got.Items) != 0 {
		t.Fatalf("a refused item was stored: %+v", got.Items)
	}
	item.Set("eccn", "5a002.a")
	if res := vis.form("/cases/"+f.ID+"/items", item); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("item with its ECCN: %d", res.StatusCode)
	}
	got := current(t, app, f.ID)
	if len(got.Items) != 1 || !got.Items[0].SubjectToUS || got.Items[0].ECCN != "5A002.a" {
		t.Fatalf("stored items %+v", got.Items)
	}
	if page := vis.get("/cases/" + f.ID).Body; !strings.Contains(section(page, "item-eccn"), "Subject to US export rules, ECCN 5A002.a") {
		t.Errorf("the case page does not show the ECCN")
	}
	if dossier := vis.get("/cases/" + f.ID + "/dossier").Body; !strings.Contains(dossier, "Subject to US export rules, ECCN 5A002.a") {
		t.Errorf("the dossier does not show the ECCN")
	}
	edit := vis.get("/cases/" + f.ID + "/items/" + got.Items[0].ID + "/edit").Body
	if !strings.Contains(edit, `value="5A002.a"`) || !strings.Contains(edit, `name="subject_to_us" value="1" checked`) {
		t.Errorf("the item's edit form does not keep the US fields")
	}
}

func TestCases_ListAndPartySearch(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	vis := newVisitor(t, ts)
	vis.signIn("auditor@example.com")
	res := vis.get("/cases?q=acme&status=submitted")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, f.Reference) {
		t.Errorf("list: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, `data-testid="new-case"`) {
		t.Error("the auditor is offered a new case")
	}
	mgr := newVisitor(t, ts)
	mgr.signIn("manager2@example.com")
	d, _ := app.Cases.Create(app.SignedIn(t, "manager2@example.com"), cases.Input{Title: "Second"})
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/cases/"+d.ID+"/party-suggestions?party_q=acme", nil)
	req.Header.Set("HX-Request", "true")
	res = mgr.do(req)
	if res.StatusCode != http.StatusOK || strings.Count(res.Body, `data-testid="use-party"`) != 2 || strings.Contains(res.Body, "<html") {
		t.Errorf("suggestions fragment: %d, %d suggestions", res.StatusCode, strings.Count(res.Body, "use-party"))
	}
}
