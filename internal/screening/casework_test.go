package screening_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// casework is a database with the case and screening services joined as the
// server joins them, and signed-in people.
type casework struct {
	t                          *testing.T
	db                         *db.DB
	cases                      *cases.Service
	scr                        *screening.Service
	manager, manager2, officer context.Context
	officer2                   context.Context // a second compliance officer
	admin, staff, auditor      context.Context
}

func newCasework(t *testing.T, list string) *casework {
	t.Helper()
	return newCaseworkOn(t, testutil.NewDB(t), list)
}

// newCaseworkOn is newCasework on the migrated database d.
func newCaseworkOn(t *testing.T, d *db.DB, list string) *casework {
	t.Helper()
	w := &casework{t: t, db: d, cases: cases.NewService(d), scr: screening.NewService(d)}
	w.scr.Attach(w.cases)
	t.Cleanup(w.scr.WaitRescreen)
	w.manager = testutil.NewUser(t, d, "manager@example.com", "Max Manager", auth.RoleExportManager)
	w.manager2 = testutil.NewUser(t, d, "manager2@example.com", "Mia Manager", auth.RoleExportManager)
	w.officer = testutil.NewUser(t, d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	w.officer2 = testutil.NewUser(t, d, "officer2@example.com", "Otto Officer", auth.RoleComplianceOfficer)
	w.admin = testutil.NewUser(t, d, "admin@example.com", "Ada Admin", auth.RoleAdmin)
	w.staff = testutil.NewUser(t, d, "staff@example.com", "Sam Staff", auth.RoleStaff)
	w.auditor = testutil.NewUser(t, d, "auditor@example.com", "Aude Auditor", auth.RoleAuditor)
	w.requireOnly(watchlist.UN)
	if list != "" {
		w.importList(list)
	}
	return w
}

// requireOnly sets a list policy that requires src alone, at most 7 days
// old: the lists these tests import.
func (w *casework) requireOnly(src watchlist.Source) {
	w.t.Helper()
	var in []screening.RuleInput
	for _, s := range watchlist.Sources {
		req := screening.Optional
		if s == src {
			req = screening.Required
		}
		in = append(in, screening.RuleInput{Source: s, Requirement: string(req), MaxAgeDays: "7"})
	}
	if _, err := w.scr.Lists.SetPolicy(w.officer, in); err != nil {
		w.t.Fatal(err)
	}
}

// importList imports "id|kind|name" lines as the UN list and re-screens as
// the server does after an import.
func (w *casework) importList(list string) *screening.Job {
	w.t.Helper()
	if _, _, err := w.scr.Lists.Import(w.admin, watchlist.UN, lineParser, file("un.txt", list)); err != nil {
		w.t.Fatal(err)
	}
	job, err := w.scr.Refresh(w.admin, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		w.t.Fatal(err)
	}
	w.scr.WaitRescreen()
	return job
}

func (w *casework) ok(f *cases.Case, err error) *cases.Case {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
	return f
}

// draft opens a case with a consignee and an end user named as given.
func (w *casework) draft(consignee, endUser string) *cases.Case {
	w.t.Helper()
	c := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Probes", Destination: "DE"}))
	c = w.ok(w.cases.AddParty(w.manager, c.ID, c.Version, cases.PartyInput{Role: "consignee", Name: consignee, Kind: "company", Country: "DE"}))
	return w.ok(w.cases.AddParty(w.manager, c.ID, c.Version, cases.PartyInput{Role: "end_user", Name: endUser, Kind: "company", Country: "DE"}))
}

// endUserOnNewCase opens a new case, as another manager, with c's end user.
func (w *casework) endUserOnNewCase(c *cases.Case) *cases.Case {
	w.t.Helper()
	var partyID string
	for _, p := range c.Parties {
		if p.Role == "end_user" {
			partyID = p.PartyID
		}
	}
	c2 := w.ok(w.cases.Create(w.manager2, cases.Input{Title: "Second order"}))
	return w.ok(w.cases.AddParty(w.manager2, c2.ID, c2.Version, cases.PartyInput{Role: "end_user", PartyID: partyID}))
}

func (w *casework) gate(c *cases.Case) cases.Check {
	w.t.Helper()
	check, err := w.scr.Gate(w.manager, c)
	if err != nil {
		w.t.Fatal(err)
	}
	return check
}

func (w *casework) state(c *cases.Case) *screening.CaseState {
	w.t.Helper()
	st, err := w.scr.ForCase(w.manager, c)
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// openHit returns the one undecided hit of the case.
func (w *casework) openHit(c *cases.Case) screening.PartyHit {
	w.t.Helper()
	var open []screening.PartyHit
	for _, ps := range w.state(c).Parties {
		for _, h := range ps.Hits {
			if h.Status == screening.Undecided {
				open = append(open, h)
			}
		}
	}
	if len(open) != 1 {
		w.t.Fatalf("open hits %+v, want one", open)
	}
	return open[0]
}

const unList = "1|entity|AEROCARIBBEAN AIRLINES\n2|entity|FRONT COMPANY LIMITED\n3|individual|JOHN DARK"

func TestCaseScreening_HitDecidedFalsePositiveIsRemembered(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Front Company Ltd")
	hit := w.openHit(c)
	if hit.Source != watchlist.UN || hit.SourceID != "2" || hit.VersionID == "" || hit.EntryHash == "" || !strings.Contains(hit.Explanation, "front") {
		t.Errorf("hit %+v", hit)
	}
	if g := w.gate(c); g.OK || !strings.Contains(g.Why, "Decide the open screening hit") {
		t.Errorf("gate %+v", g)
	}

	// The opener may not decide; a reason is required; an officer decides.
	_, err := w.scr.Decide(w.manager, c.ID, c.Version, hit.ID, screening.FalsePositive, "Different company")
	if apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("opener decided: %v", err)
	}
	_, err = w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.FalsePositive, "  ")
	if apperr.FieldsOf(err)["reason"] == "" {
		t.Fatalf("no reason: %v", err)
	}
	if open, err := w.scr.Undecided(w.officer, 10); err != nil || len(open) != 1 || open[0].CaseID != c.ID || open[0].Open != 1 {
		t.Errorf("work list %+v, %v", open, err)
	}
	c = w.ok(w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.FalsePositive, "Registered in Hamburg since 1990; the listed front company is in Pyongyang."))
	if open, err := w.scr.Undecided(w.officer, 10); err != nil || len(open) != 0 {
		t.Errorf("work list after the decision %+v, %v", open, err)
	}
	if g := w.gate(c); !g.OK {
		t.Errorf("gate after decision %+v", g)
	}
	full := w.ok(w.cases.Get(w.officer, c.ID))
	last := full.Timeline[len(full.Timeline)-1]
	if last.Action != "screening.decide" || !strings.Contains(last.Summary, "false positive") || !strings.Contains(last.Summary, "Hamburg") {
		t.Errorf("timeline ends with %s: %s", last.Action, last.Summary)
	}

	// The same party on a new case is not asked again.
	c2 := w.endUserOnNewCase(c)
	st := w.state(c2)
	if len(st.Parties) != 1 || len(st.Parties[0].Hits) != 1 || st.Parties[0].Hits[0].Status != screening.ClearedHit {
		t.Errorf("second case %+v", st.Parties[0])
	}
	if g := w.gate(c2); !g.OK {
		t.Errorf("second case gate %+v", g)
	}
}

