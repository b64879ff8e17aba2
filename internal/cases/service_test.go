package cases_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

type fixture struct {
	t   testing.TB
	d   *db.DB
	svc *cases.Service
	// signed-in contexts
	manager, manager2, manager3, officer, staff, auditor context.Context
}

func setup(t testing.TB) *fixture {
	t.Helper()
	d := testutil.NewDB(t)
	return &fixture{t: t, d: d, svc: cases.NewService(d),
		manager:  testutil.NewUser(t, d, "manager@example.com", "Max Manager", auth.RoleExportManager),
		manager2: testutil.NewUser(t, d, "manager2@example.com", "Mia Manager", auth.RoleExportManager),
		manager3: testutil.NewUser(t, d, "manager3@example.com", "Mo Manager", auth.RoleExportManager),
		officer:  testutil.NewUser(t, d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		staff:    testutil.NewUser(t, d, "staff@example.com", "Sam Staff", auth.RoleStaff),
		auditor:  testutil.NewUser(t, d, "auditor@example.com", "Aude Auditor", auth.RoleAuditor)}
}

// ok fails the test on err and returns the case.
func (f *fixture) ok(file *cases.Case, err error) *cases.Case {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return file
}

// submitted returns a ready case (testutil.ReadyCase) that manager@ opened and submitted.
func (f *fixture) submitted(t testing.TB) *cases.Case {
	c := testutil.ReadyCase(t, f.manager, f.svc)
	return f.ok(f.svc.Submit(f.manager, c.ID, c.Version))
}

func codeIs(t *testing.T, err error, want apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestCreate_ReferenceAndValidation(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: " Probes ", Destination: "fr"}))
	if !regexp.MustCompile(`^EXP-\d{4}-00001$`).MatchString(c.Reference) || c.Title != "Probes" || c.DestinationCode() != "FR" ||
		c.Status != cases.Draft || c.Version != 1 {
		t.Errorf("created %+v", c.Record)
	}
	_, err := f.svc.Create(f.manager, cases.Input{Title: "", Destination: "XX", EndUserType: "pirate"})
	codeIs(t, err, apperr.Invalid)
	for _, field := range []string{"title", "destination", "end_user_type"} {
		if apperr.FieldsOf(err)[field] == "" {
			t.Errorf("no message for %s", field)
		}
	}
	for _, ctx := range []context.Context{f.staff, f.auditor, f.officer} {
		_, err := f.svc.Create(ctx, cases.Input{Title: "x"})
		codeIs(t, err, apperr.Forbidden)
	}
}

func TestCreate_ConcurrentReferencesAreUniqueAndGapFree(t *testing.T) {
	f := setup(t)
	const n = 20
	refs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.svc.Create(f.manager, cases.Input{Title: fmt.Sprint("case ", i)})
			if err != nil {
				t.Error(err)
				return
			}
			refs <- c.Reference
		}()
	}
	wg.Wait()
	close(refs)
	var got []string
	for r := range refs {
		got = append(got, r[len("EXP-2026-"):])
	}
	slices.Sort(got)
	for i, r := range got {
		if want := fmt.Sprintf("%05d", i+1); r != want {
			t.Fatalf("references %v: position %d is %s, want %s", got, i, r, want)
		}
	}
	if len(got) != n {
		t.Fatalf("%d references, want %d", len(got), n)
	}
}

func TestSubmit_RunsEveryGate(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: "Empty"}))
	_, err := f.svc.Submit(f.manager, c.ID, c.Version)
	codeIs(t, err, apperr.Invalid)
	for _, want := range []string{"destination", "consignee and the end user", "at least one item", "end-use statement"} {
		if !strings.Contains(apperr.Message(err), want) {
			t.Errorf("message %q does not mention %q", apperr.Message(err), want)
		}
	}
	checks, err := f.svc.Readiness(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 4 || cases.Ready(checks) {
		t.Errorf("readiness %+v", checks)
	}
	for i, want := range []cases.Section{cases.SectionDetails, cases.SectionParties, cases.SectionItems, cases.SectionDocuments} {
		if i < len(checks) && checks[i].Fix != (cases.Target{Case: c.ID, Section: want}) {
			t.Errorf("check %q sends to %+v, want %s of the case", checks[i].Name, checks[i].Fix, want)
		}
	}
	c = testutil.ReadyCase(t, f.manager, f.svc)
	c = f.ok(f.svc.Submit(f.manager, c.ID, c.Version))
	if c.Status != cases.Submitted || c.SubmittedAt == nil {
		t.Errorf("after submit: %s", c.Status)
	}
}

