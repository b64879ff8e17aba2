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
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// caseWithListedEndUser is a draft by manager@ whose end user is named like
// an entry of the demonstration list.
func caseWithListedEndUser(t *testing.T, app *testutil.App) *cases.Case {
	t.Helper()
	return caseWithEndUser(t, app, "Northstar Signal Trading L.L.C.")
}

// caseWithEndUser is a draft by manager@ with an end user named name.
func caseWithEndUser(t *testing.T, app *testutil.App, name string) *cases.Case {
	t.Helper()
	ctx := app.SignedIn(t, "manager@example.com")
	f, err := app.Cases.Create(ctx, cases.Input{Title: "Interception probes", Destination: "AE"})
	if err == nil {
		f, err = app.Cases.AddParty(ctx, f.ID, f.Version, cases.PartyInput{Role: "end_user", Name: name, Kind: "company", Country: "AE"})
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// section returns the article of a page with this data-testid.
func section(page, id string) string {
	i := strings.Index(page, `data-testid="`+id+`"`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	return page[:strings.Index(page, "</article>")]
}

var hitID = regexp.MustCompile(`/hits/([^/]+)/decision`)

func TestScreening_HitOnTheCaseIsDecidedWithAReason(t *testing.T) {
	app, ts := newServer(t)
	f := caseWithListedEndUser(t, app)

	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	page := owner.get("/cases/" + f.ID)
	for _, want := range []string{"NORTHSTAR SIGNAL TRADING LLC", "Demonstration list — fictitious entries 900001", "To decide", "Decide the open screening hit",
		"You opened this case, so a compliance officer or another export manager decides"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("owner's case page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, `data-testid="hit-form"`) {
		t.Error("the opener is offered the decision form")
	}

	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if hits := section(officer.get("/").Body, "hits-to-decide"); !strings.Contains(hits, "Screening hits to decide") || !strings.Contains(hits, f.Reference) || !strings.Contains(hits, "1 open") {
		t.Error("the officer's home page does not list the case with its open hit")
	}
	page = officer.get("/cases/" + f.ID)
	m := hitID.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no decision form for the officer")
	}
	decide := "/cases/" + f.ID + "/hits/" + m[1] + "/decision"

	// A forged post by the opener is refused and recorded.
	if res := owner.form(decide, url.Values{"version": {v(f)}, "verdict": {"false_positive"}, "reason": {"mine"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("opener's decision: %d", res.StatusCode)
	}
	// No reason: the form comes back with the message and the choice kept.
	res := officer.form(decide, url.Values{"version": {v(f)}, "verdict": {"false_positive"}, "reason": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the reason for your decision") ||
		!regexp.MustCompile(`value="false_positive" checked`).MatchString(res.Body) {
		t.Fatalf("decision without reason: %d", res.StatusCode)
	}
	res = officer.form(decide, url.Values{"version": {v(f)}, "verdict": {"false_positive"}, "reason": {"Our customer is a Swiss retailer; the listed company is in Dubai."}})
	if !res.redirectsTo("/cases/" + f.ID + "#screening") {
		t.Fatalf("decision: %d %s", res.StatusCode, res.Body)
	}
	page = officer.get("/cases/" + f.ID)
	for _, want := range []string{"False positive", "Decided by Olga Officer", "Swiss retailer", `✓</span> <span class="visually-hidden">Done:</span> Parties screened, no open or confirmed hit`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("case page after the decision lacks %q", want)
		}
	}
	if hits := section(officer.get("/").Body, "hits-to-decide"); !strings.Contains(hits, "No open screening hit.") {
		t.Error("the decided case is still listed on the officer's home page")
	}
	events, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "screening.decide"})
	if len(events) != 1 || events[0].ActorEmail != "officer@example.com" || events[0].ObjectID != f.ID {
		t.Errorf("decision events %+v", events)
	}
}

func TestScreening_ScreenAgainAfterTheListsChanged(t *testing.T) {
	app, ts := newServer(t)
	f := caseWithListedEndUser(t, app)
	// A second list arrives; this server has not re-screened yet.
	ctx := app.SignedIn(t, "admin@example.com")
	if _, _, err := app.Screening.Lists.Import(ctx, watchlist.UN, watchlist.ParserFor(watchlist.UN), listFiles(t, "un/consolidated.xml")); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Screening.Load(ctx); err != nil {
		t.Fatal(err)
	}
	owner := newVisitor(t, ts)
	owner.signIn("manager@example.com")
	page := owner.get("/cases/" + f.ID)
	if !strings.Contains(page.Body, "The lists have changed since it was screened.") {
		t.Fatal("stale screening not shown")
	}
	res := owner.form("/cases/"+f.ID+"/screen", url.Values{"version": {v(f)}})
	if !res.redirectsTo("/cases/" + f.ID + "#screening") {
		t.Fatalf("screen again: %d", res.StatusCode)
	}
	page = owner.get("/cases/" + f.ID)
	if strings.Contains(page.Body, "The lists have changed since") {
		t.Error("screening not current after screening again")
	}
	st, err := app.Screening.ForCase(ctx, current(t, app, f.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, ps := range st.Parties {
		if ps.Screening == nil || ps.Screening.ListVersions != app.Screening.Current().Key {
			t.Errorf("%s not screened against the lists in use after screening again", ps.Party.Name)
		}
	}
}

func TestScreening_AdhocPage(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	page := officer.get("/screening?name=" + url.QueryEscape("Orion Data Systems") + "&country=IR")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "ORION DATA SYSTEMS FZE") || !strings.Contains(page.Body, "Matched") {
		t.Fatalf("ad-hoc screening: %d", page.StatusCode)
	}
	page = officer.get("/screening?name=" + url.QueryEscape("Bakery Müller"))
	if !strings.Contains(page.Body, `data-testid="no-hits"`) {
		t.Error("an ordinary name has hits")
	}
	page = officer.get("/screening?name=+")
	if page.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page.Body, "Enter a name to screen.") {
		t.Errorf("empty name: %d", page.StatusCode)
	}
	events, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "screening.adhoc"})
	if len(events) != 2 || !strings.Contains(events[1].Summary, "Orion Data Systems") {
		t.Errorf("ad-hoc events %+v", events)
	}
}

// listFiles opens files of the shared sanctions data for an import.
func listFiles(t *testing.T, names ...string) []watchlist.File {
	t.Helper()
	var out []watchlist.File
	for _, n := range names {
		f, err := os.Open(filepath.Join(testutil.SanctionsData(t), n))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		out = append(out, watchlist.File{Name: n, R: f})
	}
	return out
}

// upload posts files to /lists as the import form does.
func (v *visitor) upload(source string, paths ...string) response {
	v.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", v.csrf("/lists"))
	w.WriteField("source", source)
	for _, p := range paths {
		part, _ := w.CreateFormFile("files", filepath.Base(p))
		f, err := os.Open(p)
		if err != nil {
			v.t.Fatal(err)
		}
		io.Copy(part, f)
		f.Close()
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, v.base+"/lists", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return v.do(req)
}

func TestLists_ImportThroughThePage(t *testing.T) {
	app, ts := newServer(t)
	caseWithListedEndUser(t, app) // a known party to screen again
	data := testutil.SanctionsData(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")

	// Refused files: the message names the line, and the list in use stays.
	res := admin.upload("us-csl", filepath.Join(data, "malformed/csl.csv"))
	if res.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`csl\.csv, line \d+`).MatchString(res.Body) {
		t.Fatalf("malformed upload: %d", res.StatusCode)
	}
	if res := admin.upload("", filepath.Join(data, "un/consolidated.xml")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Choose the list these files are.") {
		t.Errorf("no source: %d", res.StatusCode)
	}
	if n := len(app.Screening.Current().Versions); n != 1 {
		t.Fatalf("%d lists in use after refusals", n)
	}

	res = admin.upload("un", filepath.Join(data, "un/consolidated.xml"))
	if !res.redirectsTo("/lists/versions/") {
		t.Fatalf("import: %d %s", res.StatusCode, res.Body)
	}
	app.Screening.WaitRescreen()
	page := admin.get(res.Header.Get("Location"))
	for _, want := range []string{"UN Security Council", "1,003 entries", "consolidated.xml", "New", "Re-screening done", "1 of 1 parties"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("version page lacks %q", want)
		}
	}
	if got := app.Screening.Current().VersionOf(watchlist.UN); got == nil || got.EntryCount != 1003 {
		t.Errorf("index holds %+v", got)
	}
	if card := section(admin.get("/").Body, "card-lists"); !strings.Contains(card, ">2<") || !strings.Contains(card, "1,013 entries") {
		t.Errorf("the start page's lists card: %s", card)
	}
	page = admin.get("/lists")
	if !strings.Contains(page.Body, "UN Security Council") || !strings.Contains(page.Body, "in use") {
		t.Error("lists page lacks the new version")
	}
	// Others may read the lists but not import.
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if page := officer.get("/lists"); page.StatusCode != http.StatusOK || strings.Contains(page.Body, `data-testid="import-form"`) {
		t.Errorf("officer's lists page: %d", page.StatusCode)
	}
}

// demoLabel is how every page and API answer names the demonstration list.
const demoLabel = "Demonstration list — fictitious entries"

func TestScreening_DemoListIsLabelledAsWhatItIs(t *testing.T) {
	app, ts := newServer(t)
	f := caseWithListedEndUser(t, app)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")

	panel := section(officer.get("/cases/"+f.ID).Body, "screening")
	if !strings.Contains(panel, "Against "+demoLabel+" (imported ") || !strings.Contains(panel, demoLabel+" 900001") {
		t.Errorf("case screening panel: %s", panel)
	}
	adhoc := officer.get("/screening?name=" + url.QueryEscape("Northstar Signal Trading"))
	if !strings.Contains(adhoc.Body, "Against "+demoLabel+" (imported ") || !strings.Contains(adhoc.Body, demoLabel+" 900001") {
		t.Errorf("ad-hoc page: %d, does not name the demonstration list", adhoc.StatusCode)
	}
	for page, body := range map[string]string{"case": panel, "ad-hoc": adhoc.Body} {
		if strings.Contains(body, "OFAC") {
			t.Errorf("the %s page names the demonstration list as OFAC's", page)
		}
	}

	// Deciding the hit records the list by its label.
	m := hitID.FindStringSubmatch(panel)
	if m == nil {
		t.Fatal("no decision form for the officer")
	}
	decide := "/cases/" + f.ID + "/hits/" + m[1] + "/decision"
	if res := officer.form(decide, url.Values{"version": {v(f)}, "verdict": {"false_positive"}, "reason": {"Not the listed company."}}); !res.redirectsTo("/cases/" + f.ID) {
		t.Fatalf("decision: %d %s", res.StatusCode, res.Body)
	}
	events, _ := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "screening.decide"})
	if len(events) != 1 || !strings.Contains(events[0].Summary, " on "+demoLabel+" 900001 (NORTHSTAR SIGNAL TRADING LLC) decided") {
		t.Errorf("decision events %+v", events)
	}

	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	if card := section(admin.get("/").Body, "card-lists"); !strings.Contains(card, "Among them: "+demoLabel+".") {
		t.Errorf("the start page's lists card: %s", card)
	}
	lists := admin.get("/lists").Body
	if row := section(lists, "list-source"); !strings.Contains(row, "<h2>"+demoLabel+"</h2>") || !strings.Contains(row, "in use") {
		t.Errorf("lists page row: %s", row)
	}
	if form := section(lists, "import-form"); form == "" || strings.Contains(form, `value="demo"`) || strings.Contains(form, demoLabel) {
		t.Errorf("the import form offers the demonstration list: %s", form)
	}
	version := regexp.MustCompile(`/lists/versions/[^"]+`).FindString(lists)
	if page := admin.get(version); !strings.Contains(page.Body, "<h1>"+demoLabel+"</h1>") {
		t.Errorf("version page %s: %d", version, page.StatusCode)
	}
	// Nor can a forged form import files as the demonstration list.
	if res := admin.upload("demo", uiWriteFile(t, "sdn.csv", `1,"ACME",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `)); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Choose the list these files are.") {
		t.Errorf("import as the demonstration list: %d", res.StatusCode)
	}
}
