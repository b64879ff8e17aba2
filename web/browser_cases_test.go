package web_test

// Browser journeys of the export case: a manager opens a case, fills it in and
// submits it, and a second manager approves it (acceptance point 1); an
// upload that is not an accepted document is refused without losing the form.
// They use the helpers of browser_test.go and, like those journeys, need
// Chromium (see uiBrowser).

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/products"
)

// uiCaseRefPattern is the form of a case reference.
var uiCaseRefPattern = regexp.MustCompile(`^EXP-(\d{4})-\d{5}$`)

// uiCaseSubmit clicks the element with this data-testid on a case page and
// waits until htmx has swapped in the case page that answers it. The case
// page shown before the click is marked stale first, so that the wait cannot
// be satisfied by it; a mark left on window checks that htmx swapped the page
// in rather than the browser loading a new document.
func uiCaseSubmit(ctx context.Context, id string) error {
	err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.vigilBoostMark = true;
			document.querySelector('[data-testid="case"]').setAttribute('data-stale', '')`),
		uiClickSel(uiTestID(id)),
		chromedp.WaitVisible(uiCSS(uiTestID("case")+":not([data-stale])")),
	)
	if err != nil {
		return fmt.Errorf("press %s: %w", uiTestID(id), err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.vigilBoostMark === true`))
	if err != nil {
		return err
	}
	if !kept {
		return fmt.Errorf("press %s: the browser loaded a new document; want an htmx-boosted swap", uiTestID(id))
	}
	return nil
}

// uiCount counts the elements that match a CSS selector.
func uiCount(ctx context.Context, sel string) (int, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

// uiOpenCase goes to Cases, opens the new-case form, fills it in as a person
// would and saves it; it returns the reference the case page shows.
func uiOpenCase(ctx context.Context, title, endUse string) (string, error) {
	if err := uiClickNav(ctx, "Cases", "case-list"); err != nil {
		return "", err
	}
	err := chromedp.Do(ctx,
		uiClickSel(uiTestID("new-case")),
		uiWaitFor("case-form"),
		chromedp.SendKeys(uiCSS("#title"), title),
		chromedp.SetValue(uiCSS("#destination"), "DE"),
		chromedp.SetValue(uiCSS("#end_user_type"), "private_company"),
		chromedp.SendKeys(uiCSS("#end_use"), endUse),
		uiClickSel(uiTestID("save-case")),
		uiWaitFor("case"),
	)
	if err != nil {
		return "", fmt.Errorf("open a case: %w", err)
	}
	ref, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("case-reference"))))
	if err != nil {
		return "", err
	}
	ref = strings.TrimSpace(ref)
	m := uiCaseRefPattern.FindStringSubmatch(ref)
	if m == nil {
		return "", fmt.Errorf("case reference %q, want EXP-YYYY-NNNNN", ref)
	}
	if year := strconv.Itoa(time.Now().UTC().Year()); m[1] != year {
		return "", fmt.Errorf("case reference %q, want the year %s", ref, year)
	}
	if err := uiWaitText(ctx, "flash", "Opened "+ref); err != nil {
		return "", err
	}
	return ref, nil
}

// uiExpand clicks the summary with this data-testid, unless its details are
// open already (a second click would close them).
func uiExpand(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		open, err := chromedp.Evaluate[bool](
			fmt.Sprintf(`document.querySelector(%q).closest('details').open`, uiTestID(id)))(ctx, t)
		if err != nil || open {
			return err
		}
		_, err = uiClickSel(uiTestID(id))(ctx, t)
		return err
	})
}

// uiAddNewParty opens "Add a party" and adds a new company in DE in role.
func uiAddNewParty(ctx context.Context, role, name string) error {
	err := chromedp.Do(ctx,
		uiExpand("add-party"),
		uiWaitFor("party-form"),
		chromedp.SetValue(uiCSS("#role"), role),
		chromedp.SetValue(uiCSS("#kind"), "company"),
		chromedp.SendKeys(uiCSS("#name"), name),
		chromedp.SetValue(uiCSS("#country"), "DE"),
	)
	if err != nil {
		return fmt.Errorf("fill in the party %s: %w", name, err)
	}
	if err := uiCaseSubmit(ctx, "save-party"); err != nil {
		return fmt.Errorf("add the party %s: %w", name, err)
	}
	return uiWaitText(ctx, "flash", "Party added.")
}

