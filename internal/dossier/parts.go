package dossier

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/retention"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/training"
)

// parties are the case's parties, each once with its roles, and their
// screening.
func parties(f *cases.Case, st *screening.CaseState) []Party {
	var out []Party
	for _, ps := range st.Parties {
		p := ps.Party
		row := Party{Role: rolesOf(f, p.ID), Name: p.Name, Kind: cases.PartyKinds.Label(p.Kind), Address: p.Address, Stale: ps.Stale}
		if p.Country != nil {
			row.Country = *p.Country
		}
		if ps.Screening != nil {
			row.ScreenedAt, row.Lists = &ps.Screening.ScreenedAt, listsOf(ps.Screening.ListVersions, st.Versions)
		}
		for _, h := range ps.Hits {
			hit := Hit{Entry: h.EntryName, List: string(h.Source), Status: string(h.Status), Score: h.Score}
			if h.Decision != nil {
				hit.Decision, hit.DecidedBy, hit.Reason = string(h.Decision.Verdict), st.Names[h.Decision.DecidedBy], h.Decision.Reason
				if h.Decision.ConfirmedBy != nil {
					hit.ConfirmedBy = st.Names[*h.Decision.ConfirmedBy]
				}
			}
			row.Hits = append(row.Hits, hit)
		}
		out = append(out, row)
	}
	return out
}

// listsOf names the list versions of a screening (their ids, comma
// separated) by the versions in use; an older one by its id.
func listsOf(ids string, inUse []screening.Version) []string {
	var out []string
	for id := range strings.SplitSeq(ids, ",") {
		name := "an earlier version, " + id
		for _, v := range inUse {
			if v.ID == id {
				name = fmt.Sprintf("%s imported %s (%d entries)", v.Source, v.ImportedAt.UTC().Format(time.DateOnly), v.EntryCount)
			}
		}
		if id != "" {
			out = append(out, name)
		}
	}
	return out
}

// rolesOf are the roles the case gives party id.
func rolesOf(f *cases.Case, id string) string {
	var out []string
	for _, link := range f.Parties {
		if link.PartyID == id {
			out = append(out, cases.PartyRoles.Label(link.Role))
		}
	}
	return strings.Join(out, ", ")
}

// licensed is what the licensing of the case records: the items with their
// determination, the Art. 4 answers, the shipments and the retention.
func licensed(f *cases.Case, st *licensing.CaseState, policy retention.Policy) ([]Item, []Answer, []Shipment, string) {
	determined := map[string]licensing.Determination{}
	for _, d := range st.Determinations {
		determined[d.Item.ID] = d
	}
	var items []Item
	for _, it := range f.Items {
		d := determined[it.ID]
		items = append(items, Item{Description: it.Description, Quantity: licensing.Quantity(it.QuantityMilli, it.Unit),
			Value: licensing.Money(it.ValueMinor, it.Currency), Classification: it.Classification, ECCN: it.ECCN,
			Outcome: d.Outcome.Label(), Basis: d.Basis, Why: d.Why})
	}
	var answers []Answer
	for _, r := range st.Art4Records {
		answers = append(answers, Answer{Question: licensing.Art4Questions.Label(r.Question), Answer: licensing.Art4Answers.Label(r.Answer),
			By: st.Names[r.AnsweredBy], At: r.AnsweredAt})
	}
	var ships []Shipment
	for _, sh := range st.Shipments {
		ships = append(ships, Shipment{ExportedOn: sh.ExportedOn, MRN: sh.MRN, Lines: len(sh.Lines)})
	}
	kept := "Counts from the first shipment; none yet."
	if first := st.FirstExport(); first != nil {
		kept = policy.Until(*first, policy.Applies(st.USRules)).Explain()
	}
	return items, answers, ships, kept
}

func assessment(st *hrdd.State) *Assessment {
	if st == nil || st.Current == nil {
		if st != nil && st.Required {
			return &Assessment{Required: true, RequiredBecause: st.Reasons, Status: "not started"}
		}
		return nil
	}
	a := st.Current
	out := &Assessment{Version: a.Version, Status: a.Status, Conclusion: a.ConclusionLevel, SignedAt: a.SignedAt,
		Sources: st.Answers.Sources.Sources, Required: st.Required, RequiredBecause: st.Reasons}
	if a.SignedBy != nil {
		out.SignedBy = st.Names[*a.SignedBy]
	}
	return out
}

func signOffs(f *cases.Case, held map[string][]training.Completion) []SignOff {
	var out []SignOff
	for _, so := range f.SignOffs {
		out = append(out, SignOff{Decision: cases.Decisions.Label(so.Decision), By: f.Names[so.UserID], Role: so.Role,
			Comment: so.Comment, ContentHash: so.ContentHash, At: so.CreatedAt, Valid: so.Decision != cases.Approve || !f.Void(so),
			Training: inForce(held[so.UserID], so.CreatedAt)})
	}
	return out
}

// inForce are the completions in force at at, newest per course.
func inForce(done []training.Completion, at time.Time) []string {
	latest := map[string]training.Completion{}
	var order []string
	for _, c := range done {
		if c.CompletedAt.After(at) || c.ExpiresOn != nil && !c.ExpiresOn.After(at) {
			continue
		}
		if _, seen := latest[c.CourseID]; !seen {
			order = append(order, c.CourseID)
		}
		latest[c.CourseID] = c
	}
	out := make([]string, 0, len(order))
	for _, id := range order {
		c := latest[id]
		out = append(out, c.CourseTitle+", completed "+c.CompletedAt.UTC().Format(time.DateOnly))
	}
	return out
}

func documents(f *cases.Case) []Document {
	var out []Document
	for _, a := range append(append([]cases.Attachment(nil), f.Attachments...), f.Removed.Attachments...) {
		out = append(out, Document{Kind: cases.AttachmentKinds.Label(a.Kind), Filename: a.Filename, SHA256: a.SHA256,
			UploadedBy: f.Names[a.UploadedBy], Size: a.Size, UploadedAt: a.UploadedAt, Current: a.Current() && !a.Removed()})
	}
	return out
}

func events(f *cases.Case) []Event {
	out := make([]Event, 0, len(f.Timeline))
	for _, e := range f.Timeline {
		out = append(out, Event{Seq: e.Seq, At: e.OccurredAt.UTC().Truncate(time.Microsecond), Actor: e.ActorEmail, Role: e.ActorRole,
			Action: e.Action, Summary: e.Summary, Before: e.BeforeJSON, After: e.AfterJSON})
	}
	return out
}
