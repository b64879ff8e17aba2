package web_test

// Browser journeys: a real headless Chromium drives the application the way a
// person does — typing into fields, clicking links and buttons — over the
// htmx-boosted pages. They need Chromium; without it they are skipped, unless
// VIGIL_REQUIRE_BROWSER=1 (as in `make test-browser`), which makes a missing
// browser a failure.
//
// The helpers here start with "ui", so that they do not clash with the
// HTTP-level helpers of the package's other tests (newVisitor, newServer, …).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiTimeout bounds everything one browser does in a test.
const uiTimeout = 60 * time.Second

// uiChromiumPath finds the browser: /usr/bin/chromium, else chromium on PATH.
func uiChromiumPath() (string, bool) {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	p, err := exec.LookPath("chromium")
	return p, err == nil
}

// uiBrowser starts a headless Chromium of the test's own, with a fresh
// profile (so no cookies are shared with any other browser), and returns the
// context of its first tab. Everything it does is bounded by uiTimeout;
// the browser stops when the test ends. What the page writes to its console
// is logged with the test.
func uiBrowser(t *testing.T) context.Context {
	t.Helper()
	path, ok := uiChromiumPath()
	if !ok {
		msg := "browser journeys need Chromium: /usr/bin/chromium is missing and there is no chromium on PATH"
		if os.Getenv("VIGIL_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + " (VIGIL_REQUIRE_BROWSER=1)")
		}
		t.Skip(msg + "; set VIGIL_REQUIRE_BROWSER=1 to make this a failure")
	}
	profile := t.TempDir() // removed after the browser has stopped (cleanups run last-in first-out)

	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), uiTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)

	// The first action starts the browser and binds its life to ctx, which
	// carries no deadline of its own (the deadline is its ancestor's).
	if err := chromedp.Do(ctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		t.Fatalf("start %s: %v", path, err)
	}

	var (
		mu       sync.Mutex
		messages []string
		done     = make(chan struct{})
	)
	console := chromedp.Console(ctx)
	go func() {
		defer close(done)
		for m, err := range console {
			if err != nil {
				return
			}
			mu.Lock()
			line := m.String()
			if m.URL != "" {
				line += " (" + m.URL + ")"
			}
			messages = append(messages, line)
			mu.Unlock()
		}
	}()

	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := chromedp.Cancel(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("stop browser: %v", err)
		}
		cancel()
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, m := range messages {
			t.Logf("browser console: %s", m)
		}
	})
	return ctx
}

// uiServe runs a fresh Vigil with the demo users on 127.0.0.1, where cookies
// are not Secure, and returns its base URL.
func uiServe(t *testing.T) string {
	t.Helper()
	_, base := uiServeApp(t)
	return base
}

// uiServeApp is uiServe for tests that also set data up through the services.
func uiServeApp(t *testing.T) (*testutil.App, string) {
	t.Helper()
	app := testutil.NewApp(t)
	srv := httptest.NewServer(app.Server)
	t.Cleanup(srv.Close)
	return app, srv.URL
}

// uiCSS selects the first element that matches a CSS selector (document.querySelector).
func uiCSS(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// uiTestID is the CSS selector of the element with this data-testid.
func uiTestID(id string) string { return fmt.Sprintf("[data-testid=%q]", id) }

// uiWaitFor waits until the element with this data-testid is visible.
func uiWaitFor(id string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(uiCSS(uiTestID(id)))
}

// uiSettled waits until htmx has no request in flight and none is due: the
// party search waits 300 ms after the last keystroke before it asks, and
// a click on a suggestion while a later answer replaces it is lost.
func uiSettled() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for quiet := 0; quiet < 4; {
			time.Sleep(100 * time.Millisecond)
			busy, err := chromedp.Evaluate[bool](`document.querySelector('.htmx-request') !== null`)(ctx, t)
			if err != nil {
				return err
			}
			if quiet++; busy {
				quiet = 0
			}
		}
		return nil
	})
}

// uiAxeScript is axe-core (see testdata/axe/README.md), read once.
var uiAxeScript = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// uiAxeViolation is one accessibility rule that axe-core finds broken on a page.
type uiAxeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"` // minor, moderate, serious or critical
	Help    string   `json:"help"`
	Targets []string `json:"targets"` // CSS selectors of the first elements at fault
}

// uiAxeRun runs axe-core on the whole document and keeps, of each violation,
// its rule, impact and first three elements.
const uiAxeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || '', help: v.help,
	targets: v.nodes.slice(0, 3).map(n => n.target.map(String).join(' '))
})))`

// uiAxe runs axe-core on the page the browser shows, injecting it first when
// the document does not have it yet (an htmx swap keeps the document, a full
// load does not).
func uiAxe(ctx context.Context) ([]uiAxeViolation, error) {
	script, err := uiAxeScript()
	if err != nil {
		return nil, err
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`))
	if err != nil {
		return nil, err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](script)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]uiAxeViolation](uiAxeRun, chromedp.EvalAwaitPromise))
}

