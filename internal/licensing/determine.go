package licensing

import (
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/reference"
)

// Outcome is what the determination concludes for one item of a case.
type Outcome string

const (
	// Open: not yet determined; Why says what is missing.
	Open Outcome = "open"
	// NoLicence: not listed in Annex I and not caught by Art. 4 or 5.
	NoLicence Outcome = "no_licence"
	// IntraUnion: a transfer to another Member State of an item outside
	// Annex IV.
	IntraUnion Outcome = "intra_union"
	// UnderGEA: a Union general export authorisation covers it.
	UnderGEA Outcome = "gea"
	// UnderLicence: one of the company's licences covers it.
	UnderLicence Outcome = "licence"
	// Required: a licence is required and none recorded covers it.
	Required Outcome = "required"
	// Awaiting: the authority was (or must be) notified and decides.
	Awaiting Outcome = "awaiting"
	// Prohibited: a confirmed restrictive measure forbids the export.
	Prohibited Outcome = "prohibited"
)

// Outcomes name the outcomes for people.
var Outcomes = map[Outcome]string{
	Open: "Not yet determined", NoLicence: "No licence needed", IntraUnion: "Intra-Union transfer, no licence",
	UnderGEA: "Covered by a general authorisation", UnderLicence: "Covered by a licence",
	Required: "Licence required", Awaiting: "Awaiting the authority", Prohibited: "Prohibited",
}

// Label is the outcome for people.
func (o Outcome) Label() string { return Outcomes[o] }

// Settled reports whether the item may be exported as determined.
func (o Outcome) Settled() bool {
	return o == NoLicence || o == IntraUnion || o == UnderGEA || o == UnderLicence
}

// NotListed is how an item writes that it is in no Annex I entry.
const NotListed = "Not listed in Annex I"

// Item is a case item as the determination reads it.
type Item struct {
	ID, Description string
	Product         string // the catalogue product's name, "" for none
	// Classification is as items write it: an entry code, or NotListed.
	Classification string
	// Confirmed: the classification comes from the catalogue, confirmed by a
	// compliance officer other than the person who proposed it.
	Confirmed bool
	Cyber     bool // an unlisted cyber-surveillance item (Art. 5)
	// ValueMinor and QuantityMilli are what still has to be covered: an
	// approved case's item counts what it has not yet shipped.
	ValueMinor    int64
	Currency      string
	QuantityMilli int64
	// ReservedOn is the licence the item holds reserved since the case's
	// approval, "" for none.
	ReservedOn string
}

// Listed reports whether the item is in an Annex I entry.
func (it Item) Listed() bool {
	return it.Classification != "" && !strings.EqualFold(it.Classification, NotListed)
}

// Export is the case as the determination of its items reads it.
type Export struct {
	On          time.Time // the day the export is judged for
	Destination string    // ISO code
	IntraUnion  bool      // the destination is a Member State
	EndUser     string    // the end user's name
	EndUserType string
	Measures    []reference.Measure // on the destination, in force
	Art4        Art4
	Art5        Art5
	Facts       Facts
	GEAs        []GEAStatus
	Licences    []Licence // the company's, earliest expiry first
}

// Art5 is where a case stands on the Art. 5 path of its human-rights
// assessment, for its unlisted cyber-surveillance items.
type Art5 struct {
	Answered bool      // the signed assessment answers the Art. 5 questions
	Need     hrdd.Need // what those answers require
	Released bool      // the authority's reply lets the export go ahead
}

// Determination is what the determination concludes for one item, and why.
type Determination struct {
	Item    Item
	Outcome Outcome
	// Basis is the authorisation the item goes under: a GEA code or a
	// licence's number; LicenceID is the licence's id.
	Basis, LicenceID string
	Why              []string // the steps, in words, each naming its rule
	// Questions are the facts whose answers could let a GEA cover the item.
	Questions []Fact
	// Refusals say why each of the company's licences does not cover it.
	Refusals []string
	Warnings []string // measures recorded but not confirmed
}

