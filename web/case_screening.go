package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
	view "github.com/vigil-icp/vigil/templates/cases"
	"github.com/vigil-icp/vigil/templates/format"
)

// screeningPanel is the case page's screening section for the viewer.
func screeningPanel(f *cases.Case, st *screening.CaseState, actor *auth.Actor, form view.Form) view.Screening {
	v := view.Screening{ListsLoaded: st.ListsLoaded, Lists: versionsLabel(st.Versions), Form: form,
		CanRescreen: actor.Can(auth.PermEditCases) && f.Status.Open(), Verdicts: verdictOptions(actor), USItems: usItems(f)}
	if actor.Can(auth.PermDecideHits) && screening.CheckDecidable(f) == nil {
		if err := screening.CheckDecider(f, actor); err != nil {
			v.WhyNotDecide = apperr.Message(err)
		} else {
			v.CanDecide = true
		}
	}
	for _, ps := range st.Parties {
		p := view.ScreenedParty{Name: ps.Party.Name, Stale: ps.Stale}
		if sc := ps.Screening; sc != nil {
			who := "automatically after a list update"
			if sc.ScreenedBy != nil {
				who = "by " + format.Or(st.Names[*sc.ScreenedBy], "a former user")
			}
			p.Screened = fmt.Sprintf("Screened %s %s · %s · threshold %.2f", format.DateTime(sc.ScreenedAt), who, sc.Algorithm, sc.Threshold)
		}
		for _, h := range ps.Hits {
			hv := screenedHit(h, st.Names)
			hv.Correction = hitCorrection(f, actor, h, st.Names)
			hv.NotApplicable = notApplicableStep(actor, h)
			p.Hits = append(p.Hits, hv)
		}
		v.Parties = append(v.Parties, p)
	}
	return v
}

// screenedHit is a hit of the case's screening with its decision, if any;
// names are the deciders' names by user id.
func screenedHit(h screening.PartyHit, names map[string]string) view.ScreenedHit {
	hv := view.ScreenedHit{ID: h.ID, List: h.Source.Label(), SourceID: h.SourceID, EntryName: h.EntryName,
		EntryKind: string(h.EntryKind), MatchedName: h.MatchedName, Score: fmt.Sprintf("%.2f", h.Score),
		Explanation: h.Explanation, Status: string(h.Status), Alarm: h.Alarm, Open: h.Status == screening.Undecided,
		StatusLabel: "To decide"}
	if d := h.Decision; d != nil {
		hv.StatusLabel = screening.Verdicts.Label(d.Verdict)
		hv.Decided = fmt.Sprintf("Decided by %s on %s: %s", format.Or(names[d.DecidedBy], "a former user"),
			format.DateTime(d.DecidedAt), d.Reason)
		switch {
		case h.Status == screening.AwaitingConfirmation:
			hv.StatusLabel += ", awaiting a second compliance officer"
		case d.ConfirmedBy != nil:
			hv.Decided += fmt.Sprintf(" Confirmed by %s on %s.", format.Or(names[*d.ConfirmedBy], "a former user"), format.DateTime(*d.ConfirmedAt))
		}
	}
	if len(h.History) < 2 { // a single decision is the one shown above
		return hv
	}
	for _, d := range h.History {
		hv.History = append(hv.History, view.PastDecision{Verdict: screening.Verdicts.Label(d.Verdict),
			Who: format.Or(names[d.DecidedBy], "a former user"), When: format.DateTime(d.DecidedAt), Reason: d.Reason,
			Correction: d.CorrectionID != nil})
	}
	return hv
}

// hitCorrection is what actor may do to correct hit h on case f when it is
// a confirmed match: propose a correction, or answer the one that waits.
func hitCorrection(f *cases.Case, actor *auth.Actor, h screening.PartyHit, names map[string]string) view.HitCorrection {
	var v view.HitCorrection
	c := h.Correction
	switch {
	case h.Status != screening.ConfirmedHit:
	case c == nil:
		v.CanPropose = screening.CheckCorrector(f, actor, nil) == nil
	default:
		v.Pending = fmt.Sprintf("Correction to false positive proposed by %s on %s: %s", format.Or(names[c.ProposedBy], "a former user"),
			format.DateTime(c.ProposedAt), c.Reason)
		if err := screening.CheckCorrector(f, actor, c); err != nil {
			v.WhyNot = apperr.Message(err)
		} else {
			v.CanAnswer = true
		}
	}
	return v
}

