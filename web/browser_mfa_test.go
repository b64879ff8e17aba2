package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/vigil-icp/vigil/internal/demo"
)

// uiPassword opens the sign-in page, gives email's password and waits for
// the page with data-testid then (the second step, or an enrolment).
func uiPassword(ctx context.Context, base, email, then string) error {
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/signin"),
		chromedp.SendKeys(uiCSS("#email"), email),
		chromedp.SendKeys(uiCSS("#password"), demo.Password),
		uiPress("signin-submit"),
		uiWaitFor(then),
	)
	if err != nil {
		return fmt.Errorf("password of %s: %w", email, err)
	}
	return nil
}

// uiEnterCode types code into the page's code field and presses button,
// then waits for the page with data-testid then.
func uiEnterCode(ctx context.Context, code, button, then string) error {
	if err := chromedp.Do(ctx, chromedp.SendKeys(uiCSS("#code"), code), uiPress(button), uiWaitFor(then)); err != nil {
		return fmt.Errorf("enter code %s: %w", code, err)
	}
	return nil
}

// uiEnrolFromPage reads the key off the enrolment page, as a person types
// it into their app, and confirms the app's code; it returns the key and
// the recovery codes shown.
func uiEnrolFromPage(t *testing.T, ctx context.Context) (string, []string) {
	t.Helper()
	secret, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("mfa-secret"))))
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(strings.TrimSpace(secret), time.Now())
	if err != nil {
		t.Fatalf("key %q off the page: %v", secret, err)
	}
	if err := uiEnterCode(ctx, code, "mfa-confirm", "mfa-recovery-codes"); err != nil {
		t.Fatal(err)
	}
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid="recovery-code"]')].map(e => e.textContent)`))
	if err != nil || len(codes) != 10 {
		t.Fatalf("recovery codes %q: %v", codes, err)
	}
	return strings.TrimSpace(secret), codes
}

// nextCode is the code of the time step after now, which the one step of
// skew accepts and the enrolment has not spent.
func nextCode(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestBrowser_TOTPEnrolmentFromAccountThenSignInWithCode(t *testing.T) {
	base := uiServe(t)
	ctx := uiBrowserAs(t, base, "staff@example.com")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/account"), uiPress("mfa-begin"), uiWaitFor("mfa-enrol")); err != nil {
		t.Fatalf("begin enrolment: %v", err)
	}
	uiCheckAxe(t, ctx, "enrolment page")
	secret, _ := uiEnrolFromPage(t, ctx)
	if err := chromedp.Do(ctx, uiPress("mfa-continue"), uiWaitFor("mfa-status")); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(ctx, "mfa-status", "10 unused recovery codes"); err != nil {
		t.Error(err)
	}
	if err := uiSignOut(ctx, base); err != nil {
		t.Fatal(err)
	}
	if err := uiPassword(ctx, base, "staff@example.com", "signin-second-step"); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, ctx, "second step of signing in")
	if err := uiEnterCode(ctx, nextCode(t, secret), "second-step-submit", "home"); err != nil {
		t.Fatal(err)
	}
}

func TestBrowser_TOTPEnrolmentRecoveryCodeIsSpent(t *testing.T) {
	app, base := uiServeApp(t)
	_, codes := enrolMFA(t, app, "staff@example.com")
	ctx := uiBrowser(t)
	if err := uiPassword(ctx, base, "staff@example.com", "signin-second-step"); err != nil {
		t.Fatal(err)
	}
	if err := uiEnterCode(ctx, codes[0], "second-step-submit", "home"); err != nil {
		t.Fatal(err)
	}
	if err := uiSignOut(ctx, base); err != nil {
		t.Fatal(err)
	}
	if err := uiPassword(ctx, base, "staff@example.com", "signin-second-step"); err != nil {
		t.Fatal(err)
	}
	if err := uiEnterCode(ctx, codes[0], "second-step-submit", "form-error"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(ctx, "form-error", "not right"); err != nil {
		t.Error(err)
	}
	if err := uiExpectPath(ctx, "/signin/second-factor"); err != nil {
		t.Error(err)
	}
}

func TestBrowser_TOTPEnrolmentRequiredByTheAdministrator(t *testing.T) {
	base := uiServe(t)
	admin := uiBrowserAs(t, base, "admin@example.com")
	officerBox := uiCSS(uiTestID("roles-compliance_officer"))
	err := chromedp.Do(admin,
		chromedp.Navigate(base+"/admin/users"),
		uiPress("mfa-policy-link"),
		uiWaitFor("mfa-policy"),
		chromedp.Click(officerBox),
		uiPress("mfa-policy-save"),
	)
	if err != nil {
		t.Fatalf("require a second factor of compliance officers: %v", err)
	}
	if err := uiWaitText(admin, "flash", "sign-in policy is saved"); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, admin, "sign-in policy")

	officer := uiBrowser(t)
	if err := uiPassword(officer, base, "officer@example.com", "mfa-enrol"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(officer, chromedp.Navigate(base+"/cases"), uiWaitFor("signin")); err != nil {
		t.Fatalf("cases before enrolling: %v", err)
	}
	if err := chromedp.Do(officer, chromedp.Navigate(base+"/signin/second-factor"), uiWaitFor("mfa-enrol")); err != nil {
		t.Fatal(err)
	}
	uiEnrolFromPage(t, officer)
	if err := chromedp.Do(officer, uiPress("mfa-continue"), uiWaitFor("home")); err != nil {
		t.Fatalf("continue after enrolling: %v", err)
	}
}
