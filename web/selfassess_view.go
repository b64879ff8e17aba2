package web

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/templates/format"
	"github.com/vigil-icp/vigil/templates/home"
	view "github.com/vigil-icp/vigil/templates/selfassess"
)

// periodForms are the forms of a period's page as posted: the answer or the
// finding of the question key, or one for the whole period (completing it,
// removing a file), whose error the page shows at its top.
type periodForms struct {
	key             string
	answer, finding view.Form
	period          view.Form
}

// renderSelfAssess shows a period with its questions by element; forms
// carries what was posted to one of them.
func (s *Server) renderSelfAssess(c echo.Context, status int, forms periodForms) error {
	ctx := c.Request().Context()
	a, err := s.SelfAssess.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	ids := []string{a.Period.OpenedBy}
	if a.Period.CompletedBy != nil {
		ids = append(ids, *a.Period.CompletedBy)
	}
	for _, ans := range a.Answers {
		ids = append(ids, ans.AnsweredBy)
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, ids)
	if err != nil {
		return err
	}
	actor := auth.ActorFrom(ctx)
	v := view.Page{Period: periodView(&a.Period, len(a.Answers), names), Target: a.Period.Target, Levels: levelsView(),
		Missing: a.Missing(), CanAnswer: a.Period.Status == selfassess.Open && actor.Can(auth.PermSelfAssess),
		CanRaise: actor.Can(auth.PermSelfAssess), Error: forms.period.Error}
	for _, e := range icp.Elements {
		ev := view.Element{Number: e.Number, Title: e.Title}
		for _, q := range selfassess.QuestionsOf(e.Number) {
			ev.Questions = append(ev.Questions, questionView(a, q, names, forms))
		}
		v.Elements = append(v.Elements, ev)
	}
	return s.render(c, status, "Self-assessment "+a.Period.Name, view.PeriodPage(v))
}

// questionView is question q of the assessment with its answer, its
// evidence and its form: as posted when forms is for q, else drawn from the
// answer.
func questionView(a *selfassess.Assessment, q selfassess.Question, names map[string]string, forms periodForms) view.Question {
	v := view.Question{Key: q.Key, Text: q.Text, Form: view.Form{Values: map[string]string{}}}
	if ans := a.Answers[q.Key]; ans != nil {
		v.Answered, v.Maturity, v.Comment, v.At = true, ans.Maturity, ans.Comment, ans.AnsweredAt
		v.By = format.Or(names[ans.AnsweredBy], "a former user")
		v.Gap, v.FindingID, v.FindingRef = ans.Gap(a.Period.Target), ans.FindingID, ans.FindingReference
		for _, l := range ans.LinkList() {
			v.Links = append(v.Links, view.Link{Href: l, Label: selfassess.LinkLabel(l)})
		}
		for _, f := range a.Attachments[ans.ID] {
			v.Files = append(v.Files, view.File{ID: f.ID, Name: f.Filename, Href: "/self-assessments/" + a.Period.ID + "/files/" + f.ID})
		}
		v.Form.Values = map[string]string{"maturity": fmt.Sprint(ans.Maturity), "links": ans.Links, "comment": ans.Comment}
	}
	if forms.key == q.Key {
		if forms.answer.Values != nil {
			v.Form = forms.answer
		}
		v.FindingError = forms.finding.Error
	}
	return v
}

func periodView(p *selfassess.Period, answered int, names map[string]string) view.Period {
	v := view.Period{ID: p.ID, Name: p.Name, From: p.FromOn, To: p.ToOn, Completed: p.Status == selfassess.Completed,
		CompletedAt: p.CompletedAt, Answered: answered, Questions: len(selfassess.Questions), OpenedBy: names[p.OpenedBy]}
	if p.CompletedBy != nil {
		v.CompletedBy = format.Or(names[*p.CompletedBy], "a former user")
	}
	return v
}

func levelsView() []view.Level {
	out := make([]view.Level, len(selfassess.Levels))
	for i, l := range selfassess.Levels {
		out[i] = view.Level{Value: l.Value, Name: l.Name, Means: l.Means}
	}
	return out
}

// rhythmView says whether a self-assessment is due under the company's rule
// of at least one a year.
func rhythmView(r selfassess.Rhythm) view.Rhythm {
	const rule = " The company's rule is a self-assessment at least every twelve months."
	switch {
	case r.Last == nil:
		return view.Rhythm{Due: true, Text: "No self-assessment has been completed yet." + rule}
	case r.Due:
		return view.Rhythm{Due: true, Text: "The last self-assessment, " + r.Last.Name + ", was completed " +
			format.Date(*r.Last.CompletedAt) + ", more than twelve months ago." + rule}
	}
	return view.Rhythm{Text: "The last self-assessment, " + r.Last.Name + ", was completed " + format.Date(*r.Last.CompletedAt) + "." + rule}
}

// homeSelfAssess warns those who assess the programme when a
// self-assessment is due under the company's yearly rule.
func (s *Server) homeSelfAssess(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermSelfAssess) {
		return nil
	}
	r, err := s.SelfAssess.Yearly(ctx)
	if err != nil || !r.Due {
		return err
	}
	text, link, href := rhythmView(r).Text, "Open a period", "/self-assessments"
	if r.Open != nil {
		text += " The period " + r.Open.Name + " is open."
		link, href = "Continue "+r.Open.Name, "/self-assessments/"+r.Open.ID
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-self-assessment", Title: "ICP self-assessment due", Figure: "Due",
		Text: text, Href: href, LinkLabel: link})
	return nil
}

// programmeNotes are what the programme page says is due, by the href of a
// part: the self-assessment when the company's yearly rule calls for one.
func (s *Server) programmeNotes(ctx context.Context, a *auth.Actor) (map[string]string, error) {
	if !a.Can(auth.PermReadProgramme) {
		return nil, nil
	}
	r, err := s.SelfAssess.Yearly(ctx)
	if err != nil || !r.Due {
		return nil, err
	}
	return map[string]string{"/self-assessments": rhythmView(r).Text}, nil
}