func TestCaseScreening_ChangedEntryRaisesAlarmAndReScreensEveryParty(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Front Company Ltd")
	hit := w.openHit(c)
	c = w.ok(w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.FalsePositive, "Different company, other country."))

	// A new version: entry 2 renamed (changed), 3 gone, 4 new and like the consignee.
	job := w.importList("1|entity|AEROCARIBBEAN AIRLINES\n2|entity|FRONT COMPANY LIMITED LLC\n4|entity|ACME LOGISTICS")
	if job == nil {
		t.Fatal("no re-screening started")
	}
	done, err := w.scr.Job(w.admin, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != "done" || done.Total != 2 || done.Done != 2 || done.NewHits != 1 || done.Alarms != 1 || done.WithHits != 2 {
		t.Errorf("job %+v", done)
	}
	st := w.state(c)
	var alarms, undecided int
	for _, ps := range st.Parties {
		if ps.Stale != "" {
			t.Errorf("%s stale after re-screening: %s", ps.Party.Name, ps.Stale)
		}
		for _, h := range ps.Hits {
			if h.Status == screening.Undecided {
				undecided++
			}
			if strings.Contains(h.Alarm, "list entry has changed") {
				alarms++
			}
		}
	}
	if undecided != 2 || alarms != 1 {
		t.Errorf("undecided %d, alarms %d: %+v", undecided, alarms, st.Parties)
	}
	if g := w.gate(c); g.OK || !strings.Contains(g.Why, "Decide the 2 open screening hits") {
		t.Errorf("gate %+v", g)
	}
	// Nothing changed since: a second refresh starts nothing.
	if again, err := w.scr.Refresh(w.admin, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil || again != nil {
		t.Errorf("second refresh %+v %v", again, err)
	}
}

func TestCaseScreening_ConfirmedMatchBlocksEveryOpenCaseOfTheParty(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Aerocaribbean Airlines")
	var partyID string
	for _, p := range c.Parties {
		if p.Role == "end_user" {
			partyID = p.PartyID
		}
	}
	other := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Spare parts"}))
	other = w.ok(w.cases.AddParty(w.manager, other.ID, other.Version, cases.PartyInput{Role: "end_user", PartyID: partyID}))
	hit := w.openHit(c)
	c = w.ok(w.scr.Decide(w.manager2, c.ID, c.Version, hit.ID, screening.Confirmed, "Same airline, same address in Havana."))
	if c.Status != cases.Blocked {
		t.Errorf("case %s after confirmed match", c.Status)
	}
	other = w.ok(w.cases.Get(w.manager, other.ID))
	if other.Status != cases.Blocked || !strings.Contains(other.Timeline[len(other.Timeline)-1].Summary, "confirmed match") {
		t.Errorf("other case %s, timeline %+v", other.Status, other.Timeline[len(other.Timeline)-1])
	}
	if g := w.gate(c); g.OK || !strings.Contains(g.Why, "confirmed match on UN Security Council 1") {
		t.Errorf("gate %+v", g)
	}
	// A decided hit cannot be decided again.
	if _, err := w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.FalsePositive, "Changed my mind"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second decision: %v", err)
	}
}

