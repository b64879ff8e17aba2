package hrdd_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// assessing returns a case service with the human-rights assessment
// attached, over a fresh database whose destinations are all rated high.
func assessing(t *testing.T) (*db.DB, *cases.Service, *hrdd.Service) {
	t.Helper()
	d := testutil.NewDB(t)
	cs := cases.NewService(d)
	svc := hrdd.NewService(d, highTier{})
	svc.Attach(cs)
	return d, cs, svc
}

// lowRiskAnswers answer every section but the conclusion, for a German
// company monitoring its own network.
func lowRiskAnswers() []hrdd.SectionAnswers {
	return []hrdd.SectionAnswers{
		hrdd.ItemSection{Use: "targeted", Customisation: "none"},
		hrdd.EndUserSection{Type: "private_company", StateLink: "none", KnownMisuse: "none", Oversight: "effective"},
		hrdd.EndUseSection{Purpose: "Monitoring", Plausibility: "plausible"},
		hrdd.DestinationSection{Country: "DE", LegalBasis: "clear", JudicialOversight: "independent", Remedies: "effective"},
		hrdd.RedFlagsSection{},
		hrdd.SourcesSection{Sources: []hrdd.Source{{Title: "Report", URL: "https://example.org", Date: "2026-01-01"}}},
		hrdd.MitigationSection{},
	}
}

// Nobody approves a case whose human-rights assessment they wrote any part
// of; someone else may.
func TestService_AssessmentAuthorCannotApprove(t *testing.T) {
	d, cs, svc := assessing(t)
	opener := testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager)
	author := testutil.NewUser(t, d, "m2@example.com", "Mia Manager", auth.RoleExportManager)
	other := testutil.NewUser(t, d, "m3@example.com", "Moe Manager", auth.RoleExportManager)
	officer := testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	signer := testutil.NewUser(t, d, "o2@example.com", "Oscar Officer", auth.RoleComplianceOfficer)
	f := testutil.ReadyCase(t, opener, cs)
	// The opener writes the assessment but one section, which another
	// export manager writes; a compliance officer concludes, another signs.
	for _, in := range append(lowRiskAnswers(), hrdd.Conclusion{Level: "low", Rationale: "Nothing found.", Aware: "no"}) {
		who := map[string]context.Context{"end_use": author, hrdd.ConclusionSection: officer}[in.SectionName()]
		if who == nil {
			who = opener
		}
		if _, err := svc.SaveSection(who, f.ID, in); err != nil {
			t.Fatalf("save %s: %v", in.SectionName(), err)
		}
	}
	f, err := cs.Get(opener, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f, err = svc.Sign(signer, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	if f, err = cs.Submit(opener, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	authors := []string{auth.ActorFrom(opener).UserID, auth.ActorFrom(author).UserID, auth.ActorFrom(officer).UserID}
	slices.Sort(authors)
	if shown, _ := cs.Get(author, f.ID); !slices.Equal(shown.AssessmentAuthors, authors) ||
		cases.CheckSignOff(shown, auth.ActorFrom(author), cases.Approve) == nil {
		t.Fatalf("the case page offers the author the approval: authors %v", shown.AssessmentAuthors)
	}
	for who, ctx := range map[string]context.Context{"the author of a section": author, "the officer who concluded": officer} {
		_, err = cs.Decide(ctx, f.ID, f.Version, cases.Approve, "")
		if apperr.CodeOf(err) != apperr.Forbidden || !strings.Contains(apperr.Message(err), "human-rights assessment") {
			t.Fatalf("%s approving: %v, want Forbidden naming the assessment", who, err)
		}
	}
	if f, err = cs.Decide(other, f.ID, f.Version, cases.Approve, ""); err != nil || f.Status != cases.Approved {
		t.Fatalf("another manager approving: %v", err)
	}
}
