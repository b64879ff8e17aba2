package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/bench/screening/devset"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// importFullLists imports the full official lists of the shared data into
// scr and loads the index.
func importFullLists(tb testing.TB, scr *screening.Service) {
	tb.Helper()
	data := testutil.SanctionsData(tb)
	ctx := auth.AsSystem(context.Background())
	for _, l := range devset.FullLists {
		files, closeFiles, err := l.Open(data)
		if err != nil {
			tb.Fatal(err)
		}
		defer closeFiles()
		if _, _, err := scr.Lists.Import(ctx, l.Source, watchlist.ParserFor(l.Source), files); err != nil {
			tb.Fatalf("%s: %v", l.Source, err)
		}
	}
	if _, err := scr.Load(ctx); err != nil {
		tb.Fatal(err)
	}
}

// knownParties stores n parties: mostly ordinary companies and people, and
// one in fifty named after a listed entry, as a customer base that trades
// with a few listed names would look.
func knownParties(tb testing.TB, d *db.DB, scr *screening.Service, n int) {
	tb.Helper()
	a := testutil.NewAuth(d)
	u, err := a.Bootstrap(context.Background(), auth.NewUser{Email: "owner@example.com", Name: "Owner", Roles: []auth.Role{auth.RoleExportManager}, Password: "long enough password"})
	if err != nil {
		tb.Fatal(err)
	}
	listed := scr.Match(matching.Query{Name: "trading company"}, 200, 0.01).Hits
	first := []string{"Anna", "Marco", "Aylin", "Rajesh", "Fatima", "Jonas", "Chloé", "Wei", "Sofia", "Lars", "Priya", "Tomás", "Ingrid", "Kenji", "Amara", "Pavel"}
	last := []string{"Becker", "Rossi", "Yılmaz", "Sharma", "Haddad", "Dubois", "Tan", "Novak", "Lindqvist", "Okafor", "García", "Kowalski", "Sato", "Moreau", "Jensen", "Silva"}
	trade := []string{"Precision", "Optics", "Networks", "Logistics", "Instruments", "Systems", "Telecom", "Marine", "Aero", "Data", "Security", "Robotics"}
	forms := []string{"GmbH", "Ltd", "S.A.", "B.V.", "AB", "SpA", "Inc.", "Oy", "s.r.o.", "A/S"}
	now := d.Now()
	parties := make([]cases.Party, n)
	for i := range parties {
		var name, kind string
		switch {
		case i%50 == 0 && len(listed) > 0:
			name, kind = listed[(i/50)%len(listed)].MatchedName, "company"
		case i%3 == 0:
			name, kind = first[i%len(first)]+" "+last[(i/len(first))%len(last)], "person"
		default:
			name, kind = fmt.Sprintf("%s %s %s %d", last[i%len(last)], trade[(i/len(last))%len(trade)], forms[i%len(forms)], i), "company"
		}
		parties[i] = cases.Party{ID: db.NewID(), Name: name, SearchName: reference.Fold(name), Kind: kind, CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now}
	}
	if err := d.Gorm.CreateInBatches(parties, 500).Error; err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkRescreen10000Parties re-screens 10,000 known parties against all
// the official lists, as after an import; one op is one whole re-screening.
// The target is 20 s. Run it a few times:
//
//	go test -tags libsqlite3 -run '^$' -bench Rescreen -benchtime 1x -count 5 ./bench/
func BenchmarkRescreen10000Parties(b *testing.B) {
	d := testutil.NewDB(b)
	scr := screening.NewService(d)
	importFullLists(b, scr)
	knownParties(b, d, scr, 10000)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for b.Loop() {
		b.StopTimer()
		if err := d.Gorm.Exec("DELETE FROM screening_hits").Error; err != nil {
			b.Fatal(err)
		}
		if err := d.Gorm.Exec("DELETE FROM screenings").Error; err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		job, err := scr.StartRescreen(context.Background(), log)
		if err != nil || job == nil {
			b.Fatalf("no re-screening: %v", err)
		}
		scr.WaitRescreen()
		done, err := scr.Job(context.Background(), job.ID)
		if err != nil || done.Status != "done" || done.Done != 10000 {
			b.Fatalf("job %+v, %v", done, err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/rescreen")
		b.ReportMetric(float64(done.WithHits), "parties-with-hits")
	}
}

// BenchmarkLoadIndex builds the screening index from the database, as a
// server does at start-up and after an import: read every entry of the
// official lists, decode it and index it. The target is 1.5 s.
//
//	go test -tags libsqlite3 -run '^$' -bench LoadIndex -count 5 ./bench/
func BenchmarkLoadIndex(b *testing.B) {
	d := testutil.NewDB(b)
	importFullLists(b, screening.NewService(d))
	for b.Loop() {
		scr := screening.NewService(d)
		if _, err := scr.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(scr.Current().Index.Entries()), "entries")
	}
}
