package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func storedVersions(t *testing.T, app *testutil.App) []governance.Statement {
	t.Helper()
	var all []governance.Statement
	if err := app.DB.Gorm.Order("version").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return all
}

func TestCommitment_PublishKeepsTheFormOnBadInput(t *testing.T) {
	app, ts := newServer(t)
	board := newVisitor(t, ts)
	board.signIn("board@example.com")
	if page := board.get("/commitment/new").Body; !strings.Contains(page, "Publish and sign version 2") || !strings.Contains(page, "Demo Exports GmbH") {
		t.Fatal("the form does not start from the current text")
	}
	const text = "We export lawfully.\n\nThe export control officer may stop any shipment."
	res := board.form("/commitment", url.Values{"text": {text}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "sign the statement in your name") ||
		!strings.Contains(res.Body, "The export control officer may stop any shipment.") {
		t.Fatalf("unsigned: %d", res.StatusCode)
	}
	if n := len(storedVersions(t, app)); n != 1 {
		t.Fatalf("%d versions after a refusal, want 1", n)
	}
	for _, who := range []string{"officer@example.com", "staff@example.com", "admin@example.com"} {
		v := newVisitor(t, ts)
		v.signIn(who)
		if res := v.form("/commitment", url.Values{"text": {text}, "sign": {"1"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s publishes: %d", who, res.StatusCode)
		}
	}
	if res := board.form("/commitment", url.Values{"text": {text}, "sign": {"1"}}); !res.redirectsTo("/commitment") {
		t.Fatalf("publish: %d %s", res.StatusCode, res.Body)
	}
	all := storedVersions(t, app)
	if len(all) != 2 || all[1].Version != 2 || all[1].Body != text || all[1].SHA256 != governance.Hash(text) || all[1].SignedBy != userID(t, app, "board@example.com") {
		t.Fatalf("stored %+v", all)
	}
	page := board.get("/commitment").Body
	if !strings.Contains(page, all[1].SHA256) || !strings.Contains(page, "Signed by Bea Board") || !strings.Contains(page, "You acknowledged version 2") {
		t.Error("the page does not show the signature, the hash and the signer's acknowledgement")
	}
	if old := board.get("/commitment/versions/1"); old.StatusCode != http.StatusOK || !strings.Contains(old.Body, "Version 2 replaced this version") {
		t.Errorf("version 1: %d", old.StatusCode)
	}
	if res := board.get("/commitment/versions/9"); res.StatusCode != http.StatusNotFound {
		t.Errorf("version 9: %d", res.StatusCode)
	}
}

func TestCommitment_AcknowledgeFromTheHomePage(t *testing.T) {
	app, ts := newServer(t)
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	if card := section(staff.get("/").Body, "card-commitment"); !strings.Contains(card, "Version 1") || !strings.Contains(card, `href="/commitment"`) {
		t.Fatalf("staff's home page does not ask for the acknowledgement: %q", card)
	}
	if _, err := app.Governance.Publish(app.SignedIn(t, "board@example.com"), "Version two of our commitment.", true); err != nil {
		t.Fatal(err)
	}
	if card := section(staff.get("/").Body, "card-commitment"); !strings.Contains(card, "Version 2") {
		t.Fatalf("the card does not ask for the new version: %q", card)
	}
	res := staff.form("/commitment/acknowledge", url.Values{"version": {"1"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "version 2 was published since") {
		t.Fatalf("acknowledging the old version: %d", res.StatusCode)
	}
	if res := staff.form("/commitment/acknowledge", url.Values{"version": {"two"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("acknowledging no version: %d", res.StatusCode)
	}
	if mine, _ := app.Governance.Mine(app.SignedIn(t, "staff@example.com"), 2); mine != nil {
		t.Fatal("a refused acknowledgement was stored")
	}
	if res := staff.form("/commitment/acknowledge", url.Values{"version": {"2"}}); !res.redirectsTo("/commitment") {
		t.Fatalf("acknowledge: %d", res.StatusCode)
	}
	if mine, _ := app.Governance.Mine(app.SignedIn(t, "staff@example.com"), 2); mine == nil || mine.UserID != userID(t, app, "staff@example.com") {
		t.Fatalf("stored %+v", mine)
	}
	if strings.Contains(staff.get("/").Body, `data-testid="card-commitment"`) {
		t.Error("the card stays after the acknowledgement")
	}
	events, err := audit.List(t.Context(), app.DB.Gorm, audit.Filter{Action: "commitment.acknowledge"})
	if err != nil || events[0].ActorEmail != "staff@example.com" || events[0].ObjectID != "2" {
		t.Errorf("latest acknowledgement event %+v %v", events, err)
	}
}

func TestCommitment_LogShowsWhoHasNotAcknowledged(t *testing.T) {
	_, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	page := officer.get("/commitment/acknowledgements").Body
	if !strings.Contains(page, "5 of 8 active users (62 %) acknowledged version 1") {
		t.Errorf("share missing: %q", section(page, "commitment-share"))
	}
	staffRow := page[strings.Index(page, `data-email="staff@example.com"`):]
	if !strings.Contains(staffRow[:strings.Index(staffRow, "</tr>")], "not yet") {
		t.Error("staff@ is not shown as not yet acknowledged")
	}
	staff := newVisitor(t, ts)
	staff.signIn("staff@example.com")
	if res := staff.get("/commitment/acknowledgements"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff reads the log: %d", res.StatusCode)
	}
	if page := staff.get("/commitment").Body; strings.Contains(page, "/commitment/acknowledgements") || strings.Contains(page, "/commitment/new") {
		t.Error("staff's commitment page links to the log or the publish form")
	}
}
