package screening_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
)

// partyOf returns the id of the party in role on the case.
func partyOf(t *testing.T, c *cases.Case, role string) string {
	t.Helper()
	for _, p := range c.Parties {
		if p.Role == role {
			return p.PartyID
		}
	}
	t.Fatalf("no %s on %s", role, c.Reference)
	return ""
}

// hitOf returns the hit of the party named name on the case.
func (w *casework) hitOf(c *cases.Case, name string) screening.PartyHit {
	w.t.Helper()
	for _, ps := range w.state(c).Parties {
		if ps.Party.Name == name && len(ps.Hits) == 1 {
			return ps.Hits[0]
		}
	}
	w.t.Fatalf("no single hit of %s on %s", name, c.Reference)
	return screening.PartyHit{}
}

// current reads the case as it stands.
func (w *casework) current(c *cases.Case) *cases.Case {
	w.t.Helper()
	return w.ok(w.cases.Get(w.officer, c.ID))
}

func userOf(ctx context.Context) string { return auth.ActorFrom(ctx).UserID }

// corrections reads the stored corrections of a party, oldest first.
func (w *casework) corrections(partyID string) []screening.Correction {
	w.t.Helper()
	var out []screening.Correction
	if err := w.db.Gorm.Where("party_id = ?", partyID).Order("proposed_at, id").Find(&out).Error; err != nil {
		w.t.Fatal(err)
	}
	return out
}

// decisions reads the stored decisions on a party, oldest first.
func (w *casework) decisions(partyID string) []screening.Decision {
	w.t.Helper()
	var out []screening.Decision
	if err := w.db.Gorm.Where("party_id = ?", partyID).Order("decided_at, id").Find(&out).Error; err != nil {
		w.t.Fatal(err)
	}
	return out
}

func TestCorrection_WhoMayCorrect(t *testing.T) {
	officer := auth.Actor{UserID: "u-officer", Roles: []auth.Role{auth.RoleComplianceOfficer}}
	second := auth.Actor{UserID: "u-second", Roles: []auth.Role{auth.RoleComplianceOfficer}}
	pending := &screening.Correction{ProposedBy: officer.UserID, Status: screening.CorrectionPending}
	rows := []struct {
		name    string
		actor   auth.Actor
		status  cases.Status
		pending *screening.Correction
		want    apperr.Code
	}{
		{"officer proposes on a blocked case", officer, cases.Blocked, nil, ""},
		{"officer proposes on a draft", officer, cases.Draft, nil, ""},
		{"officer proposes on a submitted case", officer, cases.Submitted, nil, ""},
		{"officer proposes on a case on hold", officer, cases.OnHold, nil, ""},
		{"not on an approved case: frozen until back in draft", officer, cases.Approved, nil, apperr.Conflict},
		{"not on a rejected case", officer, cases.Rejected, nil, apperr.Conflict},
		{"not on a closed case", officer, cases.Closed, nil, apperr.Conflict},
		{"export manager is refused", auth.Actor{UserID: "u-manager", Roles: []auth.Role{auth.RoleExportManager}}, cases.Blocked, nil, apperr.Forbidden},
		{"admin is refused", auth.Actor{UserID: "u-admin", Roles: []auth.Role{auth.RoleAdmin}}, cases.Blocked, nil, apperr.Forbidden},
		{"auditor is refused", auth.Actor{UserID: "u-auditor", Roles: []auth.Role{auth.RoleAuditor}}, cases.Blocked, nil, apperr.Forbidden},
		{"proposer cannot answer their own correction", officer, cases.Blocked, pending, apperr.Forbidden},
		{"second officer answers", second, cases.Blocked, pending, ""},
		{"export manager cannot answer", auth.Actor{UserID: "u-manager", Roles: []auth.Role{auth.RoleExportManager}}, cases.Blocked, pending, apperr.Forbidden},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			f := &cases.Case{Record: cases.Record{Status: r.status}}
			if got := apperr.CodeOf(screening.CheckCorrector(f, &r.actor, r.pending)); got != r.want {
				t.Errorf("got %q, want %q", got, r.want)
			}
		})
	}
}

