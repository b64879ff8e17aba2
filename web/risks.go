package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/programme"
)

// riskFields are the fields of the risk form.
var riskFields = []string{"kind", "title", "description", "owner_id", "likelihood", "impact", "controls",
	"residual_likelihood", "residual_impact", "next_review", "status"}

// riskList handles GET /risks: the register, filtered by kind and status,
// ordered by residual score, with the heat map of the open risks.
func (s *Server) riskList(c echo.Context) error {
	ctx := c.Request().Context()
	f := programme.Filter{Kind: programme.Kind(c.QueryParam("kind")), Status: programme.Status(c.QueryParam("status"))}
	risks, err := s.Programme.List(ctx, f)
	if err != nil {
		return err
	}
	order := c.QueryParam("order")
	if order == "residual-asc" {
		slices.Reverse(risks)
	}
	open, err := s.Programme.List(ctx, programme.Filter{Status: programme.Open})
	if err != nil {
		return err
	}
	names, err := riskOwners(ctx, s, risks)
	if err != nil {
		return err
	}
	v := view.Register{Kind: string(f.Kind), Status: string(f.Status), Order: order, Kinds: riskKinds(),
		CanManage: auth.ActorFrom(ctx).Can(auth.PermManageRisks)}
	now := s.Programme.Now()
	for _, r := range risks {
		v.Rows = append(v.Rows, riskRow(&r, names, now))
	}
	counts := programme.HeatMapOf(open)
	for l := range 5 {
		for i := range 5 {
			v.HeatMap[l][i] = view.Cell{Count: counts.Cells[l][i], Score: riskScore(programme.Score(l+1, i+1))}
		}
	}
	for _, b := range programme.Bands {
		v.Bands = append(v.Bands, view.Band{Level: string(b.Level), From: b.From, To: b.To})
	}
	return s.render(c, http.StatusOK, "Risk register", view.RegisterPage(v))
}

// riskNew handles GET /risks/new.
func (s *Server) riskNew(c echo.Context) error {
	return s.renderRiskNew(c, http.StatusOK, view.Form{Values: map[string]string{"status": "open"}})
}

func (s *Server) renderRiskNew(c echo.Context, status int, f view.Form) error {
	fields, err := s.riskChoices(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, status, "Record a risk", view.NewPage(view.New{Form: f, Fields: fields}))
}

