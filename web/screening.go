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
)

// versionsLabel names the list versions screened against, for people.
func versionsLabel(versions []screening.Version) string {
	parts := make([]string, len(versions))
	for i, v := range versions {
		parts[i] = fmt.Sprintf("%s (imported %s, %s entries)", v.Source.Label(), v.ImportedAt.Format("2 Jan 2006"), thousands(v.EntryCount))
	}
	return strings.Join(parts, " · ")
}

// thousands writes n with thousands separators.
func thousands(n int) string { return cases.FormatDecimal(int64(n), 0, 0) }

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
				who = "by " + or(st.Names[*sc.ScreenedBy], "a former user")
			}
			p.Screened = fmt.Sprintf("Screened %s %s · %s · threshold %.2f", sc.ScreenedAt.Format("2 Jan 2006 15:04"), who, sc.Algorithm, sc.Threshold)
		}
		for _, h := range ps.Hits {
			hv := view.ScreenedHit{ID: h.ID, List: h.Source.Label(), SourceID: h.SourceID, EntryName: h.EntryName,
				EntryKind: string(h.EntryKind), MatchedName: h.MatchedName, Score: fmt.Sprintf("%.2f", h.Score),
				Explanation: h.Explanation, Status: string(h.Status), Alarm: h.Alarm, Open: h.Status == screening.Undecided,
				StatusLabel: "To decide"}
			if d := h.Decision; d != nil {
				hv.StatusLabel = screening.Verdicts.Label(d.Verdict)
				hv.Decided = fmt.Sprintf("Decided by %s on %s: %s", or(st.Names[d.DecidedBy], "a former user"),
					d.DecidedAt.Format("2 Jan 2006 15:04"), d.Reason)
			}
			p.Hits = append(p.Hits, hv)
		}
		v.Parties = append(v.Parties, p)
	}
	return v
}

var hitFields = []string{"hit_id", "verdict", "reason"}

// caseHitDecision handles POST /cases/:id/hits/:hit/decision.
func (s *Server) caseHitDecision(c echo.Context) error {
	verdict := screening.Verdict(c.FormValue("verdict"))
	done := "Hit decided: " + strings.ToLower(screening.Verdicts.Label(verdict)) + "."
	return s.caseChange(c, "#screening", done, func() (*cases.Case, error) {
		return s.Screening.Decide(c.Request().Context(), c.Param("id"), version(c), c.Param("hit"), verdict, c.FormValue("reason"))
	}, func(err error) caseForms {
		form := withError(formOf(c, hitFields...), err)
		form.Values["hit_id"] = c.Param("hit")
		return caseForms{hit: form}
	})
}

// caseScreen handles POST /cases/:id/screen.
func (s *Server) caseScreen(c echo.Context) error {
	return s.caseChange(c, "#screening", "Parties screened against the current lists.", func() (*cases.Case, error) {
		return s.Screening.ScreenCase(c.Request().Context(), c.Param("id"), version(c))
	}, func(err error) caseForms { return caseForms{hit: withError(view.Form{}, err)} })
}
