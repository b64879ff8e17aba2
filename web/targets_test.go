package web

import (
	"fmt"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/templates/components"
)

func TestFixHref_EveryTarget(t *testing.T) {
	for _, tc := range []struct {
		target cases.Target
		want   string
	}{
		{cases.Target{}, ""},
		{cases.Target{Case: "c1", Section: cases.SectionDetails}, "/cases/c1/edit"},
		{cases.Target{Case: "c1", Section: cases.SectionParties}, "/cases/c1#parties"},
		{cases.Target{Case: "c1", Section: cases.SectionItems}, "/cases/c1#items"},
		{cases.Target{Case: "c1", Section: cases.SectionDocuments}, "/cases/c1#documents"},
		{cases.Target{Case: "c1", Section: cases.SectionScreening}, "/cases/c1#screening"},
		{cases.Target{Case: "c1", Section: cases.SectionAssessment}, "/cases/c1/assessment"},
		{cases.Target{Section: cases.SectionLists}, "/lists"},
	} {
		if got := fixHref(tc.target); got != tc.want {
			t.Errorf("fixHref(%+v) = %q, want %q", tc.target, got, tc.want)
		}
	}
}

func TestLinksOf_CoursesOfAnUntrainedRefusal(t *testing.T) {
	late := &training.UntrainedError{Courses: []training.Course{{ID: "k1", Title: "Sanctions"}, {ID: "k2", Title: "ICP manual"}}}
	want := []components.Link{{Text: "Sanctions", Href: "/training/courses/k1"}, {Text: "ICP manual", Href: "/training/courses/k2"}}
	if got := linksOf(fmt.Errorf("submit: %w", late)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("links %v, want %v", got, want)
	}
	if got := linksOf(apperr.New(apperr.Forbidden, "No.")); got != nil {
		t.Errorf("a plain refusal leads to %v", got)
	}
}
