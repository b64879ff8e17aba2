// Package technology renders the register of controlled technology and
// software (ICP core element 7): the register, each entry with its access
// list and its transfers, and the form that records a transfer.
package technology

import (
	"strings"
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it. Fields
// of several values (products, access) hold them one a line.
type Form = components.Form

// Lines splits a value held one a line.
func Lines(v string) []string { return strings.Fields(v) }

// Product is a product an entry belongs to, with its classification.
type Product struct {
	ID, Name string
	Class    string // the Annex I entry, "Not listed in Annex I", or what is missing
	Listed   bool
}

// Row is an entry of the register.
type Row struct {
	ID, Name, Kind, Location, Owner string
	Products                        []Product
	Access                          int // users on the access list
}

// Register is the register page.
type Register struct {
	Rows      []Row
	CanManage bool
}

// Transfer is a recorded transfer.
type Transfer struct {
	On                                  time.Time
	Channel, Recipient, Destination, By string
	Cover, Entries, Basis               string
}

// Page is one entry: what it is, where it is kept, who may reach it, its
// transfers, the change form for managers and the transfer form.
type Page struct {
	ID, Name, Kind, Description, Location, AccessGroups, Owner string
	Products                                                   []Product
	Access                                                     []string // names
	Transfers                                                  []Transfer
	CanManage, CanTransfer                                     bool
	Edit, TransferForm                                         Form
	Fields                                                     Fields
	Transfer                                                   TransferFields
}

// Fields are the choices of the entry form.
type Fields struct {
	Kinds, Users, Products []components.Option
}

// TransferFields are the choices of the transfer form.
type TransferFields struct {
	Channels, Transferors, Covers []components.Option
	Countries                     *components.Choices
}

// New is the page of the form for a new entry.
type New struct {
	Form   Form
	Fields Fields
}

// annexIV are the answers to whether the item is outside Annex IV.
var annexIV = []components.Option{{Value: "outside", Label: "Outside Annex IV"}, {Value: "inside", Label: "An Annex IV item"}}
