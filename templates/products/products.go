// Package products renders the company's product catalogue and each
// product's classification history.
package products

import (
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Row is a product in the catalogue list.
type Row struct {
	ID, Name       string
	Classification string // the confirmed one, "" when none
	Pending        bool
	Review         string // why it must be looked at again
}

// List is the catalogue page.
type List struct {
	Rows      []Row
	CanCreate bool
	New       Form // name, description
}

// Classification is one classification in a product's history.
type Classification struct {
	ID, Text, Rationale, USECCN string
	Cyber                       bool
	Status, StatusLabel         string
	ProposedBy                  string
	ProposedAt                  time.Time
	AnsweredBy, AnswerReason    string
	AnsweredAt                  time.Time
	Holds                       bool // the confirmed one that holds now
}

// Page is one product with its classifications, newest first.
type Page struct {
	ID, Name, Description, Review string
	History                       []Classification
	CanPropose                    bool
	Pending                       *Classification
	CanAnswer                     bool
	WhyNotAnswer                  string
	Propose, Answer               Form
}
