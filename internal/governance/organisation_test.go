package governance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/governance"
)

func (c company) holding(r governance.Responsibility, who context.Context, from, to string) governance.HoldingInput {
	return governance.HoldingInput{Responsibility: string(r), UserID: idOf(who), From: from, To: to}
}

func TestOrganisation_WhoMayRecord(t *testing.T) {
	c := newCompany(t)
	in := c.holding(governance.ExportControlOfficer, c.officer, "2026-01-01", "")
	for name, ctx := range map[string]context.Context{"manager": c.manager, "staff": c.staff, "auditor": c.auditor, "admin": c.admin} {
		if _, err := c.svc.Assign(ctx, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s records a holding: %v", name, err)
		}
	}
	for name, ctx := range map[string]context.Context{"officer": c.officer, "board": c.board} {
		in.From = map[string]string{"officer": "2025-01-01", "board": "2026-01-01"}[name]
		in.To = map[string]string{"officer": "2025-12-31"}[name]
		if _, err := c.svc.Assign(ctx, in); err != nil {
			t.Errorf("%s records a holding: %v", name, err)
		}
	}
	all, err := c.svc.Holdings(c.staff)
	if err != nil || len(all) != 2 {
		t.Fatalf("everyone reads the organisation: %d %v", len(all), err)
	}
	holders, err := c.svc.Holders(c.staff)
	if err != nil || len(holders) != 1 || holders[0].FromOn.Format("2006-01-02") != "2026-01-01" || holders[0].Name != "Olga Officer" ||
		holders[0].Contact() != "o@example.com" {
		t.Errorf("current holders %+v %v", holders, err)
	}
}

// The company's rules on who may hold what at once, each case against the
// holdings: Olga export control officer from 2026-01-01 to 2026-06-30, Max
// deputy from 2026-01-01, open-ended.
func TestOrganisation_OverlapRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		r        governance.Responsibility
		who      func(company) context.Context
		from, to string
		because  string // the refusal's reason, "" when allowed
	}{
		{"a second officer at the same time", governance.ExportControlOfficer, func(c company) context.Context { return c.staff }, "2026-03-01", "", "one export control officer at a time"},
		{"a second officer on the last day", governance.ExportControlOfficer, func(c company) context.Context { return c.staff }, "2026-06-30", "", "one export control officer at a time"},
		{"the deputy as the next officer", governance.ExportControlOfficer, func(c company) context.Context { return c.manager }, "2026-07-01", "", "Nobody is their own deputy"},
		{"another officer the day after", governance.ExportControlOfficer, func(c company) context.Context { return c.staff }, "2026-07-01", "", ""},
		{"an earlier officer, ended before", governance.ExportControlOfficer, func(c company) context.Context { return c.staff }, "2025-01-01", "2025-12-31", ""},
		{"a second deputy", governance.DeputyOfficer, func(c company) context.Context { return c.staff }, "2026-02-01", "", ""},
		{"the same deputy twice", governance.DeputyOfficer, func(c company) context.Context { return c.manager }, "2027-01-01", "", "already holds this responsibility"},
		{"the officer as deputy", governance.DeputyOfficer, func(c company) context.Context { return c.officer }, "2026-02-01", "2026-02-28", "Nobody is their own deputy"},
		{"the officer as deputy afterwards", governance.DeputyOfficer, func(c company) context.Context { return c.officer }, "2026-07-01", "", ""},
		{"the officer is also management sponsor", governance.ManagementSponsor, func(c company) context.Context { return c.officer }, "2026-01-01", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCompany(t)
			for _, in := range []governance.HoldingInput{c.holding(governance.ExportControlOfficer, c.officer, "2026-01-01", "2026-06-30"),
				c.holding(governance.DeputyOfficer, c.manager, "2026-01-01", "")} {
				if _, err := c.svc.Assign(c.board, in); err != nil {
					t.Fatal(err)
				}
			}
			_, err := c.svc.Assign(c.board, c.holding(tc.r, tc.who(c), tc.from, tc.to))
			all, _ := c.svc.Holdings(c.board)
			switch {
			case tc.because == "" && (err != nil || len(all) != 3):
				t.Errorf("refused: %v (%d holdings)", err, len(all))
			case tc.because != "" && (!strings.Contains(apperr.FieldsOf(err)["user_id"], tc.because) || len(all) != 2):
				t.Errorf("want refused because %q: %v (%d holdings)", tc.because, err, len(all))
			}
		})
	}
}

