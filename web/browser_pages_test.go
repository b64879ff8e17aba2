package web_test

// Accessibility of the pages the other journeys do not reach: each is opened
// in a state that shows its tables, forms, errors and marks, and axe-core
// (see uiCheckAxe) must find no serious or critical violation on it. The
// skip link of the layout is checked with the keyboard.

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiPage is a page to open at path, known by the data-testid of its root.
type uiPage struct{ name, path, root string }

// uiCheckPages opens each page in turn and checks it with axe-core.
func uiCheckPages(t *testing.T, ctx context.Context, base string, pages ...uiPage) {
	t.Helper()
	for _, p := range pages {
		uiCheckAfter(t, ctx, p.name, chromedp.Navigate(base+p.path), uiWaitFor(p.root))
	}
}

// uiCheckAfter takes the steps that lead to a state of a page, then checks
// the page with axe-core.
func uiCheckAfter(t *testing.T, ctx context.Context, page string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("reach the %s: %v", page, err)
	}
	uiCheckAxe(t, ctx, page)
}

// uiPress clicks the element with this data-testid, by its own click (see
// uiClickSel).
func uiPress(id string) chromedp.Action[chromedp.Void] { return uiClickSel(uiTestID(id)) }

// uiBrowserAs is a browser of its own signed in as the demo user with email.
func uiBrowserAs(t *testing.T, base, email string) context.Context {
	t.Helper()
	ctx := uiBrowser(t)
	if err := uiSignIn(ctx, base, email, demo.Password); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// uiCheckIDs fails the test when an id is used twice on the page or a
// label's for= names no element.
func uiCheckIDs(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(function () {
		const seen = new Set(), problems = [];
		for (const e of document.querySelectorAll('[id]')) {
			if (seen.has(e.id)) problems.push('id ' + e.id + ' twice');
			seen.add(e.id);
		}
		for (const l of document.querySelectorAll('label[for]')) {
			if (!document.getElementById(l.htmlFor)) problems.push('label for ' + l.htmlFor + ' names nothing');
		}
		return problems;
	})()`))
	if err != nil || len(problems) > 0 {
		t.Errorf("%s: %q (err %v)", page, problems, err)
	}
}

func TestBrowser_PagesPassAxe(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL

	// A case whose two parties are on the demonstration list: two open hits.
	hits := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Parties = append(s.Parties,
			cases.PartyInput{Role: "intermediary", Name: "Northstar Signal Trading L.L.C.", Kind: "company", Country: "AE"},
			cases.PartyInput{Role: "freight_forwarder", Name: "Orion Data Systems FZE", Kind: "company", Country: "AE"})
	})
	// A case whose assessment concludes that the authority must be notified.
	notified := monitoringCase(t, app)
	author := newVisitor(t, ts)
	author.signIn("manager@example.com")
	fillAssessment(t, author, notified.ID, url.Values{"level": {"high"}, "informed": {"no"}, "aware": {"yes"},
		"rationale": {"Sold to a police force that watches journalists."}, "override_justification": {"Reports of 2025."}})
	officer := app.SignedIn(t, "officer@example.com")
	if _, err := app.Assessments.Sign(officer, notified.ID, current(t, app, notified.ID).Version); err != nil {
		t.Fatalf("sign the assessment: %v", err)
	}
	if _, err := app.Assessments.RecordSent(officer, notified.ID, current(t, app, notified.ID).Version, "2026-01-02"); err != nil {
		t.Fatalf("record the notification as sent: %v", err)
	}
	// A product whose classification waits for a compliance officer.
	managerCtx := app.SignedIn(t, "manager@example.com")
	product, err := app.Products.Create(managerCtx, products.Input{Name: "IP probe P7", Description: "Carrier-class IP probe."})
	if err == nil {
		product, err = app.Products.Propose(managerCtx, product.ID, products.ClassificationInput{EntryCode: "5A001.j", Rationale: "Layer 7 analysis."})
	}
	if err != nil {
		t.Fatalf("seed a product: %v", err)
	}

	t.Run("signed out", func(t *testing.T) {
		ctx := uiBrowser(t)
		uiCheckPages(t, ctx, base, uiPage{"sign-in page", "/signin", "signin"})
		uiCheckAfter(t, ctx, "sign-in page with an error",
			chromedp.SendKeys(uiCSS("#email"), "admin@example.com"),
			chromedp.SendKeys(uiCSS("#password"), "not the password"),
			uiPress("signin-submit"), uiWaitFor("form-error"))
	})

	t.Run("administrator", func(t *testing.T) {
		ctx := uiBrowserAs(t, base, "admin@example.com")
		uiCheckPages(t, ctx, base,
			uiPage{"account page", "/account", "account"},
			uiPage{"missing page", "/no-such-page", "error-page"},
			uiPage{"API tokens page", "/admin/tokens", "api-tokens"},
		)
		uiCheckAfter(t, ctx, "API tokens page with a new token",
			chromedp.SendKeys(uiCSS("#name"), "SAP ERP production"), uiPress("create-token"), uiWaitFor("new-token"))
		uiCheckPages(t, ctx, base, uiPage{"lists page", "/lists", "lists"})
		uiCheckAfter(t, ctx, "list version page", uiClickSel(uiTestID("list-version")+" a"), uiWaitFor("list-version-page"))
		uiCheckPages(t, ctx, base, uiPage{"exporter settings", "/admin/exporter", "exporter-settings"})
	})

	t.Run("compliance officer", func(t *testing.T) {
		ctx := uiBrowserAs(t, base, "officer@example.com")
		uiCheckPages(t, ctx, base,
			uiPage{"ad-hoc screening with hits", "/screening?name=" + url.QueryEscape("Northstar Signal Trading"), "adhoc-hit"},
			uiPage{"notification", "/cases/" + notified.ID + "/notification", "reply-form"},
			uiPage{"products", "/products", "products"},
			uiPage{"product with a classification to confirm", "/products/" + product.ID, "confirm-classification"},
			uiPage{"audit trail, verified", "/audit/verify", "verify-result"},
			uiPage{"country list", "/countries", "countries"},
			uiPage{"red flags", "/red-flags", "red-flags"},
		)
		uiCheckAfter(t, ctx, "red flags with the edit form", uiPress("edit-red-flag"), uiWaitFor("red-flag-form"))
		uiCheckAfter(t, ctx, "country page with its forms",
			chromedp.Navigate(base+"/countries/IR"), uiWaitFor("country"), uiExpand("add-measure"), uiExpand("add-indicator"))
		uiCheckAfter(t, ctx, "country page with the lifting form", uiPress("lift-measure"), uiWaitFor("lift-form"))

		uiCheckPages(t, ctx, base, uiPage{"courses", "/training/courses", "courses"})
		uiCheckAfter(t, ctx, "course page with an assignment error",
			uiClickSel(uiTestID("course-row")+" a"), uiWaitFor("course"), uiPress("assign-submit"), uiWaitFor("users-error"))
		uiCheckAfter(t, ctx, "course form", uiPress("edit-course"), uiWaitFor("course-form"))
		uiCheckAfter(t, ctx, "new course form with errors",
			chromedp.Navigate(base+"/training/courses/new"), uiWaitFor("course-form"), uiPress("save-course"), uiWaitFor("form-error"))

		// Two open hits: two decision forms, whose ids must not clash.
		uiCheckAfter(t, ctx, "case page with two open hits",
			chromedp.Navigate(base+"/cases/"+hits.ID), uiWaitFor("hit-form"),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('[data-testid="hit"] details').forEach(d => d.open = true)`))
		if n, err := uiCount(ctx, uiTestID("hit-form")); err != nil || n != 2 {
			t.Fatalf("%d hit decision forms (err %v), want 2", n, err)
		}
		uiCheckIDs(t, ctx, "case page with two open hits")
		if err := uiCaseSubmit(ctx, "save-hit-decision"); err != nil {
			t.Fatal(err)
		}
		uiCheckAfter(t, ctx, "case page with a refused hit decision", uiWaitFor("verdict-error"), uiWaitFor("reason-error"))
		uiCheckIDs(t, ctx, "case page with a refused hit decision")
	})

	t.Run("export manager", func(t *testing.T) {
		ctx := uiBrowserAs(t, base, "manager@example.com")
		uiCheckPages(t, ctx, base,
			uiPage{"case list", "/cases", "case-list"},
			uiPage{"case form", "/cases/" + hits.ID + "/edit", "case-form"},
			uiPage{"case page", "/cases/" + hits.ID, "case"},
		)
		uiCheckAfter(t, ctx, "item form", uiPress("change-item"), uiWaitFor("item-edit"))
		uiCheckAfter(t, ctx, "new case form with errors",
			chromedp.Navigate(base+"/cases/new"), uiWaitFor("case-form"), uiPress("save-case"), uiWaitFor("title-error"))
	})
}

// The skip link is the first stop of the keyboard, shows only while it has
// the focus, and leads to the content.
func TestBrowser_SkipLinkShowsOnFocusAndLeadsToTheContent(t *testing.T) {
	ctx := uiBrowserAs(t, uiServe(t), "staff@example.com")
	shown := `(function () { const r = document.querySelector('[data-testid="skip-link"]').getBoundingClientRect();
		return r.bottom > 0 && r.right > 0 && r.width > 1 && r.height > 1 })()`
	if on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](shown)); err != nil || on {
		t.Errorf("the skip link is on screen before it has the focus (err %v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.dataset.testid || document.activeElement.tagName`))
	if err != nil || focused != "skip-link" {
		t.Fatalf("the first Tab focuses %q (err %v), want the skip link", focused, err)
	}
	if on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](shown)); err != nil || !on {
		t.Errorf("the focused skip link is not on screen (err %v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`)); err != nil || hash != "#main" {
		t.Errorf("after the skip link the address ends in %q (err %v), want #main", hash, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	inMain, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('main').contains(document.activeElement)`))
	if err != nil || !inMain {
		t.Errorf("the Tab after the skip link does not land in the content (err %v)", err)
	}
}
