package screening_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

var policyNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func version(src watchlist.Source, daysAgo float64) screening.Version {
	return screening.Version{Source: src, ImportedAt: policyNow.Add(-time.Duration(daysAgo * 24 * float64(time.Hour)))}
}

func TestPolicyCheck_MissingTooOldAndAgeing(t *testing.T) {
	p := screening.DefaultPolicy() // EU, UN, UK required; OFAC SDN recommended; 7 days
	for _, tc := range []struct {
		name     string
		versions []screening.Version
		want     map[watchlist.Source]screening.Freshness
		blocks   []watchlist.Source
		text     string
	}{
		{"nothing imported", nil,
			map[watchlist.Source]screening.Freshness{watchlist.EU: screening.Missing, watchlist.UN: screening.Missing, watchlist.UK: screening.Missing, watchlist.OFACSDN: screening.Missing},
			[]watchlist.Source{watchlist.UN, watchlist.EU, watchlist.UK}, "EU financial sanctions: required by the list policy and not imported."},
		{"only OFAC: the EU list that binds an EU exporter is missing", []screening.Version{version(watchlist.OFACSDN, 1)},
			map[watchlist.Source]screening.Freshness{watchlist.OFACSDN: screening.Fresh, watchlist.EU: screening.Missing},
			[]watchlist.Source{watchlist.UN, watchlist.EU, watchlist.UK}, ""},
		{"all fresh", []screening.Version{version(watchlist.EU, 1), version(watchlist.UN, 4.9), version(watchlist.UK, 0), version(watchlist.OFACSDN, 3)},
			map[watchlist.Source]screening.Freshness{watchlist.EU: screening.Fresh, watchlist.UN: screening.Fresh, watchlist.UK: screening.Fresh, watchlist.OFACSDN: screening.Fresh},
			nil, ""},
		{"two days before the limit warns, does not block", []screening.Version{version(watchlist.EU, 5), version(watchlist.UN, 6.5), version(watchlist.UK, 1)},
			map[watchlist.Source]screening.Freshness{watchlist.EU: screening.Ageing, watchlist.UN: screening.Ageing, watchlist.UK: screening.Fresh},
			nil, "EU financial sanctions: the version in use becomes too old for the list policy on 9 Dec 2026 12:00 UTC"},
		{"just under the limit still passes", []screening.Version{version(watchlist.EU, 7), version(watchlist.UN, 1), version(watchlist.UK, 1)},
			map[watchlist.Source]screening.Freshness{watchlist.EU: screening.Ageing}, nil, ""},
		{"over the limit blocks", []screening.Version{version(watchlist.EU, 9), version(watchlist.UN, 1), version(watchlist.UK, 1)},
			map[watchlist.Source]screening.Freshness{watchlist.EU: screening.TooOld}, []watchlist.Source{watchlist.EU},
			"EU financial sanctions: the version in use was imported 28 Nov 2026 (9 days ago); the list policy allows 7 days. Import a newer version."},
		{"a recommended list too old warns, never blocks", []screening.Version{version(watchlist.EU, 1), version(watchlist.UN, 1), version(watchlist.UK, 1), version(watchlist.OFACSDN, 30)},
			map[watchlist.Source]screening.Freshness{watchlist.OFACSDN: screening.TooOld}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			findings := p.Check(tc.versions, policyNow)
			got := map[watchlist.Source]screening.Finding{}
			var blocks []watchlist.Source
			var texts []string
			for _, f := range findings {
				got[f.Rule.Source] = f
				if f.Blocks() {
					blocks = append(blocks, f.Rule.Source)
				}
				texts = append(texts, f.Text)
			}
			for src, want := range tc.want {
				if got[src].State != want {
					t.Errorf("%s: %q, want %q", src, got[src].State, want)
				}
			}
			if _, ok := got[watchlist.USCSL]; ok {
				t.Errorf("an optional list has a finding: %+v", got[watchlist.USCSL])
			}
			if strings.Join(srcNames(blocks), ",") != strings.Join(srcNames(tc.blocks), ",") {
				t.Errorf("blocking %v, want %v", blocks, tc.blocks)
			}
			if tc.text != "" && !strings.Contains(strings.Join(texts, "\n"), tc.text) {
				t.Errorf("texts %q do not say %q", texts, tc.text)
			}
		})
	}
}

func srcNames(s []watchlist.Source) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = string(x)
	}
	return out
}

