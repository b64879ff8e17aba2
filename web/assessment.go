package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	caseview "github.com/vigil-icp/vigil/templates/cases"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/hrdd"
)

// assessmentPage builds the assessment page's view model for the viewer.
func (s *Server) assessmentPage(c echo.Context, st *hrdd.State) (view.Page, error) {
	actor := auth.ActorFrom(c.Request().Context())
	countries, err := s.countries()
	if err != nil {
		return view.Page{}, err
	}
	f := st.Case
	p := view.Page{CaseID: f.ID, Reference: f.Reference, Title: f.Title,
		CaseVersion: f.Version, CaseStatus: string(f.Status), Versions: st.Versions, Latest: st.Latest,
		CanEdit: actor.Can(auth.PermEditAssessment) && f.Status.InProgress(), Required: st.Required, Reasons: st.Reasons,
		Destination: st.Destination, CountryName: format.Or(countries.names[st.Destination.Code], st.Destination.Name),
		Countries: countries.choices, EndUserTypes: options(cases.EndUserTypes),
		RedFlags: st.RedFlags, Answers: st.Answers, Proposal: st.Proposal, Status: "Not started",
		Sign: view.SignPanel{Missing: st.Missing()}, Art5: hrdd.ScopeOf(f), National: st.National, Rules: st.Outcome().Rules}
	if a := st.Current; a != nil {
		p.Version, p.Status = a.Version, "Draft"
		p.Sign.Signed, p.Sign.Hash = a.Signed(), a.ContentHash
		p.Sign.Void = a.SignedHash != "" && !a.Signed()
		if a.SignedBy != nil {
			p.Sign.SignedBy = format.Or(st.Names[*a.SignedBy], "a former user")
			p.Sign.SignedAt = *a.SignedAt
		}
		switch {
		case p.Sign.Signed:
			p.Status = "Signed"
		case p.Sign.Void:
			p.Status = "Signature void"
		}
	}
	if actor.Can(auth.PermSignAssessment) && st.Latest && !p.Sign.Signed && f.Status.InProgress() {
		if err := hrdd.CheckSigner(st, actor); err != nil {
			p.Sign.WhyNot = apperr.Message(err)
		} else {
			p.Sign.CanSign = len(p.Sign.Missing) == 0 && st.Current != nil
		}
	}
	if _, n, err := s.Assessments.Notification(c.Request().Context(), f.ID); err == nil {
		p.Notification = hrdd.RecordKinds.Label(n.Kind)
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return view.Page{}, err
	}
	return p, nil
}

func (s *Server) renderAssessment(c echo.Context, status int, st *hrdd.State, adjust func(*view.Page)) error {
	p, err := s.assessmentPage(c, st)
	if err != nil {
		return err
	}
	adjust(&p)
	title := st.Case.Reference + " human-rights assessment"
	if isHTMX(c) && c.Request().Method == http.MethodPost && p.Section != "" {
		return s.render(c, status, title, view.SectionFragment(p))
	}
	return s.render(c, status, title, view.AssessmentPage(p))
}

// assessmentShow handles GET /cases/:id/assessment.
func (s *Server) assessmentShow(c echo.Context) error {
	st, err := s.Assessments.Get(c.Request().Context(), c.Param("id"), 0)
	if err != nil {
		return err
	}
	return s.renderAssessment(c, http.StatusOK, st, func(*view.Page) {})
}

// assessmentVersion handles GET /cases/:id/assessment/versions/:version: an
// earlier version, read-only.
func (s *Server) assessmentVersion(c echo.Context) error {
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return apperr.New(apperr.NotFound, "No such version.")
	}
	st, err := s.Assessments.Get(c.Request().Context(), c.Param("id"), n)
	if err != nil {
		return err
	}
	return s.renderAssessment(c, http.StatusOK, st, func(p *view.Page) { p.CanEdit = false })
}

