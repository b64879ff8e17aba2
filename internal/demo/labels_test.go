package demo

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/hrdd"
)

// A demo item is marked as a cyber-surveillance item exactly when its
// classification is in a cyber-surveillance entry, read with the other
// items of its product (a 5D002.c.1 key-management package is not one).
func TestDemoItems_LabelsFollowTheEntries(t *testing.T) {
	for _, p := range products {
		var onCase []string
		for _, it := range p.items {
			onCase = append(onCase, hrdd.EntryCodes(it.class)...)
		}
		for _, it := range p.items {
			if _, listed := hrdd.CyberEntryOf(it.class, onCase); listed != it.cyber {
				t.Errorf("%s: %q (%s) is marked cyber-surveillance %v, its entry says %v", p.name, it.desc, it.class, it.cyber, listed)
			}
		}
	}
}

// Under Articles 4(2) and 5(2) the exporter who is aware notifies the
// competent authority, which decides whether a licence is required: the
// course must not teach that awareness itself requires a licence.
func TestCourses_AwareMeansNotifyTheAuthority(t *testing.T) {
	seen := 0
	for _, c := range Courses {
		for _, it := range c.Items {
			if !strings.Contains(it, "aware") || !strings.Contains(it, "Article") {
				continue
			}
			seen++
			if strings.Contains(it, "requires a licence when") || !strings.Contains(it, "notify") || !strings.Contains(it, "decides") {
				t.Errorf("%s: %q does not say that the exporter notifies and the authority decides", c.Title, it)
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d items speak of awareness under Articles 4 and 5, want 2", seen)
	}
}
