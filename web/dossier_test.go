package web_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/dossier"
	"github.com/vigil-icp/vigil/internal/licensing"
)

// The auditor's dossier of an approved, shipped case holds every part, and
// its downloads carry the same: JSON, the timeline as CSV, and an archive
// whose manifest's SHA-256 sums match its files. Each download is recorded.
func TestDossier_EveryPartAndTheDownloads(t *testing.T) {
	app, ts := newServer(t)
	f := submittedCase(t, app, "manager@example.com")
	f, err := app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), f.ID, f.Version, cases.Approve, "Looks complete.")
	if err != nil {
		t.Fatal(err)
	}
	item := f.Items[0].ID
	if _, err := app.Licensing.RecordShipment(app.SignedIn(t, "manager@example.com"), f.ID, f.Version, licensing.ShipmentInput{
		ExportedOn: "2026-12-01", MRN: "26DE123456789012A1", Quantities: map[string]string{item: "2"}, Values: map[string]string{item: "12,500"}}); err != nil {
		t.Fatal(err)
	}
	f = app.Case(t, f.ID)
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	page := auditor.get("/cases/" + f.ID + "/dossier").Body
	for _, want := range []string{f.Reference, "Acme Networks AG", "screened", "against demo imported", "Not listed in Annex I", "No licence needed",
		"Approve</strong> by Mia Manager", f.ContentHash, f.Attachments[0].SHA256, "26DE123456789012A1",
		"Kept until 2031-12-31", "Art. 27(3)", `data-testid="changes"`, "DE0000DEMO00001", "Training in force when they signed: "} {
		if !strings.Contains(page, want) {
			t.Errorf("the dossier lacks %q", want)
		}
	}
	if strings.Count(page, `method="post"`) != strings.Count(page, `action="/signout"`) {
		t.Error("the dossier offers a form that changes something besides signing out")
	}

	res := auditor.get("/cases/" + f.ID + "/dossier.json")
	var d dossier.Dossier
	if err := json.Unmarshal([]byte(res.Body), &d); err != nil || d.Case.Reference != f.Reference || len(d.Events) != len(f.Timeline) {
		t.Fatalf("JSON: %v, %d events for %d", err, len(d.Events), len(f.Timeline))
	}
	res = auditor.get("/cases/" + f.ID + "/dossier.csv")
	if lines := strings.Count(res.Body, "\n"); res.StatusCode != http.StatusOK || lines < len(f.Timeline)+1 {
		t.Errorf("CSV: %d, %d lines", res.StatusCode, lines)
	}
	res = auditor.get("/cases/" + f.ID + "/dossier.zip")
	checkManifest(t, []byte(res.Body), "dossier.json", "timeline.csv", "documents/"+f.Attachments[0].SHA256[:12]+"-statement.txt")

	downloads, err := app.Audit.List(app.SignedIn(t, "auditor@example.com"), audit.Filter{Action: "audit.download"})
	if err != nil || len(downloads) != 3 || downloads[0].ActorEmail != "auditor@example.com" || !strings.Contains(downloads[0].ObjectID, "dossier.zip") {
		t.Errorf("the downloads' records: %+v %v", downloads, err)
	}
}

// checkManifest opens the archive and checks that its manifest names each of
// want and that every SHA-256 in it matches the file.
func checkManifest(t *testing.T, archive []byte, want ...string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, _ := f.Open()
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(files["MANIFEST.sha256"]))
	for sc.Scan() {
		sum, name, _ := strings.Cut(sc.Text(), "  ")
		sums[name] = sum
		got := sha256.Sum256(files[name])
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s: manifest %s, content %x", name, sum, got)
		}
	}
	for _, name := range want {
		if sums[name] == "" {
			t.Errorf("the manifest does not name %s: %v", name, sums)
		}
	}
}
