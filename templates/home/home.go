// Package home renders the start page: what needs the user's attention.
package home

import (
	"time"

	"github.com/a-h/templ"
)

// Card is one block of the start page.
type Card struct {
	ID        string // data-testid
	Title     string
	Figure    string // a number or short state, shown large
	Text      string
	Body      templ.Component // shown under Text, if any
	Href      string
	LinkLabel string
}

// Activity is one recent event of the user's.
type Activity struct {
	At      time.Time
	Summary string
}

// CaseLink is one case in a list of the start page.
type CaseLink struct {
	Href, Reference, Title, Status string
}

// CaseList is a list of cases that need the user, such as their drafts.
type CaseList struct {
	ID, Title, Empty string
	Cases            []CaseLink
}

// Page is the start page.
type Page struct {
	Name string
	// Lead is shown first, under the greeting: management's home page
	// leads with the programme dashboard.
	Lead      templ.Component
	Cards     []Card
	CaseLists []CaseList
	Activity  []Activity
}
