package web_test

// Browser journey of the auditor: find a case by a party's name, open its
// dossier, read every step, take the downloads away, and print it.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// uiWaitSearch waits, through the navigation a search makes, until the
// browser shows the page whose address has query and its list is loaded.
func uiWaitSearch(ctx context.Context, query string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.search.includes('`+query+`') && document.readyState === 'complete'`))
		if err == nil && done {
			return chromedp.Do(ctx, uiWaitFor("case-list"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the search for %s did not load", query)
}

func TestBrowser_AuditorFindsCaseAndTakesTheDossier(t *testing.T) {
	app, ts := newServer(t)
	base := ts.URL
	f := submittedCase(t, app, "manager@example.com")
	if _, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, ""); err != nil {
		t.Fatal(err)
	}
	aud := uiBrowserAs(t, base, "auditor@example.com")
	// Another case, of another party, so that the search has to find it.
	app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Parties = []cases.PartyInput{{Role: "consignee", Name: "Nordlicht Logistik GmbH", Kind: "company", Country: "DE"},
			{Role: "end_user", Name: "Nordlicht Labor GmbH", Kind: "company", Country: "DE"}}
	})
	err := chromedp.Do(aud, chromedp.Navigate(base+"/cases"), uiWaitFor("case-list"),
		chromedp.SendKeys(uiCSS("input[name=q]"), "acme networks"), chromedp.Submit(uiCSS("input[name=q]")))
	if err == nil {
		err = uiWaitSearch(aud, "q=acme")
	}
	if n, _ := uiCount(aud, uiTestID("case-row")); err == nil && n != 1 {
		t.Errorf("the search by the party's name finds %d cases, want 1", n)
	}
	if err == nil {
		// Follow the row's link rather than click it: a click can land on
		// the page the search replaced, and then nothing happens.
		var href string
		href, err = chromedp.Run(aud, chromedp.Evaluate[string](`document.querySelector('`+uiTestID("case-row")+` a').href`))
		if err == nil {
			err = chromedp.Do(aud, chromedp.Navigate(href), uiWaitFor("case"), uiPress("open-dossier"), uiWaitFor("dossier"))
		}
	}
	if err != nil {
		t.Fatalf("find the case and open its dossier: %v", err)
	}
	if n, _ := uiCount(aud, uiTestID("dossier-event")); n != len(app.Case(t, f.ID).Timeline) {
		t.Errorf("the dossier shows %d steps, want every event of the case", n)
	}
	for id, want := range map[string]string{"dossier-parties": "Acme Networks AG", "dossier-items": "No licence needed",
		"dossier-signoffs": "Approve by Mia Manager", "dossier-documents": "statement.txt", "dossier-exporter": "DE0000DEMO00001"} {
		if text, err := uiText(aud, id); err != nil || !strings.Contains(text, want) {
			t.Errorf("%s = %q (err %v), want %q", id, text, err, want)
		}
	}
	uiCheckAxe(t, aud, "dossier")
	for _, link := range []struct{ id, contentType string }{{"dossier-json", "application/json"}, {"dossier-csv", "text/csv"}, {"dossier-zip", "application/zip"}} {
		got, err := chromedp.Run(aud, chromedp.Evaluate[string](`fetch(document.querySelector('[data-testid="`+link.id+`"]').href)
			.then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise))
		if err != nil || !strings.HasPrefix(got, "200 "+link.contentType) {
			t.Errorf("download %s: %q (err %v)", link.id, got, err)
		}
	}
	if _, err := chromedp.Call(aud, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if shown, err := chromedp.Run(aud, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.site-header')).display !== 'none'`)); err != nil || shown {
		t.Errorf("the print view still shows the site's header (err %v)", err)
	}
	uiTrainingShot(t, aud, "dossier-print")
}
