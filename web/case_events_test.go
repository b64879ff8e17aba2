package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The case page carries no record before and after its events; each
// event's page does, and only for events of that case.
func TestTimeline_EventDiffLoadedOnDemand(t *testing.T) {
	app, ts := newServer(t)
	f, other := app.ReadyCase(t, "manager@example.com"), app.ReadyCase(t, "manager@example.com")
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	timeline := section(auditor.get("/cases/"+f.ID).Body, "timeline")
	if strings.Contains(timeline, "content_hash") || !strings.Contains(timeline, `data-testid="event-diff"`) {
		t.Error("the timeline carries the records, or offers no before and after")
	}
	var added int64
	for _, e := range app.Case(t, f.ID).Timeline {
		if e.Action == "case.item_add" {
			added = e.Seq
		}
	}
	res := auditor.get(fmt.Sprintf("/cases/%s/events/%d", f.ID, added))
	before, after, _ := strings.Cut(res.Body, `data-testid="event-after"`)
	if res.StatusCode != http.StatusOK || !strings.Contains(after, "Probe appliance") || !strings.Contains(before, `data-testid="event-before"`) ||
		strings.Contains(before[strings.Index(before, `data-testid="event-before"`):], "Probe appliance") {
		t.Errorf("the item's event: %d", res.StatusCode)
	}
	if res := auditor.get(fmt.Sprintf("/cases/%s/events/%d", other.ID, added)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another case's event through this case: %d", res.StatusCode)
	}
}