// uiWriteFile writes content to a file of this name in a temporary directory
// of the test, and returns its path.
func uiWriteFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrowser_CaseJourney(t *testing.T) {
	app, base := uiServeApp(t)
	const (
		title       = "Spectrum analysers for Berlin lab"
		endUse      = "Calibration of radio test equipment in a university laboratory."
		consignee   = "Kessler Messtechnik GmbH"
		endUser     = "Institut für Funktechnik Berlin"
		description = "Spectrum analyser SA-9000"
		docName     = "end-use-statement.pdf"
	)
	statement := uiWriteFile(t, docName, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

	// 1. The manager opens a case.
	mgr := uiBrowser(t)
	if err := uiSignIn(mgr, base, "manager@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	ref, err := uiOpenCase(mgr, title, endUse)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("opened %s", ref)
	uiCheckAxe(t, mgr, "new case's page")

	// 2. The consignee, a search that finds it, and the end user.
	if err := uiAddNewParty(mgr, "consignee", consignee); err != nil {
		t.Fatal(err)
	}
	if n, err := uiCount(mgr, uiTestID("party-row")); err != nil || n != 1 {
		t.Fatalf("after adding the consignee: %d party rows (err %v), want 1", n, err)
	}
	suggestion := uiTestID("party-suggestions") + " " + uiTestID("use-party")
	err = chromedp.Do(mgr,
		uiExpand("add-party"),
		uiWaitFor("party-search"),
		chromedp.SendKeys(uiCSS(uiTestID("party-search")), "kessl"),
		chromedp.WaitVisible(uiCSS(suggestion)),
	)
	if err != nil {
		t.Fatalf("search known parties for %q: %v", "kessl", err)
	}
	found, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("party-suggestions"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(found, consignee) {
		t.Errorf("the suggestions for %q are %q, want %s among them", "kessl", found, consignee)
	}
	uiCheckAxe(t, mgr, "case page with party suggestions")
	// The search only suggests; it must not have reloaded the page or added anything.
	if n, err := uiCount(mgr, uiTestID("party-row")); err != nil || n != 1 {
		t.Errorf("after searching: %d party rows (err %v), want 1", n, err)
	}
	if err := uiAddNewParty(mgr, "end_user", endUser); err != nil {
		t.Fatal(err)
	}
	parties, err := chromedp.Run(mgr, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="party-row"]'), r => r.innerText)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(parties) != 2 || !strings.Contains(parties[0], "Consignee") || !strings.Contains(parties[0], consignee) ||
		!strings.Contains(parties[1], "End user") || !strings.Contains(parties[1], endUser) {
		t.Errorf("party rows = %q, want the consignee %s and the end user %s", parties, consignee, endUser)
	}

	// 3. An item from the catalogue, where its classification was confirmed
	// by two people; then the Art. 4 questions.
	product := app.Product(t, description, products.ClassificationInput{NotListed: true,
		Rationale: "A laboratory spectrum analyser below every Annex I threshold."})
	if err := uiAddProduct(mgr, product, "2", "12500"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr, "flash", "Item added."); err != nil {
		t.Fatal(err)
	}
	item, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("item-row"))))
	if err != nil {
		t.Fatalf("no item row: %v", err)
	}
	for _, want := range []string{description, "2 pcs", "EUR 12,500.00", "Not listed in Annex I"} {
		if !strings.Contains(item, want) {
			t.Errorf("item row %q does not show %q", item, want)
		}
	}
	if err := uiAnswerArt4(mgr); err != nil {
		t.Fatal(err)
	}
	if outcome, err := uiText(mgr, "determination-outcome"); err != nil || outcome != "No licence needed" {
		t.Errorf("determination %q (err %v), want no licence needed", outcome, err)
	}

	// 4. The end-use statement, uploaded by the multipart form that htmx boosts.
	err = chromedp.Do(mgr,
		uiExpand("add-document"),
		uiWaitFor("upload-form"),
		chromedp.SetValue(uiCSS("#doc_kind"), "end_use_statement"),
		chromedp.SetUploadFiles(uiCSS("#file"), []string{statement}),
	)
	if err != nil {
		t.Fatalf("fill in the upload: %v", err)
	}
	if err := uiCaseSubmit(mgr, "upload"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr, "flash", "Document uploaded."); err != nil {
		t.Fatal(err)
	}
	doc, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("document-row"))))
	if err != nil {
		t.Fatalf("no document row: %v", err)
	}
	for _, want := range []string{"End-use statement", docName} {
		if !strings.Contains(doc, want) {
			t.Errorf("document row %q does not show %q", doc, want)
		}
	}
	uiCheckAxe(t, mgr, "case page with parties, item and document")

	// 5. Ready: submit.
	readiness, err := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("readiness"))))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readiness, "✗") || strings.Count(readiness, "✓") != 9 {
		t.Fatalf("readiness = %q, want nine ✓ (the human-rights assessment is not required here) and no ✗", readiness)
	}
	if err := uiCaseSubmit(mgr, "submit-case"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr, "case-status", "Submitted"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr, "flash", "Submitted for sign-off."); err != nil {
		t.Error(err)
	}
	uiCheckAxe(t, mgr, "submitted case's page")

	// 6. The opener may not decide on their own case. (Returning it to
	// draft is allowed to anyone who may sign off, the owner included.)
	for _, d := range []string{"approve", "hold", "reject"} {
		if n, err := uiCount(mgr, uiTestID("decide-"+d)); err != nil || n != 0 {
			t.Errorf("the opener sees %d %q buttons on their own case (err %v), want none", n, "decide-"+d, err)
		}
	}
	if n, err := uiCount(mgr, uiTestID("decision-form")); err == nil && n > 0 {
		buttons, _ := chromedp.Run(mgr, chromedp.Text(uiCSS(uiTestID("decision-form")+" .decisions")))
		t.Logf("the opener's decision form offers only: %q", strings.TrimSpace(buttons))
	}
	if err := uiSignOut(mgr, base); err != nil {
		t.Fatal(err)
	}

	// 7. A second manager, in a browser of their own, approves.
	mgr2 := uiBrowser(t)
	if err := uiSignIn(mgr2, base, "manager2@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, mgr2, "home page with a case awaiting a decision")
	waiting := fmt.Sprintf(`//article[@data-testid="awaiting-decision"]//a[normalize-space()=%q]`, ref)
	err = chromedp.Do(mgr2,
		chromedp.Evaluate[chromedp.Void](`window.vigilBoostMark = true`),
		chromedp.Click(chromedp.Search(waiting)),
		uiWaitFor("case"),
	)
	if err != nil {
		list, _ := chromedp.Run(mgr2, chromedp.Text(uiCSS(uiTestID("awaiting-decision"))))
		t.Fatalf("open %s from the cases waiting for a decision (%q): %v", ref, list, err)
	}
	if kept, err := chromedp.Run(mgr2, chromedp.Evaluate[bool](`window.vigilBoostMark === true`)); err != nil || !kept {
		t.Errorf("opening %s from the home page loaded a new document (err %v); want an htmx-boosted swap", ref, err)
	}
	if got, err := chromedp.Run(mgr2, chromedp.Text(uiCSS(uiTestID("case-reference")))); err != nil || got != ref {
		t.Fatalf("case page shows %q (err %v), want %s", got, err, ref)
	}
	uiCheckAxe(t, mgr2, "case page with the decision form")
	if err := uiCaseSubmit(mgr2, "decide-approve"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr2, "case-status", "Approved"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(mgr2, "flash", "Decision recorded: approve."); err != nil {
		t.Error(err)
	}
	uiCheckAxe(t, mgr2, "approved case's page")

	// 8. The timeline tells the whole story, oldest first.
	times, err := chromedp.Run(mgr2, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="timeline"] [data-testid="timeline-event"]'), e => e.querySelector('time').textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	events, err := chromedp.Run(mgr2, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="timeline"] [data-testid="timeline-event"]'), e => e.innerText)`))
	if err != nil {
		t.Fatal(err)
	}
	const (
		byMgr  = "manager@example.com as export_manager"
		byMgr2 = "manager2@example.com as export_manager"
	)
	want := []struct {
		by   string
		what []string
	}{
		{byMgr, []string{ref + ": opened “" + title + "”", "case.create"}},
		{byMgr, []string{ref + ": added " + consignee + " as consignee", "case.party_add"}},
		{byMgr, []string{ref + ": added " + endUser + " as end user", "case.party_add"}},
		{byMgr, []string{ref + ": added item 2 pcs " + description + " (EUR 12,500.00; classification: Not listed in Annex I)", "case.item_add"}},
		{byMgr, []string{ref + ": Art. 4 answered (wmd: no, military_embargo: no, military_parts: no)", "case.art4_answer"}},
		{byMgr, []string{ref + ": attached End-use statement " + docName + " (sha256 ", "case.attachment_add"}},
		{byMgr, []string{ref + ": submitted for sign-off", "case.submit"}},
		{byMgr2, []string{ref + ": approved", "case.approve"}},
	}
	if len(events) != len(want) || len(times) != len(events) {
		t.Fatalf("timeline has %d events (%d times), want %d:\n%s", len(events), len(times), len(want), strings.Join(events, "\n"))
	}
	stamp := regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$`)
	for i, w := range want {
		e := events[i]
		for _, s := range append([]string{"— " + w.by}, w.what...) {
			if !strings.Contains(e, s) {
				t.Errorf("timeline event %d = %q, want it to contain %q", i+1, e, s)
			}
		}
		if !stamp.MatchString(times[i]) {
			t.Errorf("timeline event %d has the time %q, want YYYY-MM-DD hh:mm UTC", i+1, times[i])
		}
		if i > 0 && times[i] < times[i-1] {
			t.Errorf("timeline event %d at %s is earlier than event %d at %s", i+1, times[i], i, times[i-1])
		}
	}
}

