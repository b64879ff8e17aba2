// Package licensing holds the authorisations an export can go under: the
// Union general export authorisations of Annex II of Regulation (EU)
// 2021/821 (reference data, seeded by migration), the company's
// registrations for them, its own licences, and the ledger that keeps what
// each licence has left.
package licensing

import (
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/hrdd"
)

// Fact is something about an export that a GEA's scope turns on and that
// neither the entry code nor the destination tells. Each must be known and
// true for the GEA to cover the export.
type Fact string

const (
	FactOutsideAnnexIV  Fact = "outside_annex_iv"
	FactRepairReturn    Fact = "repair_return"
	FactOriginalEndUser Fact = "original_end_user"
	FactExhibition      Fact = "exhibition"
	FactDemoSoftware    Fact = "demo_software"
	FactNoRepression    Fact = "no_repression_use"
	FactSectionF        Fact = "section_f_chemical"
	FactIntraGroup      Fact = "intra_group"
	FactDevelopment     Fact = "product_development"
	FactICP             Fact = "icp"
	FactEU008Crypto     Fact = "eu008_crypto"
	// FactUnrestricted answers EU008 (c) from the country reference data.
	FactUnrestricted Fact = "destination_unrestricted"
)

// Questions ask for each fact, as the determination puts it to a person.
var Questions = map[Fact]string{
	FactOutsideAnnexIV:  "whether the item is outside Annex IV (Annex II Section I excludes every Annex IV item)",
	FactRepairReturn:    "whether the items were re-imported for maintenance, repair or replacement and go back to the country of consignment within 5 years of the original authorisation",
	FactOriginalEndUser: "whether the export is to the original end-user",
	FactExhibition:      "whether it is a temporary export for an exhibition or fair, re-imported within 120 days, complete and without modification",
	FactDemoSoftware:    "whether the software is needed for the demonstration",
	FactNoRepression:    "that the items are not for use in connection with a violation of human rights, democratic principles or the freedom of expression by interception or monitoring, and that no re-export outside the EU005 and EU001 destinations or the Member States is known",
	FactSectionF:        "whether the chemical is one of the numbered 1C350 chemicals Annex II Section F lists",
	FactIntraGroup:      "whether the export is to a wholly owned subsidiary or sister company, with parent and ultimate controller in a Member State or an EU001 country, and a binding guarantee from the parent",
	FactDevelopment:     "whether it is only for commercial product development, to be returned and deleted, and not for a military, paramilitary, police, intelligence, surveillance or other government security end-use",
	FactICP:             "whether the exporter implements an Internal Compliance Programme",
	FactEU008Crypto:     "whether the item uses only published or commercial cryptographic standards (none made for government use), its cryptographic functionality cannot easily be changed by the user, and it is not accredited at or above RESTREINT UE/EU RESTRICTED",
	FactUnrestricted:    "whether the destination is free of arms embargoes and of restrictive measures of the Union applicable to dual-use items",
}

// Facts are what the determination knows of an export beyond its entry code
// and destination.
type Facts struct {
	// Answers holds the facts known; a fact missing is not known.
	Answers map[Fact]bool
	// For are the Annex I entry codes of the items that software, technology
	// or test equipment is for. nil: not known; empty: it is for no other
	// listed item.
	For []string
}

// Rule is a line of an Annex II items list: an Annex I entry with the
// entries below it, or with no code every entry of Type (D software, E
// technology). Entry.With, when set, makes the line count only for items
// that are for one of those entries. On a covered line Fact must be true;
// on an excluded line Fact true lifts the exclusion.
type Rule struct {
	Entry hrdd.Entry
	Type  string
	Fact  Fact
	Note  string
}

// String is the line as Annex II reads.
func (r Rule) String() string {
	s := r.Entry.Code
	if s == "" && r.Type != "" {
		s = "every " + r.Type + " entry"
	}
	if s == "" {
		s = "every entry"
	}
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	return s
}

// match reports whether the rule's line holds code, and if that depends on
// facts not known, the question. unless is the value of Fact that takes the
// item off the line (true on excluded lines).
func (r Rule) match(code string, f Facts, unless bool) (bool, string) {
	if r.Entry.Code != "" && !r.Entry.Covers(code) || r.Type != "" && code[1:2] != r.Type {
		return false, ""
	}
	if r.Entry.With != nil {
		if f.For == nil {
			return false, "which items " + code + " is for (" + r.String() + ")"
		}
		if !slices.ContainsFunc(f.For, func(c string) bool {
			return slices.ContainsFunc(r.Entry.With, func(w string) bool { return hrdd.Entry{Code: w}.Covers(c) })
		}) {
			return false, ""
		}
	}
	if r.Fact == "" {
		return true, ""
	}
	v, known := f.Answers[r.Fact]
	if !known {
		return false, Questions[r.Fact]
	}
	return v != unless, ""
}