// uiCheckAxe fails the test when axe-core finds a serious or critical
// accessibility violation on the page the browser shows, naming the rule, its
// impact and the first elements at fault; lesser ones are logged.
func uiCheckAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	violations, err := uiAxe(ctx)
	if err != nil {
		t.Fatalf("axe-core on the %s: %v", page, err)
	}
	var failed []string
	for _, v := range violations {
		line := fmt.Sprintf("%s (%s): %s — %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "))
		if v.Impact == "serious" || v.Impact == "critical" {
			failed = append(failed, line)
		} else {
			t.Logf("axe-core on the %s: %s", page, line)
		}
	}
	if len(failed) > 0 {
		t.Errorf("axe-core on the %s:\n%s", page, strings.Join(failed, "\n"))
	}
}

// uiSignIn opens the site, is sent to the sign-in page, types the email and
// password as a person would, presses the button and waits for the home page.
func uiSignIn(ctx context.Context, baseURL, email, password string) error {
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/"),
		uiWaitFor("signin"),
	)
	if err != nil {
		return fmt.Errorf("open %s/: %w", baseURL, err)
	}
	if err := uiExpectPath(ctx, "/signin"); err != nil {
		return fmt.Errorf("opening / signed out: %w", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(uiCSS("#email"), email),
		chromedp.SendKeys(uiCSS("#password"), password),
		uiClickSel(uiTestID("signin-submit")),
		uiWaitFor("home"),
	)
	if err != nil {
		return fmt.Errorf("sign in as %s: %w", email, err)
	}
	// The sign-in form is a plain post, so the home page is a full load; let
	// it finish so that htmx boosts the clicks that follow.
	if err := uiWaitLoaded(ctx); err != nil {
		return fmt.Errorf("sign in as %s: %w", email, err)
	}
	return nil
}

// uiWaitLoaded waits until the page has loaded and htmx has started.
func uiWaitLoaded(ctx context.Context) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && typeof htmx === "object"`))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the page to load with htmx (last error %v): %w", err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// uiSignOut presses the sign-out button, expects the sign-in page, and then
// checks that the session has ended: opening / leads to sign-in again.
func uiSignOut(ctx context.Context, baseURL string) error {
	if err := chromedp.Do(ctx, uiClickSel(uiTestID("signout")), uiWaitFor("signin")); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	if err := uiWaitText(ctx, "flash", "You have signed out"); err != nil {
		return fmt.Errorf("after signing out: %w", err)
	}
	if err := uiExpectPath(ctx, "/signin"); err != nil {
		return fmt.Errorf("after signing out: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/"), uiWaitFor("signin")); err != nil {
		return fmt.Errorf("open / after signing out: %w", err)
	}
	if err := uiExpectPath(ctx, "/signin"); err != nil {
		return fmt.Errorf("open / after signing out: %w", err)
	}
	return nil
}

// uiExpectPath checks the path of the page the browser shows.
func uiExpectPath(ctx context.Context, want string) error {
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return err
	}
	u, err := url.Parse(loc)
	if err != nil {
		return err
	}
	if u.Path != want {
		return fmt.Errorf("browser is at %s, want path %s", loc, want)
	}
	return nil
}

// uiNavTexts reads the link texts of the main navigation, in order.
func uiNavTexts(ctx context.Context) ([]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid="main-nav"] a'), a => a.textContent.trim())`))
}

// uiClickNav clicks the main-navigation link with this text and waits for the
// page with data-testid page. It checks that htmx swapped the page in (the
// body has hx-boost) rather than the browser loading a new document: a mark
// left on window before the click is still there after it.
func uiClickNav(ctx context.Context, label, page string) error {
	link := fmt.Sprintf(`//ul[@data-testid="main-nav"]//a[normalize-space()=%q]`, label)
	err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.vigilBoostMark = true`),
		chromedp.Click(chromedp.Search(link)),
		uiWaitFor(page),
	)
	if err != nil {
		return fmt.Errorf("navigate to %q: %w", label, err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.vigilBoostMark === true`))
	if err != nil {
		return err
	}
	if !kept {
		return fmt.Errorf("navigate to %q: the browser loaded a new document; want an htmx-boosted swap", label)
	}
	return nil
}

