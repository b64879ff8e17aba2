package demo

import (
	"context"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/programme"
)

// demoRisks are the demonstration risk register, each marked as demo data
// in its description.
var demoRisks = []programme.Input{
	{Kind: "country", Title: "Diversion through a transit hub", Likelihood: "4", Impact: "5", ResidualLikelihood: "3", ResidualImpact: "4",
		Description: "Demonstration data. Goods shipped to a free-zone distributor may be re-exported to an embargoed destination.",
		Controls:    "End-use statements naming the final destination; re-export clause in the contract; screening of the distributor's customers."},
	{Kind: "product", Title: "Unlisted monitoring software used for surveillance", Likelihood: "3", Impact: "5", ResidualLikelihood: "2", ResidualImpact: "5",
		Description: "Demonstration data. Network analytics can be configured to monitor persons (Art. 5 of Regulation (EU) 2021/821).",
		Controls:    "Human-rights assessment for state and law-enforcement end users; logging cannot be disabled by the customer."},
	{Kind: "customer", Title: "New customers without a verified registration", Likelihood: "3", Impact: "3", ResidualLikelihood: "2", ResidualImpact: "2",
		Description: "Demonstration data. A first order arrives before the customer's registration number is checked.",
		Controls:    "Cases cannot be submitted without the consignee's registration number."},
	{Kind: "process", Title: "Screening skipped under time pressure", Likelihood: "2", Impact: "4", ResidualLikelihood: "1", ResidualImpact: "3",
		Description: "Demonstration data. Urgent spare-part shipments leave before their parties are screened.",
		Controls:    "Approval is blocked until every party is screened against the current lists."},
}

// SeedProgramme records the demonstration risk register, owned by the
// export manager and kept by the compliance officer, with one review, and
// three reports of concern in different stages of their handling.
func SeedProgramme(ctx context.Context, d *db.DB, reg *programme.Service, con *concerns.Service) error {
	officer, err := actAs(ctx, d, "officer@example.com")
	if err != nil {
		return err
	}
	owner, err := actAs(ctx, d, "manager@example.com")
	if err != nil {
		return err
	}
	var first string
	for i, in := range demoRisks {
		in.OwnerID, in.Status = auth.ActorFrom(owner).UserID, "open"
		in.NextReview = d.Now().AddDate(0, 1+2*i, 0).Format(time.DateOnly)
		r, err := reg.Create(officer, in)
		if err != nil {
			return err
		}
		if first == "" {
			first = r.ID
		}
	}
	if _, err := reg.RecordReview(owner, first, "Demonstration data. The distributor's customer list was screened; no listed name.",
		d.Now().AddDate(0, 3, 0).Format(time.DateOnly)); err != nil {
		return err
	}
	return seedConcerns(ctx, d, officer, con)
}

// seedConcerns files three demonstration reports of concern: one received,
// one under investigation, one closed.
func seedConcerns(ctx context.Context, d *db.DB, officer context.Context, con *concerns.Service) error {
	staff, err := actAs(ctx, d, "staff@example.com")
	if err != nil {
		return err
	}
	steps := [][]concerns.Step{nil, {concerns.Acknowledge, concerns.Investigate}, {concerns.Acknowledge, concerns.Investigate, concerns.Close}}
	subjects := []string{"Demonstration report: a customer asked to remove the logging feature",
		"Demonstration report: shipping address differs from the end-use statement",
		"Demonstration report: a spare part left without a case"}
	for i, subject := range subjects {
		r, _, err := con.File(staff, concerns.Input{Subject: subject, Body: "Demonstration data, filed when the demo was seeded.", Anonymous: i == 1})
		if err != nil {
			return err
		}
		for _, step := range steps[i] {
			outcome := ""
			if step == concerns.Close {
				outcome = "Demonstration data. The part was covered by the existing licence; the shipping procedure was clarified."
			}
			if _, err := con.Triage(officer, r.ID, step, outcome); err != nil {
				return err
			}
		}
	}
	return nil
}
