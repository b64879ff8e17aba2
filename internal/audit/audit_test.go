package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)

func record(t *testing.T, d *db.DB, ctx context.Context, n int) {
	t.Helper()
	for i := range n {
		err := d.InTx(ctx, func(tx *gorm.DB) error {
			return audit.Record(ctx, tx, t0.Add(time.Duration(i)*time.Second), audit.Event{
				Action: "test.event", ObjectType: "thing", ObjectID: fmt.Sprint(i),
				Summary: fmt.Sprintf("event %d", i), Before: map[string]int{"n": i}, After: map[string]int{"n": i + 1}})
		})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
}

func actorCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{ID: "u1", Email: "olga@example.com", Role: "compliance_officer",
		RequestID: "req-1", ClientIP: "192.0.2.7"})
}

func TestRecord_StoresEveryFieldAndLinksTheChain(t *testing.T) {
	d := testutil.NewDB(t)
	record(t, d, actorCtx(), 3)
	var got []audit.Entry
	if err := d.Gorm.Order("seq").Find(&got).Error; err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d events, want 3", len(got))
	}
	e := got[1]
	want := audit.Entry{Seq: 2, OccurredAt: t0.Add(time.Second).Truncate(time.Microsecond), ActorID: "u1",
		ActorEmail: "olga@example.com", ActorRole: "compliance_officer", Action: "test.event", ObjectType: "thing",
		ObjectID: "1", Summary: "event 1", BeforeJSON: `{"n":1}`, AfterJSON: `{"n":2}`, RequestID: "req-1",
		ClientIP: "192.0.2.7", PrevHash: got[0].Hash}
	want.Hash = want.ComputeHash()
	e.OccurredAt = e.OccurredAt.UTC()
	if e != want {
		t.Errorf("stored event\n got %+v\nwant %+v", e, want)
	}
	if got[0].PrevHash != audit.GenesisHash {
		t.Errorf("first event links to %s, want genesis", got[0].PrevHash)
	}
	if got[2].PrevHash != got[1].Hash {
		t.Error("third event does not link to the second")
	}
}

func TestVerify_IntactChain(t *testing.T) {
	d := testutil.NewDB(t)
	res, err := audit.Verify(context.Background(), d.Gorm)
	if err != nil || !res.Intact || res.Events != 0 {
		t.Fatalf("empty chain: %+v, %v", res, err)
	}
	record(t, d, actorCtx(), 5)
	res, err = audit.Verify(context.Background(), d.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	var head string
	d.Gorm.Raw("SELECT hash FROM audit_events WHERE seq = 5").Scan(&head)
	if !res.Intact || res.Events != 5 || res.Head != head {
		t.Fatalf("got %+v, want intact with 5 events and head %s", res, head)
	}
	if want := "5 events, chain intact, head " + head; res.String() != want {
		t.Errorf("String() = %q, want %q", res.String(), want)
	}
}

func TestAuditEvents_DatabaseRefusesUpdateAndDelete(t *testing.T) {
	d := testutil.NewDB(t)
	record(t, d, actorCtx(), 2)
	for _, stmt := range []string{
		"UPDATE audit_events SET summary = 'changed' WHERE seq = 1",
		"DELETE FROM audit_events WHERE seq = 2",
	} {
		err := d.Gorm.Exec(stmt).Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", stmt, err)
		}
	}
	res, _ := audit.Verify(context.Background(), d.Gorm)
	if !res.Intact {
		t.Errorf("chain broken after refused changes: %s", res)
	}
}

