package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/testutil"
)

// between returns the part of body from the element marked testID to the
// next mark end, or "" when the mark is missing.
func between(body, testID, end string) string {
	_, rest, ok := strings.Cut(body, `data-testid="`+testID+`"`)
	if !ok {
		return ""
	}
	part, _, _ := strings.Cut(rest, `data-testid="`+end+`"`)
	return html.UnescapeString(part)
}

func TestRemove_RemovedItemStaysShownWithItsClassification(t *testing.T) {
	app, ts := newServer(t)
	f := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Items[0].Classification = "5A001.j IP network surveillance"
	})
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	remove := "/cases/" + f.ID + "/items/" + f.Items[0].ID + "/remove"

	refused := manager.form(remove, url.Values{"version": {v(f)}, "reason": {"  "}})
	if refused.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(refused.Body, "Give the reason for removing the item") {
		t.Fatalf("removal without a reason: %d", refused.StatusCode)
	}
	if !strings.Contains(between(refused.Body, "items", "documents"), `data-testid="item-row"`) {
		t.Error("the refused removal hid the item")
	}
	done := manager.form(remove, url.Values{"version": {v(f)}, "reason": {"Customer cancelled the probes."}})
	if done.StatusCode != http.StatusSeeOther {
		t.Fatalf("removal: %d %s", done.StatusCode, done.Body)
	}

	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	page := auditor.get("/cases/" + f.ID).Body
	items := between(page, "items", "documents")
	if strings.Contains(items, `data-testid="item-row"`) || !strings.Contains(items, "No items yet.") {
		t.Error("the removed item is still listed among the items")
	}
	removed := between(items, "removed-items", "end")
	for _, want := range []string{"Show removed items (1)", "Probe appliance", "2 pcs · EUR 12,500.00 · classification: 5A001.j",
		"Removed by Max Manager on", "because: Customer cancelled the probes.", "Nothing is deleted from a case (the company's rule"} {
		if !strings.Contains(removed, want) {
			t.Errorf("under show removed, no %q in %s", want, removed)
		}
	}
	timeline := between(page, "timeline", "end")
	if !strings.Contains(timeline, "removed item 2 pcs Probe appliance (EUR 12,500.00; classification: 5A001.j) because: Customer cancelled the probes.") {
		t.Errorf("the timeline does not show the removal with the classification: %s", timeline)
	}
	if !strings.Contains(between(page, "readiness", "parties"), "Items listed: Add at least one item.") {
		t.Error("readiness still counts the removed item")
	}
}

func TestRemove_DocumentAndPartyKeptAndDownloadable(t *testing.T) {
	app, ts := newServer(t)
	f := app.ReadyCase(t, "manager@example.com")
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	doc, link := f.Attachments[0], f.Parties[0]
	steps := []struct{ path, reason string }{
		{"/cases/" + f.ID + "/attachments/" + doc.ID + "/remove", "Unsigned copy; the signed one follows."},
		{"/cases/" + f.ID + "/parties/" + link.ID + "/remove", "Goods ship directly to the end user."},
	}
	for i, step := range steps {
		res := manager.form(step.path, url.Values{"version": {v(f)}, "reason": {step.reason}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("step %d: %d", i, res.StatusCode)
		}
		f = current(t, app, f.ID)
	}
	page := manager.get("/cases/" + f.ID).Body
	docs := between(page, "removed-documents", "end")
	if !strings.Contains(docs, doc.Filename) || !strings.Contains(docs, "because: "+steps[0].reason) ||
		!strings.Contains(docs, "/cases/"+f.ID+"/attachments/"+doc.ID) {
		t.Errorf("removed document not shown with its reason and download: %s", docs)
	}
	if parties := between(page, "removed-parties", "end"); !strings.Contains(parties, link.Party.Name) ||
		!strings.Contains(parties, "because: "+steps[1].reason) {
		t.Errorf("removed party not shown with its reason: %s", parties)
	}
	if got := manager.get("/cases/" + f.ID + "/attachments/" + doc.ID); got.StatusCode != http.StatusOK {
		t.Errorf("the removed document can no longer be downloaded: %d", got.StatusCode)
	}
}