func TestSetPolicy_ChecksEveryRuleAndStoresNothingOnABadOne(t *testing.T) {
	w := newCasework(t, "")
	for _, tc := range []struct {
		name  string
		as    context.Context
		in    []screening.RuleInput
		code  apperr.Code
		field string
	}{
		{"a manager may not", w.manager, []screening.RuleInput{{Source: watchlist.EU, Requirement: "optional", MaxAgeDays: "7"}}, apperr.Forbidden, ""},
		{"an auditor may not", w.auditor, []screening.RuleInput{{Source: watchlist.EU, Requirement: "optional", MaxAgeDays: "7"}}, apperr.Forbidden, ""},
		{"unknown requirement", w.officer, []screening.RuleInput{{Source: watchlist.EU, Requirement: "optional", MaxAgeDays: "7"},
			{Source: watchlist.UK, Requirement: "mandatory", MaxAgeDays: "7"}}, apperr.Invalid, "uk.requirement"},
		{"days not a number", w.officer, []screening.RuleInput{{Source: watchlist.EU, Requirement: "required", MaxAgeDays: "a week"}}, apperr.Invalid, "eu.max_age_days"},
		{"days zero", w.officer, []screening.RuleInput{{Source: watchlist.EU, Requirement: "required", MaxAgeDays: "0"}}, apperr.Invalid, "eu.max_age_days"},
		{"days over the limit", w.officer, []screening.RuleInput{{Source: watchlist.EU, Requirement: "required", MaxAgeDays: "91"}}, apperr.Invalid, "eu.max_age_days"},
		{"unknown list", w.officer, []screening.RuleInput{{Source: "fr-national", Requirement: "required", MaxAgeDays: "7"}}, apperr.Invalid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := w.scr.Lists.Policy(context.Background())
			_, err := w.scr.Lists.SetPolicy(tc.as, tc.in)
			if apperr.CodeOf(err) != tc.code {
				t.Fatalf("err %v, want %s", err, tc.code)
			}
			if tc.field != "" && apperr.FieldsOf(err)[tc.field] == "" {
				t.Errorf("fields %v, want %s named", apperr.FieldsOf(err), tc.field)
			}
			after, _ := w.scr.Lists.Policy(context.Background())
			if policyString(after) != policyString(before) {
				t.Errorf("policy changed on a refused change:\n%s\n%s", policyString(before), policyString(after))
			}
		})
	}
	p, err := w.scr.Lists.SetPolicy(w.officer, []screening.RuleInput{{Source: watchlist.EU, Requirement: "required", MaxAgeDays: "3"}})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := w.scr.Lists.Policy(context.Background())
	if r := stored.Rule(watchlist.EU); r.Requirement != screening.Required || r.MaxAgeDays != 3 || r.UpdatedBy == nil {
		t.Errorf("stored EU rule %+v", r)
	}
	if policyString(p) != policyString(stored) {
		t.Errorf("returned %s, stored %s", policyString(p), policyString(stored))
	}
	events, _ := audit.List(context.Background(), w.db.Gorm, audit.Filter{Action: "lists.policy", Limit: 1})
	if len(events) != 1 || !strings.Contains(events[0].Summary, "EU financial sanctions required, 3 days") {
		t.Errorf("audit events %+v", events)
	}
}

func policyString(p screening.Policy) string {
	var parts []string
	for _, r := range p {
		parts = append(parts, fmt.Sprintf("%s:%s:%d", r.Source, r.Requirement, r.MaxAgeDays))
	}
	return strings.Join(parts, " ")
}

// TestGate_ListPolicy: a case whose parties are clean fails the gate while
// a required list is missing or too old, with the reason, and passes once
// a fresh version is imported.
func TestGate_ListPolicy(t *testing.T) {
	w := newCasework(t, unList)
	c := w.draft("Acme Logistics GmbH", "Acme Networks AG")
	if g := w.gate(c); !g.OK {
		t.Fatalf("gate with the required UN list fresh: %+v", g)
	}
	w.requireOnly(watchlist.EU)
	g := w.gate(c)
	if g.OK || !strings.Contains(g.Why, "EU financial sanctions: required by the list policy and not imported") || g.Fix != (cases.Target{Section: cases.SectionLists}) {
		t.Errorf("gate with the EU list required and missing: %+v", g)
	}
	w.requireOnly(watchlist.UN)
	w.db.Now = func() time.Time { return time.Now().UTC().AddDate(0, 0, 8) }
	if g := w.gate(c); g.OK || !strings.Contains(g.Why, "the list policy allows 7 days") {
		t.Errorf("gate eight days after the import: %+v", g)
	}
	w.importList(unList)
	if g := w.gate(c); !g.OK {
		t.Errorf("gate after a fresh import: %+v", g)
	}
}

// TestApproval_ScreensAgainAgainstANewerListFirst: a newer version of a
// list arrives after the parties of a submitted case were screened, and
// the re-screening has not reached the case: approving screens them again
// first, on the timeline, and the gate then judges the new result.
func TestApproval_ScreensAgainAgainstANewerListFirst(t *testing.T) {
	w := newCasework(t, unList)
	ready := testutil.ReadyCase(t, w.manager, w.cases)
	clean := w.ok(w.cases.Submit(w.manager, ready.ID, ready.Version))
	newer := unList + "\n4|entity|ACME NETWORKS AG"
	if _, _, err := w.scr.Lists.Import(w.admin, watchlist.UN, lineParser, file("un.txt", newer)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.scr.Load(context.Background()); err != nil { // the index, without the re-screening job
		t.Fatal(err)
	}
	_, err := w.cases.Decide(w.officer, clean.ID, clean.Version, cases.Approve, "")
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.Message(err), "Decide the open screening hit") {
		t.Fatalf("approval against the newer list: %v, want refused for the new hit", err)
	}
	after := w.ok(w.cases.Get(w.manager, clean.ID))
	if after.Status != cases.Submitted {
		t.Errorf("status %s", after.Status)
	}
	var rescreened bool
	for _, e := range after.Timeline {
		rescreened = rescreened || strings.Contains(e.Summary, "screened again before approval, against the list versions now in use: Acme")
	}
	if !rescreened {
		t.Errorf("no re-screening on the timeline: %+v", after.Timeline)
	}
	for _, ps := range w.state(after).Parties {
		if ps.Stale != "" {
			t.Errorf("%s still stale: %s", ps.Party.Name, ps.Stale)
		}
	}
	if hit := w.openHit(after); !strings.Contains(hit.EntryName, "ACME NETWORKS AG") {
		t.Errorf("open hit %+v", hit)
	}
}
