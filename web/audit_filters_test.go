package web_test

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
)

// The auditor narrows the trail to one case's events of a period, and
// downloads them as CSV with their hashes; the download is on the record.
func TestAudit_FiltersAndCSV(t *testing.T) {
	app, ts := newServer(t)
	f, other := app.ReadyCase(t, "manager@example.com"), app.ReadyCase(t, "manager@example.com")
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	today := app.DB.Now().Format("2006-01-02")
	page := auditor.get("/audit?object_type=case&object_id=" + f.ID + "&from=" + today + "&to=" + today).Body
	if !strings.Contains(page, f.Reference+": opened") || strings.Contains(page, other.Reference) {
		t.Errorf("the filtered trail does not hold exactly the case's events")
	}
	if !strings.Contains(page, "kept until "+strconv.Itoa(app.DB.Now().Year()+5)+"-12-31") {
		t.Errorf("the events do not show their retention date")
	}
	if !strings.Contains(page, `href="/audit.csv?from=`+today) {
		t.Errorf("no CSV link carrying the filters")
	}
	created := app.Case(t, f.ID).Timeline[0].Seq
	if res := auditor.get("/audit/events/" + strconv.FormatInt(created, 10)); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Body, `data-testid="changes"`) || !strings.Contains(res.Body, "Network probes for Acme") {
		t.Errorf("an event's changes: %d", res.StatusCode)
	}
	if res := auditor.get("/audit/events/999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("no such event: %d", res.StatusCode)
	}
	if res := auditor.get("/audit?from=yesterday"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a malformed day: %d", res.StatusCode)
	}
	res := auditor.get("/audit.csv?object_type=case&object_id=" + f.ID)
	records, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if res.StatusCode != http.StatusOK || err != nil || len(records) < 2 || records[0][0] != "seq" || records[0][13] != "hash" {
		t.Fatalf("CSV: %d %v %q", res.StatusCode, err, res.Body)
	}
	for _, r := range records[1:] {
		if r[5] != "case" || r[6] != f.ID || len(r[13]) != 64 {
			t.Errorf("CSV row %q is not one of the case's events with its hash", r)
		}
	}
	downloads, err := app.Audit.List(app.SignedIn(t, "auditor@example.com"), audit.Filter{Action: "audit.download"})
	if err != nil || len(downloads) != 1 || downloads[0].ActorEmail != "auditor@example.com" || !strings.Contains(downloads[0].ObjectID, f.ID) {
		t.Errorf("the download's record: %+v %v", downloads, err)
	}
}
