package web_test

// Browser journey of the list policy: a compliance officer requires the UN
// list; a case's screening gate fails because it is not imported, passes
// once an administrator imports it, fails again when the version in use is
// older than the policy allows (with the reason, and a warning on the
// officer's home page), and passes after a newer import.

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiImportUN imports the UN list's published file through the lists page,
// as the administrator of ctx.
func uiImportUN(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	file := filepath.Join(testutil.SanctionsData(t), "un", "consolidated.xml")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/lists"),
		uiWaitFor("import-form"),
		chromedp.SetValue(uiCSS(uiTestID("import-form")+" select[name=source]"), "un"),
		chromedp.SetUploadFiles(uiCSS(uiTestID("import-files")), []string{file}),
		uiPress("import-list"),
	)
	if err != nil {
		t.Fatalf("import the UN list: %v", err)
	}
	if err := uiWaitText(ctx, "flash", "Imported UN Security Council"); err != nil {
		t.Fatal(err)
	}
}

// uiGateAfterReload reloads the case page and returns its screening line.
func uiGateAfterReload(t *testing.T, ctx context.Context, caseURL string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(caseURL), uiWaitFor("case")); err != nil {
		t.Fatal(err)
	}
	check, err := uiScreeningCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return check
}

func TestBrowser_ListPolicyGate(t *testing.T) {
	app, base := uiServeApp(t)
	mgr := uiBrowserAs(t, base, "manager@example.com")
	if _, err := uiOpenCase(mgr, "Router spare parts", "Replacement parts for installed routers."); err != nil {
		t.Fatal(err)
	}
	if err := uiAddNewParty(mgr, "end_user", "Acme Networks AG"); err != nil {
		t.Fatal(err)
	}
	caseURL, err := chromedp.Run(mgr, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	caseURL = strings.SplitN(caseURL, "#", 2)[0]
	if check := uiGateAfterReload(t, mgr, caseURL); !strings.Contains(check, "✓") {
		t.Fatalf("screening check under the demonstration policy = %q, want ✓", check)
	}

	// 1. The officer requires the UN list, at most 7 days old.
	officer := uiBrowserAs(t, base, "officer@example.com")
	err = chromedp.Do(officer,
		chromedp.Navigate(base+"/lists"),
		uiWaitFor("policy-form"),
		chromedp.SetValue(uiCSS(`select[name="un.requirement"]`), "required"),
		chromedp.SetValue(uiCSS(`input[name="un.max_age_days"]`), "7"),
		uiPress("save-policy"),
	)
	if err != nil {
		t.Fatalf("save the list policy: %v", err)
	}
	if err := uiWaitText(officer, "flash", "The list policy is saved"); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, officer, "lists page with the list policy")
	uiTrainingShot(t, officer, "list-policy")
	if row, err := uiText(officer, "list-policy"); err != nil || !strings.Contains(row, "not imported") {
		t.Errorf("policy panel = %q (err %v), want the UN list not imported", row, err)
	}

	// 2. The case's gate names the missing list; importing it clears it.
	if check := uiGateAfterReload(t, mgr, caseURL); !strings.Contains(check, "✗") ||
		!strings.Contains(check, "UN Security Council: required by the list policy and not imported") {
		t.Errorf("screening check with the UN list missing = %q", check)
	}
	admin := uiBrowserAs(t, base, "admin@example.com")
	uiImportUN(t, admin, base)
	app.Screening.WaitRescreen()
	if check := uiGateAfterReload(t, mgr, caseURL); !strings.Contains(check, "✓") {
		t.Errorf("screening check after the import = %q, want ✓", check)
	}

	// 3. Eight days on, the version in use is too old: the gate fails with
	// the reason, and the officer's home page says so.
	later := time.Now().UTC().AddDate(0, 0, 8)
	app.DB.Now = func() time.Time { return later }
	mgr = uiBrowserAs(t, base, "manager@example.com")
	if check := uiGateAfterReload(t, mgr, caseURL); !strings.Contains(check, "✗") ||
		!strings.Contains(check, "the list policy allows 7 days. Import a newer version.") {
		t.Errorf("screening check eight days on = %q", check)
	}
	officer = uiBrowserAs(t, base, "officer@example.com")
	if err := chromedp.Do(officer, chromedp.Navigate(base+"/"), uiWaitFor("lists-to-import")); err != nil {
		t.Fatal(err)
	}
	if home, err := uiText(officer, "lists-to-import"); err != nil || !strings.Contains(home, "too old: the screening gate fails") {
		t.Errorf("officer's home = %q (err %v), want the UN list too old", home, err)
	}
	uiCheckAxe(t, officer, "home page with a list too old")

	// 4. A newer import clears it again.
	uiImportUN(t, uiBrowserAs(t, base, "admin@example.com"), base)
	app.Screening.WaitRescreen()
	if check := uiGateAfterReload(t, mgr, caseURL); !strings.Contains(check, "✓") {
		t.Errorf("screening check after the newer import = %q, want ✓", check)
	}
}