func TestSignOff_FourEyes(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	_, err := f.svc.Decide(f.manager, c.ID, c.Version, cases.Approve, "")
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.Decide(f.staff, c.ID, c.Version, cases.Approve, "")
	codeIs(t, err, apperr.Forbidden)
	_, err = f.svc.Decide(f.manager2, c.ID, c.Version, cases.Reject, "  ")
	codeIs(t, err, apperr.Invalid)
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	if c.Status != cases.Approved || len(c.ValidApprovals()) != 1 {
		t.Fatalf("after approval: %s, %d approvals", c.Status, len(c.ValidApprovals()))
	}
	so := c.SignOffs[0]
	if so.ContentHash != c.ContentHash || so.Role != "export_manager" || so.Decision != cases.Approve {
		t.Errorf("sign-off %+v", so)
	}
	events, _ := audit.List(context.Background(), f.d.Gorm, audit.Filter{ObjectType: "case", ObjectID: c.ID, Limit: 100})
	if len(events) != 7 || events[0].Action != "case.approve" || events[0].ActorEmail != "manager2@example.com" ||
		!strings.Contains(events[0].AfterJSON, `"status":"approved"`) || !strings.Contains(events[0].BeforeJSON, `"status":"submitted"`) {
		t.Errorf("%d events, latest %+v", len(events), events[0])
	}
}

func TestSignOff_ChangingAnApprovedCaseVoidsTheApproval(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	c = f.ok(f.svc.UpdateItem(f.manager, c.ID, c.Version, c.Items[0].ID,
		cases.ItemInput{Description: "Probe appliance", Quantity: "20", Unit: "pcs", Value: "125,000", Currency: "EUR"}))
	if c.Status != cases.Submitted {
		t.Errorf("status after changing an approved case: %s, want submitted", c.Status)
	}
	if len(c.ValidApprovals()) != 0 || !c.Void(c.SignOffs[0]) {
		t.Error("the approval still counts after the items changed")
	}
	// The manager edited after submission but opened it anyway; manager2 may approve again.
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	if c.Status != cases.Approved {
		t.Errorf("re-approval: %s", c.Status)
	}
}

func TestSignOff_EditorAfterSubmissionMayNotApprove(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	c = f.ok(f.svc.AddItem(f.manager2, c.ID, c.Version, cases.ItemInput{Description: "Spare part", Quantity: "1", Value: "10", Currency: "EUR"}))
	_, err := f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, "")
	codeIs(t, err, apperr.Forbidden)
	f.ok(f.svc.Decide(f.manager3, c.ID, c.Version, cases.Approve, ""))
}

func TestSignOff_HighRiskNeedsTwoPeopleOneOfficer(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	c = f.ok(f.svc.SetRisk(f.officer, c.ID, c.Version, cases.RiskInput{Level: "high", Justification: "Police end user."}))
	c = f.ok(f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, ""))
	if c.Status != cases.Submitted {
		t.Fatalf("one approval made a high-risk case %s", c.Status)
	}
	_, err := f.svc.Decide(f.manager3, c.ID, c.Version, cases.Approve, "")
	codeIs(t, err, apperr.Forbidden)
	c = f.ok(f.svc.Decide(f.officer, c.ID, c.Version, cases.Approve, ""))
	if c.Status != cases.Approved {
		t.Fatalf("manager + officer: %s", c.Status)
	}
	_, err = f.svc.SetRisk(f.manager, c.ID, c.Version, cases.RiskInput{Level: "low", Justification: "Looks harmless."})
	codeIs(t, err, apperr.Forbidden)
}