func TestOrganisation_BadInputStoresNothing(t *testing.T) {
	c := newCompany(t)
	for name, tc := range map[string]struct {
		edit  func(*governance.HoldingInput)
		field string
	}{
		"unknown responsibility": {func(in *governance.HoldingInput) { in.Responsibility = "treasurer" }, "responsibility"},
		"nobody":                 {func(in *governance.HoldingInput) { in.UserID = "" }, "user_id"},
		"unknown person":         {func(in *governance.HoldingInput) { in.UserID = "nobody" }, "user_id"},
		"no first day":           {func(in *governance.HoldingInput) { in.From = "" }, "from"},
		"last before first":      {func(in *governance.HoldingInput) { in.To = "2025-12-31" }, "to"},
		"bad last day":           {func(in *governance.HoldingInput) { in.To = "31.12.2026" }, "to"},
		"letters as phone":       {func(in *governance.HoldingInput) { in.Phone = "call me" }, "phone"},
		"no email":               {func(in *governance.HoldingInput) { in.Email = "olga at example" }, "email"},
	} {
		in := c.holding(governance.ExportControlOfficer, c.officer, "2026-01-01", "")
		in.Phone, in.Email = "+49 30 1234-5", "export@example.com"
		tc.edit(&in)
		if _, err := c.svc.Assign(c.officer, in); apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if all, err := c.svc.Holdings(c.officer); err != nil || len(all) != 0 {
		t.Errorf("refused holdings stored: %+v %v", all, err)
	}
}

func TestOrganisation_EndIsAuditedWithBeforeAndAfter(t *testing.T) {
	c := newCompany(t)
	h, err := c.svc.Assign(c.officer, c.holding(governance.ExportControlOfficer, c.officer, "2026-01-01", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"2025-12-31", "soon"} {
		if _, err := c.svc.End(c.officer, h.ID, to); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("end on %q: %v", to, err)
		}
	}
	if _, err := c.svc.End(c.staff, h.ID, "2026-03-31"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff ends a holding: %v", err)
	}
	if _, err := c.svc.End(c.officer, "nothing", "2026-03-31"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("end of no holding: %v", err)
	}
	ended, err := c.svc.End(c.board, h.ID, "2026-03-31")
	if err != nil || ended.ToOn == nil || ended.ToOn.Format("2006-01-02") != "2026-03-31" {
		t.Fatalf("end: %+v %v", ended, err)
	}
	if _, err := c.svc.End(c.board, h.ID, "2026-04-30"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("extending an ended holding: %v", err)
	}
	if _, err := c.svc.Assign(c.officer, c.holding(governance.ExportControlOfficer, c.manager, "2026-04-01", "")); err != nil {
		t.Errorf("the next officer after the end: %v", err)
	}
	events, err := audit.List(context.Background(), c.db.Gorm, audit.Filter{Action: "organisation.end"})
	if err != nil || len(events) != 1 {
		t.Fatalf("events %+v %v", events, err)
	}
	var before, after governance.Holding
	if err := json.Unmarshal([]byte(events[0].BeforeJSON), &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(events[0].AfterJSON), &after); err != nil {
		t.Fatal(err)
	}
	if before.ToOn != nil || after.ToOn == nil || after.ToOn.Format("2006-01-02") != "2026-03-31" || after.EndedBy == nil ||
		*after.EndedBy != idOf(c.board) || events[0].ObjectID != h.ID || events[0].ActorEmail != "b@example.com" {
		t.Errorf("before %+v after %+v", before, after)
	}
	if n, _ := audit.List(context.Background(), c.db.Gorm, audit.Filter{Action: "organisation.assign"}); len(n) != 2 {
		t.Errorf("%d assign events, want 2", len(n))
	}
}
