package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// officialSDN returns three entries of the real OFAC SDN list, in its
// legacy CSV layout, with one alias.
func officialSDN() []watchlist.File {
	return []watchlist.File{
		{Name: "sdn.csv", R: strings.NewReader(`306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."
10278,"LOGAN MOREY, Elvis Angus","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 28 Jul 1963; POB Toledo District, Belize; Passport P0017003 (Belize)."
11195,"IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY",-0- ,"NPWMD] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Registration Number 26740 (Iran)."
`)},
		{Name: "alt.csv", R: strings.NewReader(`306,219,"aka","BNC",-0- 
`)},
	}
}

// TestSeedScreening_KeepsTheOfficialListInUse seeds the demonstration list
// into a database whose real OFAC SDN list was imported first, as a demo
// start on such a database does: the real version stays the one in use.
func TestSeedScreening_KeepsTheOfficialListInUse(t *testing.T) {
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
	if err := demo.SeedScreening(ctx, d, cs, scr); err != nil {
		t.Fatal(err)
	}

	versions, err := scr.Lists.Versions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[watchlist.Source][]screening.Version{}
	for _, v := range versions {
		bySource[v.Source] = append(bySource[v.Source], v)
	}
	if sdn := bySource[watchlist.OFACSDN]; len(sdn) != 1 || sdn[0].ID != real.ID || !sdn[0].Active || sdn[0].EntryCount != 3 {
		t.Errorf("OFAC SDN versions %+v, want only the real one, in use, with 3 entries", sdn)
	}
	dm := bySource[watchlist.Demo]
	if len(dm) != 1 || !dm[0].Active || dm[0].EntryCount != 10 || len(bySource) != 2 {
		t.Fatalf("versions by list %+v, want one demonstration version of 10 entries beside OFAC SDN", bySource)
	}
	if got := dm[0].Source.Label(); got != "Demonstration list — fictitious entries" {
		t.Errorf("the demonstration list is labelled %q", got)
	}

	// Screening uses both, each entry under its own list.
	snap := scr.Current()
	if sdn := snap.VersionOf(watchlist.OFACSDN); sdn == nil || sdn.ID != real.ID {
		t.Errorf("OFAC SDN in use: %+v", sdn)
	}
	if v := snap.VersionOf(watchlist.Demo); v == nil || v.ID != dm[0].ID {
		t.Errorf("demonstration list in use: %+v", v)
	}
	for name, want := range map[string]watchlist.Source{"Banco Nacional de Cuba": watchlist.OFACSDN, "Northstar Signal Trading": watchlist.Demo} {
		if hits := scr.Match(matching.Query{Name: name}, 1, 0).Hits; len(hits) != 1 || hits[0].Entry.Source != want {
			t.Errorf("%s: hits %+v, want one on %s", name, hits, want)
		}
	}
	open, err := scr.Undecided(ctx, 5)
	if err != nil || len(open) != 1 || open[0].Open != 1 {
		t.Fatalf("open hits of the example %+v, %v", open, err)
	}
	var hitSources []string
	if err := d.Gorm.Table("screening_hits").Distinct("source").Pluck("source", &hitSources).Error; err != nil {
		t.Fatal(err)
	}
	if len(hitSources) != 1 || hitSources[0] != string(watchlist.Demo) {
		t.Errorf("the example's hits are on %v, want demo only", hitSources)
	}
	imports, err := audit.List(ctx, d.Gorm, audit.Filter{Action: "lists.import"})
	if err != nil || len(imports) != 2 || !strings.HasPrefix(imports[0].Summary, "Imported Demonstration list — fictitious entries: 10 entries") {
		t.Errorf("import events %+v, %v", imports, err)
	}
}
