package governance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// company is the service over a fresh database on a fixed day, with one
// person of each role signed in.
type company struct {
	svc                                            *governance.Service
	db                                             *db.DB
	board, officer, manager, staff, auditor, admin context.Context
}

func newCompany(t *testing.T) company {
	d := testutil.NewDB(t)
	d.Now = func() time.Time { return time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC) }
	return company{svc: governance.NewService(d), db: d,
		board:   testutil.NewUser(t, d, "b@example.com", "Bea Board", auth.RoleManagement),
		officer: testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		manager: testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager),
		staff:   testutil.NewUser(t, d, "s@example.com", "Sam Staff", auth.RoleStaff),
		auditor: testutil.NewUser(t, d, "a@example.com", "Ann Auditor", auth.RoleAuditor),
		admin:   testutil.NewUser(t, d, "ad@example.com", "Ada Admin", auth.RoleAdmin)}
}

func idOf(ctx context.Context) string { return auth.ActorFrom(ctx).UserID }

func TestCommitment_OnlyManagementPublishes(t *testing.T) {
	c := newCompany(t)
	for name, ctx := range map[string]context.Context{"officer": c.officer, "manager": c.manager, "staff": c.staff,
		"auditor": c.auditor, "admin": c.admin, "nobody": context.Background()} {
		if _, err := c.svc.Publish(ctx, "We comply.", true); apperr.CodeOf(err) != apperr.Forbidden && apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("%s publishes: %v", name, err)
		}
	}
	st, err := c.svc.Publish(c.board, "We comply.\r\n\r\nAlways.  \n", true)
	if err != nil {
		t.Fatal(err)
	}
	if st.Version != 1 || st.Body != "We comply.\n\nAlways." || st.SHA256 != governance.Hash("We comply.\n\nAlways.") ||
		st.SignedBy != idOf(c.board) || !st.SignedAt.Equal(c.db.Now()) || len(st.Paragraphs()) != 2 {
		t.Errorf("published %+v", st)
	}
	got, err := c.svc.Version(c.staff, 1)
	if err != nil || got.Body != st.Body || got.Signer != "Bea Board" || got.SHA256 != st.SHA256 {
		t.Errorf("read back %+v %v", got, err)
	}
	// The signature is the signer's acknowledgement.
	if p, err := c.svc.Pending(c.board); err != nil || p != nil {
		t.Errorf("the signer is asked to acknowledge: %+v %v", p, err)
	}
}