// uiWaitText waits until the text of the element with this data-testid
// contains want, as after an htmx swap that keeps the element but changes it.
func uiWaitText(ctx context.Context, id, want string) error {
	var last string
	for {
		text, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID(id))))
		if err == nil {
			if strings.Contains(text, want) {
				return nil
			}
			last = text
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s to contain %q (last text %q): %w", uiTestID(id), want, last, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// uiFillNewUser opens the new-user form from the Users page and types into it.
func uiFillNewUser(ctx context.Context, email, name, password string) error {
	if err := uiClickNav(ctx, "Users", "users"); err != nil {
		return err
	}
	return chromedp.Do(ctx,
		uiClickSel(uiTestID("new-user")),
		uiWaitFor("new-user-form"),
		chromedp.SendKeys(uiCSS("#email"), email),
		chromedp.SendKeys(uiCSS("#name"), name),
		chromedp.SendKeys(uiCSS("#password"), password),
	)
}

func TestBrowser_EachDemoUserSeesTheirNavigation(t *testing.T) {
	base := uiServe(t)
	wantNav := map[string][]string{
		"admin@example.com":    {"Home", "Licences", "Lists", "Countries", "Training", "Programme", "Report a concern", "Users", "API tokens", "Audit trail", "My account"},
		"manager@example.com":  {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "My account"},
		"manager2@example.com": {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "My account"},
		"officer@example.com":  {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "Audit trail", "My account"},
		"staff@example.com":    {"Home", "Training", "Programme", "Report a concern", "My account"},
		"auditor@example.com":  {"Home", "Cases", "Products", "Licences", "Lists", "Countries", "Training", "Programme", "Report a concern", "Audit trail", "My account"},
		"board@example.com":    {"Home", "Training", "Programme", "Report a concern", "My account"},
		demo.LapsedManager:     {"Home", "Cases", "Products", "Licences", "Screening", "Lists", "Countries", "Training", "Programme", "Report a concern", "My account"},
	}
	refused := map[string]bool{"staff@example.com": true, "auditor@example.com": true}
	if len(wantNav) != len(demo.Users) {
		t.Fatalf("the test knows %d demo users, demo.Users has %d", len(wantNav), len(demo.Users))
	}
	for _, u := range demo.Users {
		t.Run(u.Email, func(t *testing.T) {
			want, ok := wantNav[u.Email]
			if !ok {
				t.Fatalf("no expected navigation for demo user %s", u.Email)
			}
			ctx := uiBrowser(t)
			if err := uiSignIn(ctx, base, u.Email, demo.Password); err != nil {
				t.Fatal(err)
			}
			uiCheckAxe(t, ctx, "home page")
			got, err := uiNavTexts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("navigation = %q, want %q", got, want)
			}
			who, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("current-user"))))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(who, u.Name) {
				t.Errorf("current user shows %q, want it to contain %q", who, u.Name)
			}

			if refused[u.Email] {
				resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/admin/users"))
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status != http.StatusForbidden {
					t.Errorf("GET /admin/users as %s: status %d, want 403", u.Email, resp.Status)
				}
				if err := chromedp.Do(ctx, uiWaitFor("error-page")); err != nil {
					t.Fatalf("no error page at /admin/users: %v", err)
				}
				uiCheckAxe(t, ctx, "error page")
				if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](
					`document.querySelectorAll('[data-testid="users"], [data-testid="user-row"]').length`)); err != nil || n != 0 {
					t.Errorf("the refused page shows the user list (%d elements, err %v)", n, err)
				}
			}

			if err := uiSignOut(ctx, base); err != nil {
				t.Fatal(err)
			}
			uiCheckAxe(t, ctx, "sign-in page")
		})
	}
}

