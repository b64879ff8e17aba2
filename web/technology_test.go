package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// technologyEntry records, as officer@, an entry of a product classified
// 5E001.a that manager@ may reach, and returns its id and the product's.
func technologyEntry(t *testing.T, app *testutil.App) (item, product string) {
	t.Helper()
	product = app.Product(t, "Router design data", products.ClassificationInput{EntryCode: "5E001.a", Rationale: "Development technology."})
	it, err := app.Technology.Create(app.SignedIn(t, "officer@example.com"), techsec.Input{Name: "Router design", Kind: "technology",
		Location: "Git repository router-hw", OwnerID: userID(t, app, "officer@example.com"), Products: []string{product},
		Access: []string{userID(t, app, "manager@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	return it.ID, product
}

// technologyLicence records licence DE-TECH-1 for 5E001 to the United States.
func technologyLicence(t *testing.T, app *testutil.App) string {
	t.Helper()
	doc := app.StoreDocument(t, "licence.txt", "licence")
	l, err := app.Licensing.Create(app.SignedIn(t, "officer@example.com"), licensing.LicenceInput{Type: "individual", Number: "DE-TECH-1",
		Authority: "BAFA", ValidFrom: "2026-01-01", ValidUntil: "2027-12-31", Destinations: "US", EntryCodes: "5E001", Document: &doc})
	if err != nil {
		t.Fatal(err)
	}
	return l.ID
}

func transferValues(app *testutil.App, t *testing.T, cover string) url.Values {
	return url.Values{"channel": {"cloud"}, "recipient_name": {"Jane Roe"}, "recipient_org": {"Acme Research Inc."}, "destination": {"US"},
		"on": {"2026-06-01"}, "transferred_by": {userID(t, app, "manager@example.com")}, "cover": {cover}}
}

func countRows(t *testing.T, app *testutil.App, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := app.DB.Gorm.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTechnology_TransferRefusedKeepsTheFormThenRecordedUnderLicence(t *testing.T) {
	app, ts := newServer(t)
	item, _ := technologyEntry(t, app)
	licence := technologyLicence(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")

	res := manager.form("/technology/"+item+"/transfers", transferValues(app, t, ""))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Transfer refused") ||
		!strings.Contains(res.Body, "needs an authorisation") || !strings.Contains(res.Body, `value="Acme Research Inc."`) {
		t.Fatalf("transfer without cover: %d", res.StatusCode)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_transfers"); n != 0 {
		t.Fatalf("%d transfers stored after a refusal", n)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM audit_events WHERE action = 'technology.transfer_refused' AND actor_email = 'manager@example.com'"); n != 1 {
		t.Errorf("%d refusal events, want 1", n)
	}
	if res := manager.form("/technology/"+item+"/transfers", transferValues(app, t, "licence:"+licence)); !res.redirectsTo("/technology/" + item) {
		t.Fatalf("transfer under the licence: %d %s", res.StatusCode, res.Body)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_transfers WHERE item_id = ? AND cover_ref = ? AND channel = 'cloud'", item, licence); n != 1 {
		t.Fatalf("%d transfers stored under the licence, want 1", n)
	}
	page := manager.get("/technology/" + item)
	if !strings.Contains(page.Body, `data-testid="transfer-row"`) || !strings.Contains(page.Body, "Licence DE-TECH-1 (BAFA)") {
		t.Errorf("the item page does not show the transfer")
	}
	if !strings.Contains(page.Body, "The company&#39;s choice") && !strings.Contains(page.Body, "The company's choice") {
		t.Errorf("the page does not tell the company's rules from the law's")
	}
}

func TestTechnology_CreateBadInputStoresNothing(t *testing.T) {
	app, ts := newServer(t)
	_, product := technologyEntry(t, app)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	bad := url.Values{"name": {"Crypto library source"}, "kind": {"software"}, "location": {""}, "owner_id": {userID(t, app, "officer@example.com")},
		"products": {product}, "access": {userID(t, app, "manager@example.com")}}
	res := officer.form("/technology", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Say where it is kept") ||
		!strings.Contains(res.Body, `value="Crypto library source"`) || !strings.Contains(res.Body, `value="`+product+`" checked`) {
		t.Fatalf("entry without a place: %d", res.StatusCode)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_items WHERE name = 'Crypto library source'"); n != 0 {
		t.Fatal("a refused entry was stored")
	}
	bad.Set("location", "Source repository crypto-lib")
	if res := officer.form("/technology", bad); !res.redirectsTo("/technology/") {
		t.Fatalf("create: %d", res.StatusCode)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_item_access a JOIN tech_items i ON i.id = a.item_id WHERE i.name = 'Crypto library source'"); n != 1 {
		t.Errorf("%d people on the access list, want 1", n)
	}
	list := officer.get("/technology")
	if !strings.Contains(list.Body, "Crypto library source") || !strings.Contains(list.Body, "5E001.a") {
		t.Errorf("the register does not list the entry with its entry")
	}
}

func TestTechnology_TransferBadInputStoresNothing(t *testing.T) {
	app, ts := newServer(t)
	item, _ := technologyEntry(t, app)
	manager := newVisitor(t, ts)
	manager.signIn("manager@example.com")
	v := transferValues(app, t, "")
	v.Set("recipient_name", "")
	v.Set("on", "next week")
	res := manager.form("/technology/"+item+"/transfers", v)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Give the date of the transfer") ||
		!strings.Contains(res.Body, `value="next week"`) {
		t.Fatalf("bad transfer: %d", res.StatusCode)
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM tech_transfers"); n != 0 {
		t.Fatal("a bad transfer was stored")
	}
	if n := countRows(t, app, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'technology.transfer%'"); n != 0 {
		t.Errorf("bad input left %d transfer events", n)
	}
}

// TestTechnology_OnTheProgrammePage: the register shows under element 7 to
// those who read it, and only to them.
func TestTechnology_OnTheProgrammePage(t *testing.T) {
	_, ts := newServer(t)
	for email, want := range map[string]bool{"manager@example.com": true, "officer@example.com": true, "auditor@example.com": true,
		"staff@example.com": false, "board@example.com": false} {
		v := newVisitor(t, ts)
		v.signIn(email)
		body := v.get("/programme").Body
		if got := strings.Contains(body, `href="/technology"`) && strings.Contains(body, "7 Physical and information security"); got != want {
			t.Errorf("%s sees the technology register on the programme page: %v, want %v", email, got, want)
		}
	}
}
