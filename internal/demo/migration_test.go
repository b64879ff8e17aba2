package demo_test

import (
	"context"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/migrations"
)

// reapply runs the migration version again on a database that has every
// migration: its Down (a no-op for data repairs) and its Up. The data it
// repairs is written first by the code of today, which needs today's schema.
func reapply(t *testing.T, d *db.DB, version int64) {
	t.Helper()
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		t.Fatal(err)
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == db.Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, sqlDB, migrations.FS, goose.WithGoMigrations(migrations.DialectMigrations(d.Dialect == db.Postgres)...))
	if err != nil {
		t.Fatal(err)
	}
	for _, up := range []bool{false, true} {
		if _, err := p.ApplyVersion(context.Background(), version, up); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigration_DemoListImportedAsOFACBecomesAListOfItsOwn: a database in
// which an earlier Vigil seeded the demonstration list as the OFAC SDN
// version in use, over the real one, gets the real one back in use, and the
// demonstration versions, hits and decisions move to the list of their own.
func TestMigration_DemoListImportedAsOFACBecomesAListOfItsOwn(t *testing.T) {
	ctx := context.Background()
	d := testutil.NewDB(t)
	scr := screening.NewService(d)
	cs := cases.NewService(d)
	scr.Attach(cs)
	system := auth.AsSystem(ctx)
	real, _, err := scr.Lists.Import(system, watchlist.OFACSDN, watchlist.ParserFor(watchlist.OFACSDN), officialSDN())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	// What the first demo start did before: the fictitious files as OFAC SDN.
	var files []watchlist.File
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		f, err := os.Open("lists/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files = append(files, watchlist.File{Name: "vigil-demo-" + name, R: f})
	}
	fake, _, err := scr.Lists.Import(system, watchlist.OFACSDN, watchlist.ParserFor(watchlist.OFACSDN), files)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scr.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedScreeningExample(ctx, d, cs); err != nil {
		t.Fatal(err)
	}
	var hit struct{ ID, CaseID string }
	if err := d.Gorm.Raw(`SELECT h.id, cp.case_id FROM screening_hits h JOIN case_parties cp ON cp.party_id = h.party_id
		WHERE h.source = ?`, watchlist.OFACSDN).Scan(&hit).Error; err != nil || hit.ID == "" {
		t.Fatalf("no hit on the demonstration entries filed as OFAC SDN: %v", err)
	}
	asOfficer := testutil.SignedIn(t, d, "officer@example.com")
	f, err := cs.Get(asOfficer, hit.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scr.Decide(asOfficer, f.ID, f.Version, hit.ID, screening.FalsePositive, "A fictitious entry."); err != nil {
		t.Fatal(err)
	}

	reapply(t, d, 12)
	versions, err := scr.Lists.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		switch v.ID {
		case real.ID:
			if v.Source != watchlist.OFACSDN || !v.Active {
				t.Errorf("the real OFAC SDN version: %s, in use %v; want OFAC SDN in use again", v.Source, v.Active)
			}
		case fake.ID:
			if v.Source != watchlist.Demo || !v.Active {
				t.Errorf("the demonstration version: %s, in use %v; want the demonstration list, in use", v.Source, v.Active)
			}
		default:
			t.Errorf("an unexpected version %+v", v)
		}
	}
	for table, want := range map[string]int64{"screening_hits": 1, "hit_decisions": 1} {
		var onDemo, onOFAC int64
		d.Gorm.Table(table).Where("source = ?", watchlist.Demo).Count(&onDemo)
		d.Gorm.Table(table).Where("source = ?", watchlist.OFACSDN).Count(&onOFAC)
		if onDemo != want || onOFAC != 0 {
			t.Errorf("%s: %d on the demonstration list and %d on OFAC SDN, want %d and 0", table, onDemo, onOFAC, want)
		}
	}
}