func (d *Determination) conclude(o Outcome, why ...string) Determination {
	d.Outcome = o
	d.Why = append(d.Why, why...)
	return *d
}

// Determine concludes for each item of e. Items are taken in order, and what
// an earlier item takes of a licence is not there for a later one, so that
// every item covered by a licence fits in it together with the others.
func Determine(e Export, items []Item) []Determination {
	taken := map[string]take{}
	out := make([]Determination, 0, len(items))
	for _, it := range items {
		d := determine(e, it, taken)
		if d.Outcome == UnderLicence && it.ReservedOn == "" {
			t := taken[d.LicenceID]
			taken[d.LicenceID] = take{t.valueMinor + it.ValueMinor, t.quantityMilli + it.QuantityMilli}
		}
		out = append(out, d)
	}
	return out
}

// take is what earlier items of a case take of a licence.
type take struct{ valueMinor, quantityMilli int64 }

// determine concludes for one item; taken holds what earlier items of the
// case take of each licence.
func determine(e Export, it Item, taken map[string]take) Determination {
	d := Determination{Item: it, Warnings: e.warnings()}
	if it.Classification == "" || !it.Confirmed {
		return d.conclude(Open, "The item needs a classification confirmed by a compliance officer: choose it from the product catalogue.")
	}
	if effect, why := e.measureEffect(it); effect != "" {
		if effect == Prohibited {
			return d.conclude(Prohibited, why)
		}
		d.Why = append(d.Why, why)
		return e.licenceOnly(&d, it, taken)
	}
	if o, why := e.Art4.effect(); o != "" {
		if o != NoLicence {
			return d.conclude(o, why)
		}
		d.Why = append(d.Why, why)
		if !it.Listed() {
			return d.conclude(NoLicence, "Not listed in Annex I.")
		}
		return e.licenceOnly(&d, it, taken)
	}
	if !it.Listed() {
		return e.unlisted(&d, it)
	}
	if e.IntraUnion {
		return e.intraUnion(&d, it)
	}
	d.Why = append(d.Why, "Listed in Annex I ("+it.Classification+"), the control list: its export needs an authorisation.")
	if lic, ok := e.licence(&d, it, taken); ok {
		return d.conclude(UnderLicence, "Licence "+lic.Name()+" covers it.")
	}
	if g, ok := e.gea(&d, it); ok {
		d.Basis = g.Code
		return d.conclude(UnderGEA, g.Code+" ("+g.Title+") covers it: "+g.Section+".")
	}
	return d.conclude(Required, "No general authorisation or licence recorded covers it: apply for a licence.")
}

// unlisted concludes for an item in no Annex I entry, past Art. 4: only the
// Art. 5 path of a cyber-surveillance item can still require anything.
func (e Export) unlisted(d *Determination, it Item) Determination {
	if !it.Cyber {
		return d.conclude(NoLicence, "Not listed in Annex I and not caught by Art. 4 or Art. 5: no licence is needed.")
	}
	const art5 = "Not listed in Annex I, but a cyber-surveillance item: Art. 5 applies, through the human-rights assessment."
	switch {
	case !e.Art5.Answered:
		return d.conclude(Open, art5, "The assessment's Art. 5 answers are not yet signed.")
	case e.Art5.Need == hrdd.NeedNothing:
		return d.conclude(NoLicence, art5, "Its signed answers: neither informed by the authority nor aware of such a use.")
	case e.Art5.Released:
		return d.conclude(NoLicence, art5, "The authority's reply, recorded on the assessment, lets the export go ahead.")
	case e.Art5.Need == hrdd.NeedDecision:
		return d.conclude(Awaiting, art5, "Notified under Art. 5(2): the authority decides whether a licence is required.")
	}
	return d.conclude(Required, art5, "Art. 5(1) or national law under Art. 5(3): a licence is required; record it on the assessment once granted.")
}