// tamper changes the stored events behind the triggers' back, as someone
// with direct access to the database file or server could.
func tamper(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	drop, restore := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"}, []string(nil)
	if d.Dialect == db.Postgres {
		drop = []string{"ALTER TABLE audit_events DISABLE TRIGGER USER"}
		restore = []string{"ALTER TABLE audit_events ENABLE TRIGGER USER"}
	}
	for _, s := range append(append(drop, stmts...), restore...) {
		if err := d.Gorm.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestVerify_NamesFirstBrokenEvent(t *testing.T) {
	tests := []struct {
		name    string
		stmts   []string
		wantSeq int64
		reason  string
	}{
		{"changed summary", []string{"UPDATE audit_events SET summary = 'nothing happened' WHERE seq = 4"}, 4, "content"},
		{"changed actor", []string{"UPDATE audit_events SET actor_email = 'someone@else' WHERE seq = 2"}, 2, "content"},
		{"rehashed after change", []string{
			"UPDATE audit_events SET summary = 'x', hash = 'ffff' WHERE seq = 3"}, 3, "content"},
		{"removed from the middle", []string{"DELETE FROM audit_events WHERE seq = 3"}, 3, "missing"},
		{"removed from the end", []string{"DELETE FROM audit_events WHERE seq = 6"}, 6, "records 6 events"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testutil.NewDB(t)
			record(t, d, actorCtx(), 6)
			tamper(t, d, tc.stmts...)
			res, err := audit.Verify(context.Background(), d.Gorm)
			if err != nil {
				t.Fatal(err)
			}
			if res.Intact || res.BrokenSeq != tc.wantSeq || !strings.Contains(res.Reason, tc.reason) {
				t.Fatalf("got %+v, want broken at %d (%s)", res, tc.wantSeq, tc.reason)
			}
			if !strings.Contains(res.String(), fmt.Sprintf("broken at event %d", tc.wantSeq)) {
				t.Errorf("String() = %q does not name event %d", res.String(), tc.wantSeq)
			}
		})
	}
}

func TestVerify_ForgedSuccessorBreaksAtNextEvent(t *testing.T) {
	d := testutil.NewDB(t)
	record(t, d, actorCtx(), 4)
	// Rewrite event 2 consistently (its own hash recomputed): event 3 no longer links.
	var e audit.Entry
	d.Gorm.Where("seq = 2").Take(&e)
	e.Summary = "rewritten"
	e.OccurredAt = e.OccurredAt.UTC()
	tamper(t, d, fmt.Sprintf("UPDATE audit_events SET summary = 'rewritten', hash = '%s' WHERE seq = 2", e.ComputeHash()))
	res, _ := audit.Verify(context.Background(), d.Gorm)
	if res.Intact || res.BrokenSeq != 3 || !strings.Contains(res.Reason, "link") {
		t.Fatalf("got %+v, want broken link at 3", res)
	}
}

func TestRecord_ConcurrentAppendsNeverFork(t *testing.T) {
	d := testutil.NewDB(t)
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := audit.WithActor(context.Background(), audit.Actor{ID: fmt.Sprint(w)})
			for i := range each {
				errs <- d.InTx(ctx, func(tx *gorm.DB) error {
					return audit.Record(ctx, tx, time.Now(), audit.Event{Action: "test.concurrent", Summary: fmt.Sprint(w, i)})
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := audit.Verify(context.Background(), d.Gorm)
	if err != nil || !res.Intact || res.Events != writers*each {
		t.Fatalf("got %+v, %v; want intact with %d events", res, err, writers*each)
	}
}

// TestVerify_WhileEventsAreAppended verifies a live chain: events that
// arrive during a verification are not part of it, and never reported as
// stored beyond the chain.
func TestVerify_WhileEventsAreAppended(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := actorCtx()
	record := func(i int) error {
		return d.InTx(ctx, func(tx *gorm.DB) error {
			return audit.Record(ctx, tx, time.Now(), audit.Event{Action: "test.live", Summary: fmt.Sprint(i)})
		})
	}
	for i := range 3000 {
		if err := record(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				written <- nil
				return
			default:
			}
			if err := record(i); err != nil {
				written <- err
				return
			}
		}
	}()
	for range 20 {
		res, err := audit.Verify(context.Background(), d.Gorm)
		if err != nil || !res.Intact || res.Events < 3000 {
			close(stop)
			t.Fatalf("verified %+v, %v while events were appended; want intact", res, err)
		}
	}
	close(stop)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
}

func TestRecord_RollsBackWithTheChange(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := actorCtx()
	_ = d.InTx(ctx, func(tx *gorm.DB) error {
		if err := audit.Record(ctx, tx, t0, audit.Event{Action: "test.rollback"}); err != nil {
			return err
		}
		return fmt.Errorf("the change failed")
	})
	record(t, d, ctx, 1)
	res, _ := audit.Verify(context.Background(), d.Gorm)
	if !res.Intact || res.Events != 1 {
		t.Fatalf("got %+v, want one intact event", res)
	}
}

func TestList_FiltersAndPages(t *testing.T) {
	d := testutil.NewDB(t)
	record(t, d, actorCtx(), 5)
	ctx := context.Background()
	tests := []struct {
		name string
		f    audit.Filter
		want []int64
	}{
		{"all newest first", audit.Filter{}, []int64{5, 4, 3, 2, 1}},
		{"page", audit.Filter{BeforeSeq: 4, Limit: 2}, []int64{3, 2}},
		{"object", audit.Filter{ObjectType: "thing", ObjectID: "2"}, []int64{3}},
		{"action prefix", audit.Filter{Action: "test."}, []int64{5, 4, 3, 2, 1}},
		{"action prefix is not a pattern", audit.Filter{Action: "test%"}, nil},
		{"query on summary", audit.Filter{Query: "EVENT 4"}, []int64{5}},
		{"query on actor", audit.Filter{Query: "olga@", Limit: 1}, []int64{5}},
		{"actor", audit.Filter{ActorID: "nobody"}, nil},
		{"query at the search limit", audit.Filter{Query: strings.Repeat("x", db.MaxSearch)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := audit.List(ctx, d.Gorm, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var seqs []int64
			for _, e := range got {
				seqs = append(seqs, e.Seq)
			}
			if fmt.Sprint(seqs) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", seqs, tc.want)
			}
			lines, err := audit.Lines(ctx, d.Gorm, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			for i := range lines {
				if want := got[i].Line(); lines[i] != want {
					t.Errorf("line %d = %+v, want %+v", i, lines[i], want)
				}
			}
			if len(lines) != len(got) {
				t.Errorf("%d lines for %d events", len(lines), len(got))
			}
		})
	}
}

func TestLines_SayWhetherAnEventChangedSomething(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := actorCtx()
	for _, ev := range []audit.Event{
		{Action: "test.read", Summary: "looked"},
		{Action: "test.create", Summary: "created", After: map[string]string{"state": "draft"}},
		{Action: "test.delete", Summary: "removed", Before: map[string]string{"state": "draft"}},
	} {
		if err := d.InTx(ctx, func(tx *gorm.DB) error { return audit.Record(ctx, tx, t0, ev) }); err != nil {
			t.Fatal(err)
		}
	}
	lines, err := audit.Lines(context.Background(), d.Gorm, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var changed []bool
	for _, l := range lines {
		changed = append(changed, l.Changed)
	}
	if fmt.Sprint(changed) != "[true true false]" { // newest first
		t.Errorf("changed = %v, want [true true false]", changed)
	}
}

func TestList_SearchTextBeyondTheLimitIsInvalid(t *testing.T) {
	d := testutil.NewDB(t)
	long := strings.Repeat("x", 50_000)
	for _, f := range []audit.Filter{{Query: long}, {Action: long}} {
		if _, err := audit.List(context.Background(), d.Gorm, f); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%.20v…: %v, want Invalid", f, err)
		}
	}
}

func TestRecord_CutsRequestDataInObjectAndSummary(t *testing.T) {
	d := testutil.NewDB(t)
	ctx := actorCtx()
	long := strings.Repeat("é", 100_000) // two bytes a character: the cut counts characters
	err := d.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, t0, audit.Event{Action: "access.denied", ObjectType: "route", ObjectID: "GET /" + long,
			Summary: "Refused GET /" + long})
	})
	if err != nil {
		t.Fatal(err)
	}
	var e audit.Entry
	if err := d.Gorm.Take(&e).Error; err != nil {
		t.Fatal(err)
	}
	for field, got := range map[string]string{"object": e.ObjectID, "summary": e.Summary} {
		kept, mark, ok := strings.Cut(got, "… [cut, ")
		if !ok || utf8.RuneCountInString(kept) != audit.MaxText || !strings.HasSuffix(mark, "characters in all]") {
			t.Errorf("%s stored as %d characters: %.40q…%.60q", field, utf8.RuneCountInString(got), got, got[max(0, len(got)-60):])
		}
	}
	if short := audit.Cut("GET /cases"); short != "GET /cases" {
		t.Errorf("a short text was changed to %q", short)
	}
	if res, err := audit.Verify(ctx, d.Gorm); err != nil || !res.Intact {
		t.Errorf("chain after a cut event: %+v, %v", res, err)
	}
}

func TestService_ReadsOnlyForThoseItsCheckAllows(t *testing.T) {
	d := testutil.NewDB(t)
	record(t, d, actorCtx(), 3)
	type reader struct{}
	svc := audit.NewService(d, func(ctx context.Context) error {
		if ctx.Value(reader{}) == nil {
			return apperr.New(apperr.Forbidden, "Reading the audit trail is for auditors.")
		}
		return nil
	})
	refused := context.Background()
	if _, err := svc.List(refused, audit.Filter{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("List: %v, want the check's Forbidden", err)
	}
	if _, err := svc.Verify(refused); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("Verify: %v, want the check's Forbidden", err)
	}
	if _, _, err := svc.Head(refused); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("Head: %v, want the check's Forbidden", err)
	}

	allowed := context.WithValue(context.Background(), reader{}, true)
	if es, err := svc.List(allowed, audit.Filter{Limit: 2}); err != nil || len(es) != 2 || es[0].Seq != 3 {
		t.Errorf("List: %+v, %v; want the newest 2 events", es, err)
	}
	if res, err := svc.Verify(allowed); err != nil || !res.Intact || res.Events != 3 {
		t.Errorf("Verify: %v, %v", res, err)
	}
	if n, last, err := svc.Head(allowed); err != nil || n != 3 || !last.Equal(t0.Add(2*time.Second).Truncate(time.Microsecond)) {
		t.Errorf("Head: %d, %v, %v", n, last, err)
	}
}