// riskCreate handles POST /risks.
func (s *Server) riskCreate(c echo.Context) error {
	return s.submit(c, formOf(c, riskFields...), func() (outcome, error) {
		r, err := s.Programme.Create(c.Request().Context(), riskInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Risk recorded.", "/risks/" + r.ID}, nil
	}, func(status int, f view.Form) error { return s.renderRiskNew(c, status, f) })
}

// riskShow handles GET /risks/:id.
func (s *Server) riskShow(c echo.Context) error {
	return s.renderRisk(c, http.StatusOK, view.Form{}, view.Form{})
}

// riskUpdate handles POST /risks/:id.
func (s *Server) riskUpdate(c echo.Context) error {
	return s.submit(c, formOf(c, riskFields...), func() (outcome, error) {
		r, err := s.Programme.Update(c.Request().Context(), c.Param("id"), riskInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Risk changed.", "/risks/" + r.ID}, nil
	}, func(status int, f view.Form) error { return s.renderRisk(c, status, f, view.Form{}) })
}

// riskReview handles POST /risks/:id/review.
func (s *Server) riskReview(c echo.Context) error {
	return s.submit(c, formOf(c, "note", "next_review"), func() (outcome, error) {
		r, err := s.Programme.RecordReview(c.Request().Context(), c.Param("id"), c.FormValue("note"), c.FormValue("next_review"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Review recorded.", "/risks/" + r.ID}, nil
	}, func(status int, f view.Form) error { return s.renderRisk(c, status, view.Form{}, f) })
}

// renderRisk shows a risk; edit is the change form as posted (empty: drawn
// from the risk), review the review form as posted.
func (s *Server) renderRisk(c echo.Context, status int, edit, review view.Form) error {
	ctx := c.Request().Context()
	r, reviews, err := s.Programme.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	ids := []string{r.OwnerID}
	for _, rv := range reviews {
		ids = append(ids, rv.ReviewedBy)
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, ids)
	if err != nil {
		return err
	}
	a := auth.ActorFrom(ctx)
	v := view.Page{Row: riskRow(r, names, s.Programme.Now()), Description: r.Description, Controls: r.Controls,
		Likelihood: r.Likelihood, Impact: r.Impact, ResidualLikelihood: r.ResidualLikelihood, ResidualImpact: r.ResidualImpact,
		CanManage: a.Can(auth.PermManageRisks), CanReview: a.UserID == r.OwnerID || a.Can(auth.PermManageRisks),
		Edit: edit, ReviewForm: review}
	for _, rv := range reviews {
		v.Reviews = append(v.Reviews, view.Review{By: format.Or(names[rv.ReviewedBy], "a former user"), Note: rv.Note,
			At: rv.ReviewedAt, NextReview: rv.NextReviewOn})
	}
	if v.CanManage {
		if v.Fields, err = s.riskChoices(ctx); err != nil {
			return err
		}
		if v.Edit.Values == nil {
			v.Edit = riskForm(r)
		}
	}
	return s.render(c, status, r.Title, view.RiskPage(v))
}

func riskInput(c echo.Context) programme.Input {
	return programme.Input{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		OwnerID: c.FormValue("owner_id"), Controls: c.FormValue("controls"), Status: c.FormValue("status"),
		Likelihood: c.FormValue("likelihood"), Impact: c.FormValue("impact"), ResidualLikelihood: c.FormValue("residual_likelihood"),
		ResidualImpact: c.FormValue("residual_impact"), NextReview: c.FormValue("next_review")}
}

// riskForm is the change form drawn from r.
func riskForm(r *programme.Risk) view.Form {
	return view.Form{Values: map[string]string{"kind": string(r.Kind), "title": r.Title, "description": r.Description,
		"owner_id": r.OwnerID, "likelihood": strconv.Itoa(r.Likelihood), "impact": strconv.Itoa(r.Impact), "controls": r.Controls,
		"residual_likelihood": strconv.Itoa(r.ResidualLikelihood), "residual_impact": strconv.Itoa(r.ResidualImpact),
		"next_review": r.NextReviewOn.Format(time.DateOnly), "status": string(r.Status)}}
}

func riskKinds() []components.Option {
	var out []components.Option
	for _, k := range programme.Kinds {
		out = append(out, components.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

// riskChoices are the kinds and the possible owners of the risk form.
func (s *Server) riskChoices(ctx context.Context) (view.Fields, error) {
	owners, err := s.Programme.Owners(ctx)
	if err != nil {
		return view.Fields{}, err
	}
	f := view.Fields{Kinds: riskKinds()}
	for _, o := range owners {
		f.Owners = append(f.Owners, components.Option{Value: o.ID, Label: o.Name})
	}
	return f, nil
}

// riskOwners returns the names of the owners of risks.
func riskOwners(ctx context.Context, s *Server, risks []programme.Risk) (map[string]string, error) {
	var ids []string
	for _, r := range risks {
		ids = append(ids, r.OwnerID)
	}
	return auth.NamesOf(ctx, s.DB.Gorm, ids)
}

func riskScore(score int) view.Score {
	return view.Score{Value: score, Level: string(programme.LevelOf(score))}
}

func riskRow(r *programme.Risk, names map[string]string, now time.Time) view.Row {
	return view.Row{ID: r.ID, Kind: r.Kind.Label(), Title: r.Title, Owner: format.Or(names[r.OwnerID], "a former user"),
		Status: string(r.Status), Inherent: riskScore(r.Inherent()), Residual: riskScore(r.Residual()),
		NextReview: r.NextReviewOn, Overdue: r.Overdue(now)}
}
