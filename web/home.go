package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/templates/home"
)

// home handles GET /: what needs this user's attention, by role.
func (s *Server) home(c echo.Context) error {
	ctx := c.Request().Context()
	a := auth.ActorFrom(ctx)
	v := home.Page{Name: a.Name}
	if a.Can(auth.PermManageUsers) {
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
	}
	if a.Can(auth.PermReadLists) {
		v.Cards = append(v.Cards, listsCard(s.Screening.Current()))
	}
	if a.Can(auth.PermReadAudit) {
		count, last, err := audit.Head(ctx, s.DB.Gorm)
		if err != nil {
			return err
		}
		text := "No events yet."
		if count > 0 {
			text = "events recorded, the latest at " + last.UTC().Format("2006-01-02 15:04 UTC") + "."
		}
		v.Cards = append(v.Cards, home.Card{ID: "card-audit", Title: "Audit trail", Figure: fmt.Sprint(count),
			Text: text, Href: "/audit/verify", LinkLabel: "Verify the chain"})
	}
	if a.Can(auth.PermEditCases) || a.Can(auth.PermSignOffCases) {
		att, err := s.Cases.AttentionFor(ctx, 8)
		if err != nil {
			return err
		}
		list := func(id, title, empty string, rows []cases.Row) home.CaseList {
			l := home.CaseList{ID: id, Title: title, Empty: empty}
			for _, r := range rows {
				l.Cases = append(l.Cases, home.CaseLink{Href: "/cases/" + r.ID, Reference: r.Reference, Title: r.Title, Status: r.Status.Label()})
			}
			return l
		}
		if a.Can(auth.PermEditCases) {
			v.CaseLists = append(v.CaseLists, list("my-drafts", "Your drafts", "No drafts.", att.Drafts))
		}
		if a.Can(auth.PermSignOffCases) {
			v.CaseLists = append(v.CaseLists, list("awaiting-decision", "Waiting for your decision", "Nothing waits for you.", att.Waiting))
		}
		if a.Can(auth.PermEditCases) {
			v.CaseLists = append(v.CaseLists, list("recently-decided", "Your cases, recently decided", "None yet.", att.Decided))
		}
	}
	if a.Can(auth.PermDecideHits) {
		open, err := s.Screening.Undecided(ctx, 8)
		if err != nil {
			return err
		}
		l := home.CaseList{ID: "hits-to-decide", Title: "Screening hits to decide", Empty: "No open screening hit."}
		for _, c := range open {
			l.Cases = append(l.Cases, home.CaseLink{Href: "/cases/" + c.CaseID + "#screening", Reference: c.Reference, Title: c.Title,
				Status: fmt.Sprintf("%d open", c.Open)})
		}
		v.CaseLists = append(v.CaseLists, l)
	}
	if err := s.homeTraining(ctx, a, &v); err != nil {
		return err
	}
	sessions, err := s.Auth.ListOwnSessions(ctx)
	if err != nil {
		return err
	}
	v.Cards = append(v.Cards, home.Card{ID: "card-account", Title: "Your sessions", Figure: fmt.Sprint(len(sessions)),
		Text: "open session(s) in your name. End any you do not recognise.", Href: "/account", LinkLabel: "My account"})
	events, err := audit.List(ctx, s.DB.Gorm, audit.Filter{ActorID: a.UserID, Limit: 8})
	if err != nil {
		return err
	}
	for _, e := range events {
		v.Activity = append(v.Activity, home.Activity{At: e.OccurredAt, Summary: e.Summary})
	}
	return s.render(c, http.StatusOK, "Home", home.HomePage(v))
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
			due := "due " + p.DueOn.Format(time.DateOnly)
			if p.CompletedAt != nil {
				due = "completed " + p.CompletedAt.Format(time.DateOnly)
			}
			l.Cases = append(l.Cases, home.CaseLink{Href: "/training/assignments/" + p.AssignmentID, Reference: p.Course.Title,
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
	card.Text = fmt.Sprintf("lists in use, %s entries; the oldest imported %s.", thousands(snap.Index.Entries()),
		oldest.UTC().Format("2 Jan 2006"))
	// Counted among the lists, the demonstration list must not pass for an official one.
	if snap.VersionOf(watchlist.Demo) != nil {
		card.Text += " Among them: " + watchlist.Demo.Label() + "."
	}
	return card
}