// verdictOptions are the decisions actor may take on a hit: "list not
// applicable" is for compliance officers.
func verdictOptions(actor *auth.Actor) []view.Option {
	var out []view.Option
	for _, o := range options(screening.Verdicts) {
		if o.Value != string(screening.NotApplicable) || screening.CheckNotApplicableDecider(actor) == nil {
			out = append(out, o)
		}
	}
	return out
}

// notApplicableStep is what actor may do with a decision that the list of
// hit h does not apply, while it waits for a second compliance officer.
func notApplicableStep(actor *auth.Actor, h screening.PartyHit) view.NotApplicableStep {
	if h.Status != screening.AwaitingConfirmation {
		return view.NotApplicableStep{}
	}
	v := view.NotApplicableStep{Waiting: true}
	if err := screening.CheckNotApplicableConfirmer(actor, h.Decision); err != nil {
		v.WhyNot = apperr.Message(err)
	} else {
		v.CanConfirm = true
	}
	return v
}

// usItems says which items of f are subject to US export rules.
func usItems(f *cases.Case) string {
	var us []string
	for _, it := range f.Items {
		if it.SubjectToUS {
			us = append(us, it.Description+" (ECCN "+it.ECCN+")")
		}
	}
	if len(us) == 0 {
		return "No item on this case is marked subject to US export rules."
	}
	return "Items subject to US export rules: " + strings.Join(us, "; ") + "."
}

// caseHitNotApplicableConfirm handles POST
// /cases/:id/hits/:hit/not-applicable/confirm.
func (s *Server) caseHitNotApplicableConfirm(c echo.Context) error {
	return s.correctionStep(c, "Confirmed: the list does not apply to this transaction.", s.Screening.ConfirmNotApplicable)
}

var hitFields = []string{"hit_id", "verdict", "reason"}

// caseHitDecision handles POST /cases/:id/hits/:hit/decision.
func (s *Server) caseHitDecision(c echo.Context) error {
	id, verdict := c.Param("id"), screening.Verdict(c.FormValue("verdict"))
	form := formOf(c, hitFields...)
	form.Values["hit_id"] = c.Param("hit")
	return s.submit(c, form, func() (outcome, error) {
		_, err := s.Screening.Decide(c.Request().Context(), id, version(c), c.Param("hit"), verdict, c.FormValue("reason"))
		return outcome{"Hit decided: " + strings.ToLower(screening.Verdicts.Label(verdict)) + ".", caseHref(id) + "#screening"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{hit: f}) })
}

// caseHitCorrection handles POST /cases/:id/hits/:hit/correction.
func (s *Server) caseHitCorrection(c echo.Context) error {
	return s.correctionStep(c, "Correction proposed: a second compliance officer confirms it.",
		func(ctx context.Context, id string, version int64, hit string) (*cases.Case, error) {
			return s.Screening.ProposeCorrection(ctx, id, version, hit, c.FormValue("reason"))
		})
}

// caseHitCorrectionConfirm handles POST /cases/:id/hits/:hit/correction/confirm.
func (s *Server) caseHitCorrectionConfirm(c echo.Context) error {
	return s.correctionStep(c, "Correction confirmed: the hit is a false positive.", s.Screening.ConfirmCorrection)
}

// caseHitCorrectionDecline handles POST /cases/:id/hits/:hit/correction/decline.
func (s *Server) caseHitCorrectionDecline(c echo.Context) error {
	return s.correctionStep(c, "Correction declined: the confirmed match holds.",
		func(ctx context.Context, id string, version int64, hit string) (*cases.Case, error) {
			return s.Screening.DeclineCorrection(ctx, id, version, hit, c.FormValue("reason"))
		})
}

// correctionStep answers a post of a correction form of hit :hit on case
// :id: step asks the service for the change; a refusal shows the form again.
func (s *Server) correctionStep(c echo.Context, done string, step func(context.Context, string, int64, string) (*cases.Case, error)) error {
	id := c.Param("id")
	form := formOf(c, hitFields...)
	form.Values["hit_id"] = c.Param("hit")
	return s.submit(c, form, func() (outcome, error) {
		_, err := step(c.Request().Context(), id, version(c), c.Param("hit"))
		return outcome{done, caseHref(id) + "#screening"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{hit: f}) })
}

// caseScreen handles POST /cases/:id/screen.
func (s *Server) caseScreen(c echo.Context) error {
	return s.submit(c, view.Form{}, func() (outcome, error) {
		_, err := s.Screening.ScreenCase(c.Request().Context(), c.Param("id"), version(c))
		return outcome{"Parties screened against the current lists.", caseHref(c.Param("id")) + "#screening"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{hit: f}) })
}