func TestBrowser_CaseUploadRefusedKeepsForm(t *testing.T) {
	base := uiServe(t)
	elf := uiWriteFile(t, "statement.pdf", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"+strings.Repeat("\x00", 200))

	ctx := uiBrowser(t)
	if err := uiSignIn(ctx, base, "manager@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := uiOpenCase(ctx, "Refused upload", "Testing."); err != nil {
		t.Fatal(err)
	}
	// "other", not the first kind in the list, so that keeping it is seen.
	err := chromedp.Do(ctx,
		uiExpand("add-document"),
		uiWaitFor("upload-form"),
		chromedp.SetValue(uiCSS("#doc_kind"), "other"),
		chromedp.SetUploadFiles(uiCSS("#file"), []string{elf}),
	)
	if err != nil {
		t.Fatalf("fill in the upload: %v", err)
	}
	if err := uiCaseSubmit(ctx, "upload"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, uiWaitFor("file-error")); err != nil {
		t.Fatalf("no file error after uploading an executable: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("file-error"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "not accepted") || !strings.Contains(msg, "PDF") {
		t.Errorf("file error = %q, want it to say the kind of file is not accepted and what is", msg)
	}
	uiCheckAxe(t, ctx, "case page with a refused upload")
	kind, err := chromedp.Run(ctx, chromedp.Value(uiCSS("#doc_kind")))
	if err != nil {
		t.Fatal(err)
	}
	if kind != "other" {
		t.Errorf("document kind after the refusal = %q, want %q (the one chosen)", kind, "other")
	}
	if n, err := uiCount(ctx, uiTestID("document-row")); err != nil || n != 0 {
		t.Errorf("%d document rows after the refused upload (err %v), want none", n, err)
	}
	if n, err := uiCount(ctx, uiTestID("flash")); err != nil || n != 0 {
		t.Errorf("a flash message is shown after the refused upload (%d, err %v)", n, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// The address stays the case page's, so that reloading shows the case.
	if u, err := url.Parse(loc); err != nil || strings.HasSuffix(u.Path, "/attachments") {
		t.Errorf("after the refused upload the address bar shows %s, a URL that only accepts posts", loc)
	}
}
