package web_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// TestBrowser_SingleSignOn_FirstSignInCreatesTheUser: a compliance officer
// new to Vigil presses "Sign in with Test IdP", types who they are on the
// provider's page, and lands on their home page with the officer's menu;
// their user was created as they signed in.
func TestBrowser_SingleSignOn_FirstSignInCreatesTheUser(t *testing.T) {
	idp := testutil.NewOIDCProvider(t)
	idp.SetPerson("olga", map[string]any{"email": "olga@example.com", "email_verified": true, "name": "Olga Berg",
		"groups": []string{"vigil-officers"}})
	app := testutil.NewAppWith(t, idp.Settings())
	srv := httptest.NewServer(app.Server)
	t.Cleanup(srv.Close)

	ctx := uiBrowser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		uiWaitFor("signin"),
		uiClickSel(uiTestID("signin-sso-start")),
		chromedp.WaitVisible(uiCSS("#login")),
		chromedp.SendKeys(uiCSS("#login"), "olga"),
		uiClickSel("#idp-signin"),
		uiWaitFor("home"),
	)
	if err != nil {
		t.Fatalf("sign in through the provider: %v", err)
	}
	if err := uiWaitLoaded(ctx); err != nil {
		t.Fatal(err)
	}
	if err := uiExpectPath(ctx, "/"); err != nil {
		t.Error(err)
	}
	got, err := uiNavTexts(ctx)
	want := []string{"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme",
		"Report a concern", "Audit trail", "My account"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("navigation = %q (%v), want the compliance officer's %q", got, err, want)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("current-user"))))
	if err != nil || !strings.Contains(who, "Olga Berg") {
		t.Errorf("current user shows %q (%v)", who, err)
	}
	u := ssoUser(t, app, "olga@example.com")
	if u == nil || u.Name != "Olga Berg" || auth.JoinRoles(u.Roles) != "compliance_officer" {
		t.Fatalf("user created at sign-in: %+v", u)
	}
	if err := uiSignOut(ctx, srv.URL); err != nil {
		t.Error(err)
	}
}
