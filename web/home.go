package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/templates/dashboard"
	"github.com/vigil-icp/vigil/templates/format"
	"github.com/vigil-icp/vigil/templates/home"
)

// home handles GET /: what needs this user's attention, by role.
func (s *Server) home(c echo.Context) error {
	v, err := s.homeView(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Home", home.HomePage(v))
}

// homeView is the start page of the signed-in viewer. Each part adds what
// the viewer's roles make theirs to watch, in the order the page shows it.
func (s *Server) homeView(ctx context.Context) (home.Page, error) {
	a := auth.ActorFrom(ctx)
	v := home.Page{Name: a.Name}
	for _, add := range []func(context.Context, *auth.Actor, *home.Page) error{
		s.homeCommitment, s.homeUsers, s.homeLists, s.homeListPolicy, s.homeAudit, s.homeCases, s.homeHits, s.homeLicences, s.homeRisks,
		s.homeSelfAssess, s.homeActions, s.homeDashboard, s.homeTraining, s.homeContacts, s.homeOwn,
	} {
		if err := add(ctx, a, &v); err != nil {
			return home.Page{}, err
		}
	}
	return v, nil
}

// homeUsers adds the accounts and failed sign-ins, for user managers.
func (s *Server) homeUsers(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermManageUsers) {
		return nil
	}
	n, err := s.Auth.Counts(ctx)
	if err != nil {
		return err
	}
	v.Cards = append(v.Cards,
		home.Card{ID: "card-users", Title: "Users", Figure: fmt.Sprint(n.Active),
			Text: fmt.Sprintf("active accounts, %d deactivated, %d without any role.", n.Deactivated, n.WithoutRoles),
			Href: "/admin/users", LinkLabel: "Manage users"},
		home.Card{ID: "card-signins", Title: "Failed sign-ins", Figure: fmt.Sprint(n.FailedSignins24h),
			Text: "in the last 24 hours.", Href: "/audit?action=auth.", LinkLabel: "See sign-in events"})
	return nil
}

// homeLists adds the sanctions lists in use, for those who read them.
func (s *Server) homeLists(_ context.Context, a *auth.Actor, v *home.Page) error {
	if a.Can(auth.PermReadLists) {
		v.Cards = append(v.Cards, listsCard(s.Screening.Current()))
	}
	return nil
}

// homeAudit adds the size of the audit trail, for its readers.
func (s *Server) homeAudit(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermReadAudit) {
		return nil
	}
	count, last, err := s.Audit.Head(ctx)
	if err != nil {
		return err
	}
	text := "No events yet."
	if count > 0 {
		text = "events recorded, the latest at " + format.DateTime(last) + "."
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-audit", Title: "Audit trail", Figure: fmt.Sprint(count),
		Text: text, Href: "/audit/verify", LinkLabel: "Verify the chain"})
	return nil
}

// homeCases adds the cases waiting for the viewer: their drafts and
// decided cases for those who open cases, the cases to decide for those who
// sign off.
func (s *Server) homeCases(ctx context.Context, a *auth.Actor, v *home.Page) error {
	edits, signs := a.Can(auth.PermEditCases), a.Can(auth.PermSignOffCases)
	if !edits && !signs {
		return nil
	}
	att, err := s.Cases.AttentionFor(ctx, 8)
	if err != nil {
		return err
	}
	list := func(id, title, empty string, rows []cases.Row) home.CaseList {
		l := home.CaseList{ID: id, Title: title, Empty: empty}
		for _, r := range rows {
			l.Cases = append(l.Cases, home.CaseLink{Href: caseHref(r.ID), Reference: r.Reference, Title: r.Title, Status: r.Status.Label()})
		}
		return l
	}
	if edits {
		v.CaseLists = append(v.CaseLists, list("my-drafts", "Your drafts", "No drafts.", att.Drafts))
	}
	if signs {
		v.CaseLists = append(v.CaseLists, list("awaiting-decision", "Waiting for your decision", "Nothing waits for you.", att.Waiting))
	}
	if edits {
		v.CaseLists = append(v.CaseLists, list("recently-decided", "Your cases, recently decided", "None yet.", att.Decided))
	}
	return nil
}

// homeHits adds the cases with screening hits to decide, for deciders.
func (s *Server) homeHits(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermDecideHits) {
		return nil
	}
	open, err := s.Screening.Undecided(ctx, 8)
	if err != nil {
		return err
	}
	l := home.CaseList{ID: "hits-to-decide", Title: "Screening hits to decide", Empty: "No open screening hit."}
	for _, c := range open {
		l.Cases = append(l.Cases, home.CaseLink{Href: caseHref(c.CaseID) + "#screening", Reference: c.Reference, Title: c.Title,
			Status: fmt.Sprintf("%d open", c.Open)})
	}
	v.CaseLists = append(v.CaseLists, l)
	return nil
}

