package controllist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

// TestControlList_Seed: every installation starts with the seed in use, says
// it is not the full Annex I, and holds the category headings and the
// entries checked against the legal texts, flagged as cyber-surveillance
// entries exactly where internal/hrdd lists them.
func TestControlList_Seed(t *testing.T) {
	w := newWorld(t)
	v, err := w.svc.InUse(w.officer)
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != controllist.SeedVersionID || !v.Seed() || !strings.Contains(v.Label, "not the full Annex I") || v.ImportedBy != nil ||
		v.SHA256 != "" || v.ValidFrom != "" || v.ImportedAt.IsZero() {
		t.Errorf("version in use %+v", v)
	}
	entries, err := w.svc.Entries(w.officer, v.ID, controllist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != v.EntryCount || len(entries) != 71 {
		t.Errorf("%d entries, the version counts %d", len(entries), v.EntryCount)
	}
	byCode := map[string]controllist.Entry{}
	for _, e := range entries {
		byCode[e.Code] = e
	}
	for i, heading := range controllist.Categories {
		if e := byCode[string(rune('0'+i))]; e.Title != heading || e.Category != i || e.Parent != "" {
			t.Errorf("category %d: %+v", i, e)
		}
	}
	var cyber []string
	for _, c := range hrdd.CyberEntries {
		cyber = append(cyber, c.Code)
	}
	for _, e := range entries {
		if norm, _ := controllist.Normalize(e.Code); norm != e.Code || e.Category != int(e.Code[0]-'0') {
			t.Errorf("entry %+v: code not as Annex I writes it, or category not its code's", e)
		}
		if e.CyberSurveillance != slices.Contains(cyber, e.Code) {
			t.Errorf("entry %s: cyber_surveillance %v", e.Code, e.CyberSurveillance)
		}
		if want := nearestAbove(e.Code, byCode); e.Parent != want {
			t.Errorf("entry %s: parent %q, want %q", e.Code, e.Parent, want)
		}
	}
	for code, title := range verifiedWording {
		if got := byCode[code].Title; got != title {
			t.Errorf("%s reads %q,\nwant the verified wording %q", code, got, title)
		}
	}
}

// nearestAbove is the nearest code above code that byCode holds.
func nearestAbove(code string, byCode map[string]controllist.Entry) string {
	for i := strings.LastIndex(code, "."); i > 0; i = strings.LastIndex(code, ".") {
		code = code[:i]
		if _, ok := byCode[code]; ok {
			return code
		}
	}
	if _, ok := byCode[code[:1]]; ok && len(code) > 1 {
		return code[:1]
	}
	return ""
}

// verifiedWording is the Annex I wording the seed quotes (Delegated
// Regulation (EU) 2024/2547).
var verifiedWording = map[string]string{
	"5A001.f": "Mobile telecommunications interception or jamming equipment, and monitoring equipment therefor, as follows, and specially designed components therefor:",
	"5A001.j": "Internet Protocol (IP) network communications surveillance systems or equipment, and specially designed components therefor, having all of the following:",
	"5A004.b": `Items, not specified in 4A005 or 5A004.a., designed to perform all of the following: 1. 'Extract raw data' from a computing or communications device; and 2. Circumvent "authentication" or authorisation controls of the device, in order to perform the function described in 5A004.b.1.`,
	"5D001.e": `"Software", other than that specified in 5D001.a. or 5D001.c., specially designed or modified for monitoring or analysis for law enforcement purposes, providing all of the following: 1. Execution of searches on the basis of "hard selectors" of either the content of communication or metadata acquired from a communications service provider using a 'handover interface'; and 2. Mapping of the relational network or tracking the movement or location of targeted individuals …`,
	"4A005":   `Systems, equipment, and components therefor, specially designed or modified for the generation, command and control, or delivery of "intrusion software".`,
	"4D004":   `"Software" specially designed or modified for the generation, command and control, or delivery of "intrusion software".`,
	"4E001.c": `"Technology" for the "development" of "intrusion software".`,
}