// TestCorrection_RefusalsChangeNothing tries each refused step on a case
// with a cleared hit and a confirmed one, before and after a correction is
// proposed; none of them stores anything or moves the case.
func TestCorrection_RefusalsChangeNothing(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Front Company Ltd", "Aerocaribbean Airlines")
	cleared, confirmed := w.hitOf(c, "Front Company Ltd"), w.hitOf(c, "Aerocaribbean Airlines")
	c = w.ok(w.scr.Decide(w.officer, c.ID, c.Version, cleared.ID, screening.FalsePositive, "Registered in Hamburg; the listed one is not."))
	c = w.ok(w.scr.Decide(w.manager2, c.ID, c.Version, confirmed.ID, screening.Confirmed, "Same airline, same address in Havana."))
	confirmed = w.hitOf(c, "Aerocaribbean Airlines")
	party := partyOf(t, c, "end_user")

	propose := func(as context.Context, hit, reason string) func(*cases.Case) error {
		return func(c *cases.Case) error {
			_, err := w.scr.ProposeCorrection(as, c.ID, c.Version, hit, reason)
			return err
		}
	}
	confirm := func(as context.Context) func(*cases.Case) error {
		return func(c *cases.Case) error {
			_, err := w.scr.ConfirmCorrection(as, c.ID, c.Version, confirmed.ID)
			return err
		}
	}
	decline := func(as context.Context, reason string) func(*cases.Case) error {
		return func(c *cases.Case) error {
			_, err := w.scr.DeclineCorrection(as, c.ID, c.Version, confirmed.ID, reason)
			return err
		}
	}
	type refusal struct {
		name  string
		do    func(*cases.Case) error
		want  apperr.Code
		field string // the form field the refusal names, if any
	}
	refuse := func(rows []refusal) {
		t.Helper()
		before := w.current(c)
		for _, r := range rows {
			err := r.do(before)
			if apperr.CodeOf(err) != r.want || (r.field != "" && apperr.FieldsOf(err)[r.field] == "") {
				t.Errorf("%s: %v, want %s on %q", r.name, err, r.want, r.field)
			}
		}
		if after := w.current(c); after.Version != before.Version || after.Status != cases.Blocked {
			t.Errorf("refusals moved the case: version %d → %d, %s", before.Version, after.Version, after.Status)
		}
	}
	why := "Our customer is a charter broker in Madrid, registered 2011."
	refuse([]refusal{
		{"export manager proposes", propose(w.manager2, confirmed.ID, why), apperr.Forbidden, ""},
		{"a cleared hit is no confirmed match", propose(w.officer, cleared.ID, why), apperr.Conflict, ""},
		{"no reason", propose(w.officer, confirmed.ID, "  "), apperr.Invalid, "reason"},
		{"reason over 2,000 characters", propose(w.officer, confirmed.ID, strings.Repeat("é", 2001)), apperr.Invalid, "reason"},
		{"nothing to confirm yet", confirm(w.officer2), apperr.Conflict, ""},
	})
	if n := len(w.corrections(party)); n != 0 {
		t.Fatalf("%d corrections stored by refusals", n)
	}

	long := strings.Repeat("é", 2000) // characters count, not bytes
	c = w.ok(w.scr.ProposeCorrection(w.officer, c.ID, c.Version, confirmed.ID, long))
	refuse([]refusal{
		{"a second proposal while one waits", propose(w.officer2, confirmed.ID, why), apperr.Conflict, ""},
		{"the proposer confirms", confirm(w.officer), apperr.Forbidden, ""},
		{"the proposer declines", decline(w.officer, "Not sure after all."), apperr.Forbidden, ""},
		{"an export manager confirms", confirm(w.manager2), apperr.Forbidden, ""},
		{"a decline without reason", decline(w.officer2, ""), apperr.Invalid, "reason"},
	})
	stored := w.corrections(party)
	if len(stored) != 1 || stored[0].Status != screening.CorrectionPending || stored[0].Reason != long || stored[0].ProposedBy != userOf(w.officer) ||
		stored[0].AnsweredBy != nil || stored[0].AnsweredAt != nil || stored[0].CaseID != c.ID || stored[0].HitID != confirmed.ID ||
		stored[0].DecisionID != confirmed.Decision.ID {
		t.Errorf("corrections %+v", stored)
	}
	if n := len(w.decisions(party)); n != 1 {
		t.Errorf("%d decisions on the party, want the confirmed one", n)
	}
}