// GEA is a Union general export authorisation as Annex II sets it out.
type GEA struct {
	Code, Title, Section string
	// Destinations are ISO 3166-1 codes: those covered, or with AllExcept
	// those excluded (EU008 (b)).
	Destinations []string
	AllExcept    bool
	// ExceptGEA and Excepted: a GEA whose destinations are excluded too
	// (EU008 (a): EU001) and those destinations.
	ExceptGEA string
	Excepted  []string
	// EmbargoClause: EU008 (c), destinations under an arms embargo or EU
	// restrictive measures applicable to dual-use items are excluded.
	EmbargoClause bool
	// Covered is the positive list (nil: every Annex I entry); Excluded
	// what is taken out, starting with Annex II Section I where
	// ExcludesSectionI.
	Covered, Excluded []Rule
	ExcludesSectionI  bool
	Requires          []Fact
	Scope, Conditions string
	NeedsRegistration bool // register before first use
	FirstUseDays      int
	FirstUseBefore    bool // notify the days before the first export, else within the days after
	Reporting         string
	ICPRequired       bool
	Confidence, Note  string
}

// Covers reports whether g covers an item of Annex I entry entryCode to
// destination (ISO code), given what else is known, and when not why: the
// destination, the item's place on the lists, or the facts it needs.
func (g GEA) Covers(entryCode, destination string, f Facts) (bool, string) {
	codes := hrdd.EntryCodes(entryCode)
	if len(codes) != 1 {
		return false, "“" + entryCode + "” is not an Annex I entry code."
	}
	code, dest := codes[0], strings.ToUpper(strings.TrimSpace(destination))
	if ok, why := g.coversDestination(dest, f); !ok {
		return false, why
	}
	var needs []string
	for _, fact := range g.Requires {
		if v, known := f.Answers[fact]; !known {
			needs = append(needs, Questions[fact])
		} else if !v {
			return false, g.Code + " does not apply: it requires " + Questions[fact] + " to be answered yes."
		}
	}
	if ok, why, need := g.coversItem(code, f); !ok {
		if need != "" {
			needs = append(needs, need)
		} else {
			return false, why
		}
	}
	if len(needs) > 0 {
		return false, g.Code + " needs to know " + strings.Join(needs, "; and ") + "."
	}
	return true, ""
}

// coversDestination reports whether g goes to dest.
func (g GEA) coversDestination(dest string, f Facts) (bool, string) {
	listed := slices.Contains(g.Destinations, dest)
	switch {
	case !g.AllExcept && !listed:
		return false, g.Code + " does not cover exports to " + dest + "."
	case g.AllExcept && listed:
		return false, g.Code + " excludes " + dest + " by name."
	case slices.Contains(g.Excepted, dest):
		return false, g.Code + " excludes " + dest + ", a destination of " + g.ExceptGEA + "; use " + g.ExceptGEA + "."
	}
	if !g.EmbargoClause {
		return true, ""
	}
	v, known := f.Answers[FactUnrestricted]
	switch {
	case !known:
		return false, g.Code + " needs to know " + Questions[FactUnrestricted] + "."
	case !v:
		return false, g.Code + " excludes " + dest + ": it is subject to an arms embargo or restrictive measures applicable to dual-use items."
	}
	return true, ""
}

// coversItem reports whether code is on g's lists: why not, or the question
// whose answer decides it.
func (g GEA) coversItem(code string, f Facts) (ok bool, why, need string) {
	if g.Covered != nil {
		var on bool
		for _, r := range g.Covered {
			if hit, q := r.match(code, f, false); hit {
				on = true
				break
			} else if q != "" && need == "" {
				need = q
			}
		}
		if !on {
			if need != "" {
				return false, "", need
			}
			return false, code + " is not on the " + g.Code + " list.", ""
		}
	}
	for _, r := range g.Excluded {
		hit, q := r.match(code, f, true)
		switch {
		case q != "":
			return false, "", q
		case hit:
			return false, g.Code + " excludes " + code + ": " + r.String() + ".", ""
		}
	}
	return true, "", ""
}

// Registration is the company's registration for a GEA with its authority.
type Registration struct {
	ID           string    `gorm:"column:id;primaryKey"`
	GEACode      string    `gorm:"column:gea_code"`
	RegisteredOn time.Time `gorm:"column:registered_on"`
	Authority    string    `gorm:"column:authority"`
	Reference    string    `gorm:"column:reference"`
	RecordedBy   string    `gorm:"column:recorded_by"`
	RecordedAt   time.Time `gorm:"column:recorded_at"`
	// RecordedByName is the person's name, read with the row.
	RecordedByName string `gorm:"column:recorded_by_name;->" json:"-"`
}

// TableName maps Registration to its table.
func (Registration) TableName() string { return "gea_registrations" }

// GEAStatus is a GEA with the company's registration for it, if any.
type GEAStatus struct {
	GEA
	Registration *Registration
}

// Usable reports whether the company may use the GEA now: registered where
// it requires registration before first use.
func (s GEAStatus) Usable() (bool, string) {
	if s.NeedsRegistration && s.Registration == nil {
		return false, s.Code + " requires registration before first use; the company's registration is not recorded."
	}
	return true, ""
}
