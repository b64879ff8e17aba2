package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// policyForm is the list policy form as the lists page posts it: every
// list's rule as the demonstration set it, changed by edits.
func policyForm(edits map[string]string) url.Values {
	form := url.Values{}
	for _, src := range watchlist.Sources {
		req, days := "optional", "7"
		if src == watchlist.Demo {
			req, days = "required", "90"
		}
		form.Set(string(src)+".requirement", req)
		form.Set(string(src)+".max_age_days", days)
	}
	for k, v := range edits {
		form.Set(k, v)
	}
	return form
}

func TestListPolicy_SavedThroughTheListsPage(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	stored := func() screening.Policy {
		p, err := app.Screening.Lists.Policy(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := stored()

	// Bad input: shown again with what was typed, nothing stored.
	res := officer.form("/lists/policy", policyForm(map[string]string{"eu.requirement": "required", "eu.max_age_days": "0", "uk.requirement": "always"}))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad policy: %d", res.StatusCode)
	}
	for _, want := range []string{"Give a whole number of days from 1 to 90.", "Choose required, recommended or optional.",
		`name="eu.max_age_days" type="number" min="1" max="90" value="0"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused form does not show %q", want)
		}
	}
	if after := stored(); after.Rule(watchlist.EU) != before.Rule(watchlist.EU) || after.Rule(watchlist.UK) != before.Rule(watchlist.UK) {
		t.Errorf("a refused policy changed the stored one: %+v", after)
	}

	// A good one is stored and shown.
	res = officer.form("/lists/policy", policyForm(map[string]string{"eu.requirement": "required", "eu.max_age_days": "3"}))
	if !res.redirectsTo("/lists") {
		t.Fatalf("save policy: %d %s", res.StatusCode, res.Body)
	}
	if r := stored().Rule(watchlist.EU); r.Requirement != screening.Required || r.MaxAgeDays != 3 {
		t.Errorf("stored EU rule %+v", r)
	}
	page := officer.get("/lists").Body
	if !strings.Contains(page, "Required by the list policy and not imported.") {
		t.Errorf("the lists page does not show the EU list missing")
	}

	// Those who only read the lists see the policy, not the form.
	auditor := newVisitor(t, ts)
	auditor.signIn("auditor@example.com")
	if page := auditor.get("/lists").Body; strings.Contains(page, `data-testid="policy-form"`) || !strings.Contains(page, `data-testid="list-policy"`) {
		t.Errorf("the auditor's lists page: form shown or policy missing")
	}
}

func TestListPolicy_HomeWarnsBeforeAListIsTooOld(t *testing.T) {
	app, ts := newServer(t)
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	if res := officer.form("/lists/policy", policyForm(map[string]string{"demo.max_age_days": "5"})); !res.redirectsTo("/lists") {
		t.Fatalf("save policy: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		days int
		want string
	}{
		{0, "Every list the list policy asks for is in use"},
		{4, "becomes too old for the list policy on"},
		{6, "too old: the screening gate fails"},
	} {
		at := time.Now().UTC().AddDate(0, 0, tc.days)
		app.DB.Now = func() time.Time { return at }
		v := newVisitor(t, ts)
		v.signIn("officer@example.com")
		home := v.get("/").Body
		i := strings.Index(home, `data-testid="lists-to-import"`)
		if i < 0 || !strings.Contains(home[i:], tc.want) {
			t.Errorf("day %d: the home page does not say %q", tc.days, tc.want)
		}
	}
}