// intraUnion concludes for a listed item sent to another Member State:
// Annex IV lists the items whose transfer within the Union needs an
// authorisation; others need none.
func (e Export) intraUnion(d *Determination, it Item) Determination {
	const transfer = "The destination is a Member State: an intra-Union transfer, not an export."
	outside, known := e.Facts.Answers[FactOutsideAnnexIV]
	switch {
	case !known:
		d.Questions = []Fact{FactOutsideAnnexIV}
		return d.conclude(Open, transfer, "Answer whether the item is outside Annex IV, the list of items whose transfer within the Union needs an authorisation.")
	case outside:
		return d.conclude(IntraUnion, transfer, "The item is outside Annex IV: its transfer within the Union needs no authorisation.")
	}
	d.Why = append(d.Why, transfer, "An Annex IV item: its transfer within the Union needs an authorisation.")
	return e.licenceOnly(d, it, map[string]take{})
}

// licenceOnly concludes for an item that only a licence of the company's
// can cover: general authorisations are set aside.
func (e Export) licenceOnly(d *Determination, it Item, taken map[string]take) Determination {
	if lic, ok := e.licence(d, it, taken); ok {
		return d.conclude(UnderLicence, "Licence "+lic.Name()+" covers it.")
	}
	return d.conclude(Required, "No licence recorded covers it: apply for one.")
}

// licence finds the first of the company's licences that covers it, after
// what earlier items take; the reasons the others do not go into d only
// when none does.
func (e Export) licence(d *Determination, it Item, taken map[string]take) (*Licence, bool) {
	var refusals []string
	for i := range e.Licences {
		l := e.Licences[i]
		if it.ReservedOn != "" && l.ID != it.ReservedOn {
			continue
		}
		u := Use{On: e.On, Destination: e.Destination, EndUser: e.EndUser, EntryCode: it.Classification,
			Product: it.Product, ValueMinor: it.ValueMinor, Currency: it.Currency, QuantityMilli: it.QuantityMilli}
		if it.ReservedOn != "" { // the approval holds its amounts already
			u.ValueMinor, u.QuantityMilli = 0, 0
		}
		l.ReservedMinor += taken[l.ID].valueMinor
		l.ReservedMilli += taken[l.ID].quantityMilli
		if ok, why := l.Covers(u); !ok {
			refusals = append(refusals, why)
			continue
		}
		d.Basis, d.LicenceID = l.Number, l.ID
		return &e.Licences[i], true
	}
	d.Why = append(d.Why, refusals...)
	d.Refusals = refusals
	return nil, false
}

// gea finds the first GEA the company may use that covers it; the questions
// whose answers could let one cover it go into d.
func (e Export) gea(d *Determination, it Item) (*GEAStatus, bool) {
	facts := e.Facts
	facts.Answers = withFact(facts.Answers, FactUnrestricted, !e.restricted())
	for i := range e.GEAs {
		g := &e.GEAs[i]
		ok, _ := g.Covers(it.Classification, e.Destination, facts)
		if !ok {
			for _, f := range g.Requires {
				if _, known := facts.Answers[f]; !known && g.coversDestinationOnly(e.Destination) && !slices.Contains(d.Questions, f) {
					d.Questions = append(d.Questions, f)
				}
			}
			continue
		}
		if usable, why := g.Usable(); !usable {
			d.Why = append(d.Why, why)
			continue
		}
		return g, true
	}
	return nil, false
}

// withFact returns m with k set to v, m itself unchanged.
func withFact(m map[Fact]bool, k Fact, v bool) map[Fact]bool {
	out := make(map[Fact]bool, len(m)+1)
	for f, b := range m {
		out[f] = b
	}
	out[k] = v
	return out
}

// coversDestinationOnly reports whether dest is among g's destinations,
// whatever the facts: only then are g's questions worth asking.
func (g GEA) coversDestinationOnly(dest string) bool {
	listed := slices.Contains(g.Destinations, strings.ToUpper(dest))
	return listed != g.AllExcept && !slices.Contains(g.Excepted, strings.ToUpper(dest))
}
