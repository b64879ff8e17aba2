// Package governance renders ICP core elements 1 and 2: the management's
// commitment statement with its versions and acknowledgement log, and the
// organisation of compliance responsibilities, printable.
package governance

import (
	"strings"
	"time"

	gov "github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Commitment is the commitment page: the current version, the viewer's
// acknowledgement of it, and every version.
type Commitment struct {
	Current    *gov.Statement // nil while none is published
	Mine       *gov.Acknowledgement
	Versions   []gov.Statement
	CanSign    bool // may publish a new version
	CanReadLog bool // may read the acknowledgement log
	Form       Form // the acknowledgement as posted, with its error
}

// Version is one version of the statement, with the number of the current.
type Version struct {
	Statement *gov.Statement
	Current   int
}

// Publish is the form that publishes a new version.
type Publish struct {
	Current *gov.Statement // nil: the first version
	Signer  string
	Form    Form // text, sign
}

// Next is the number the new version gets.
func (p Publish) Next() int {
	if p.Current == nil {
		return 1
	}
	return p.Current.Version + 1
}

// Contact is a current holder of a responsibility, as the contacts list
// shows them.
type Contact struct {
	Responsibility, Name, Phone, Email string
}

// ContactsOf are the holdings as contacts, one a person: someone holding
// several responsibilities is named once, with all of them, and the contact
// details of the first.
func ContactsOf(hs []gov.Holding) []Contact {
	var out []Contact
	at := map[string]int{} // user id → index in out
	for _, h := range hs {
		if i, ok := at[h.UserID]; ok {
			out[i].Responsibility += " and " + lower(h.Responsibility.Label())
			continue
		}
		at[h.UserID] = len(out)
		out = append(out, Contact{Responsibility: h.Responsibility.Label(), Name: h.Name, Phone: h.Phone, Email: h.Contact()})
	}
	return out
}

// Organisation is the organisation page.
type Organisation struct {
	Roles     []gov.Role
	Holdings  []gov.Holding // every holding, by responsibility
	Now       time.Time
	CanManage bool
	People    []components.Option // whom a responsibility may be given to
	Form      Form                // a new holding as posted
	End       Form                // an end as posted; its holding is End.V("id")
}

// Current are the holdings of r that cover today.
func (o Organisation) Current(r gov.Responsibility) []gov.Holding {
	var out []gov.Holding
	for _, h := range o.Holdings {
		if h.Responsibility == r && h.HoldsOn(o.Now) {
			out = append(out, h)
		}
	}
	return out
}

// Responsibilities are the choices of the holding form.
func (o Organisation) Responsibilities() []components.Option {
	out := make([]components.Option, len(o.Roles))
	for i, r := range o.Roles {
		out[i] = components.Option{Value: string(r.Responsibility), Label: r.Label}
	}
	return out
}

// state says where a holding stands on the day of now.
func state(h gov.Holding, now time.Time) string {
	switch {
	case h.HoldsOn(now):
		return "current"
	case h.FromOn.After(now):
		return "planned"
	}
	return "ended"
}

// open reports whether a holding has no last day yet, or one still to come.
func open(h gov.Holding, now time.Time) bool {
	return h.ToOn == nil || !h.ToOn.Before(gov.Day(now))
}

func period(h gov.Holding) string {
	if h.ToOn == nil {
		return "from " + format.Date(h.FromOn)
	}
	return format.Date(h.FromOn) + " to " + format.Date(*h.ToOn)
}

// rule says, as the company's choice, how many may hold a responsibility.
func rule(r gov.Role) string {
	if r.Several {
		return "Several people may hold it at once (the company's choice)."
	}
	return "One person at a time (the company's choice)."
}

func short(hash string) string {
	if len(hash) > 16 {
		return hash[:16] + "…"
	}
	return hash
}

func lower(s string) string { return strings.ToLower(s) }
