// Package techsec is ICP core element 7, physical and information
// security, for controlled technology and software: a register of where
// each is kept and who may reach it, linked to the products of the catalogue
// whose confirmed classification is its control-list entry, and the
// transfers of each out of the company (email, cloud sharing, a laptop
// carried abroad) with the licence or general authorisation that covers
// them. A transfer that nothing covers is refused, as a case would be.
package techsec

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-icp/vigil/internal/vocab"
)

// Kind is what an entry of the register is.
type Kind string

const (
	Technology Kind = "technology"
	Software   Kind = "software"
)

// Kinds name the kinds for people, in the order forms offer them.
var Kinds = vocab.Terms[Kind]{{Value: Technology, Label: "Technology"}, {Value: Software, Label: "Software"}}

// Channel is how a transfer leaves the company.
type Channel string

const (
	Email Channel = "email"
	Cloud Channel = "cloud"
	Trip  Channel = "trip"
	Other Channel = "other"
)

// Channels name the channels for people.
var Channels = vocab.Terms[Channel]{
	{Value: Email, Label: "Email"},
	{Value: Cloud, Label: "Cloud sharing"},
	{Value: Trip, Label: "Business trip (carried abroad)"},
	{Value: Other, Label: "Other"},
}

// Item is one entry of the register. Products and Access are read with it
// and kept in their own tables.
type Item struct {
	ID           string    `gorm:"column:id;primaryKey"`
	Name         string    `gorm:"column:name"`
	Kind         Kind      `gorm:"column:kind"`
	Description  string    `gorm:"column:description"`
	Location     string    `gorm:"column:location"`
	AccessGroups string    `gorm:"column:access_groups"`
	OwnerID      string    `gorm:"column:owner_id"`
	CreatedBy    string    `gorm:"column:created_by"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
	// Products are the ids of the catalogue's products, Access the ids of
	// the users who may reach it.
	Products []string `gorm:"-"`
	Access   []string `gorm:"-"`
}

func (Item) TableName() string { return "tech_items" }

// Transfer is a transfer of an entry out of the company that was covered.
type Transfer struct {
	ID            string    `gorm:"column:id;primaryKey"`
	ItemID        string    `gorm:"column:item_id"`
	Channel       Channel   `gorm:"column:channel"`
	RecipientName string    `gorm:"column:recipient_name"`
	RecipientOrg  string    `gorm:"column:recipient_org"`
	Destination   string    `gorm:"column:destination"`
	TransferOn    time.Time `gorm:"column:transfer_on"`
	TransferredBy string    `gorm:"column:transferred_by"`
	CoverKind     string    `gorm:"column:cover_kind"` // licence | gea | ""
	CoverRef      string    `gorm:"column:cover_ref"`
	CoverName     string    `gorm:"column:cover_name"`
	Entries       string    `gorm:"column:entries"`
	Basis         string    `gorm:"column:basis"`
	RecordedBy    string    `gorm:"column:recorded_by"`
	RecordedAt    time.Time `gorm:"column:recorded_at"`
}

func (Transfer) TableName() string { return "tech_transfers" }

// Input is an entry as the form gives it.
type Input struct {
	Name, Kind, Description, Location, AccessGroups, OwnerID string
	Products, Access                                         []string
}

// parse checks in and returns the entry it describes, without its id and
// bookkeeping, or the message of each bad field.
func (in Input) parse() (Item, map[string]string) {
	errs := map[string]string{}
	it := Item{Name: strings.TrimSpace(in.Name), Kind: Kind(in.Kind), Description: strings.TrimSpace(in.Description),
		Location: strings.TrimSpace(in.Location), AccessGroups: strings.TrimSpace(in.AccessGroups), OwnerID: strings.TrimSpace(in.OwnerID),
		Products: compact(in.Products), Access: compact(in.Access)}
	if it.Name == "" {
		errs["name"] = "Name the technology or software."
	}
	if !Kinds.Has(it.Kind) {
		errs["kind"] = "Choose technology or software."
	}
	if it.Location == "" {
		errs["location"] = "Say where it is kept: a repository, a document store, a safe room…"
	}
	if it.OwnerID == "" {
		errs["owner_id"] = "Choose who owns it."
	}
	if len(it.Products) == 0 {
		errs["products"] = "Choose the product or products it belongs to: their classification is its control-list entry."
	}
	for name, text := range map[string]string{"name": it.Name, "description": it.Description, "location": it.Location, "access_groups": it.AccessGroups} {
		if utf8.RuneCountInString(text) > 4000 {
			errs[name] = "Use at most 4000 characters."
		}
	}
	return it, errs
}

// compact drops empty and repeated ids, in order.
func compact(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
