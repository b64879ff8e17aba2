package demo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

func seeded(t *testing.T, n int) (*db.DB, *cases.Service) {
	t.Helper()
	d := testutil.NewDB(t)
	if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	got, err := demo.SeedCases(context.Background(), d, n, d.Now(), nil)
	if err != nil || got != n {
		t.Fatalf("SeedCases(%d) = %d, %v", n, got, err)
	}
	return d, cases.NewService(d)
}

func TestSeedCases(t *testing.T) {
	d, svc := seeded(t, 300)
	ctx := context.Background()
	auditor := testutil.SignedIn(t, d, "auditor@example.com")
	year := d.Now().Year()

	var all []cases.Record
	if err := d.Gorm.Order("reference").Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	if len(all) != 300 {
		t.Fatalf("%d cases, want 300", len(all))
	}
	for i, c := range all {
		if want := fmt.Sprintf("EXP-%d-%05d", year, i+1); c.Reference != want {
			t.Fatalf("reference %d is %s, want %s", i, c.Reference, want)
		}
	}
	next, err := svc.Create(testutil.SignedIn(t, d, "manager@example.com"), cases.Input{Title: "After the seed"})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("EXP-%d-00301", year); next.Reference != want {
		t.Errorf("next case is %s, want %s", next.Reference, want)
	}

	// Every stage of the life cycle, each consistent with its rows.
	statuses := map[cases.Status]int{}
	for _, c := range all {
		statuses[c.Status]++
		f, err := svc.Get(auditor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(f.Parties); n < 2 || n > 4 {
			t.Errorf("%s has %d parties", c.Reference, n)
		}
		if n := len(f.Items); n < 1 || n > 5 {
			t.Errorf("%s has %d items", c.Reference, n)
		}
		for _, p := range f.Parties {
			if p.Party.SearchName != reference.Fold(p.Party.Name) {
				t.Errorf("party %q has search name %q", p.Party.Name, p.Party.SearchName)
			}
		}
		checks, err := svc.Readiness(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		switch c.Status {
		case cases.Draft:
			if f.SubmittedAt != nil || f.DecidedAt != nil || len(f.SignOffs) > 0 || len(f.Attachments) > 0 {
				t.Errorf("draft %s has submission, decision, sign-offs or documents", c.Reference)
			}
			continue
		case cases.Submitted:
			if f.SubmittedAt == nil || f.DecidedAt != nil || len(f.SignOffs) > 0 {
				t.Errorf("submitted %s: %+v", c.Reference, f.Record)
			}
		default:
			if f.SubmittedAt == nil || f.DecidedAt == nil || f.SubmittedAt.After(*f.DecidedAt) || f.DecidedAt.After(f.UpdatedAt) {
				t.Errorf("%s %s has times submitted %v, decided %v, updated %v", f.Status, c.Reference, f.SubmittedAt, f.DecidedAt, f.UpdatedAt)
			}
		}
		if !cases.Ready(checks) {
			t.Errorf("%s %s is not ready: %+v", c.Status, c.Reference, checks)
		}
		if f.CreatedAt.After(*f.SubmittedAt) || f.UpdatedAt.After(d.Now()) {
			t.Errorf("%s: created %v, submitted %v, updated %v", c.Reference, f.CreatedAt, f.SubmittedAt, f.UpdatedAt)
		}
		if c.Status == cases.Approved || c.Status == cases.Closed {
			valid := f.ValidApprovals()
			people := map[string]bool{}
			officer := false
			for _, a := range valid {
				people[a.UserID] = true
				officer = officer || a.Role == string(auth.RoleComplianceOfficer)
				if a.UserID == f.OwnerID {
					t.Errorf("%s approved by its owner", c.Reference)
				}
			}
			if len(people) < f.ApprovalsNeeded() || (f.ApprovalsNeeded() == 2 && !officer) {
				t.Errorf("%s (%s risk) has valid approvals %+v of %d sign-offs; content %s", c.Reference, f.RiskLevel, valid, len(f.SignOffs), f.ContentHash)
			}
		}
		if c.Status == cases.Rejected || c.Status == cases.OnHold {
			if len(f.SignOffs) != 1 || f.SignOffs[0].Comment == "" || f.SignOffs[0].UserID == f.OwnerID {
				t.Errorf("%s %s has sign-offs %+v", c.Status, c.Reference, f.SignOffs)
			}
		}
	}
	for _, st := range []cases.Status{cases.Draft, cases.Submitted, cases.OnHold, cases.Approved, cases.Rejected, cases.Closed} {
		if statuses[st] == 0 {
			t.Errorf("no %s case among %v", st, statuses)
		}
	}

	res, err := audit.Verify(ctx, d.Gorm)
	if err != nil || !res.Intact {
		t.Fatalf("audit verify: %v %v", res, err)
	}
	events, err := audit.List(ctx, d.Gorm, audit.Filter{Action: "demo.seed_cases"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].ActorEmail != auth.SystemName ||
		!strings.HasPrefix(events[0].Summary, fmt.Sprintf("Seeded 300 demonstration cases (EXP-%d-00001 … EXP-%d-00300)", year, year)) {
		t.Errorf("seed events %+v", events)
	}
}

func TestSeedCases_ListFilters(t *testing.T) {
	d, svc := seeded(t, 300)
	auditor := testutil.SignedIn(t, d, "auditor@example.com")
	list := func(f cases.Filter) *cases.List {
		t.Helper()
		f.PageSize = 200
		l, err := svc.List(auditor, f)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	count := func(where string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := d.Gorm.Table("cases").Where(where, args...).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}

	all := list(cases.Filter{})
	if all.Total != 300 || all.Pages() != 2 || len(all.Rows) != 200 {
		t.Fatalf("all: total %d, %d pages, %d rows", all.Total, all.Pages(), len(all.Rows))
	}
	for _, st := range cases.Statuses {
		if l := list(cases.Filter{Status: st}); l.Total != count("status = ?", st) || all.Counts[st] != l.Total {
			t.Errorf("status %s: total %d, count %d, db %d", st, l.Total, all.Counts[st], count("status = ?", st))
		}
	}
	de := list(cases.Filter{Destination: "de"})
	if de.Total == 0 || de.Total != count("destination = ?", "DE") {
		t.Errorf("destination DE: %d, db %d", de.Total, count("destination = ?", "DE"))
	}
	for _, r := range de.Rows {
		if r.Destination != "Germany" {
			t.Errorf("destination filter DE lists %s to %s", r.Reference, r.Destination)
		}
	}
	high := list(cases.Filter{Risk: "high", Status: cases.Approved})
	if high.Total == 0 || high.Total != count("risk_level = ? AND status = ?", "high", cases.Approved) {
		t.Errorf("approved high-risk: %d", high.Total)
	}
	var owner string
	d.Gorm.Table("users").Where("email = ?", "manager2@example.com").Pluck("id", &owner)
	if mine := list(cases.Filter{OwnerID: owner}); mine.Total == 0 || mine.Total == 300 || mine.Total != count("owner_id = ?", owner) {
		t.Errorf("owner filter: %d", mine.Total)
	}
	if ref := list(cases.Filter{Query: "-00042"}); ref.Total != 1 || !strings.HasSuffix(ref.Rows[0].Reference, "-00042") {
		t.Errorf("reference search: %+v", ref.Rows)
	}

	// A party's name, typed without its accents, finds the cases it is on.
	var p cases.Party
	if err := d.Gorm.Where("search_name <> LOWER(name) AND id IN (SELECT party_id FROM case_parties)").Order("name").Take(&p).Error; err != nil {
		t.Fatalf("no seeded party with accents on a case: %v", err)
	}
	words := strings.Fields(p.SearchName)
	byParty := list(cases.Filter{Query: words[0] + " " + words[1]})
	on := count("id IN (SELECT case_id FROM case_parties WHERE party_id = ?)", p.ID)
	if byParty.Total < on || on == 0 {
		t.Errorf("search %q for %q finds %d cases, it is on %d", words[0]+" "+words[1], p.Name, byParty.Total, on)
	}
	sorted := list(cases.Filter{Sort: "reference"})
	if !strings.HasSuffix(sorted.Rows[0].Reference, "-00300") {
		t.Errorf("reference order starts with %s", sorted.Rows[0].Reference)
	}
}

func TestSeedCases_ContinuesAndNeedsAnOwner(t *testing.T) {
	d, _ := seeded(t, 520) // two transactions
	year := d.Now().Year()
	if n, err := demo.SeedCases(context.Background(), d, 30, d.Now(), nil); err != nil || n != 30 {
		t.Fatalf("second seed: %d, %v", n, err)
	}
	var refs []string
	d.Gorm.Table("cases").Order("reference").Pluck("reference", &refs)
	if len(refs) != 550 || refs[549] != fmt.Sprintf("EXP-%d-00550", year) {
		t.Fatalf("%d cases, last %s", len(refs), refs[len(refs)-1])
	}
	events, _ := audit.List(context.Background(), d.Gorm, audit.Filter{Action: "demo.seed_cases"})
	if len(events) != 3 || !strings.Contains(events[0].Summary, "(EXP-") || !strings.Contains(events[1].Summary, fmt.Sprintf("00501 … EXP-%d-00520)", year)) {
		for _, e := range events {
			t.Log(e.Summary)
		}
		t.Errorf("%d seed events", len(events))
	}
	if res, err := audit.Verify(context.Background(), d.Gorm); err != nil || !res.Intact {
		t.Fatalf("audit verify: %v %v", res, err)
	}

	empty := testutil.NewDB(t)
	if _, err := demo.SeedCases(context.Background(), empty, 10, empty.Now(), nil); !errors.Is(err, demo.ErrNoExportManager) {
		t.Errorf("without users: %v", err)
	}
}

func TestSeedCases_WithAStoreDocumentsDownload(t *testing.T) {
	d := testutil.NewDB(t)
	if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	store, err := files.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedCases(context.Background(), d, 20, d.Now(), store); err != nil {
		t.Fatal(err)
	}
	var docs []cases.Attachment
	if err := d.Gorm.Find(&docs).Error; err != nil || len(docs) == 0 {
		t.Fatalf("%d documents, %v", len(docs), err)
	}
	for _, a := range docs {
		r, err := store.Open(a.SHA256)
		if err != nil {
			t.Fatalf("%s (%s): %v", a.Filename, a.Kind, err)
		}
		r.Close()
	}
	auditor := testutil.SignedIn(t, d, "auditor@example.com")
	svc := cases.NewService(d)
	if f, err := svc.Get(auditor, docs[0].CaseID); err != nil || len(f.Attachments) == 0 {
		t.Fatalf("case of a stored document: %v", err)
	}
}

func TestSeedLists_TheFictitiousListIsFound(t *testing.T) {
	d := testutil.NewDB(t)
	scr := screening.NewService(d)
	if err := demo.SeedLists(context.Background(), scr.Lists); err != nil {
		t.Fatal(err)
	}
	if _, err := scr.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	v := scr.Current().VersionOf(watchlist.Demo)
	if v == nil || v.EntryCount != 10 {
		t.Fatalf("version %+v", v)
	}
	res := scr.Match(matching.Query{Name: "North Star Signal Trading L.L.C."}, 5, 0)
	if len(res.Hits) == 0 || res.Hits[0].Entry.SourceID != "900001" {
		t.Errorf("hits %+v", res.Hits)
	}

	// The example case has a hit to decide.
	if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	cs := cases.NewService(d)
	scr.Attach(cs)
	if err := demo.SeedScreeningExample(context.Background(), d, cs); err != nil {
		t.Fatal(err)
	}
	open, err := scr.Undecided(context.Background(), 5)
	if err != nil || len(open) != 1 || open[0].Open != 1 {
		t.Errorf("open hits of the example %+v, %v", open, err)
	}
}

// The generator's seed is fixed: the same users, countries, time and number
// give the same cases, apart from their ids.
func TestSeedCases_SameSeedSameCases(t *testing.T) {
	now := time.Date(2026, 5, 20, 10, 30, 0, 0, time.UTC)
	seed := func() []string {
		d := testutil.NewDB(t)
		if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.SeedCases(context.Background(), d, 60, now, nil); err != nil {
			t.Fatal(err)
		}
		var rows []string
		err := d.Gorm.Raw(`SELECT c.reference || ' ' || c.status || ' ' || c.risk_level || ' ' || c.version || ' ' || c.title || ' ' ||
				(SELECT COUNT(*) FROM case_items i WHERE i.case_id = c.id) || ' ' || (SELECT COUNT(*) FROM case_signoffs s WHERE s.case_id = c.id) || ' ' ||
				(SELECT COALESCE(SUM(i.value_minor), 0) FROM case_items i WHERE i.case_id = c.id)
			FROM cases c ORDER BY c.reference`).Scan(&rows).Error
		if err != nil || len(rows) != 60 {
			t.Fatalf("%d cases, %v", len(rows), err)
		}
		return rows
	}
	first, second := seed(), seed()
	for i := range first {
		if first[i] != second[i] {
			t.Errorf("case %d differs:\n%s\n%s", i, first[i], second[i])
		}
	}
}

// Seeded cases meet the licence gates: every item is a product with a
// confirmed classification, the Art. 4 questions are answered before
// submission, and the demonstration licence covers what approved cases list.
func TestSeedCases_ItemsAreLicensed(t *testing.T) {
	app := testutil.NewApp(t)
	ctx := context.Background()
	if _, err := demo.SeedCases(ctx, app.DB, 120, app.DB.Now(), app.Files); err != nil {
		t.Fatal(err)
	}
	auditor := app.SignedIn(t, "auditor@example.com")
	classes := map[string]products.Classification{}
	var all []products.Classification
	if err := app.DB.Gorm.Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		classes[c.ID] = c
		if c.Status != products.Confirmed || c.AnsweredBy == nil || *c.AnsweredBy == c.ProposedBy || !strings.HasPrefix(c.Rationale, "Demonstration data") {
			t.Errorf("classification %+v", c)
		}
	}
	var records []cases.Record
	if err := app.DB.Gorm.Order("reference").Find(&records).Error; err != nil {
		t.Fatal(err)
	}
	drafts := map[int]int{} // drafts by number of Art. 4 answers
	settled := 0
	for _, r := range records {
		f, err := app.Cases.Get(auditor, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			c, ok := classes[deref(it.ClassificationID)]
			if it.ProductID == nil || !ok || c.ProductID != *it.ProductID || it.Classification != c.Text() {
				t.Errorf("%s: item %q is product %v, classification %q (%+v)", r.Reference, it.Description, it.ProductID, it.Classification, c)
			}
		}
		st, err := app.Licensing.ForCase(auditor, f)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == cases.Draft {
			drafts[len(st.Art4Records)]++
		} else if !st.Export.Art4.Complete() || st.Art4Records[0].AnsweredBy != f.OwnerID || !st.Art4Records[0].AnsweredAt.Before(*f.SubmittedAt) {
			t.Errorf("%s %s: Art. 4 answers %+v", r.Status, r.Reference, st.Art4Records)
		}
		if r.Status != cases.Approved {
			continue
		}
		settled++
		for _, d := range st.Determinations {
			if !d.Outcome.Settled() {
				t.Errorf("approved %s to %s: %q (%s) is %s: %v", r.Reference, f.DestinationCode(), d.Item.Description, d.Item.Classification, d.Outcome, d.Why)
			}
		}
	}
	if drafts[0] == 0 || drafts[3] == 0 || len(drafts) != 2 || settled == 0 {
		t.Errorf("drafts by Art. 4 answers %v, %d approved cases", drafts, settled)
	}
	licences, err := app.Licensing.Licences(auditor)
	if err != nil || len(licences) != 1 || !strings.Contains(licences[0].Authority, "not a real licence") || licences[0].ValidityWarning() != "" {
		t.Fatalf("licences %+v, %v", licences, err)
	}
	entries := slices.Sorted(slices.Values(licences[0].EntryCodes))
	if want := []string{"3A002.c", "5A001.j", "5A002.a", "5A004.b", "5D001.e", "5D002.c.1", "5D002.c.3.b"}; !slices.Equal(entries, want) {
		t.Errorf("the licence covers %v, want the catalogue's Annex I entries %v", entries, want)
	}
	if r, err := app.Files.Open(licences[0].DocSHA256); err != nil {
		t.Errorf("licence document: %v", err)
	} else {
		r.Close()
	}
}

// The catalogue keeps the Annex I entry of a product, or not listed with
// a US ECCN kept as such; a second seed reuses the products and the licence.
func TestSeedCases_CatalogueOnce(t *testing.T) {
	d, _ := seeded(t, 30)
	byName := func(name string) products.Classification {
		t.Helper()
		var c products.Classification
		if err := d.Gorm.Where("product_id = (SELECT id FROM products WHERE name = ?)", name).Take(&c).Error; err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return c
	}
	if c := byName("Deep packet inspection appliance, 200 Gbit/s"); c.EntryCode != "5A001.j" || !strings.Contains(c.Rationale, "5A002.a") {
		t.Errorf("DPI appliance: %+v", c)
	}
	if c := byName("Passive network probe, 4 × 100GbE"); c.EntryCode != "" || c.USECCN != "5A991.b" {
		t.Errorf("network probe: %+v", c)
	}
	if c := byName("Operator training"); c.EntryCode != "" || c.USECCN != "" {
		t.Errorf("training: %+v", c)
	}
	count := func(table string) (n int64) {
		d.Gorm.Table(table).Count(&n)
		return n
	}
	products, licences := count("products"), count("licences")
	if _, err := demo.SeedCases(context.Background(), d, 10, d.Now(), nil); err != nil {
		t.Fatal(err)
	}
	if count("products") != products || count("licences") != licences || licences != 1 {
		t.Errorf("after a second seed: %d products (were %d), %d licences (were %d)", count("products"), products, count("licences"), licences)
	}
	events, err := audit.List(context.Background(), d.Gorm, audit.Filter{Action: "demo.seed_products"})
	if err != nil || len(events) != 1 {
		t.Errorf("%d catalogue events, %v", len(events), err)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
