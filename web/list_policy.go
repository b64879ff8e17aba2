package web

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/templates/format"
	"github.com/vigil-icp/vigil/templates/home"
	sview "github.com/vigil-icp/vigil/templates/screening"
)

// listPolicySave handles POST /lists/policy: the rule of every list at once.
func (s *Server) listPolicySave(c echo.Context) error {
	var names []string
	var in []screening.RuleInput
	for _, src := range watchlist.Sources {
		req, days := string(src)+".requirement", string(src)+".max_age_days"
		names = append(names, req, days)
		in = append(in, screening.RuleInput{Source: src, Requirement: c.FormValue(req), MaxAgeDays: c.FormValue(days)})
	}
	form := formOf(c, names...)
	return s.submit(c, form, func() (outcome, error) {
		if _, err := s.Screening.Lists.SetPolicy(c.Request().Context(), in); err != nil {
			return outcome{}, err
		}
		return outcome{"The list policy is saved; the screening gate of every case follows it now.", "/lists#policy"}, nil
	}, func(status int, f sview.Form) error { return s.renderLists(c, status, sview.Form{}, f) })
}

// stateBadges names each freshness for the badge and gives its colour.
var stateBadges = map[screening.Freshness][2]string{
	screening.Fresh:   {"fresh", "status-approved"},
	screening.Ageing:  {"soon too old", "status-on_hold"},
	screening.TooOld:  {"too old", "status-blocked"},
	screening.Missing: {"not imported", "status-blocked"},
}

// policyView is the list policy for the lists page, what was typed into
// its form kept over the stored rules.
func (s *Server) policyView(ctx context.Context, form sview.Form) (sview.Policy, error) {
	policy, findings, err := s.Screening.PolicyFindings(ctx)
	if err != nil {
		return sview.Policy{}, err
	}
	v := sview.Policy{CanEdit: auth.ActorFrom(ctx).Can(auth.PermSetListPolicy), Form: form, Set: "The default policy: nobody has changed it."}
	for _, r := range screening.Requirements {
		v.Choices = append(v.Choices, sview.Option{Value: string(r), Label: r.Label()})
	}
	var changed time.Time
	byList := map[watchlist.Source]screening.Finding{}
	for _, f := range findings {
		byList[f.Rule.Source] = f
	}
	for _, rule := range policy {
		row := sview.PolicyRow{Source: string(rule.Source), List: rule.Source.Label(), Requirement: string(rule.Requirement),
			RequirementLabel: rule.Requirement.Label(), MaxAgeDays: fmt.Sprint(rule.MaxAgeDays)}
		if typed := form.V(row.Source + ".requirement"); typed != "" || form.V(row.Source+".max_age_days") != "" {
			row.Requirement, row.MaxAgeDays = typed, form.V(row.Source+".max_age_days")
		}
		if f, ok := byList[rule.Source]; ok {
			badge := stateBadges[f.State]
			row.State, row.StateClass, row.Text = badge[0], badge[1], findingDetail(f)
		}
		v.Rows = append(v.Rows, row)
		if rule.UpdatedAt.After(changed) {
			changed = rule.UpdatedAt
		}
	}
	if !changed.IsZero() {
		v.Set = "Last changed " + format.DateTime(changed) + "."
	}
	return v, nil
}

// homeListPolicy adds, for those who set the list policy or import the
// lists, the lists that fall short of the policy or will within
// screening.WarnDays: a required list missing or too old fails every
// case's screening gate.
func (s *Server) homeListPolicy(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermSetListPolicy) && !a.Can(auth.PermImportLists) {
		return nil
	}
	_, findings, err := s.Screening.PolicyFindings(ctx)
	if err != nil {
		return err
	}
	l := home.CaseList{ID: "lists-to-import", Title: "Lists to import",
		Empty: fmt.Sprintf("Every list the list policy asks for is in use and will be for at least %d days.", screening.WarnDays)}
	for _, f := range findings {
		if !f.Warns() {
			continue
		}
		status := stateBadges[f.State][0]
		if f.Blocks() {
			status += ": the screening gate fails"
		}
		l.Cases = append(l.Cases, home.CaseLink{Href: "/lists#policy", Reference: f.Rule.Source.Label(),
			Title: findingDetail(f), Status: status})
	}
	v.CaseLists = append(v.CaseLists, l)
	return nil
}

// findingDetail is the finding's sentence where the list is named beside it.
func findingDetail(f screening.Finding) string {
	d := strings.TrimPrefix(f.Text, f.Rule.Source.Label()+": ")
	return strings.ToUpper(d[:1]) + d[1:]
}
