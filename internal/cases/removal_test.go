package cases_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// removal is one kind of row a case can lose: how to take it off, which row
// of a ready case is taken, how many the case holds and keeps removed, and
// the basic gate that fails without it.
type removal struct {
	name    string
	table   string
	gate    string
	pick    func(c *cases.Case) string
	remove  func(f *fixture, c *cases.Case, id, reason string) (*cases.Case, error)
	counts  func(c *cases.Case) (kept, removed int)
	removal func(c *cases.Case) cases.Removal // of the first row removed
}

var removals = []removal{
	{name: "item", table: "case_items", gate: "Items listed",
		pick: func(c *cases.Case) string { return c.Items[0].ID },
		remove: func(f *fixture, c *cases.Case, id, reason string) (*cases.Case, error) {
			return f.svc.RemoveItem(f.manager, c.ID, c.Version, id, reason)
		},
		counts:  func(c *cases.Case) (int, int) { return len(c.Items), len(c.Removed.Items) },
		removal: func(c *cases.Case) cases.Removal { return c.Removed.Items[0].Removal }},
	{name: "party", table: "case_parties", gate: "Consignee and end user named",
		pick: func(c *cases.Case) string { return c.Parties[0].ID },
		remove: func(f *fixture, c *cases.Case, id, reason string) (*cases.Case, error) {
			return f.svc.RemoveParty(f.manager, c.ID, c.Version, id, reason)
		},
		counts:  func(c *cases.Case) (int, int) { return len(c.Parties), len(c.Removed.Parties) },
		removal: func(c *cases.Case) cases.Removal { return c.Removed.Parties[0].Removal }},
	{name: "document", table: "case_attachments", gate: "End-use statement on file",
		pick: func(c *cases.Case) string { return c.Attachments[0].ID },
		remove: func(f *fixture, c *cases.Case, id, reason string) (*cases.Case, error) {
			return f.svc.RemoveAttachment(f.manager, c.ID, c.Version, id, reason)
		},
		counts:  func(c *cases.Case) (int, int) { return len(c.Attachments), len(c.Removed.Attachments) },
		removal: func(c *cases.Case) cases.Removal { return c.Removed.Attachments[0].Removal }},
}

type storedRemoval struct {
	RemovedAt     *time.Time
	RemovedBy     *string
	RemovedReason string
}

func (f *fixture) stored(t *testing.T, table, id string) storedRemoval {
	t.Helper()
	var r storedRemoval
	if err := f.d.Gorm.Table(table).Select("removed_at, removed_by, removed_reason").Where("id = ?", id).Take(&r).Error; err != nil {
		t.Fatalf("%s %s is no longer stored: %v", table, id, err)
	}
	return r
}

func TestRemove_KeepsTheRowMarkedRemoved(t *testing.T) {
	for _, k := range removals {
		t.Run(k.name, func(t *testing.T) {
			f := setup(t)
			c := testutil.ReadyCase(t, f.manager, f.svc)
			kept, _ := k.counts(c)
			id := k.pick(c)
			c = f.ok(k.remove(f, c, id, "  Entered by mistake.  "))
			r := f.stored(t, k.table, id)
			me := auth.ActorFrom(f.manager).UserID
			if r.RemovedAt == nil || r.RemovedBy == nil || *r.RemovedBy != me || r.RemovedReason != "Entered by mistake." {
				t.Errorf("stored removal %+v, want by %s for the trimmed reason", r, me)
			}
			read := f.ok(f.svc.Get(f.auditor, c.ID))
			if n, removed := k.counts(read); n != kept-1 || removed != 1 {
				t.Fatalf("the case lists %d and keeps %d removed, want %d and 1", n, removed, kept-1)
			}
			if got := k.removal(read); got.RemovedReason != "Entered by mistake." || !got.Removed() || read.Names[me] != "Max Manager" {
				t.Errorf("removal as read %+v, names %v", got, read.Names)
			}
		})
	}
}

