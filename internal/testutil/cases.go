package testutil

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
)

// CaseSpec is what ReadyCase puts in a case, in this order.
type CaseSpec struct {
	Details   cases.Input
	Parties   []cases.PartyInput
	Items     []cases.ItemInput
	Statement cases.Document // the end-use statement
}

// readySpec passes every basic gate: network probes for a German company.
// Its statement names a file that is not stored.
func readySpec() CaseSpec {
	return CaseSpec{
		Details: cases.Input{Title: "Network probes for Acme", Destination: "de", EndUserType: "private_company",
			EndUse: "Lawful monitoring of own network"},
		Parties: []cases.PartyInput{
			{Role: "consignee", Name: "Acme Logistics GmbH", Kind: "company", Country: "DE"},
			{Role: "end_user", Name: "Acme Networks AG", Kind: "company", Country: "DE"},
		},
		Items:     []cases.ItemInput{{Description: "Probe appliance", Quantity: "2", Unit: "pcs", Value: "12,500.00", Currency: "eur"}},
		Statement: cases.Document{SHA256: strings.Repeat("ab", 32), Size: 10, ContentType: "application/pdf", Filename: "eus.pdf"},
	}
}

// ReadyCase opens, as ctx, a draft that passes every basic gate (details,
// consignee and end user, an item, the end-use statement): network probes
// for a German company, changed first by edits where a test needs another
// case. Gates that other capabilities attach (screening, assessment,
// training) are the test's to meet.
func ReadyCase(t testing.TB, ctx context.Context, cs *cases.Service, edits ...func(*CaseSpec)) *cases.Case {
	t.Helper()
	spec := readySpec()
	for _, edit := range edits {
		edit(&spec)
	}
	c, err := cs.Create(ctx, spec.Details)
	for _, p := range spec.Parties {
		if err == nil {
			c, err = cs.AddParty(ctx, c.ID, c.Version, p)
		}
	}
	for _, it := range spec.Items {
		if err == nil {
			c, err = cs.AddItem(ctx, c.ID, c.Version, it)
		}
	}
	if err == nil {
		c, err = cs.AddAttachment(ctx, c.ID, c.Version, "end_use_statement", spec.Statement, "")
	}
	if err != nil {
		t.Fatalf("ready case %q: %v", spec.Details.Title, err)
	}
	return c
}

// ReadyCase is ReadyCase opened by the user with email, its end-use
// statement a stored file that can be downloaded.
func (a *App) ReadyCase(t testing.TB, email string, edits ...func(*CaseSpec)) *cases.Case {
	t.Helper()
	statement := a.StoreDocument(t, "statement.txt", "We, the end user, declare the end use.")
	stored := func(s *CaseSpec) { s.Statement = statement }
	return ReadyCase(t, a.SignedIn(t, email), a.Cases, append([]func(*CaseSpec){stored}, edits...)...)
}

// StoreDocument stores content in the attachment store as a file named name
// and returns it as a case document.
func (a *App) StoreDocument(t testing.TB, name, content string) cases.Document {
	t.Helper()
	stored, err := a.Files.Put(strings.NewReader(content), name)
	if err != nil {
		t.Fatalf("store %s: %v", name, err)
	}
	return cases.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename}
}
