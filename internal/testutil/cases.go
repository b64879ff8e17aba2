package testutil

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/products"
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
// statement a stored file that can be downloaded, licensed as
// LicensedCase does with the demo's compliance officer confirming.
func (a *App) ReadyCase(t testing.TB, email string, edits ...func(*CaseSpec)) *cases.Case {
	t.Helper()
	statement := a.StoreDocument(t, "statement.txt", "We, the end user, declare the end use.")
	stored := func(s *CaseSpec) { s.Statement = statement }
	return LicensedCase(t, a.SignedIn(t, email), a.SignedIn(t, "officer@example.com"), a.Services,
		append([]func(*CaseSpec){stored}, edits...)...)
}

// LicensedCase is ReadyCase opened in ctx on svc, with its items confirmed
// products of the catalogue (proposed in ctx, confirmed in confirmer), the
// Art. 4 questions answered "no" and its items said to be outside Annex IV:
// it passes the classification and licence gates wherever its items need
// no licence.
func LicensedCase(t testing.TB, ctx, confirmer context.Context, svc *app.Services, edits ...func(*CaseSpec)) *cases.Case {
	t.Helper()
	catalogue := func(s *CaseSpec) { catalogued(t, ctx, confirmer, svc.Products, s) }
	c := ReadyCase(t, ctx, svc.Cases, append(edits, catalogue)...)
	no := map[licensing.Art4Question]string{}
	for _, q := range licensing.Art4Questions {
		no[q.Value] = string(licensing.Art4No)
	}
	c, err := svc.Licensing.AnswerArt4(ctx, c.ID, c.Version, licensing.Art4Input{Answers: no})
	if err == nil {
		c, err = svc.Licensing.AnswerFacts(ctx, c.ID, c.Version, map[licensing.Fact]string{licensing.FactOutsideAnnexIV: "yes"})
	}
	if err != nil {
		t.Fatalf("licensing of the ready case: %v", err)
	}
	return c
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

// Product returns the id of a catalogue product named name, classified as
// in and confirmed: proposed by the demo's export manager and confirmed by
// its compliance officer. A product of that name already there is reused.
func (a *App) Product(t testing.TB, name string, in products.ClassificationInput) string {
	t.Helper()
	return product(t, a.SignedIn(t, "manager@example.com"), a.SignedIn(t, "officer@example.com"), a.Products, name, in)
}

func product(t testing.TB, proposer, confirmer context.Context, ps *products.Service, name string, in products.ClassificationInput) string {
	t.Helper()
	all, err := ps.List(proposer)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if p.Name == name {
			return p.ID
		}
	}
	p, err := ps.Create(proposer, products.Input{Name: name})
	if err == nil {
		p, err = ps.Propose(proposer, p.ID, in)
	}
	if err == nil {
		p, err = ps.Confirm(confirmer, p.ID, p.Pending().ID)
	}
	if err != nil {
		t.Fatalf("product %s: %v", name, err)
	}
	return p.ID
}

// catalogued makes each item of s a confirmed catalogue product of its
// description and classification: an entry code, or not listed.
func catalogued(t testing.TB, proposer, confirmer context.Context, ps *products.Service, s *CaseSpec) {
	for i, it := range s.Items {
		if it.ProductID != "" {
			continue
		}
		in := products.ClassificationInput{NotListed: true, Cyber: it.CyberSurveillance, Rationale: "As described on the case."}
		name := it.Description + " (not listed)"
		if codes := hrdd.EntryCodes(it.Classification); len(codes) > 0 {
			in = products.ClassificationInput{EntryCode: codes[0], Rationale: it.Classification}
			name = it.Description + " (" + codes[0] + ")"
		} else if it.CyberSurveillance {
			in.Rationale, name = it.CyberReason, it.Description+" (not listed, cyber-surveillance)"
		}
		s.Items[i].ProductID = product(t, proposer, confirmer, ps, name, in)
	}
}

// Case reads the case with id as it stands, as the auditor sees it.
func (a *App) Case(t testing.TB, id string) *cases.Case {
	t.Helper()
	f, err := a.Cases.Get(a.SignedIn(t, "auditor@example.com"), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
