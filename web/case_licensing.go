package web

import (
	"fmt"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/retention"
	view "github.com/vigil-icp/vigil/templates/cases"
	"github.com/vigil-icp/vigil/templates/format"
)

// licensingForms are the forms of the determination that came back with
// errors: which one, and what it held.
type licensingForms struct {
	art4, facts, authority, application, shipment view.Form
}

// licensingPanel is the determination section of the case page.
func licensingPanel(f *cases.Case, st *licensing.CaseState, actor *auth.Actor, forms licensingForms, policy retention.Policy) view.Licensing {
	a4, licences := st.Export.Art4, st.Export.Licences
	v := view.Licensing{Warnings: firstWarnings(st), Art4Form: forms.art4, FactsForm: forms.facts, AuthorityForm: forms.authority,
		ApplicationForm: forms.application, ShipmentForm: forms.shipment, Art4Values: options(licensing.Art4Answers),
		CanAnswer:          actor.Can(auth.PermEditCases) && f.Status.InProgress(),
		CanRecordAuthority: actor.Can(auth.PermRecordAuthority) && f.Status.InProgress(),
		NeedsSent:          a4.NeedsNotification(), AwaitsDecision: a4.Notified && a4.Decision == "" && a4.Aware(),
		CanShip: actor.Can(auth.PermRecordShipments) && f.Status == cases.Approved && anythingLeft(f, st)}
	if a4.Aware() {
		v.NotificationHref = caseHref(f.ID) + "/art4/notification"
	}
	for _, d := range licensing.Art4DecisionTerms {
		v.Art4Decisions = append(v.Art4Decisions, view.Option{Value: d.Value, Label: d.Label})
	}
	v.Rows = determinationRows(st)
	v.Art4, v.Art4Complete = art4Rows(st), a4.Complete()
	for _, q := range st.Questions() {
		v.Facts = append(v.Facts, view.FactQuestion{Name: string(q), Question: licensing.Questions[q]})
	}
	v.Notifications = notificationLines(st)
	v.Applications = applicationRows(st, licences)
	for _, d := range st.Determinations {
		v.ShowApply = v.ShowApply || d.Outcome == licensing.Required
	}
	v.ShowApply = v.ShowApply && v.CanRecordAuthority
	for _, l := range licences {
		v.Licences = append(v.Licences, view.Option{Value: l.ID, Label: l.Name()})
	}
	v.Shipments, v.FirstExport = shipmentRows(f, st, policy)
	if v.CanShip {
		v.ShipLines = shipLines(f, st)
	}
	return v
}

// firstWarnings are the warnings of the determination, which every item
// shares: those of the first.
func firstWarnings(st *licensing.CaseState) []string {
	if len(st.Determinations) == 0 {
		return nil
	}
	return st.Determinations[0].Warnings
}

func determinationRows(st *licensing.CaseState) []view.Determination {
	var out []view.Determination
	for _, d := range st.Determinations {
		row := view.Determination{Item: d.Item.Description, Classification: format.Or(d.Item.Classification, "not yet classified"),
			Outcome: string(d.Outcome), OutcomeLabel: d.Outcome.Label(), Basis: d.Basis, Why: d.Why}
		switch {
		case d.Outcome == licensing.UnderGEA:
			row.BasisHref = "/licences/gea/" + d.Basis
		case d.LicenceID != "":
			row.BasisHref = "/licences/" + d.LicenceID
			row.Remaining = remaining(st, d.LicenceID)
		}
		out = append(out, row)
	}
	return out
}

// remaining says what licence id has left, as the determination read it.
func remaining(st *licensing.CaseState, id string) string {
	for i := range st.Export.Licences {
		if l := &st.Export.Licences[i]; l.ID == id {
			return "Left on the licence: " + l.Left()
		}
	}
	return ""
}

