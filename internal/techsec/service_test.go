package techsec_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// world is an application with a product classified 5E001.a and an entry of
// the register of it that manager@ may reach.
type world struct {
	app                         *testutil.App
	officer, manager, auditor   context.Context
	managerID, manager2ID, item string
}

func newWorld(t *testing.T) world {
	a := testutil.NewApp(t)
	w := world{app: a, officer: a.SignedIn(t, "officer@example.com"), manager: a.SignedIn(t, "manager@example.com"),
		auditor: a.SignedIn(t, "auditor@example.com")}
	w.managerID = userID(t, a, "manager@example.com")
	w.manager2ID = userID(t, a, "manager2@example.com")
	product := a.Product(t, "Router design data", products.ClassificationInput{EntryCode: "5E001.a", Rationale: "Development technology."})
	it, err := a.Technology.Create(w.officer, techsec.Input{Name: "Router design", Kind: "technology", Location: "Git repository router-hw",
		OwnerID: userID(t, a, "officer@example.com"), Products: []string{product}, Access: []string{w.managerID}, AccessGroups: "Hardware team"})
	if err != nil {
		t.Fatal(err)
	}
	w.item = it.ID
	return w
}

func userID(t *testing.T, a *testutil.App, email string) string {
	var id string
	if err := a.DB.Gorm.Raw("SELECT id FROM users WHERE email = ?", email).Scan(&id).Error; err != nil || id == "" {
		t.Fatalf("user %s: %v", email, err)
	}
	return id
}

func (w world) transfer(cover string) techsec.TransferInput {
	return techsec.TransferInput{Channel: "email", RecipientName: "Jane Roe", RecipientOrg: "Acme Research Inc.", Destination: "US",
		On: "2026-06-01", TransferredBy: w.managerID, Cover: cover}
}

