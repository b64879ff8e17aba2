// Package controllist keeps the EU dual-use control list (Annex I to
// Regulation (EU) 2021/821) as dated versions: the entries, their wording,
// category and whether they are cyber-surveillance entries. An administrator
// imports a new version from a CSV file; exactly one version is in use, and
// item classifications are looked up in it.
package controllist

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/hrdd"
)

// SeedVersionID is the version every installation starts with (migration
// 00018): the category headings and the entries checked against the legal
// texts, not the full Annex I.
const SeedVersionID = "00000000-0000-7000-8000-000000000018"

// Categories are the headings of Annex I's ten categories, by number.
var Categories = [10]string{
	"Nuclear materials, facilities and equipment",
	"Special materials and related equipment",
	"Materials processing",
	"Electronics",
	"Computers",
	"Part 1 Telecommunications; Part 2 Information security",
	"Sensors and lasers",
	"Navigation and avionics",
	"Marine",
	"Aerospace and propulsion",
}

// Version is one version of the control list.
type Version struct {
	ID    string `gorm:"column:id;primaryKey"`
	Label string `gorm:"column:label"` // "Annex I as amended by Delegated Regulation (EU) 2024/2547"
	// ValidFrom is the day the version applies from, YYYY-MM-DD; "" for the
	// seed, whose sources differ in date.
	ValidFrom  string    `gorm:"column:valid_from"`
	ImportedBy *string   `gorm:"column:imported_by"` // nil: the installation
	ImportedAt time.Time `gorm:"column:imported_at"`
	SHA256     string    `gorm:"column:sha256"` // of the file imported; "" for the seed
	EntryCount int       `gorm:"column:entry_count"`
	InUse      bool      `gorm:"column:in_use"`
}

func (Version) TableName() string { return "control_list_versions" }

// Seed reports whether v is the seed, which is not the full Annex I.
func (v *Version) Seed() bool { return v.ID == SeedVersionID }

// Entry is one entry of a version: a category heading ("5") or an entry
// code as Annex I writes it ("5A001.j").
type Entry struct {
	VersionID         string `gorm:"column:version_id;primaryKey"`
	Code              string `gorm:"column:code;primaryKey"`
	Title             string `gorm:"column:title"` // its wording, or what is known of it
	Category          int    `gorm:"column:category"`
	CyberSurveillance bool   `gorm:"column:cyber_surveillance"`
	// Parent is the nearest entry above it in the same version; "" for none.
	Parent string `gorm:"column:parent"`
}

func (Entry) TableName() string { return "control_list_entries" }

// Heading reports whether e is a category heading.
func (e Entry) Heading() bool { return len(e.Code) == 1 }

// maxCode bounds an entry code; Annex I's longest are about 15 characters.
const maxCode = 40

// Normalize returns code as Annex I writes it ("5a001.J.1." → "5A001.j.1"),
// and false when it is neither an entry code nor a category digit. Annex II
// writes codes with a final dot ("1C003.b."); it is dropped.
func Normalize(code string) (string, bool) {
	code = strings.TrimSuffix(strings.TrimSpace(code), ".")
	switch {
	case len(code) > maxCode:
		return "", false
	case len(code) == 1 && code[0] >= '0' && code[0] <= '9':
		return code, true
	}
	return hrdd.EntryCode(code)
}

// ancestors returns the codes above a normalised code, nearest first:
// "5A001.j.1" → "5A001.j", "5A001", "5".
func ancestors(code string) []string {
	var out []string
	for i := strings.LastIndex(code, "."); i > 0; i = strings.LastIndex(code, ".") {
		code = code[:i]
		out = append(out, code)
	}
	if len(code) > 1 {
		out = append(out, code[:1])
	}
	return out
}

// compareCodes orders codes as Annex I does: numbered sub-entries by number
// ("3A001.a.3" before "3A001.a.10").
func compareCodes(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		na, errA := strconv.Atoi(as[i])
		nb, errB := strconv.Atoi(bs[i])
		c := strings.Compare(as[i], bs[i])
		if errA == nil && errB == nil {
			c = cmp.Compare(na, nb)
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// sortEntries orders entries by code as Annex I does.
func sortEntries(entries []Entry) {
	slices.SortFunc(entries, func(a, b Entry) int { return compareCodes(a.Code, b.Code) })
}
