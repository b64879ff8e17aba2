package cases

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// Each open hit has its own decision form; their ids must not clash, and
// every label and error description must point at an element of the page.
func TestScreeningSection_OpenHitsHaveIDsOfTheirOwn(t *testing.T) {
	hit := func(id string) ScreenedHit {
		return ScreenedHit{ID: id, EntryName: "Entry " + id, Status: "undecided", StatusLabel: "To decide", Open: true}
	}
	v := Page{ID: "case-1", Screening: Screening{ListsLoaded: true, CanDecide: true,
		Verdicts: []Option{{Value: "false_positive", Label: "False positive"}, {Value: "confirmed", Label: "Confirmed match"}},
		Parties: []ScreenedParty{
			{Name: "Gulf Freight Forwarding FZCO", Hits: []ScreenedHit{hit("h1")}},
			{Name: "Orion Data Systems FZE", Hits: []ScreenedHit{hit("h2")}},
		},
		// The decision on h2 came back refused.
		Form: Form{Values: map[string]string{"hit_id": "h2"}, Errors: map[string]string{"verdict": "Choose.", "reason": "Give the reason."}},
	}}
	var b strings.Builder
	if err := screeningSection(v).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()

	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is on %d elements", id, n)
		}
	}
	for _, want := range []string{"reason-h1", "reason-h2", "reason-h2-error", "verdict-h2-error"} {
		if ids[want] != 1 {
			t.Errorf("no element with id %q", want)
		}
	}
	for _, attr := range []string{"for", "aria-describedby"} {
		refs := regexp.MustCompile(` `+attr+`="([^"]+)"`).FindAllStringSubmatch(html, -1)
		if len(refs) == 0 {
			t.Errorf("no %s= on the page", attr)
		}
		for _, m := range refs {
			if ids[m[1]] != 1 {
				t.Errorf("%s=%q names no element", attr, m[1])
			}
		}
	}
	if n := strings.Count(html, `aria-describedby="verdict-h2-error"`); n != 2 {
		t.Errorf("%d verdict boxes of h2 are described by its error, want both", n)
	}
	if strings.Contains(html, `verdict-h1-error`) {
		t.Error("the hit whose form did not come back shows an error")
	}
}
