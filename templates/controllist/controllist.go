// Package controllist renders the EU dual-use control list (Annex I): the
// version in use with its entries by category, each version's page, and the
// administrator's import form.
package controllist

import (
	"time"

	cl "github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// VersionRow is one version of the control list.
type VersionRow struct {
	ID, Label, ValidFrom, ImportedBy, Entries, SHA256 string
	ImportedAt                                        time.Time
	InUse, Seed                                       bool
}

// Group is the entries of one category.
type Group struct {
	Category int
	Heading  string
	Entries  []cl.Entry
}

// Page is the control list as one version holds it: the page of the
// version in use (List) or of any version (VersionPage).
type Page struct {
	Version    VersionRow
	Filter     Form   // q, category
	Action     string // where the search goes: this page
	Categories []components.Option
	Groups     []Group
	// Versions, CanImport, Form and Problems are the list page's: every
	// version, and the import form with what was wrong with the last file.
	Versions  []VersionRow
	CanImport bool
	Form      Form // label, valid_from, file
	Problems  []cl.Problem
}
