package web_test

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// The pages say in words why the assessment is required: which entry of
// which item, which confirmed measure; a measure still to verify is shown
// but does not count. The proposal is presented as the company's method.
func TestAssessment_PagesNameTheTrigger(t *testing.T) {
	app, ts := newServer(t)
	officerCtx := app.SignedIn(t, "officer@example.com")
	radios := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Details.Destination = "CM"
		s.Items = []cases.ItemInput{
			{Description: "Key management software", Quantity: "1", Unit: "licence", Value: "1000", Currency: "EUR", Classification: "5D002.c.1"},
			{Description: "TETRA radio", Quantity: "20", Unit: "pcs", Value: "1000", Currency: "EUR", Classification: "5A002.a"},
		}
	})
	probe := app.ReadyCase(t, "manager@example.com", func(s *testutil.CaseSpec) {
		s.Items = []cases.ItemInput{{Description: "IP probe", Quantity: "2", Unit: "pcs", Value: "1000", Currency: "EUR", Classification: "5A001.j.1 – IP network surveillance"}}
	})
	officer := newVisitor(t, ts)
	officer.signIn("officer@example.com")
	box := func(f *cases.Case) string { return section(officer.get("/cases/"+f.ID).Body, "assessment-box") }

	if got := box(probe); !strings.Contains(got, "“IP probe” is classified in 5A001.j (IP network communications surveillance equipment), a cyber-surveillance entry.") {
		t.Errorf("the box does not name the item and its entry: %s", got)
	}
	if got := box(radios); !strings.Contains(got, "Not required") || !strings.Contains(got, hrdd.NotRequired) {
		t.Errorf("a 5D002.c.1 key-management package to a private company needs no assessment: %s", got)
	}

	m, err := app.Reference.AddMeasure(officerCtx, "CM", reference.MeasureInput{Kind: string(reference.ArmsEmbargo),
		LegalAct: "Council Decision 2099/1/CFSP", AdoptedOn: "2020-01-01", Scope: reference.FullScope, Evidence: "Official Journal"})
	if err != nil {
		t.Fatal(err)
	}
	page := officer.get("/cases/" + radios.ID + "/assessment").Body
	if got := section(page, "assessment-required"); !strings.Contains(got, "Not required") ||
		!strings.Contains(got, "still to verify, so not counted until a compliance officer confirms it: Arms embargo, Council Decision 2099/1/CFSP (scope: full).") {
		t.Errorf("a measure to verify is mentioned and does not count: %s", got)
	}
	if got := section(page, "proposal-method"); !strings.Contains(got, "The company's method, not the law (scoring method "+hrdd.ScoringMethod+")") {
		t.Errorf("the proposal is not presented as the company's method with its version: %s", got)
	}

	if err := app.Reference.ConfirmMeasure(officerCtx, "CM", m.ID); err != nil {
		t.Fatal(err)
	}
	want := "The destination is under a confirmed restrictive measure: Arms embargo, Council Decision 2099/1/CFSP (scope: full)."
	if got := box(radios); !strings.Contains(got, "Required") || !strings.Contains(got, want) {
		t.Errorf("the case page does not name the confirmed measure: %s", got)
	}
	if got := section(officer.get("/cases/"+radios.ID+"/assessment").Body, "assessment-required"); !strings.Contains(got, "Required for this case.") || !strings.Contains(got, want) {
		t.Errorf("the assessment page does not name the confirmed measure: %s", got)
	}
}
