// Package home renders the start page: what needs the user's attention.
package home

import "time"

// Card is one block of the start page.
type Card struct {
	ID        string // data-testid
	Title     string
	Figure    string // a number or short state, shown large
	Text      string
	Href      string
	LinkLabel string
}

// Activity is one recent event of the user's.
type Activity struct {
	At      time.Time
	Summary string
}

// Page is the start page.
type Page struct {
	Name     string
	Cards    []Card
	Activity []Activity
}
