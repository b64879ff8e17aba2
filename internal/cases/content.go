package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// ContentHash is the SHA-256 of the case's canonical content: the fields a
// sign-off vouches for, its parties with their details, its items and the
// hashes of its current documents. Status, version, times and sign-offs are
// not content. Lists are sorted so that order of entry does not matter.
func ContentHash(f *Case) string {
	type party struct {
		Role  string `json:"role"`
		Party Party  `json:"party"`
	}
	type doc struct {
		Kind   string `json:"kind"`
		SHA256 string `json:"sha256"`
	}
	parties := make([]party, 0, len(f.Parties))
	for _, p := range f.Parties {
		parties = append(parties, party{p.Role, p.Party})
	}
	slices.SortFunc(parties, func(a, b party) int {
		return strings.Compare(a.Role+"\x00"+a.Party.ID, b.Role+"\x00"+b.Party.ID)
	})
	items := slices.Clone(f.Items)
	slices.SortFunc(items, func(a, b Item) int { return strings.Compare(a.ID, b.ID) })
	var docs []doc
	for _, a := range f.Attachments {
		if a.Current() {
			docs = append(docs, doc{a.Kind, a.SHA256})
		}
	}
	slices.SortFunc(docs, func(a, b doc) int { return strings.Compare(a.Kind+a.SHA256, b.Kind+b.SHA256) })
	canonical, _ := json.Marshal(struct {
		Reference string `json:"reference"`
		details
		Parties   []party `json:"parties"`
		Items     []Item  `json:"items"`
		Documents []doc   `json:"documents"`
	}{f.Reference, detailsOf(f), parties, items, docs})
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// details are the case's own fields as both the content hash and the audit
// trail write them (embedded, their keys stand beside the others).
type details struct {
	Title       string `json:"title"`
	Destination string `json:"destination"`
	EndUserType string `json:"end_user_type"`
	EndUse      string `json:"end_use"`
	Notes       string `json:"notes"`
	RiskLevel   string `json:"risk_level"`
}

func detailsOf(f *Case) details {
	return details{Title: f.Title, Destination: f.DestinationCode(), EndUserType: f.EndUserType, EndUse: f.EndUse,
		Notes: f.Notes, RiskLevel: f.RiskLevel}
}
