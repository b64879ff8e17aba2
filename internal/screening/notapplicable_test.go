package screening_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// TestNotApplicable_TwoOfficersForThisCaseOnly: a match on a list the
// policy does not require is decided "not applicable" by one compliance
// officer and holds once another confirms it, on that case alone.
func TestNotApplicable_TwoOfficersForThisCaseOnly(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Front Company Ltd")
	hit := w.openHit(c)
	const reason = "US-only list entry; no item on this case is subject to US export rules."

	// A list the policy requires binds every export.
	_, err := w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.NotApplicable, reason)
	if !strings.Contains(apperr.FieldsOf(err)["verdict"], "The list policy requires the UN Security Council list") {
		t.Fatalf("not applicable on a required list: %v", err)
	}
	if _, err := w.scr.Lists.SetPolicy(w.officer, []screening.RuleInput{{Source: watchlist.UN, Requirement: "recommended", MaxAgeDays: "7"}}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		verdict screening.Verdict
		reason  string
		field   string
	}{"no reason": {screening.NotApplicable, " ", "reason"}, "unknown verdict": {"maybe", reason, "verdict"}} {
		if _, err := w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, tc.verdict, tc.reason); apperr.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v, want %s named", name, err, tc.field)
		}
	}
	if _, err := w.scr.Decide(w.manager2, c.ID, c.Version, hit.ID, screening.NotApplicable, reason); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("an export manager decided not applicable: %v", err)
	}

	// One officer decides: the hit waits, the gate says for whom.
	c = w.ok(w.scr.Decide(w.officer, c.ID, c.Version, hit.ID, screening.NotApplicable, reason))
	if h := w.hitOf(c, "Front Company Ltd"); h.Status != screening.AwaitingConfirmation || h.Decision.ConfirmedBy != nil {
		t.Fatalf("hit after one officer %+v", h)
	}
	if g := w.gate(c); g.OK || !strings.Contains(g.Why, "A second compliance officer confirms") {
		t.Errorf("gate while waiting %+v", g)
	}
	for who, ctx := range map[string]context.Context{"the officer who decided": w.officer, "an export manager": w.manager2} {
		if _, err := w.scr.ConfirmNotApplicable(ctx, c.ID, c.Version, hit.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s confirmed: %v", who, err)
		}
	}

	// A second officer confirms: it holds, and the gate passes.
	c = w.ok(w.scr.ConfirmNotApplicable(w.officer2, c.ID, c.Version, hit.ID))
	h := w.hitOf(c, "Front Company Ltd")
	if h.Status != screening.NotApplicableHit || h.Decision.ConfirmedBy == nil || *h.Decision.ConfirmedBy != userOf(w.officer2) {
		t.Fatalf("hit after the second officer %+v", h)
	}
	if g := w.gate(c); !g.OK {
		t.Errorf("gate after the confirmation %+v", g)
	}
	if _, err := w.scr.ConfirmNotApplicable(w.officer2, c.ID, c.Version, hit.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("confirmed twice: %v", err)
	}
	full := w.ok(w.cases.Get(w.officer, c.ID))
	var said []string
	for _, e := range full.Timeline {
		said = append(said, e.Summary)
	}
	timeline := strings.Join(said, "\n")
	for _, want := range []string{"match, list not applicable to this transaction — " + reason + "; a second compliance officer confirms it",
		"confirmed that the list does not apply to this transaction (decided by Olga Officer: " + reason + ")"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline does not say %q:\n%s", want, timeline)
		}
	}

	// The same party on another case: the decision does not carry over.
	c2 := w.endUserOnNewCase(c)
	if st := w.state(c2); st.Parties[0].Hits[0].Status != screening.Undecided {
		t.Errorf("the other case's hit %+v", st.Parties[0].Hits[0])
	}
}
