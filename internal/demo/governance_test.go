package demo_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// The demonstration has version 1 of its commitment statement signed by
// board@ and acknowledged by some, not all; and its organisation: officer@
// export control officer, manager2@ deputy, board@ board member and
// sponsor. The ICP manual course shows them.
func TestSeedGovernance_StatementAndOrganisation(t *testing.T) {
	app := testutil.NewApp(t)
	officer := app.SignedIn(t, "officer@example.com")
	l, err := app.Governance.Log(officer)
	if err != nil {
		t.Fatal(err)
	}
	if l.Current == nil || l.Current.Version != 1 || l.Current.Signer != "Bea Board" || l.Current.Body != demo.Commitment {
		t.Fatalf("current statement %+v", l.Current)
	}
	acknowledged := map[string]bool{}
	for _, p := range l.People {
		acknowledged[p.Email] = p.AcknowledgedAt != nil
	}
	for _, u := range demo.Users {
		want := u.Email == "board@example.com"
		for _, e := range demo.Acknowledged {
			want = want || e == u.Email
		}
		if acknowledged[u.Email] != want {
			t.Errorf("%s acknowledged: %v, want %v", u.Email, acknowledged[u.Email], want)
		}
	}
	if l.Done == len(l.People) || l.Done == 0 {
		t.Errorf("%d of %d acknowledged: want some, not all", l.Done, len(l.People))
	}
	holders, err := app.Governance.Holders(app.SignedIn(t, "staff@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[governance.Responsibility]string{}
	for _, h := range holders {
		got[h.Responsibility] = h.AccountEmail
	}
	want := map[governance.Responsibility]string{governance.ExportControlOfficer: "officer@example.com",
		governance.DeputyOfficer: "manager2@example.com", governance.BoardMember: "board@example.com", governance.ManagementSponsor: "board@example.com"}
	if len(holders) != len(want) {
		t.Errorf("%d holders, want %d", len(holders), len(want))
	}
	for r, email := range want {
		if got[r] != email {
			t.Errorf("%s: %q, want %q", r, got[r], email)
		}
	}
	courses, err := app.Training.Courses(officer)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range courses {
		if c.ShowsOrganisation != (c.Title == demo.Courses[len(demo.Courses)-1].Title) {
			t.Errorf("course %q shows the organisation: %v", c.Title, c.ShowsOrganisation)
		}
	}
}
