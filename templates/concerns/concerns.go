// Package concerns holds the pages of the reports of concern: filing one,
// its receipt, following it up with the receipt code, and the officers'
// list and report page.
package concerns

import (
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/templates/components"
	findingview "github.com/vigil-icp/vigil/templates/findings"
)

// FollowUp is an anonymous report as its reporter sees it with the receipt
// code, which the page carries in its form to add information.
type FollowUp struct {
	Receipt string
	Report  *concerns.Report
	Form    components.Form
}

// Show is a report's page. Handle: the reader may triage it; Form is the
// state of the form that was posted, if any.
type Show struct {
	Report *concerns.Report
	Handle bool
	Form   components.Form
	// Findings are the findings recorded from the report; Record, when not
	// nil, is the form that records one, for those who record findings.
	Findings []components.Link
	Record   *findingview.Record
}

// Author names who wrote an entry: the anonymous reporter or a person.
func Author(e concerns.Entry) string {
	if e.AuthorID == nil {
		return concerns.AnonymousReporter
	}
	return e.Author
}

// kindLabels say what each history entry records.
var kindLabels = map[concerns.Kind]string{
	concerns.KindReceived: "Report received", concerns.KindAcknowledged: "Acknowledged",
	concerns.KindInvestigated: "Investigation opened", concerns.KindClosed: "Closed",
	concerns.KindDisclosed: "Voluntary disclosure", concerns.KindToReporter: "Message to the reporter",
	concerns.KindFromReporter: "Information from the reporter",
}

// KindLabel says what an entry records.
func KindLabel(k concerns.Kind) string { return kindLabels[k] }