func TestBrowser_AdminCreatesUserWhoSignsIn(t *testing.T) {
	base := uiServe(t)
	const (
		email    = "newcomer@example.com"
		name     = "Nora Newcomer"
		password = "nora-first-password"
	)

	admin := uiBrowser(t)
	if err := uiSignIn(admin, base, "admin@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if err := uiFillNewUser(admin, email, name, password); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, admin, "new-user form")
	// No role ticked: the user is created without roles.
	if err := chromedp.Do(admin, uiClickSel(uiTestID("create-user")), uiWaitFor("user-detail")); err != nil {
		t.Fatalf("create user: %v", err)
	}
	if err := uiWaitText(admin, "flash", "Created "+email); err != nil {
		t.Error(err)
	}
	heading, err := chromedp.Run(admin, chromedp.Text(uiCSS(uiTestID("user-detail")+" h1")))
	if err != nil {
		t.Fatal(err)
	}
	if heading != name {
		t.Errorf("user page heading = %q, want %q", heading, name)
	}
	uiCheckAxe(t, admin, "user page")

	staffBox := uiCSS(uiTestID("roles-form") + ` input[name="roles"][value="staff"]`)
	if err := chromedp.Do(admin,
		chromedp.Click(staffBox),
		uiClickSel(uiTestID("save-roles")),
	); err != nil {
		t.Fatalf("save roles: %v", err)
	}
	if err := uiWaitText(admin, "flash", "Roles saved"); err != nil {
		t.Fatal(err)
	}
	checked, err := chromedp.Run(admin, chromedp.JavascriptAttribute[bool](staffBox, "checked"))
	if err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Error("after saving, the staff box on the user page is not ticked")
	}

	// Nora, in a browser of her own (no cookies shared with the admin's).
	nora := uiBrowser(t)
	if err := uiSignIn(nora, base, email, password); err != nil {
		t.Fatal(err)
	}
	got, err := uiNavTexts(nora)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Home", "Training", "Programme", "Report a concern", "My account"}; !slices.Equal(got, want) {
		t.Errorf("Nora's navigation = %q, want %q", got, want)
	}
	who, err := chromedp.Run(nora, chromedp.Text(uiCSS(uiTestID("current-user"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(who, name) {
		t.Errorf("current user shows %q, want it to contain %q", who, name)
	}
	if err := uiSignOut(nora, base); err != nil {
		t.Fatal(err)
	}
}

func TestBrowser_NewUserFormShowsErrorsAndKeepsInput(t *testing.T) {
	base := uiServe(t)
	const email = "shorty@example.com"

	ctx := uiBrowser(t)
	if err := uiSignIn(ctx, base, "admin@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if err := uiFillNewUser(ctx, email, "Shorty Short", "too-short"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, uiClickSel(uiTestID("create-user")), uiWaitFor("password-error")); err != nil {
		t.Fatalf("submit a too-short password: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("password-error"))))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(msg) == "" {
		t.Error("the password error is empty")
	}
	uiCheckAxe(t, ctx, "new-user form with errors")
	kept, err := chromedp.Run(ctx, chromedp.Value(uiCSS("#email")))
	if err != nil {
		t.Fatal(err)
	}
	if kept != email {
		t.Errorf("email field holds %q after the error, want %q", kept, email)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`document.querySelectorAll('[data-testid="user-detail"]').length`)); err != nil || n != 0 {
		t.Errorf("a user page is shown after the refused form (%d elements, err %v)", n, err)
	}

	// The user was not created.
	if err := uiClickNav(ctx, "Users", "users"); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(ctx, chromedp.Text(uiCSS(uiTestID("users"))))
	if err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, ctx, "user list")
	if strings.Contains(list, email) {
		t.Errorf("the user list shows %s although the form was refused", email)
	}
}

// After signing out on a shared computer, Back must not bring the previous
// user's pages back from a browser or htmx cache.
func TestBrowser_BackAfterSignOutShowsNoPageOfTheUser(t *testing.T) {
	base := uiServe(t)
	ctx := uiBrowser(t)
	if err := uiSignIn(ctx, base, "admin@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ label, page string }{{"Users", "users"}, {"Audit trail", "audit"}} {
		if err := uiClickNav(ctx, step.label, step.page); err != nil {
			t.Fatal(err)
		}
		uiCheckAxe(t, ctx, step.page+" page")
	}
	if err := chromedp.Do(ctx, uiClickSel(uiTestID("signout")), uiWaitFor("signin")); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	for i := range 3 {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // let a history restore or reload happen
		if err := chromedp.Do(ctx, uiWaitFor("signin")); err != nil {
			t.Fatalf("back %d: no sign-in page: %v", i+1, err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](
			`document.querySelectorAll('[data-testid="home"], [data-testid="users"], [data-testid="audit"], [data-testid="main-nav"]').length`))
		if err != nil || n != 0 {
			t.Fatalf("back %d shows the signed-out user's page (%d elements, err %v)", i+1, n, err)
		}
	}
}

// TestBrowser_Screenshot writes the home page of the administrator, as a PNG,
// to the path in VIGIL_SCREENSHOT (see `make screenshot`).
func TestBrowser_Screenshot(t *testing.T) {
	out := os.Getenv("VIGIL_SCREENSHOT")
	if out == "" {
		t.Skip("set VIGIL_SCREENSHOT to the path of the PNG to write")
	}
	base := uiServe(t)
	ctx := uiBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	if err := uiSignIn(ctx, base, "admin@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	uiWriteShot(t, ctx, out, 300<<10)
}

// uiWriteShot writes the whole page as a PNG of under limit bytes to out.
func uiWriteShot(t *testing.T, ctx context.Context, out string, limit int) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the screenshot is not a PNG (starts %q)", png[:min(8, len(png))])
	}
	if len(png) >= limit {
		t.Fatalf("the screenshot is %d bytes, want under %d", len(png), limit)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", out, len(png))
}