// homeRisks adds the viewer's own open risks whose review date has passed.
func (s *Server) homeRisks(ctx context.Context, _ *auth.Actor, v *home.Page) error {
	overdue, err := s.Programme.Overdue(ctx)
	if err != nil || len(overdue) == 0 {
		return err
	}
	l := home.CaseList{ID: "overdue-risks", Title: "Your risks to review"}
	for _, r := range overdue {
		l.Cases = append(l.Cases, home.CaseLink{Href: "/risks/" + r.ID, Reference: r.Kind.Label() + " risk", Title: r.Title,
			Status: "review was due " + format.Date(r.NextReviewOn)})
	}
	v.CaseLists = append(v.CaseLists, l)
	return nil
}

// homeDashboard leads management's start page with the programme dashboard
// and gives the others who read it a card with its headline figure.
func (s *Server) homeDashboard(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermReadProgramme) {
		return nil
	}
	d, err := s.dashboardView(ctx)
	if err != nil {
		return err
	}
	if a.HasRole(auth.RoleManagement) {
		v.Lead = dashboard.HomeLead(d)
		return nil
	}
	card := home.Card{ID: "card-dashboard", Title: "Programme dashboard", Text: "How the compliance programme performs, in charts.",
		Href: "/dashboard", LinkLabel: "Open the dashboard"}
	if len(d.Figures) > 0 {
		card.Figure, card.Text = d.Figures[0].Value, d.Figures[0].Label+"; the programme's figures in charts."
	}
	v.Cards = append(v.Cards, card)
	return nil
}

// homeTraining adds the viewer's training: the staff's start page lists their
// courses ("My training"); others, whose start page is their work, get a card.
func (s *Server) homeTraining(ctx context.Context, a *auth.Actor, v *home.Page) error {
	mine, err := s.Training.Mine(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(a.Roles, auth.RoleStaff) {
		l := home.CaseList{ID: "home-training", Title: "My training", Empty: "No training is assigned to you."}
		for _, p := range mine {
			due := "due " + format.Date(p.DueOn)
			if p.CompletedAt != nil {
				due = "completed " + format.Date(*p.CompletedAt)
			}
			l.Cases = append(l.Cases, home.CaseLink{Href: assignmentHref(p.AssignmentID), Reference: p.Course.Title,
				Title: due, Status: p.State.Label()})
		}
		v.CaseLists = append([]home.CaseList{l}, v.CaseLists...)
		return nil
	}
	open, overdue := 0, 0
	for _, p := range mine {
		if p.CompletedAt == nil || p.State == training.Expired {
			open++
		}
		if p.State == training.Overdue {
			overdue++
		}
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-training", Title: "My training", Figure: fmt.Sprint(open),
		Text: fmt.Sprintf("course(s) to complete, %d overdue.", overdue), Href: "/training", LinkLabel: "Open my training"})
	return nil
}

// homeOwn adds what everyone sees of their own: their open sessions and
// their latest actions.
func (s *Server) homeOwn(ctx context.Context, a *auth.Actor, v *home.Page) error {
	sessions, err := s.Auth.ListOwnSessions(ctx)
	if err != nil {
		return err
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-account", Title: "Your sessions", Figure: fmt.Sprint(len(sessions)),
		Text: "open session(s) in your name. End any you do not recognise.", Href: "/account", LinkLabel: "My account"})
	events, err := s.Audit.Own(ctx, 8)
	if err != nil {
		return err
	}
	for _, e := range events {
		v.Activity = append(v.Activity, home.Activity{At: e.OccurredAt, Summary: e.Summary})
	}
	return nil
}

// listsCard says which sanctions lists screening uses and how old the
// oldest import is: stale lists screen against yesterday's designations.
func listsCard(snap *screening.Snapshot) home.Card {
	card := home.Card{ID: "card-lists", Title: "Sanctions lists", Figure: fmt.Sprint(len(snap.Versions)),
		Text: "lists in use. None is imported yet: screening finds nothing.", Href: "/lists", LinkLabel: "See the lists"}
	if len(snap.Versions) == 0 {
		return card
	}
	oldest := snap.Versions[0].ImportedAt
	for _, v := range snap.Versions {
		if v.ImportedAt.Before(oldest) {
			oldest = v.ImportedAt
		}
	}
	card.Text = fmt.Sprintf("lists in use, %s entries; the oldest imported %s.", thousands(snap.Index.Entries()), format.Date(oldest))
	// Counted among the lists, the demonstration list must not pass for an official one.
	if snap.VersionOf(watchlist.Demo) != nil {
		card.Text += " Among them: " + watchlist.Demo.Label() + "."
	}
	return card
}
