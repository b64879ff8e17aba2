package watchlist

import (
	"strings"
	"testing"
)

func TestParseSource_OffersOnlyTheOfficialLists(t *testing.T) {
	for _, src := range Official {
		if got, err := ParseSource(string(src)); err != nil || got != src {
			t.Errorf("%s: %v, %v", src, got, err)
		}
	}
	_, err := ParseSource(string(Demo))
	if err == nil || !strings.HasSuffix(err.Error(), "use one of us-ofac-sdn, us-ofac-cons, us-csl, un, eu, uk") {
		t.Errorf("the demonstration list as an import choice: %v", err)
	}
	if Demo.Label() != "Demonstration list — fictitious entries" || Sources[len(Sources)-1] != Demo {
		t.Errorf("the demonstration list is %q, listed in %v", Demo.Label(), Sources)
	}
}
