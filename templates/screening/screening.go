// Package screening renders restricted-party screening: the ad-hoc screening
// page, the imported list versions with their changes and the upload form,
// and the progress of re-screening.
package screening

import (
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Option is a choice in a select.
type Option = components.Option

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Hit is one listed entry found for a name.
type Hit struct {
	List, SourceID, Name, Kind, MatchedName, Score, Explanation string
	Programs, Places, BirthDates, Identifiers                   string
	Strong                                                      bool // at or above the review threshold
}

// Adhoc is the ad-hoc screening page.
type Adhoc struct {
	Form      Form // name, kind, country, birth_date
	Kinds     []Option
	Countries *components.Choices
	Searched  bool
	Hits      []Hit
	Lists     string
	Algorithm string
	Threshold string
	NoLists   bool
}

// VersionRow is one imported version of a list.
type VersionRow struct {
	ID, List, ImportedBy, Entries, Changes string
	ImportedAt                             time.Time
	Active                                 bool
}

// SourceRow is one list with its versions, newest first.
type SourceRow struct {
	List     string
	Versions []VersionRow
}

// JobRow is one re-screening.
type JobRow struct {
	ID, Status, Summary  string
	Done, Total, Percent int
	Running              bool
	StartedAt            time.Time
}

// Lists is the lists page: every list's versions, the import form and the
// re-screenings.
type Lists struct {
	Sources   []SourceRow
	CanImport bool
	Form      Form // source; its error
	Choices   []Option
	Jobs      []JobRow
	Index     string // what the in-memory index holds
	Policy    Policy
}

// Policy is the list policy on the lists page.
type Policy struct {
	Rows    []PolicyRow
	CanEdit bool     // the viewer sets the policy: the rows are a form
	Form    Form     // what was typed ("<list>.requirement", "<list>.max_age_days") and what was wrong
	Choices []Option // the requirements
	Set     string   // who set it last and when, or that it is the default
}

// PolicyRow is one list's rule and where its version in use stands.
type PolicyRow struct {
	Source      string // the list's id, the fields' prefix
	List        string // its name for people
	Requirement string
	// RequirementLabel is the requirement for people, for those who only read.
	RequirementLabel string
	MaxAgeDays       string
	State            string // "fresh", "ageing", "too old", "missing"; "" for an optional list
	StateClass       string // the badge's class
	Text             string // the finding in a sentence
}

// FileRow is a file a version came from.
type FileRow struct{ Name, SHA256, Size string }

// ChangedEntry is an entry a version added, removed or changed.
type ChangedEntry struct{ ID, Name string }

// ChangeList is the entries of one kind of change, capped for the page.
type ChangeList struct {
	Title   string
	Total   int
	Entries []ChangedEntry
}

// Version is one version's page.
type Version struct {
	VersionRow
	Files   []FileRow
	Stats   string
	Changes []ChangeList
	Jobs    []JobRow
}
