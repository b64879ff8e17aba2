package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/templates/components"
)

// The capabilities name what to put right in their own terms (a section of
// a case, a course); this file is where those names become the site's
// addresses.

// caseHref is the page of a case.
func caseHref(id string) string { return "/cases/" + url.PathEscape(id) }

// fixHref is where a readiness check's target is put right; "" for none (a
// check that passed).
func fixHref(t cases.Target) string {
	switch t.Section {
	case "":
		return ""
	case cases.SectionLists:
		return "/lists"
	case cases.SectionDetails:
		return caseHref(t.Case) + "/edit"
	case cases.SectionAssessment:
		return caseHref(t.Case) + "/assessment"
	}
	return caseHref(t.Case) + "#" + string(t.Section)
}

// countryHref is the page of the country code, at anchor.
func countryHref(code, anchor string) string {
	return "/countries/" + url.PathEscape(strings.ToUpper(strings.TrimSpace(code))) + anchor
}

// userHref is a user's page in the administration.
func userHref(id string) string { return "/admin/users/" + url.PathEscape(id) }

// courseHref is the page of a training course.
func courseHref(id string) string { return "/training/courses/" + url.PathEscape(id) }

// assignmentHref is the page of a training assignment: the course to complete.
func assignmentHref(id string) string { return "/training/assignments/" + url.PathEscape(id) }

// linksOf are the pages an error leads to: the courses a refusal for
// missing training names.
func linksOf(err error) []components.Link {
	var untrained *training.UntrainedError
	if !errors.As(err, &untrained) {
		return nil
	}
	links := make([]components.Link, len(untrained.Courses))
	for i, c := range untrained.Courses {
		links[i] = components.Link{Text: c.Title, Href: courseHref(c.ID)}
	}
	return links
}