func TestService_OwnIsTheCallersEventsOnlyAndNeedsNoReadPermission(t *testing.T) {
	d := testutil.NewDB(t)
	other := audit.WithActor(context.Background(), audit.Actor{ID: "u2", Email: "sam@example.com", Role: "staff"})
	record(t, d, actorCtx(), 3)
	record(t, d, other, 2)
	refuseAll := func(context.Context) error { return apperr.New(apperr.Forbidden, "no") }
	svc := audit.NewService(d, refuseAll)

	own, err := svc.Own(other, 10)
	if err != nil || len(own) != 2 || own[0].ActorID != "u2" || own[1].ActorID != "u2" || own[0].Seq < own[1].Seq {
		t.Fatalf("Own of u2: %+v, %v; want u2's two events, newest first", own, err)
	}
	if one, _ := svc.Own(actorCtx(), 1); len(one) != 1 || one[0].ActorID != "u1" {
		t.Errorf("Own of u1 with limit 1: %+v", one)
	}
	if none, err := svc.Own(context.Background(), 10); err != nil || len(none) != 0 {
		t.Errorf("Own without an actor: %+v, %v; want nothing", none, err)
	}
	if _, err := svc.List(other, audit.Filter{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("List without the read permission: %v, want Forbidden", err)
	}
}

func TestDays_BoundAPeriodOfWholeDays(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		from, to   string
		start, end time.Time
		bad        string
	}{
		{"", "", time.Time{}, time.Time{}, ""},
		{"2026-03-01", "", day("2026-03-01"), time.Time{}, ""},
		{"", "2026-03-31", time.Time{}, day("2026-04-01"), ""},
		{"2026-12-31", "2026-12-31", day("2026-12-31"), day("2027-01-01"), ""},
		{"March", "2026-03-31", time.Time{}, time.Time{}, "from"},
		{"2026-03-01", "2026-02-30", day("2026-03-01"), time.Time{}, "to"},
	} {
		start, end, bad := audit.Days(tc.from, tc.to)
		if !start.Equal(tc.start) || !end.Equal(tc.end) || bad != tc.bad {
			t.Errorf("Days(%q, %q) = %v, %v, %q; want %v, %v, %q", tc.from, tc.to, start, end, bad, tc.start, tc.end, tc.bad)
		}
	}
}
