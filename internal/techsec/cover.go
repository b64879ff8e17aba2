package techsec

import (
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/licensing"
)

// Entry is the classification an item takes from one product of the
// catalogue it belongs to.
type Entry struct {
	Product string // the product's name
	// Code is the Annex I entry, "" when the product is not listed.
	Code      string
	Confirmed bool // the product has a confirmed classification
}

// Cover is the authorisation the person recording a transfer names: one of
// the company's licences or a general authorisation, or neither.
type Cover struct {
	Licence *licensing.Licence
	GEA     *licensing.GEAStatus
}

// Name is the cover as people cite it, "" for none.
func (c Cover) Name() string {
	switch {
	case c.Licence != nil:
		return "Licence " + c.Licence.Name()
	case c.GEA != nil:
		return c.GEA.Code + " (" + c.GEA.Title + ")"
	}
	return ""
}

// Request is a transfer as the rule judges it.
type Request struct {
	On          time.Time // the day of the transfer
	Destination string    // ISO 3166-1 code of the recipient's country
	Recipient   string    // the recipient's organisation: a licence's end user
	Entries     []Entry
	// Facts are what the person said of the transfer, for Annex IV and for
	// the conditions of a general authorisation.
	Facts licensing.Facts
	Cover Cover
	// OnAccessList: the person who transfers may reach the item.
	OnAccessList bool
}

// Judgement is whether a transfer may go, and why.
type Judgement struct {
	OK bool
	// Export: an export under Art. 2(2)(d) of Regulation (EU) 2021/821.
	Export bool
	// Entries are the Annex I entries judged, "" when none is listed.
	Entries string
	Why     string
	// Field is the form field a refusal is about.
	Field string
}

// The law each reason cites. Art. 2(2)(d): transmitting software or
// technology by electronic media to a destination outside the customs
// territory of the Union, or making it available in electronic form to
// persons outside it, is an export. Art. 11: within the Union, only the
// transfer of Annex IV items needs an authorisation. Reasons of the
// company's own begin "The company's rule".
const (
	lawExport   = "Art. 2(2)(d) of Regulation (EU) 2021/821"
	lawTransfer = "under Art. 11 only Annex IV items need an authorisation to be transferred within the Union"
)

// Judge decides whether the transfer r may go. The company's rules come
// first (the person is on the access list; every product is classified),
// then the law's: unlisted items need nothing, intra-Union transfers only
// for Annex IV items, and an export of a listed item needs the licence or
// general authorisation the person named to cover every entry.
func Judge(r Request) Judgement {
	j := Judgement{Entries: strings.Join(r.listed(), " ")}
	if !r.OnAccessList {
		j.Field = "transferred_by"
		return j.refuse("The company's rule: only a person on the entry's access list may transfer it.")
	}
	if len(r.Entries) == 0 {
		return j.refuse("The company's rule: an entry linked to no product of the catalogue has no known classification; link its product first.")
	}
	for _, e := range r.Entries {
		if !e.Confirmed {
			return j.refuse("The company's rule: “" + e.Product + "” has no confirmed classification; a compliance officer confirms it on the product's page first.")
		}
	}
	if len(r.listed()) == 0 {
		return j.allow("Not listed in Annex I: Regulation (EU) 2021/821 requires no authorisation for it (unless the catch-all of Art. 4 or 5 applies; report any doubt to the compliance officer).")
	}
	if slices.Contains(exporter.MemberStates, strings.ToUpper(r.Destination)) {
		return r.intraUnion(j)
	}
	j.Export = true
	export := "An export (" + lawExport + ") of listed " + j.Entries + " to " + r.Destination
	switch {
	case r.Cover.Licence != nil:
		return r.underLicence(j, export)
	case r.Cover.GEA != nil:
		return r.underGEA(j, export)
	}
	return j.refuse(export + " needs an authorisation: name the licence or general authorisation that covers it, or apply for a licence.")
}

// intraUnion judges a transfer to a Member State: not an export; an
// authorisation only for Annex IV items, and then only a licence.
func (r Request) intraUnion(j Judgement) Judgement {
	const within = "To a Member State: not an export (" + lawExport + "); " + lawTransfer
	outside, known := r.Facts.Answers[licensing.FactOutsideAnnexIV]
	switch {
	case !known:
		return j.refuse(within + ". Say whether the item is outside Annex IV.")
	case outside:
		return j.allow(within + ", and the item is outside Annex IV: no authorisation is needed.")
	case r.Cover.Licence == nil:
		return j.refuse(within + ", and this is an Annex IV item: name the licence that covers its transfer.")
	}
	return r.underLicence(j, "An intra-Union transfer of Annex IV item "+j.Entries)
}

// underLicence checks that the licence covers every listed entry.
func (r Request) underLicence(j Judgement, what string) Judgement {
	l := r.Cover.Licence
	for _, e := range r.Entries {
		if e.Code == "" {
			continue
		}
		u := licensing.Use{On: r.On, Destination: r.Destination, EndUser: r.Recipient, EntryCode: e.Code, Product: e.Product}
		if ok, why := l.Covers(u); !ok {
			return j.refuse(what + " is not covered: " + why)
		}
	}
	return j.allow(what + ": covered by licence " + l.Name() + ".")
}

// underGEA checks that the general authorisation may be used and covers
// every listed entry, given what the person said.
func (r Request) underGEA(j Judgement, what string) Judgement {
	g := r.Cover.GEA
	if ok, why := g.Usable(); !ok {
		return j.refuse(what + " is not covered: " + why)
	}
	if reg := g.Registration; reg != nil && reg.RegisteredOn.After(r.On) {
		return j.refuse(what + " is not covered: the company registered for " + g.Code + " only on " + reg.RegisteredOn.Format(time.DateOnly) + ".")
	}
	for _, code := range r.listed() {
		if ok, why := g.Covers(code, r.Destination, r.Facts); !ok {
			return j.refuse(what + " is not covered: " + why)
		}
	}
	return j.allow(what + ": covered by " + r.Cover.Name() + ", " + g.Section + ".")
}

// listed are the Annex I entries of the item, each once.
func (r Request) listed() []string {
	var out []string
	for _, e := range r.Entries {
		if e.Code != "" && !slices.Contains(out, e.Code) {
			out = append(out, e.Code)
		}
	}
	return out
}

func (j Judgement) allow(why string) Judgement {
	j.OK, j.Why = true, why
	return j
}

func (j Judgement) refuse(why string) Judgement {
	j.OK, j.Why = false, why
	if j.Field == "" {
		j.Field = "cover"
	}
	return j
}