func TestSignOff_ConcurrentApprovalsOfOneVersion(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	const n = 50
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[apperr.Code]int{}
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Decide(f.manager2, c.ID, c.Version, cases.Approve, "")
			mu.Lock()
			codes[apperr.CodeOf(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[""] != 1 || codes[apperr.Conflict] != n-1 {
		t.Fatalf("outcomes %v, want exactly one success and %d conflicts", codes, n-1)
	}
	got := f.ok(f.svc.Get(f.auditor, c.ID))
	if len(got.SignOffs) != 1 || got.Version != c.Version+1 {
		t.Errorf("%d sign-offs, version %d", len(got.SignOffs), got.Version)
	}
	events, _ := audit.List(context.Background(), f.d.Gorm, audit.Filter{Action: "case.approve", Limit: 100})
	if len(events) != 1 {
		t.Errorf("%d approval events, want 1", len(events))
	}
}

func TestChange_StaleVersionIsAConflict(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: "A"}))
	f.ok(f.svc.Update(f.manager2, c.ID, c.Version, cases.Input{Title: "B"}))
	_, err := f.svc.Update(f.manager, c.ID, c.Version, cases.Input{Title: "C"})
	codeIs(t, err, apperr.Conflict)
	if !strings.Contains(apperr.Message(err), "Someone else changed this case") {
		t.Errorf("message %q", apperr.Message(err))
	}
	_, err = f.svc.Update(f.manager, "no-such-id", 1, cases.Input{Title: "C"})
	codeIs(t, err, apperr.NotFound)
}

func TestDecisions_LifeCycle(t *testing.T) {
	f := setup(t)
	c := f.submitted(t)
	c = f.ok(f.svc.Decide(f.officer, c.ID, c.Version, cases.Hold, "Need the contract"))
	if c.Status != cases.OnHold {
		t.Fatal(c.Status)
	}
	c = f.ok(f.svc.Decide(f.manager, c.ID, c.Version, cases.Return, "Adding the contract"))
	if c.Status != cases.Draft {
		t.Fatal(c.Status)
	}
	c = f.ok(f.svc.Submit(f.manager, c.ID, c.Version))
	c = f.ok(f.svc.Decide(f.officer, c.ID, c.Version, cases.Reject, "End user unclear"))
	if c.Status != cases.Rejected {
		t.Fatal(c.Status)
	}
	_, err := f.svc.Update(f.manager, c.ID, c.Version, cases.Input{Title: "again"})
	codeIs(t, err, apperr.Conflict)
	d := f.submitted(t)
	d = f.ok(f.svc.Decide(f.manager2, d.ID, d.Version, cases.Approve, ""))
	d = f.ok(f.svc.Close(f.manager, d.ID, d.Version))
	if d.Status != cases.Closed {
		t.Fatal(d.Status)
	}
}

func TestParties_ReusedAndSearchable(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc)
	found, err := f.svc.SearchParties(f.manager2, "acme net", 10)
	if err != nil || len(found) != 1 || found[0].Name != "Acme Networks AG" {
		t.Fatalf("search: %v %v", found, err)
	}
	if hit, _ := f.svc.SearchParties(f.manager2, "ÄCME", 10); len(hit) != 2 {
		t.Errorf("diacritics and case: %d hits", len(hit))
	}
	if hit, _ := f.svc.SearchParties(f.manager2, "%", 10); len(hit) != 0 {
		t.Errorf("wildcard matched %d", len(hit))
	}
	d := f.ok(f.svc.Create(f.manager2, cases.Input{Title: "Second"}))
	d = f.ok(f.svc.AddParty(f.manager2, d.ID, d.Version, cases.PartyInput{Role: "end_user", PartyID: found[0].ID}))
	if d.Parties[0].Party.ID != found[0].ID {
		t.Error("party not reused")
	}
	_, err = f.svc.AddParty(f.manager2, d.ID, d.Version, cases.PartyInput{Role: "end_user", PartyID: found[0].ID})
	codeIs(t, err, apperr.Invalid)
	_, err = f.svc.AddParty(f.manager2, d.ID, d.Version, cases.PartyInput{Role: "king", Name: "", Kind: "alien", LEI: "short"})
	for _, field := range []string{"role", "name", "kind", "lei"} {
		if apperr.FieldsOf(err)[field] == "" {
			t.Errorf("no message for %s: %v", field, err)
		}
	}
	d = f.ok(f.svc.RemoveParty(f.manager2, d.ID, d.Version, d.Parties[0].ID, "Not the end user after all."))
	if len(d.Parties) != 0 {
		t.Error("party not removed")
	}
	if c2 := f.ok(f.svc.Get(f.auditor, c.ID)); len(c2.Parties) != 2 {
		t.Error("removing from one case touched another")
	}
}