func TestCaseScreening_GateWithoutListsAndWithCleanParties(t *testing.T) {
	w := newCasework(t, "")
	c := w.draft("Acme Logistics GmbH", "Acme Networks AG")
	if g := w.gate(c); g.OK || g.Fix != (cases.Target{Section: cases.SectionLists}) {
		t.Errorf("gate without lists %+v", g)
	}
	// The first import screens the parties already on cases.
	w.importList(unList)
	if g := w.gate(c); !g.OK {
		t.Errorf("gate with clean parties %+v", g)
	}
	full := w.ok(w.cases.Get(w.manager, c.ID))
	if !strings.Contains(full.Timeline[1].Summary, "not screened: no sanctions list") {
		t.Errorf("timeline %+v", full.Timeline[1])
	}
}

func TestCheckDecider_SeparationOfDuties(t *testing.T) {
	owner := "u-owner"
	f := &cases.Case{Record: cases.Record{OwnerID: owner}}
	rows := []struct {
		name  string
		actor auth.Actor
		want  apperr.Code
	}{
		{"opener, export manager", auth.Actor{UserID: owner, Roles: []auth.Role{auth.RoleExportManager}}, apperr.Forbidden},
		{"opener who is also compliance officer", auth.Actor{UserID: owner, Roles: []auth.Role{auth.RoleExportManager, auth.RoleComplianceOfficer}}, ""},
		{"another export manager", auth.Actor{UserID: "u2", Roles: []auth.Role{auth.RoleExportManager}}, ""},
		{"compliance officer", auth.Actor{UserID: "u3", Roles: []auth.Role{auth.RoleComplianceOfficer}}, ""},
		{"staff", auth.Actor{UserID: "u4", Roles: []auth.Role{auth.RoleStaff}}, apperr.Forbidden},
		{"auditor", auth.Actor{UserID: "u5", Roles: []auth.Role{auth.RoleAuditor}}, apperr.Forbidden},
		{"admin", auth.Actor{UserID: "u6", Roles: []auth.Role{auth.RoleAdmin}}, apperr.Forbidden},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if got := apperr.CodeOf(screening.CheckDecider(f, &r.actor)); got != r.want {
				t.Errorf("got %q, want %q", got, r.want)
			}
		})
	}
}

func TestCaseScreening_NoDecisionThroughAnotherCaseOrAClosedOne(t *testing.T) {
	w := newCasework(t, unList)
	mine := w.draft("Acme Logistics GmbH", "Front Company Ltd")
	var partyID string
	for _, p := range mine.Parties {
		if p.Role == "end_user" {
			partyID = p.PartyID
		}
	}
	// manager2@ puts the same party on a case of their own; manager@, who
	// opened the first case, may not clear the party through it.
	theirs := w.ok(w.cases.Create(w.manager2, cases.Input{Title: "Their order"}))
	theirs = w.ok(w.cases.AddParty(w.manager2, theirs.ID, theirs.Version, cases.PartyInput{Role: "end_user", PartyID: partyID}))
	hit := w.openHit(theirs)
	_, err := w.scr.Decide(w.manager, theirs.ID, theirs.Version, hit.ID, screening.FalsePositive, "Not them.")
	if apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("decision through another case by the opener of the first: %v", err)
	}
	// Nobody decides or screens on a case that is finally decided.
	if _, err := w.scr.Decide(w.officer, theirs.ID, theirs.Version, hit.ID, screening.Confirmed, "Same company."); err != nil {
		t.Fatal(err)
	}
	theirs = w.ok(w.cases.Get(w.officer, theirs.ID))
	if theirs.Status != cases.Blocked {
		t.Fatalf("case %s after a confirmed match", theirs.Status)
	}
	if _, err := w.scr.ScreenCase(w.manager2, theirs.ID, theirs.Version); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("screening a blocked case: %v", err)
	}
}
