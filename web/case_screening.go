package web

import (
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
		CanRescreen: actor.Can(auth.PermEditCases) && f.Status.Open(), Verdicts: options(screening.Verdicts)}
	if actor.Can(auth.PermDecideHits) && f.Status.Open() {
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
			p.Hits = append(p.Hits, screenedHit(h, st.Names))
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
	}
	return hv
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

// caseScreen handles POST /cases/:id/screen.
func (s *Server) caseScreen(c echo.Context) error {
	return s.submit(c, view.Form{}, func() (outcome, error) {
		_, err := s.Screening.ScreenCase(c.Request().Context(), c.Param("id"), version(c))
		return outcome{"Parties screened against the current lists.", caseHref(c.Param("id")) + "#screening"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{hit: f}) })
}