// For an item not listed in Annex I, "is it a cyber-surveillance item
// (Art. 2(20))?" is a judgement recorded with its reason, not a bare box.
func TestItems_CyberSurveillanceNeedsAReason(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: "Monitoring software"}))
	for _, tc := range []struct {
		name       string
		cyber      bool
		reason     string
		wantErr    bool
		wantReason string
	}{
		{"marked without a reason", true, "  ", true, ""},
		{"marked with a reason", true, " Records the calls of chosen people covertly. ", false, "Records the calls of chosen people covertly."},
		{"not marked: a reason is not kept", false, "Not designed for surveillance.", false, ""},
		{"reason too long", true, strings.Repeat("é", 2001), true, ""},
		{"longest reason, counted in characters", true, strings.Repeat("é", 2000), false, strings.Repeat("é", 2000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := cases.ItemInput{Description: "Call recorder " + tc.name, Quantity: "1", Value: "10", Currency: "EUR", CyberSurveillance: tc.cyber, CyberReason: tc.reason}
			got, err := f.svc.AddItem(f.manager, c.ID, c.Version, in)
			if tc.wantErr {
				if apperr.FieldsOf(err)["cyber_reason"] == "" {
					t.Fatalf("want a message for cyber_reason, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err, apperr.FieldsOf(err))
			}
			c = got
			it := c.Items[len(c.Items)-1]
			if it.CyberSurveillance != tc.cyber || it.CyberReason != tc.wantReason {
				t.Errorf("stored %v %q, want %v %q", it.CyberSurveillance, it.CyberReason, tc.cyber, tc.wantReason)
			}
		})
	}
}

func TestItems_SubjectToUSRulesNeedsAnECCN(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: "Routers with US content"}))
	before := c.ContentHash
	for _, tc := range []struct {
		name     string
		us       bool
		eccn     string
		wantErr  bool
		wantECCN string
	}{
		{"ticked without an ECCN", true, " ", true, ""},
		{"an ECCN without the tick", false, "5A002", true, ""},
		{"not an ECCN", true, "5X002", true, ""},
		{"too short", true, "5A02", true, ""},
		{"written as the list writes it", true, " 5a002.A.1 ", false, "5A002.a.1"},
		{"EAR99", true, "ear99", false, "EAR99"},
		{"neither", false, "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := cases.ItemInput{Description: "Router " + tc.name, Quantity: "1", Value: "10", Currency: "EUR", SubjectToUS: tc.us, ECCN: tc.eccn}
			got, err := f.svc.AddItem(f.manager, c.ID, c.Version, in)
			if tc.wantErr {
				if apperr.FieldsOf(err)["eccn"] == "" {
					t.Fatalf("want a message for eccn, got %v", err)
				}
				if now := f.ok(f.svc.Get(f.manager, c.ID)); len(now.Items) != len(c.Items) {
					t.Errorf("a refused item was stored")
				}
				return
			}
			if err != nil {
				t.Fatal(err, apperr.FieldsOf(err))
			}
			c = got
			it := c.Items[len(c.Items)-1]
			if it.SubjectToUS != tc.us || it.ECCN != tc.wantECCN {
				t.Errorf("stored %v %q, want %v %q", it.SubjectToUS, it.ECCN, tc.us, tc.wantECCN)
			}
		})
	}
	if c.ContentHash == before {
		t.Errorf("the content hash did not change with the items")
	}
}

func TestItems_ValidationKeepsExactNumbers(t *testing.T) {
	f := setup(t)
	c := f.ok(f.svc.Create(f.manager, cases.Input{Title: "Items"}))
	_, err := f.svc.AddItem(f.manager, c.ID, c.Version, cases.ItemInput{Description: "", Quantity: "0", Value: "1.234", Currency: "euro"})
	for _, field := range []string{"description", "quantity", "value", "currency"} {
		if apperr.FieldsOf(err)[field] == "" {
			t.Errorf("no message for %s: %v", field, err)
		}
	}
	c = f.ok(f.svc.AddItem(f.manager, c.ID, c.Version, cases.ItemInput{Description: "Cable", Quantity: "1,000.5", Unit: "m", Value: "0.10", Currency: "usd", CyberSurveillance: true,
		CyberReason: "Its firmware taps the traffic of named subscribers."}))
	it := c.Items[0]
	if it.QuantityMilli != 1000500 || it.ValueMinor != 10 || it.Currency != "USD" || !it.CyberSurveillance {
		t.Errorf("item %+v", it)
	}
	c = f.ok(f.svc.RemoveItem(f.manager, c.ID, c.Version, it.ID, "Entered twice."))
	if len(c.Items) != 0 {
		t.Error("not removed")
	}
}