func TestCorrection_DeclinedKeepsTheMatchAndAllowsAnother(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Aerocaribbean Airlines")
	hit := w.openHit(c)
	c = w.ok(w.scr.Decide(w.manager2, c.ID, c.Version, hit.ID, screening.Confirmed, "Same airline, same address in Havana."))
	c = w.ok(w.scr.ProposeCorrection(w.officer, c.ID, c.Version, hit.ID, "Another airline of the same name."))
	c = w.ok(w.scr.DeclineCorrection(w.officer2, c.ID, c.Version, hit.ID, "The address on the order is the listed one."))

	party := partyOf(t, c, "end_user")
	stored := w.corrections(party)
	if len(stored) != 1 || stored[0].Status != screening.CorrectionDeclined || stored[0].AnsweredBy == nil ||
		*stored[0].AnsweredBy != userOf(w.officer2) || stored[0].AnsweredAt == nil || stored[0].AnswerReason != "The address on the order is the listed one." {
		t.Errorf("corrections %+v", stored)
	}
	if h := w.hitOf(c, "Aerocaribbean Airlines"); h.Status != screening.ConfirmedHit || h.Correction != nil || len(h.History) != 1 {
		t.Errorf("hit after the decline %+v", h)
	}
	c = w.current(c)
	last := c.Timeline[len(c.Timeline)-1]
	if c.Status != cases.Blocked || last.Action != "screening.correction.decline" || !strings.Contains(last.Summary, "stays a confirmed match") ||
		!strings.Contains(last.Summary, "listed one") || !strings.Contains(last.Summary, "Another airline") {
		t.Errorf("case %s, timeline ends %s: %s", c.Status, last.Action, last.Summary)
	}
	// A declined correction does not stop a new one.
	if _, err := w.scr.ProposeCorrection(w.officer2, c.ID, c.Version, hit.ID, "The registration numbers differ."); err != nil {
		t.Errorf("new correction after a decline: %v", err)
	}
}

func TestCorrection_WrongMatchReopenedByTwoOfficers(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Aerocaribbean Airlines")
	party := partyOf(t, c, "end_user")
	other := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Spare parts"}))
	other = w.ok(w.cases.AddParty(w.manager, other.ID, other.Version, cases.PartyInput{Role: "end_user", PartyID: party}))
	hit := w.openHit(c)
	c = w.ok(w.scr.Decide(w.manager2, c.ID, c.Version, hit.ID, screening.Confirmed, "Same airline, same address in Havana."))
	if other = w.current(other); c.Status != cases.Blocked || other.Status != cases.Blocked {
		t.Fatalf("after the confirmed match: case %s, other case %s", c.Status, other.Status)
	}

	// Officer A proposes: nothing changes until officer B confirms.
	why := "Our customer is Aerocaribbean Airlines S.L., a charter broker in Madrid; the listed airline is in Havana."
	c = w.ok(w.scr.ProposeCorrection(w.officer, c.ID, c.Version, hit.ID, why))
	h := w.hitOf(c, "Aerocaribbean Airlines")
	if c.Status != cases.Blocked || h.Status != screening.ConfirmedHit || h.Correction == nil || h.Correction.ProposedBy != userOf(w.officer) {
		t.Fatalf("after the proposal: case %s, hit %+v", c.Status, h)
	}
	c = w.ok(w.scr.ConfirmCorrection(w.officer2, c.ID, c.Version, hit.ID))

	// Both decisions are stored; the correction holds.
	stored := w.decisions(party)
	correction := w.corrections(party)
	if len(correction) != 1 || correction[0].Status != screening.CorrectionConfirmed || *correction[0].AnsweredBy != userOf(w.officer2) {
		t.Fatalf("corrections %+v", correction)
	}
	if len(stored) != 2 || stored[0].Verdict != screening.Confirmed || stored[0].DecidedBy != userOf(w.manager2) || stored[0].CorrectionID != nil ||
		stored[1].Verdict != screening.FalsePositive || stored[1].DecidedBy != userOf(w.officer) || stored[1].Reason != why ||
		stored[1].CorrectionID == nil || *stored[1].CorrectionID != correction[0].ID || correction[0].DecisionID != stored[0].ID {
		t.Fatalf("decisions %+v", stored)
	}
	h = w.hitOf(c, "Aerocaribbean Airlines")
	if h.Status != screening.ClearedHit || h.Decision.ID != stored[1].ID || h.Correction != nil || len(h.History) != 2 || h.History[0].ID != stored[0].ID {
		t.Errorf("hit after the correction %+v", h)
	}
	if g := w.gate(c); !g.OK {
		t.Errorf("gate after the correction %+v", g)
	}

	// Both cases are drafts again, and their timelines tell how.
	c, other = w.current(c), w.current(other)
	if c.Status != cases.Draft || other.Status != cases.Draft {
		t.Errorf("after the correction: case %s, other case %s", c.Status, other.Status)
	}
	wantSteps := map[string][]string{
		"screening.decide":             {"confirmed match", "Same airline", "the case is blocked"},
		"screening.correction.propose": {"correction proposed", "confirmed match decided by Mia Manager", "Same airline", why, "a second compliance officer"},
		"screening.correction.confirm": {"correction confirmed", "false positive", why, "proposed by Olga Officer", "decided by Mia Manager", "stays on record", "returns to draft"},
	}
	for _, e := range c.Timeline {
		for _, want := range wantSteps[e.Action] {
			if !strings.Contains(e.Summary, want) {
				t.Errorf("%s event %q lacks %q", e.Action, e.Summary, want)
			}
		}
		delete(wantSteps, e.Action)
	}
	if len(wantSteps) > 0 {
		t.Errorf("timeline lacks %v", slices.Collect(maps.Keys(wantSteps)))
	}
	if last := other.Timeline[len(other.Timeline)-1]; last.Action != "case.release" || !strings.Contains(last.Summary, "corrected to a false positive") ||
		!strings.Contains(last.Summary, c.Reference) || !strings.Contains(last.Summary, "returns to draft") || last.ActorEmail != "officer2@example.com" {
		t.Errorf("other case's timeline ends %s: %s (%s)", last.Action, last.Summary, last.ActorEmail)
	}
}