func (w world) count(t *testing.T, q string, args ...any) int64 {
	var n int64
	if err := w.app.DB.Gorm.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func (w world) events(t *testing.T, action string) []audit.Entry {
	es, err := audit.List(t.Context(), w.app.DB.Gorm, audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Entry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestTransfer_RefusedWithoutCoverRecordedWithLicence: a technology transfer
// without cover is refused; with a licence it is recorded and audited.
func TestTransfer_RefusedWithoutCoverRecordedWithLicence(t *testing.T) {
	w := newWorld(t)
	_, err := w.app.Technology.RecordTransfer(w.manager, w.item, w.transfer(""))
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.Message(err), "Transfer refused") ||
		!strings.Contains(apperr.FieldsOf(err)["cover"], "needs an authorisation") {
		t.Fatalf("transfer without cover: %v %v", err, apperr.FieldsOf(err))
	}
	if n := w.count(t, "SELECT COUNT(*) FROM tech_transfers"); n != 0 {
		t.Errorf("%d transfers stored after the refusal, want none", n)
	}
	refused := w.events(t, "technology.transfer_refused")
	if len(refused) != 1 || refused[0].ActorEmail != "manager@example.com" || refused[0].ObjectID != w.item ||
		!strings.Contains(refused[0].Summary, "needs an authorisation") || !strings.Contains(refused[0].AfterJSON, "Acme Research Inc.") {
		t.Fatalf("refusal events: %+v", refused)
	}

	doc := w.app.StoreDocument(t, "licence.txt", "licence")
	l, err := w.app.Licensing.Create(w.officer, licensing.LicenceInput{Type: "individual", Number: "DE-TECH-1", Authority: "BAFA",
		ValidFrom: "2026-01-01", ValidUntil: "2027-12-31", Destinations: "US", EntryCodes: "5E001", Document: &doc})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := w.app.Technology.RecordTransfer(w.manager, w.item, w.transfer("licence:"+l.ID))
	if err != nil {
		t.Fatalf("transfer under the licence: %v %v", err, apperr.FieldsOf(err))
	}
	if n := w.count(t, "SELECT COUNT(*) FROM tech_transfers WHERE id = ? AND cover_ref = ? AND entries = ?", tr.ID, l.ID, "5E001.a"); n != 1 {
		t.Errorf("the transfer is not stored with its licence and entry")
	}
	done := w.events(t, "technology.transfer")
	if len(done) != 1 || done[0].ObjectID != w.item || !strings.Contains(done[0].Summary, "covered by licence DE-TECH-1") ||
		!strings.Contains(done[0].AfterJSON, tr.ID) {
		t.Fatalf("transfer events: %+v", done)
	}
	if n := len(w.events(t, "technology.transfer_refused")); n != 1 {
		t.Errorf("%d refusal events, want still 1", n)
	}
}

func TestTransfer_RefusalsAndBadInput(t *testing.T) {
	w := newWorld(t)
	notOnList := w.transfer("")
	notOnList.TransferredBy = w.manager2ID
	notOnList.Destination = "FR"
	notOnList.AnnexIV = "outside"
	_, err := w.app.Technology.RecordTransfer(w.manager, w.item, notOnList)
	if !strings.Contains(apperr.FieldsOf(err)["transferred_by"], "access list") {
		t.Errorf("a person off the access list transfers: %v %v", err, apperr.FieldsOf(err))
	}
	bad := w.transfer("")
	bad.RecipientOrg, bad.On, bad.Destination = "", "1 June", "XX"
	_, err = w.app.Technology.RecordTransfer(w.manager, w.item, bad)
	if f := apperr.FieldsOf(err); apperr.CodeOf(err) != apperr.Invalid || f["recipient_org"] == "" || f["on"] == "" || f["destination"] == "" {
		t.Errorf("bad input: %v %v", err, f)
	}
	if n := len(w.events(t, "technology.transfer_refused")); n != 1 {
		t.Errorf("%d refusal events, want 1: bad input is no refusal of a transfer", n)
	}
	if _, err := w.app.Technology.RecordTransfer(w.auditor, w.item, w.transfer("")); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("auditor records a transfer: %v", err)
	}
	intra := w.transfer("")
	intra.Destination, intra.AnnexIV = "FR", "outside"
	if _, err := w.app.Technology.RecordTransfer(w.manager, w.item, intra); err != nil {
		t.Errorf("intra-Union transfer of an item outside Annex IV: %v %v", err, apperr.FieldsOf(err))
	}
	if n := w.count(t, "SELECT COUNT(*) FROM tech_transfers"); n != 1 {
		t.Errorf("%d transfers stored, want the intra-Union one", n)
	}
}

func TestRegister_ChangesAuditedWithBeforeAndAfter(t *testing.T) {
	w := newWorld(t)
	it, _, err := w.app.Technology.Get(w.auditor, w.item)
	if err != nil {
		t.Fatal(err)
	}
	in := techsec.Input{Name: it.Name, Kind: string(it.Kind), Location: "Safe room B2", OwnerID: it.OwnerID, Products: it.Products,
		Access: []string{w.managerID, w.manager2ID}}
	if _, err := w.app.Technology.Update(w.manager, w.item, in); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("export manager changes the register: %v", err)
	}
	if _, err := w.app.Technology.Update(w.officer, w.item, in); err != nil {
		t.Fatal(err)
	}
	ev := w.events(t, "technology.update")
	if len(ev) != 1 || !strings.Contains(ev[0].BeforeJSON, "Git repository router-hw") || !strings.Contains(ev[0].AfterJSON, "Safe room B2") ||
		!strings.Contains(ev[0].AfterJSON, w.manager2ID) {
		t.Fatalf("update events: %+v", ev)
	}
	after, _, err := w.app.Technology.Get(w.auditor, w.item)
	if err != nil || len(after.Access) != 2 || after.Location != "Safe room B2" {
		t.Errorf("after the change: %+v %v", after, err)
	}
	in.Products, in.Location = nil, ""
	if _, err := w.app.Technology.Update(w.officer, w.item, in); apperr.FieldsOf(err)["products"] == "" || apperr.FieldsOf(err)["location"] == "" {
		t.Errorf("an entry without product or place: %v", err)
	}
}
