package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/selfassess"
	view "github.com/vigil-icp/vigil/templates/selfassess"
)

// selfAssessList handles GET /self-assessments: the periods and whether one
// is due under the company's yearly rule.
func (s *Server) selfAssessList(c echo.Context) error {
	return s.renderSelfAssessList(c, http.StatusOK, view.Form{})
}

func (s *Server) renderSelfAssessList(c echo.Context, status int, f view.Form) error {
	ctx := c.Request().Context()
	periods, err := s.SelfAssess.Periods(ctx)
	if err != nil {
		return err
	}
	r, err := s.SelfAssess.Yearly(ctx)
	if err != nil {
		return err
	}
	v := view.List{Rhythm: rhythmView(r), CanOpen: auth.ActorFrom(ctx).Can(auth.PermSelfAssess), Form: f}
	for _, p := range periods {
		v.Periods = append(v.Periods, periodView(&p.Period, p.Answered, nil))
	}
	return s.render(c, status, "ICP self-assessment", view.ListPage(v))
}

// selfAssessOpen handles POST /self-assessments.
func (s *Server) selfAssessOpen(c echo.Context) error {
	return s.submit(c, formOf(c, "name", "from", "to", "target"), func() (outcome, error) {
		p, err := s.SelfAssess.Open(c.Request().Context(), selfassess.PeriodInput{Name: c.FormValue("name"),
			From: c.FormValue("from"), To: c.FormValue("to"), Target: c.FormValue("target")})
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Period " + p.Name + " opened.", "/self-assessments/" + p.ID}, nil
	}, func(status int, f view.Form) error { return s.renderSelfAssessList(c, status, f) })
}

// selfAssessShow handles GET /self-assessments/:id.
func (s *Server) selfAssessShow(c echo.Context) error {
	return s.renderSelfAssess(c, http.StatusOK, periodForms{})
}

// selfAssessAnswer handles POST /self-assessments/:id/answers/:key: the
// answer, with a file as further evidence when one is posted. The file is
// checked and stored first; a refused one shows beside the file field.
func (s *Server) selfAssessAnswer(c echo.Context) error {
	key := c.Param("key")
	return s.submit(c, formOf(c, "maturity", "links", "comment"), func() (outcome, error) {
		in := selfassess.AnswerInput{Maturity: c.FormValue("maturity"), Links: c.FormValue("links"), Comment: c.FormValue("comment")}
		stored, err := s.storeUpload(c, "file")
		if err != nil {
			return outcome{}, err
		}
		var doc *selfassess.Document
		if stored != nil {
			doc = &selfassess.Document{SHA256: stored.SHA256, ContentType: stored.ContentType, Filename: stored.Filename, Size: stored.Size}
		}
		if _, err := s.SelfAssess.Answer(c.Request().Context(), c.Param("id"), key, in, doc); err != nil {
			return outcome{}, err
		}
		return outcome{"Answer to " + key + " saved.", selfAssessHref(c) + "#" + view.Question{Key: key}.ID()}, nil
	}, func(status int, f view.Form) error {
		return s.renderSelfAssess(c, status, periodForms{key: key, answer: f})
	})
}

// selfAssessComplete handles POST /self-assessments/:id/complete.
func (s *Server) selfAssessComplete(c echo.Context) error {
	return s.submit(c, formOf(c), func() (outcome, error) {
		p, err := s.SelfAssess.Complete(c.Request().Context(), c.Param("id"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Period " + p.Name + " completed.", selfAssessHref(c) + "/comparison"}, nil
	}, func(status int, f view.Form) error { return s.renderSelfAssess(c, status, periodForms{period: f}) })
}

// selfAssessFinding handles POST /self-assessments/:id/answers/:key/finding:
// the answer's gap raised as a finding.
func (s *Server) selfAssessFinding(c echo.Context) error {
	ctx, key := c.Request().Context(), c.Param("key")
	return s.submit(c, formOf(c), func() (outcome, error) {
		a, err := s.SelfAssess.Get(ctx, c.Param("id"))
		if err != nil {
			return outcome{}, err
		}
		ans := a.Answers[key]
		if ans == nil {
			return outcome{}, apperr.New(apperr.NotFound, "This question is not answered.")
		}
		raised, err := s.SelfAssess.RaiseFinding(ctx, a.Period.ID, ans.ID)
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Finding " + raised.FindingReference + " raised.", selfAssessHref(c) + "#" + view.Question{Key: key}.ID()}, nil
	}, func(status int, f view.Form) error {
		return s.renderSelfAssess(c, status, periodForms{key: key, finding: f})
	})
}

// selfAssessFile handles GET /self-assessments/:id/files/:file: always a
// download.
func (s *Server) selfAssessFile(c echo.Context) error {
	f, err := s.SelfAssess.Attachment(c.Request().Context(), c.Param("id"), c.Param("file"))
	if err != nil {
		return err
	}
	return s.download(c, f.SHA256, f.ContentType, f.Filename, f.UploadedAt)
}

// selfAssessFileRemove handles POST /self-assessments/:id/files/:file/remove.
func (s *Server) selfAssessFileRemove(c echo.Context) error {
	return s.submit(c, formOf(c), func() (outcome, error) {
		f, err := s.SelfAssess.RemoveAttachment(c.Request().Context(), c.Param("id"), c.Param("file"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{f.Filename + " removed from the evidence.", selfAssessHref(c)}, nil
	}, func(status int, f view.Form) error { return s.renderSelfAssess(c, status, periodForms{period: f}) })
}

// selfAssessCompare handles GET /self-assessments/:id/comparison.
func (s *Server) selfAssessCompare(c echo.Context) error {
	cmp, err := s.SelfAssess.Compare(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	v := view.Comparison{Period: periodView(&cmp.Period, 0, nil)}
	if cmp.Previous != nil {
		prev := periodView(cmp.Previous, 0, nil)
		v.Previous = &prev
	}
	for _, q := range cmp.Questions {
		v.Questions = append(v.Questions, view.QuestionChange{Key: q.Question.Key, Text: q.Question.Text, Element: q.Question.Element,
			Previous: q.Previous, Current: q.Current, Change: q.Change()})
	}
	for _, e := range cmp.Elements {
		v.Elements = append(v.Elements, view.ElementChange{Number: e.Element.Number, Title: e.Element.Title,
			Previous: e.Previous, Current: e.Current, Change: e.Change()})
	}
	return s.render(c, http.StatusOK, "Self-assessment "+cmp.Period.Name+" compared", view.ComparisonPage(v))
}

func selfAssessHref(c echo.Context) string { return "/self-assessments/" + c.Param("id") }
