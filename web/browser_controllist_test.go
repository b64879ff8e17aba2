package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/controllist"
)

// TestBrowser_ControlListImportRefusedByLine: the control-list pages pass
// axe, and a file with wrong rows comes back with the rows to fix and the
// label typed.
func TestBrowser_ControlListImportRefusedByLine(t *testing.T) {
	base := uiServe(t)
	ctx := uiBrowserAs(t, base, "admin@example.com")
	uiCheckPages(t, ctx, base,
		uiPage{"control list", "/control-list", "control-list"},
		uiPage{"seed version", "/control-list/versions/" + controllist.SeedVersionID, "control-list-version"})
	bad := filepath.Join(t.TempDir(), "annex-i.csv")
	if err := os.WriteFile(bad, []byte("code,title,category,cyber_surveillance\n5A001.j,IP,5,perhaps\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uiCheckAfter(t, ctx, "control list with a refused import",
		chromedp.Navigate(base+"/control-list"),
		uiWaitFor("control-list-import"),
		chromedp.SetValue(uiCSS("#label"), "Annex I 2025"),
		chromedp.SetValue(uiCSS("#valid_from"), "2025-01-01"),
		chromedp.SetUploadFiles(uiCSS("#file"), []string{bad}),
		uiPress("import-control-list"),
		uiWaitFor("import-problems"))
	problems, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("import-problems"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(problems, "Line 2: cyber_surveillance is “perhaps”") {
		t.Errorf("problems shown: %q", problems)
	}
	label, err := chromedp.Run(ctx, chromedp.Value(uiCSS("#label")))
	if err != nil || label != "Annex I 2025" {
		t.Errorf("label after the refusal: %q (%v)", label, err)
	}
}