func TestCorrection_CaseWithAnotherConfirmedMatchStaysBlocked(t *testing.T) {
	w := newCasework(t, unList)
	airlineCase := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Charter spares"}))
	airlineCase = w.ok(w.cases.AddParty(w.manager, airlineCase.ID, airlineCase.Version, cases.PartyInput{Role: "end_user", Name: "Aerocaribbean Airlines", Kind: "company"}))
	frontCase := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Probes"}))
	frontCase = w.ok(w.cases.AddParty(w.manager, frontCase.ID, frontCase.Version, cases.PartyInput{Role: "end_user", Name: "Front Company Ltd", Kind: "company"}))
	both := w.ok(w.cases.Create(w.manager, cases.Input{Title: "Both"}))
	both = w.ok(w.cases.AddParty(w.manager, both.ID, both.Version, cases.PartyInput{Role: "consignee", PartyID: partyOf(t, frontCase, "end_user")}))
	both = w.ok(w.cases.AddParty(w.manager, both.ID, both.Version, cases.PartyInput{Role: "end_user", PartyID: partyOf(t, airlineCase, "end_user")}))

	airline := w.openHit(airlineCase)
	airlineCase = w.ok(w.scr.Decide(w.officer, airlineCase.ID, airlineCase.Version, airline.ID, screening.Confirmed, "Same airline."))
	front := w.openHit(frontCase)
	frontCase = w.ok(w.scr.Decide(w.officer, frontCase.ID, frontCase.Version, front.ID, screening.Confirmed, "Same company."))
	if both = w.current(both); both.Status != cases.Blocked {
		t.Fatalf("case with both parties %s", both.Status)
	}

	airlineCase = w.ok(w.scr.ProposeCorrection(w.officer, airlineCase.ID, airlineCase.Version, airline.ID, "A charter broker in Madrid."))
	airlineCase = w.ok(w.scr.ConfirmCorrection(w.officer2, airlineCase.ID, airlineCase.Version, airline.ID))
	both = w.current(both)
	last := both.Timeline[len(both.Timeline)-1]
	if airlineCase.Status != cases.Draft || both.Status != cases.Blocked || last.Action != "case.release" ||
		!strings.Contains(last.Summary, "stays blocked: Front Company Ltd is a confirmed match on UN Security Council 2") {
		t.Errorf("airline case %s; case with both %s, timeline ends %s: %s", airlineCase.Status, both.Status, last.Action, last.Summary)
	}
	if frontCase = w.current(frontCase); frontCase.Status != cases.Blocked {
		t.Errorf("the other party's case %s", frontCase.Status)
	}
}