func TestRemove_RemovedRowsCountForNothing(t *testing.T) {
	for _, k := range removals {
		t.Run(k.name, func(t *testing.T) {
			f := setup(t)
			c := testutil.ReadyCase(t, f.manager, f.svc)
			before := c.ContentHash
			c = f.ok(k.remove(f, c, k.pick(c), "Not part of this export."))
			if c.ContentHash == before {
				t.Error("the removal left the content hash as it was")
			}
			bare := *c
			bare.Removed = cases.Removed{}
			if cases.ContentHash(&bare) != c.ContentHash {
				t.Error("removed rows feed the content hash")
			}
			checks, err := f.svc.Readiness(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range checks {
				if ch.Name == k.gate && ch.OK {
					t.Errorf("gate %q still counts the removed %s", k.gate, k.name)
				}
			}
			_, err = f.svc.Submit(f.manager, c.ID, c.Version)
			codeIs(t, err, apperr.Invalid)
		})
	}
}

func TestRemove_TwiceIsNotFoundOrAConflict(t *testing.T) {
	for _, k := range removals {
		t.Run(k.name, func(t *testing.T) {
			f := setup(t)
			c := testutil.ReadyCase(t, f.manager, f.svc)
			id, stale := k.pick(c), c
			c = f.ok(k.remove(f, c, id, "Wrong one."))
			_, err := k.remove(f, c, id, "Again.")
			codeIs(t, err, apperr.NotFound)
			_, err = k.remove(f, stale, id, "Again.")
			codeIs(t, err, apperr.Conflict)
			if r := f.stored(t, k.table, id); r.RemovedReason != "Wrong one." {
				t.Errorf("the second removal rewrote the first: %+v", r)
			}
		})
	}
}

func TestRemove_ReasonRequired(t *testing.T) {
	for _, k := range removals {
		for _, r := range []struct{ name, reason string }{{"empty", ""}, {"blank", "   "}, {"too long", strings.Repeat("x", 1001)}} {
			reason := r.reason
			t.Run(k.name+" "+r.name, func(t *testing.T) {
				f := setup(t)
				c := testutil.ReadyCase(t, f.manager, f.svc)
				id := k.pick(c)
				_, err := k.remove(f, c, id, reason)
				codeIs(t, err, apperr.Invalid)
				if !strings.Contains(apperr.Message(err), "reason for removing the "+k.name) {
					t.Errorf("message %q does not ask for the reason", apperr.Message(err))
				}
				if r := f.stored(t, k.table, id); r.RemovedAt != nil {
					t.Error("removed without a reason")
				}
				if now := f.ok(f.svc.Get(f.auditor, c.ID)); now.Version != c.Version {
					t.Error("a refused removal changed the case")
				}
			})
		}
	}
}

func TestRemove_PartyMayBeAddedAgainAndIsNoLongerOnTheCase(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc)
	before, link := c.ContentHash, c.Parties[0]
	c = f.ok(f.svc.RemoveParty(f.manager, c.ID, c.Version, link.ID, "Replaced by another consignee."))
	open, err := f.svc.OpenCasesWith(context.Background(), link.PartyID)
	if err != nil || len(open) != 0 {
		t.Errorf("the removed party is still on open cases %v (%v)", open, err)
	}
	if l, err := f.svc.List(f.auditor, cases.Filter{Query: link.Party.Name}); err != nil || l.Total != 0 {
		t.Errorf("the case is found by the removed party's name (%v)", err)
	}
	c = f.ok(f.svc.AddParty(f.manager, c.ID, c.Version, cases.PartyInput{Role: link.Role, PartyID: link.PartyID}))
	if c.ContentHash != before || len(c.Parties) != 2 || len(c.Removed.Parties) != 1 {
		t.Errorf("added again: hash back %v, %d parties, %d removed", c.ContentHash == before, len(c.Parties), len(c.Removed.Parties))
	}
}

func TestRemove_ItemSnapshotAndTimelineSayItsClassification(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc, func(s *testutil.CaseSpec) {
		s.Items[0].Classification = "5A001.j IP network surveillance"
	})
	c = f.ok(f.svc.RemoveItem(f.manager, c.ID, c.Version, c.Items[0].ID, "Customer cancelled the probes."))
	events, err := audit.List(context.Background(), f.d.Gorm, audit.Filter{ObjectID: c.ID, Action: "case.item_"})
	if err != nil || len(events) != 2 {
		t.Fatalf("item events %d: %v", len(events), err)
	}
	removed, added := events[0], events[1]
	for _, want := range []string{"removed item 2 pcs Probe appliance (EUR 12,500.00; classification: 5A001.j IP network surveillance)",
		"because: Customer cancelled the probes."} {
		if !strings.Contains(removed.Summary, want) {
			t.Errorf("summary %q lacks %q", removed.Summary, want)
		}
	}
	item := `{"description":"Probe appliance","quantity":"2 pcs","value":"EUR 12,500.00","classification":"5A001.j IP network surveillance","cyber_surveillance":false}`
	for _, snap := range []struct{ name, json string }{{"after adding", added.AfterJSON}, {"before removing", removed.BeforeJSON}} {
		if !strings.Contains(snap.json, item) {
			t.Errorf("snapshot %s %s lacks %s", snap.name, snap.json, item)
		}
	}
	if strings.Contains(removed.AfterJSON, "Probe appliance") {
		t.Errorf("the snapshot after removing still holds the item: %s", removed.AfterJSON)
	}
}

// The limit counts characters, not bytes: a reason written in another
// alphabet is not refused for being twice as long in UTF-8.
func TestRemove_ReasonLimitCountsCharacters(t *testing.T) {
	f := setup(t)
	c := testutil.ReadyCase(t, f.manager, f.svc)
	reason := strings.Repeat("ä", 1000)
	c = f.ok(f.svc.RemoveItem(f.manager, c.ID, c.Version, c.Items[0].ID, reason))
	if len(c.Removed.Items) != 1 || c.Removed.Items[0].RemovedReason != reason {
		t.Errorf("the 1,000-character reason was not kept: %+v", c.Removed.Items)
	}
}