func art4Rows(st *licensing.CaseState) []view.Art4Row {
	var out []view.Art4Row
	for _, q := range licensing.Art4Questions {
		row := view.Art4Row{Name: string(q.Value), Question: q.Label}
		for _, r := range st.Art4Records {
			if r.Question == q.Value {
				row.Answer, row.AnswerLabel, row.By, row.At = string(r.Answer), licensing.Art4Answers.Label(r.Answer), st.Names[r.AnsweredBy], r.AnsweredAt
			}
		}
		out = append(out, row)
	}
	return out
}

func notificationLines(st *licensing.CaseState) []string {
	var out []string
	for _, n := range st.Notifications {
		line := "Art. 4 notification sent on " + n.SentOn.Format(time.DateOnly) + " by " + st.Names[n.SentBy]
		if n.Decision != "" && n.DecidedOn != nil {
			line += "; the authority decided on " + n.DecidedOn.Format(time.DateOnly) + ": " +
				licensing.Art4DecisionTerms.Label(n.Decision) + " (" + n.Reference + ")"
		} else {
			line += "; awaiting the authority's decision"
		}
		out = append(out, line)
	}
	return out
}

func applicationRows(st *licensing.CaseState, licences []licensing.Licence) []view.Application {
	var out []view.Application
	for _, a := range st.Applications {
		row := view.Application{ID: a.ID, Reference: a.Reference, Authority: a.Authority, AppliedOn: a.AppliedOn.Format(time.DateOnly),
			Outcome: licensing.ApplicationOutcomes[a.Outcome], Pending: a.Outcome == "pending"}
		if a.DecidedOn != nil {
			row.Decided = "on " + a.DecidedOn.Format(time.DateOnly)
		}
		if a.LicenceID != nil {
			row.LicenceHref = "/licences/" + *a.LicenceID
			for _, l := range licences {
				if l.ID == *a.LicenceID {
					row.Licence = l.Name()
				}
			}
		}
		out = append(out, row)
	}
	return out
}

// shipmentRows are f's shipments, and what the first one means for how long
// the records are kept under policy.
func shipmentRows(f *cases.Case, st *licensing.CaseState, policy retention.Policy) ([]view.Shipment, string) {
	items := map[string]cases.Item{}
	for _, it := range f.Items {
		items[it.ID] = it
	}
	var out []view.Shipment
	for _, sh := range st.Shipments {
		row := view.Shipment{ExportedOn: sh.ExportedOn.Format(time.DateOnly), MRN: sh.MRN, By: st.Names[sh.RecordedBy]}
		for _, l := range sh.Lines {
			it := items[l.ItemID]
			row.Lines = append(row.Lines, fmt.Sprintf("%s: %s, %s", it.Description, licensing.Quantity(l.QuantityMilli, it.Unit),
				licensing.Money(l.ValueMinor, it.Currency)))
		}
		out = append(out, row)
	}
	first := st.FirstExport()
	if first == nil {
		return out, ""
	}
	return out, "First exported on " + first.Format(time.DateOnly) + ". " + policy.Until(*first, policy.Applies(st.USRules)).Explain()
}

// anythingLeft reports whether some item of f is not yet shipped in full.
func anythingLeft(f *cases.Case, st *licensing.CaseState) bool {
	for _, it := range f.Items {
		if st.Shipped[it.ID].QuantityMilli < it.QuantityMilli {
			return true
		}
	}
	return false
}

// shipLines are the items of f with what is left to ship.
func shipLines(f *cases.Case, st *licensing.CaseState) []view.ShipLine {
	var out []view.ShipLine
	for _, it := range f.Items {
		done := st.Shipped[it.ID]
		out = append(out, view.ShipLine{ItemID: it.ID, Item: it.Description,
			Left: licensing.Quantity(it.QuantityMilli-done.QuantityMilli, it.Unit) + ", " + licensing.Money(it.ValueMinor-done.ValueMinor, it.Currency)})
	}
	return out
}