func TestCommitment_BadInputStoresNothing(t *testing.T) {
	c := newCompany(t)
	for name, tc := range map[string]struct {
		text  string
		sign  bool
		field string
	}{
		"empty":    {" \n\n ", true, "text"},
		"unsigned": {"We comply.", false, "sign"},
		"too long": {strings.Repeat("x", governance.MaxStatement+1), true, "text"},
	} {
		_, err := c.svc.Publish(c.board, tc.text, tc.sign)
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if all, err := c.svc.Versions(c.board); err != nil || len(all) != 0 {
		t.Fatalf("refused versions stored: %+v %v", all, err)
	}
	if _, err := c.svc.Publish(c.board, "We comply.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Publish(c.board, "We comply.\n", true); apperr.FieldsOf(err)["text"] == "" {
		t.Errorf("the same text again: %v", err)
	}
	if all, _ := c.svc.Versions(c.board); len(all) != 1 {
		t.Errorf("%d versions, want 1", len(all))
	}
}

func TestCommitment_AcknowledgeTheCurrentVersionOnly(t *testing.T) {
	c := newCompany(t)
	if _, err := c.svc.Acknowledge(c.staff, 1); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("acknowledging before any version: %v", err)
	}
	if _, err := c.svc.Publish(c.board, "Version one.", true); err != nil {
		t.Fatal(err)
	}
	if p, err := c.svc.Pending(c.staff); err != nil || p == nil || p.Version != 1 {
		t.Fatalf("staff's pending statement: %+v %v", p, err)
	}
	if _, err := c.svc.Acknowledge(c.staff, 2); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("acknowledging a version not published: %v", err)
	}
	a, err := c.svc.Acknowledge(c.staff, 1)
	if err != nil || a.Version != 1 || a.UserID != idOf(c.staff) || !a.AcknowledgedAt.Equal(c.db.Now()) {
		t.Fatalf("acknowledge: %+v %v", a, err)
	}
	if again, err := c.svc.Acknowledge(c.staff, 1); err != nil || again == nil {
		t.Errorf("acknowledging again: %+v %v", again, err)
	}
	if p, err := c.svc.Pending(c.staff); err != nil || p != nil {
		t.Errorf("pending after acknowledging: %+v %v", p, err)
	}
	events, err := audit.List(context.Background(), c.db.Gorm, audit.Filter{Action: "commitment.acknowledge"})
	if err != nil || len(events) != 1 || events[0].ActorEmail != "s@example.com" || events[0].ObjectID != "1" {
		t.Errorf("acknowledgement events %+v %v", events, err)
	}

	// A new version asks everyone again; the old one can no longer be acknowledged.
	if _, err := c.svc.Publish(c.board, "Version two.", true); err != nil {
		t.Fatal(err)
	}
	if p, err := c.svc.Pending(c.staff); err != nil || p == nil || p.Version != 2 {
		t.Errorf("after version 2, staff's pending statement: %+v %v", p, err)
	}
	if _, err := c.svc.Acknowledge(c.manager, 1); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("acknowledging the superseded version: %v", err)
	}
	if mine, err := c.svc.Mine(c.manager, 1); err != nil || mine != nil {
		t.Errorf("a refused acknowledgement was stored: %+v %v", mine, err)
	}
}

func TestCommitment_PublishIsAuditedWithBeforeAndAfter(t *testing.T) {
	c := newCompany(t)
	for _, text := range []string{"Version one.", "Version two."} {
		if _, err := c.svc.Publish(c.board, text, true); err != nil {
			t.Fatal(err)
		}
	}
	events, err := audit.List(context.Background(), c.db.Gorm, audit.Filter{Action: "commitment.publish"})
	if err != nil || len(events) != 2 {
		t.Fatalf("events %+v %v", events, err)
	}
	var before, after struct {
		Version int
		SHA256  string
		Text    string
	}
	last := events[0]
	if events[1].ObjectID == "2" {
		last = events[1]
	}
	if err := json.Unmarshal([]byte(last.BeforeJSON), &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(last.AfterJSON), &after); err != nil {
		t.Fatal(err)
	}
	if before.Version != 1 || before.Text != "Version one." || after.Version != 2 || after.Text != "Version two." ||
		after.SHA256 != governance.Hash("Version two.") || last.ActorEmail != "b@example.com" {
		t.Errorf("before %+v after %+v event %+v", before, after, last)
	}
}

func TestCommitment_LogForReadersOfTheProgramme(t *testing.T) {
	c := newCompany(t)
	for name, ctx := range map[string]context.Context{"staff": c.staff, "manager": c.manager, "admin": c.admin} {
		if _, err := c.svc.Log(ctx); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s reads the log: %v", name, err)
		}
	}
	if _, err := c.svc.Publish(c.board, "Version one.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Acknowledge(c.staff, 1); err != nil {
		t.Fatal(err)
	}
	l, err := c.svc.Log(c.auditor)
	if err != nil {
		t.Fatal(err)
	}
	if l.Current.Version != 1 || len(l.People) != 6 || l.Done != 2 || l.Share() != 33 || len(l.All) != 2 {
		t.Fatalf("log: current %d, %d people, %d done, %d %%, %d acknowledgements", l.Current.Version, len(l.People), l.Done, l.Share(), len(l.All))
	}
	// Those still to acknowledge come first.
	if l.People[0].AcknowledgedAt != nil || l.People[5].AcknowledgedAt == nil {
		t.Errorf("order %+v", l.People)
	}
}
