package programme_test

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
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// register is a register over a fresh database on a fixed day, with its
// people signed in.
type register struct {
	svc                            *programme.Service
	db                             *db.DB
	officer, owner, other, auditor context.Context
	ownerID                        string
}

func newRegister(t *testing.T) register {
	d := testutil.NewDB(t)
	d.Now = func() time.Time { return time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC) }
	r := register{svc: programme.NewService(d), db: d,
		officer: testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		owner:   testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager),
		other:   testutil.NewUser(t, d, "s@example.com", "Sam Staff", auth.RoleStaff),
		auditor: testutil.NewUser(t, d, "a@example.com", "Ann Auditor", auth.RoleAuditor)}
	r.ownerID = auth.ActorFrom(r.owner).UserID
	return r
}

func (r register) input() programme.Input {
	return programme.Input{Kind: "customer", Title: "Reseller re-exports", OwnerID: r.ownerID, Status: "open",
		Likelihood: "4", Impact: "4", ResidualLikelihood: "2", ResidualImpact: "3", NextReview: "2026-03-01"}
}

func TestRegister_WhoMayCreateChangeAndReview(t *testing.T) {
	r := newRegister(t)
	for name, ctx := range map[string]context.Context{"owner": r.owner, "staff": r.other, "auditor": r.auditor} {
		if _, err := r.svc.Create(ctx, r.input()); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s creates a risk: %v", name, err)
		}
	}
	risk, err := r.svc.Create(r.officer, r.input())
	if err != nil {
		t.Fatal(err)
	}
	for name, ctx := range map[string]context.Context{"owner": r.owner, "auditor": r.auditor} {
		if _, err := r.svc.Update(ctx, risk.ID, r.input()); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s changes a risk: %v", name, err)
		}
	}
	for name, ctx := range map[string]context.Context{"staff": r.other, "auditor": r.auditor} {
		if _, err := r.svc.RecordReview(ctx, risk.ID, "Looked at it.", "2026-04-01"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s reviews another's risk: %v", name, err)
		}
	}
	if _, _, err := r.svc.Get(r.other, risk.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff reads another's risk: %v", err)
	}
	if _, err := r.svc.List(r.auditor, programme.Filter{}); err != nil {
		t.Errorf("auditor reads the register: %v", err)
	}
	reviewed, err := r.svc.RecordReview(r.owner, risk.ID, "Reseller audit done.", "2026-05-01")
	if err != nil {
		t.Fatal(err)
	}
	got, reviews, err := r.svc.Get(r.owner, risk.ID)
	if err != nil || len(reviews) != 1 || reviews[0].Note != "Reseller audit done." || reviews[0].ReviewedBy != r.ownerID ||
		got.NextReviewOn.Format(time.DateOnly) != "2026-05-01" || !got.NextReviewOn.Equal(reviewed.NextReviewOn) {
		t.Fatalf("after the owner's review: %+v %+v %v", got, reviews, err)
	}
	if _, err := r.svc.RecordReview(r.officer, risk.ID, "Second look.", "2026-06-01"); err != nil {
		t.Errorf("compliance officer reviews: %v", err)
	}
	events, err := audit.List(context.Background(), r.db.Gorm, audit.Filter{Action: "risk.review"})
	if err != nil || len(events) != 2 || !strings.Contains(events[1].BeforeJSON, `"NextReviewOn":"2026-03-01`) ||
		!strings.Contains(events[1].AfterJSON, `"Note":"Reseller audit done."`) || !strings.Contains(events[1].AfterJSON, `"NextReviewOn":"2026-05-01`) {
		t.Errorf("review events %+v %v", events, err)
	}
}

func TestRegister_RefusedInputStoresNothing(t *testing.T) {
	r := newRegister(t)
	for name, edit := range map[string]func(*programme.Input){
		"residual above inherent": func(in *programme.Input) { in.ResidualImpact = "5" },
		"unknown owner":           func(in *programme.Input) { in.OwnerID = "nobody" },
		"past review date":        func(in *programme.Input) { in.NextReview = "2026-02-09" },
	} {
		in := r.input()
		edit(&in)
		if _, err := r.svc.Create(r.officer, in); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if all, err := r.svc.List(r.officer, programme.Filter{}); err != nil || len(all) != 0 {
		t.Errorf("refused risks stored: %+v %v", all, err)
	}
	if _, err := r.svc.RecordReview(r.officer, "nothing", "note", "2026-04-01"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("review of no risk: %v", err)
	}
}

func TestRegister_UpdateIsAuditedWithBeforeAndAfter(t *testing.T) {
	r := newRegister(t)
	risk, err := r.svc.Create(r.officer, r.input())
	if err != nil {
		t.Fatal(err)
	}
	in := r.input()
	in.Controls, in.ResidualLikelihood = "Reseller audits every year.", "1"
	if _, err := r.svc.Update(r.officer, risk.ID, in); err != nil {
		t.Fatal(err)
	}
	events, err := audit.List(context.Background(), r.db.Gorm, audit.Filter{Action: "risk.update"})
	if err != nil || len(events) != 1 {
		t.Fatalf("events %+v %v", events, err)
	}
	var before, after programme.Risk
	if err := json.Unmarshal([]byte(events[0].BeforeJSON), &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(events[0].AfterJSON), &after); err != nil {
		t.Fatal(err)
	}
	if before.ResidualLikelihood != 2 || before.Controls != "" || after.ResidualLikelihood != 1 ||
		after.Controls != "Reseller audits every year." || events[0].ObjectID != risk.ID || events[0].ActorEmail != "o@example.com" {
		t.Errorf("before %+v after %+v event %+v", before, after, events[0])
	}
}
