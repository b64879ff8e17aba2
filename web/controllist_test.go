package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// importControlList posts a CSV file to /control-list as the import form does.
func (v *visitor) importControlList(label, validFrom, file string) response {
	v.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", v.csrf("/account"))
	w.WriteField("label", label)
	w.WriteField("valid_from", validFrom)
	part, _ := w.CreateFormFile("file", "annex-i.csv")
	part.Write([]byte(file))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, v.base+"/control-list", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return v.do(req)
}

// controlListVersions returns the stored versions, the one in use first.
func controlListVersions(t *testing.T, app *testutil.App) []controllist.Version {
	t.Helper()
	var out []controllist.Version
	if err := app.DB.Gorm.Order("in_use DESC, imported_at").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestControlList_PageShowsTheSeedByCategory(t *testing.T) {
	_, ts := newServer(t)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	page := auditor.get("/control-list")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET /control-list: %d", page.StatusCode)
	}
	for _, want := range []string{"Seed: the entries checked against the legal texts, not the full Annex I", `data-testid="seed-notice"`,
		"<h2>5 Part 1 Telecommunications; Part 2 Information security</h2>", "<code>5A001.j</code>"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the control-list page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `data-testid="control-list-import"`) {
		t.Error("an auditor is offered the import form")
	}
	if n := strings.Count(page.Body, `data-testid="category"`); n != 10 {
		t.Errorf("%d categories shown, want 10", n)
	}
	found := auditor.get("/control-list?q=intrusion+software")
	if n := strings.Count(found.Body, `data-testid="entry"`); n != 3 || strings.Count(found.Body, `data-testid="cyber"`) != 3 ||
		!strings.Contains(found.Body, "<code>4E001.c</code>") || strings.Contains(found.Body, "<code>5A001.j</code>") {
		t.Errorf("searching “intrusion software”: %d entries", n)
	}
	if res := auditor.get("/control-list/versions/" + controllist.SeedVersionID + "?category=7"); res.StatusCode != http.StatusOK ||
		strings.Count(res.Body, `data-testid="entry"`) != 1 || !strings.Contains(res.Body, "<code>7E104</code>") {
		t.Errorf("the seed's page, category 7: %d", res.StatusCode)
	}
}

func TestControlList_ImportThroughThePage(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")

	// A bad file: 422, the rows to fix by line, the form kept, nothing stored.
	bad := "code,title,category,cyber_surveillance\n5A001.j,IP surveillance,5,true\n5A001.j,Again,5,true\n4A005,Intrusion,5,maybe\n"
	res := admin.importControlList("Annex I 2025", "2025-01-01", bad)
	for _, want := range []string{"The file was not imported: 3 problems.", "Line 3:", "5A001.j appears twice: also on line 2.",
		"Line 4:", "The category 5 does not match 4A005", `value="Annex I 2025"`, `value="2025-01-01"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused import's page lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad file: %d, want 422", res.StatusCode)
	}
	if res := admin.importControlList("Annex I 2025", "2025-01-01", ""); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Line 1:") {
		t.Errorf("empty file: %d", res.StatusCode)
	}
	if vs := controlListVersions(t, app); len(vs) != 1 || vs[0].ID != controllist.SeedVersionID || !vs[0].InUse {
		t.Fatalf("versions after refused imports: %+v", vs)
	}

	// Someone else may not import.
	good := "code,title,category,cyber_surveillance\n5,Telecommunications,5,false\n5A001.j,IP surveillance,5,true\n"
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if res := officer.importControlList("Annex I 2025", "2025-01-01", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("officer importing: %d, want 403", res.StatusCode)
	}
	if vs := controlListVersions(t, app); len(vs) != 1 {
		t.Fatalf("%d versions after the officer's import", len(vs))
	}

	res = admin.importControlList("Annex I 2025", "2025-01-01", good)
	if !res.redirectsTo("/control-list/versions/") {
		t.Fatalf("import: %d %s", res.StatusCode, res.Body)
	}
	vs := controlListVersions(t, app)
	if len(vs) != 2 || vs[0].Label != "Annex I 2025" || vs[0].ValidFrom != "2025-01-01" || vs[0].EntryCount != 2 || vs[1].InUse ||
		res.Header.Get("Location") != "/control-list/versions/"+vs[0].ID {
		t.Fatalf("versions after the import: %+v, sent to %s", vs, res.Header.Get("Location"))
	}
	page := officer.get("/control-list")
	if strings.Contains(page.Body, `data-testid="seed-notice"`) || strings.Count(page.Body, `data-testid="entry"`) != 1 ||
		!strings.Contains(page.Body, "by Ada Admin") {
		t.Errorf("the control-list page after the import: %d", page.StatusCode)
	}
}