// assessmentSave handles POST /cases/:id/assessment/sections/:section and,
// for the conclusion, POST /cases/:id/assessment/conclusion. htmx gets the
// section back (saved, or with its errors and what was typed) and the
// summary out of band; a plain post is redirected, or shown the page again.
func (s *Server) assessmentSave(c echo.Context) error {
	section := c.Param("section")
	if section == "" {
		section = hrdd.ConclusionSection
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in, ok := sectionAnswers(section, form)
	if !ok {
		return apperr.New(apperr.NotFound, "No such section.")
	}
	st, err := s.Assessments.SaveSection(c.Request().Context(), c.Param("id"), in)
	switch code := apperr.CodeOf(err); {
	case code == apperr.Invalid && st != nil:
		return s.renderAssessment(c, http.StatusUnprocessableEntity, st, func(p *view.Page) {
			p.Section, p.Error, p.Errors = section, apperr.Message(err), apperr.FieldsOf(err)
		})
	case err != nil:
		return err
	case isHTMX(c):
		return s.renderAssessment(c, http.StatusOK, st, func(p *view.Page) { p.Section, p.Saved = section, true })
	}
	s.flash(c, "success", hrdd.SectionTitle(section)+" saved.")
	return redirect(c, "/cases/"+st.Case.ID+"/assessment#sec-"+section)
}

// sectionAnswers binds the form of the questionnaire's section named
// section; false for no such section.
func sectionAnswers(section string, form url.Values) (hrdd.SectionAnswers, bool) {
	get := form.Get
	switch section {
	case "item":
		return hrdd.ItemSection{Capabilities: form["capability"], Use: get("use"), Customisation: get("customisation"),
			Notes: get("item_notes")}, true
	case "end_user":
		return hrdd.EndUserSection{Type: get("end_user_type"), StateLink: get("state_link"), KnownMisuse: get("known_misuse"),
			Oversight: get("oversight"), Notes: get("end_user_notes")}, true
	case "end_use":
		return hrdd.EndUseSection{Purpose: get("purpose"), Plausibility: get("plausibility"), Targets: form["target"],
			Notes: get("end_use_notes")}, true
	case "destination":
		return hrdd.DestinationSection{Country: get("country"), LegalBasis: get("legal_basis"),
			JudicialOversight: get("judicial_oversight"), Remedies: get("remedies"), Notes: get("destination_notes")}, true
	case "red_flags":
		var r hrdd.RedFlagsSection
		for _, code := range form["flag"] {
			r.Flags = append(r.Flags, hrdd.FlagAnswer{Code: code, Resolution: get("resolution_" + code), Resolved: get("resolved_"+code) != ""})
		}
		return r, true
	case "sources":
		return hrdd.SourcesSection{Sources: sourceRows(form)}, true
	case "mitigation":
		return hrdd.MitigationSection{Measures: form["measure"], Notes: get("mitigation_notes")}, true
	case hrdd.ConclusionSection:
		return hrdd.Conclusion{Level: get("level"), Rationale: get("rationale"), Aware: get("aware"), Informed: get("informed"),
			InformedLetter: get("informed_letter"), Suspect: get("suspect"),
			OverrideJustification: get("override_justification")}, true
	}
	return nil, false
}

// sourceRows reads the form's columns of sources (title, address, date) as
// rows; the assessment drops the rows left empty.
func sourceRows(form url.Values) []hrdd.Source {
	titles, urls, dates := form["source_title"], form["source_url"], form["source_date"]
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return vs[i]
		}
		return ""
	}
	rows := make([]hrdd.Source, max(len(titles), len(urls), len(dates)))
	for i := range rows {
		rows[i] = hrdd.Source{Title: at(titles, i), URL: at(urls, i), Date: at(dates, i)}
	}
	return rows
}

// assessmentSign handles POST /cases/:id/assessment/sign.
func (s *Server) assessmentSign(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	return s.submit(c, view.Form{}, func() (outcome, error) {
		f, err := s.Assessments.Sign(ctx, id, version(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{signedMessage(f), caseHref(f.ID) + "/assessment#sign"}, nil
	}, func(status int, f view.Form) error {
		st, err := s.Assessments.Get(ctx, id, 0)
		if err != nil {
			return err
		}
		return s.renderAssessment(c, status, st, func(p *view.Page) { p.Sign.Error = f.Error })
	})
}

// signedMessage says what signing the assessment did to case f.
func signedMessage(f *cases.Case) string {
	msg := "Assessment signed."
	switch {
	case f.Status == cases.Blocked:
		msg += " The case is blocked: the sign-off panel says which rule applied and what the case now needs."
	case f.RiskLevel == "high":
		msg += " The case is high-risk: it needs two approvals, one by a compliance officer."
	}
	return msg
}

// assessmentBox is the case page's summary of the assessment.
func assessmentBox(st *hrdd.State) caseview.AssessmentBox {
	b := caseview.AssessmentBox{Required: st.Required, Reasons: st.Reasons, Status: "Not started", Missing: strings.Join(st.Missing(), ", ")}
	if a := st.Current; a != nil {
		b.Version, b.Status = a.Version, "Draft"
		if a.Signed() {
			b.Status, b.Rules = "Signed", st.Outcome().Rules
		}
		if st.Authority != nil {
			b.Notification = hrdd.RecordKinds.Label(st.Authority.Kind)
		}
		if st.Answers.Done[hrdd.ConclusionSection] {
			b.Conclusion = st.Answers.Conclusion.Level
		}
	}
	b.Why = hrdd.WhyNotReady(st)
	return b
}
