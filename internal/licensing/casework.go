package licensing

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

// SectionLicensing is the part of the case page with the determination.
const SectionLicensing cases.Section = "licensing"

// Attach registers the licensing of cases with cs: its gates, and the
// reservations that follow a case's approval.
func (s *Service) Attach(cs *cases.Service) {
	s.cases = cs
	cs.AddGate(cases.GateFunc(s.classifiedGate))
	cs.AddGate(cases.GateFunc(s.art4Gate))
	cs.AddGate(cases.GateFunc(s.authorisationGate))
	cs.SetStatusWatcher(s)
}

// classifiedGate: every item carries a classification confirmed in the
// catalogue.
func (s *Service) classifiedGate(ctx context.Context, f *cases.Case) (cases.Check, error) {
	var open []string
	for _, it := range f.Items {
		if it.ClassificationID == nil {
			open = append(open, "“"+it.Description+"”")
		}
	}
	why := ""
	if len(open) > 0 {
		why = "Classify " + strings.Join(open, ", ") + ": choose each item from the product catalogue, where its classification is confirmed by a second person."
	}
	return cases.CheckOf("Items classified and confirmed", why == "", why, cases.Target{Case: f.ID, Section: cases.SectionItems}), nil
}

// art4Gate: the Art. 4 questions are answered, and a notification they
// call for is recorded as sent.
func (s *Service) art4Gate(ctx context.Context, f *cases.Case) (cases.Check, error) {
	st, err := s.ForCase(ctx, f)
	if err != nil {
		return cases.Check{}, err
	}
	why := ""
	switch a := st.Export.Art4; {
	case !a.Complete():
		why = "Answer the three Art. 4 questions."
	case a.NeedsNotification():
		why = "Notify the competent authority under Art. 4 and record when it was sent."
	}
	return cases.CheckOf("Art. 4 questions answered", why == "", why, cases.Target{Case: f.ID, Section: SectionLicensing}), nil
}

// authorisationGate: every item may go as determined: covered by a general
// authorisation or a licence, or needing none; nothing prohibited or
// awaiting the authority.
func (s *Service) authorisationGate(ctx context.Context, f *cases.Case) (cases.Check, error) {
	st, err := s.ForCase(ctx, f)
	if err != nil {
		return cases.Check{}, err
	}
	var open []string
	for _, d := range st.Determinations {
		if !d.Outcome.Settled() {
			why := "“" + d.Item.Description + "”: " + strings.ToLower(d.Outcome.Label())
			if len(d.Refusals) > 0 {
				why += " (" + strings.Join(d.Refusals, " ") + ")"
			}
			open = append(open, why)
		}
	}
	why := ""
	if len(open) > 0 {
		why = "Not every item may go: " + strings.Join(open, "; ") + "."
	}
	return cases.CheckOf("Every item covered or free of licence", why == "", why, cases.Target{Case: f.ID, Section: SectionLicensing}), nil
}

// changeCase changes case caseID at version through the cases service, on
// its timeline, while its decisions may still change. fn returns the
// timeline's summary.
func (s *Service) changeCase(ctx context.Context, caseID string, version int64, p auth.Permission, action string,
	fn func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error)) (*cases.Case, error) {
	actor, err := auth.Require(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.cases.Apply(ctx, caseID, version, p, action, func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		if !f.Status.InProgress() {
			return "", apperr.New(apperr.Conflict, "A case that is %s cannot be changed; return it to draft first.", strings.ToLower(f.Status.Label()))
		}
		return fn(tx, f, actor, now)
	})
}

// Art4Input is the Art. 4 answers as the form gives them, by question.
type Art4Input struct {
	Answers map[Art4Question]string
	Note    string // what the answers rest on
}

// AnswerArt4 records the answers to the Art. 4 questions of case caseID at
// version. Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) AnswerArt4(ctx context.Context, caseID string, version int64, in Art4Input) (*cases.Case, error) {
	e := fields{}
	note := strings.TrimSpace(in.Note)
	if len([]rune(note)) > 2000 {
		e["note"] = "Use at most 2,000 characters."
	}
	for _, q := range Art4Questions {
		if !Art4Answers.Has(Art4Answer(in.Answers[q.Value])) {
			e["art4_"+string(q.Value)] = "Answer this question."
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, caseID, version, auth.PermEditCases, "case.art4_answer",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			var brief []string
			for _, q := range Art4Questions {
				a := Art4Answer(in.Answers[q.Value])
				r := Art4Record{ID: db.NewID(), CaseID: f.ID, Question: q.Value, Answer: a, Note: note, AnsweredBy: actor.UserID, AnsweredAt: now}
				if err := tx.Create(&r).Error; err != nil {
					return "", err
				}
				brief = append(brief, string(q.Value)+": "+string(a))
			}
			return "Art. 4 answered (" + strings.Join(brief, ", ") + ")", nil
		})
}

// AnswerFacts records answers to the facts general authorisations turn on,
// for case caseID at version; answers maps a fact to "yes" or "no".
// Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) AnswerFacts(ctx context.Context, caseID string, version int64, answers map[Fact]string) (*cases.Case, error) {
	e := fields{}
	for f, v := range answers {
		if _, known := Questions[f]; !known || f == FactUnrestricted || (v != "yes" && v != "no") {
			e["fact_"+string(f)] = "Answer yes or no."
		}
	}
	if len(answers) == 0 {
		e["facts"] = "Answer at least one question."
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, caseID, version, auth.PermEditCases, "case.export_facts",
		func(tx *gorm.DB, f *cases.Case, actor *auth.Actor, now time.Time) (string, error) {
			var brief []string
			for fact, v := range answers {
				r := FactRecord{ID: db.NewID(), CaseID: f.ID, Fact: fact, Answer: v == "yes", AnsweredBy: actor.UserID, AnsweredAt: now}
				if err := tx.Create(&r).Error; err != nil {
					return "", err
				}
				brief = append(brief, string(fact)+": "+v)
			}
			slices.Sort(brief)
			return "answered for the general authorisations: " + strings.Join(brief, ", "), nil
		})
}