func TestAttachments_SupersedeNeverDelete(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc)
	first := c.Attachments[0]
	c = f.ok(f.svc.AddAttachment(f.manager, c.ID, c.Version, "end_use_statement",
		cases.Document{SHA256: strings.Repeat("cd", 32), Size: 11, ContentType: "application/pdf", Filename: "eus-signed.pdf"}, first.ID))
	if len(c.Attachments) != 2 || c.Attachments[0].Current() || !c.Attachments[1].Current() {
		t.Fatalf("attachments %+v", c.Attachments)
	}
	_, err := f.svc.AddAttachment(f.manager, c.ID, c.Version, "contract", cases.Document{SHA256: strings.Repeat("ef", 32), Filename: "x.pdf"}, first.ID)
	codeIs(t, err, apperr.Invalid)
	_, err = f.svc.AddAttachment(f.manager, c.ID, c.Version, "selfie", cases.Document{SHA256: strings.Repeat("ef", 32), Filename: "x.pdf"}, "")
	codeIs(t, err, apperr.Invalid)
	if a, err := f.svc.Attachment(f.auditor, c.ID, first.ID); err != nil || a.Filename != "eus.pdf" {
		t.Errorf("superseded document not retrievable: %v", err)
	}
	_, err = f.svc.Attachment(f.staff, c.ID, first.ID)
	codeIs(t, err, apperr.Forbidden)
}

func TestList_FiltersCountsAndPages(t *testing.T) {
	f := setup(t)
	a := f.submitted(t)
	f.ok(f.svc.Create(f.manager2, cases.Input{Title: "Spare parts for Lyon", Destination: "FR"}))
	for i := range 3 {
		f.ok(f.svc.Create(f.manager, cases.Input{Title: fmt.Sprint("Draft ", i)}))
	}
	tests := []struct {
		name   string
		filter cases.Filter
		total  int64
		rows   int
	}{
		{"all", cases.Filter{}, 5, 5},
		{"status", cases.Filter{Status: cases.Submitted}, 1, 1},
		{"destination", cases.Filter{Destination: "fr"}, 1, 1},
		{"party name", cases.Filter{Query: "acme networks"}, 1, 1},
		{"reference", cases.Filter{Query: a.Reference}, 1, 1},
		{"title", cases.Filter{Query: "LYON"}, 1, 1},
		{"page 2 of 2", cases.Filter{PageSize: 3, Page: 2}, 5, 2},
		{"a page beyond the last is the last", cases.Filter{PageSize: 3, Page: 1 << 62}, 5, 2},
		{"search text at the limit", cases.Filter{Query: strings.Repeat("x", db.MaxSearch)}, 0, 0},
		{"wildcards are literal", cases.Filter{Query: "%"}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := f.svc.List(f.auditor, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != tc.total || len(l.Rows) != tc.rows {
				t.Errorf("total %d rows %d, want %d and %d", l.Total, len(l.Rows), tc.total, tc.rows)
			}
		})
	}
	l, _ := f.svc.List(f.auditor, cases.Filter{Status: cases.Draft})
	if l.Counts[cases.Draft] != 4 || l.Counts[cases.Submitted] != 1 {
		t.Errorf("counts %v", l.Counts)
	}
	if l.Rows[0].OwnerName == "" {
		t.Error("owner name missing")
	}
	_, err := f.svc.List(f.staff, cases.Filter{})
	codeIs(t, err, apperr.Forbidden)
}

func TestSearch_TextBeyondTheLimitIsInvalid(t *testing.T) {
	f := setup(t)
	long := strings.Repeat("é", 50_000) // SQLite refuses LIKE patterns of this size
	_, err := f.svc.List(f.auditor, cases.Filter{Query: long})
	codeIs(t, err, apperr.Invalid)
	if apperr.FieldsOf(err)["q"] == "" {
		t.Errorf("case list: %v, want the q field named", err)
	}
	_, err = f.svc.SearchParties(f.manager, long, 8)
	codeIs(t, err, apperr.Invalid)
	if found, err := f.svc.SearchParties(f.manager, strings.Repeat("x", db.MaxSearch), 8); err != nil || len(found) != 0 {
		t.Errorf("party search at the limit: %v, %v", found, err)
	}
}
