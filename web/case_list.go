package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// caseList handles GET /cases.
func (s *Server) caseList(c echo.Context) error {
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	p, err := s.caseListPage(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if err := s.auditorSearched(c, caseListHref(f, f.Status, 1)); err != nil {
		return err
	}
	return s.renderCached(c, http.StatusOK, "Export cases", p.key, p.build)
}

// caseFilter reads the case list's filter from the query.
func caseFilter(c echo.Context) (cases.Filter, error) {
	q := c.QueryParams()
	page, err := wholeParam(c, "page")
	if err != nil {
		return cases.Filter{}, err
	}
	f := cases.Filter{Status: cases.Status(q.Get("status")), Destination: q.Get("destination"), OwnerID: q.Get("owner"),
		Risk: q.Get("risk"), Query: q.Get("q"), Item: q.Get("item"), PersonID: q.Get("person"), Licence: q.Get("licence"),
		Sort: q.Get("sort"), Page: int(page)}
	f.From, f.To, err = dayRange(c)
	return f, err
}

// cachedPage is a page body to render once per key (see renderCached).
type cachedPage struct {
	key   string
	build func() (templ.Component, error)
}

// caseListPage reads the cases f selects and the filter's choices.
func (s *Server) caseListPage(ctx context.Context, f cases.Filter) (cachedPage, error) {
	list, err := s.Cases.List(ctx, f)
	if err != nil {
		return cachedPage{}, err
	}
	owners, err := s.holders(ctx, auth.PermEditCases)
	if err != nil {
		return cachedPage{}, err
	}
	people, err := s.holders(ctx, auth.PermSignOffCases)
	if err != nil {
		return cachedPage{}, err
	}
	canCreate := auth.ActorFrom(ctx).Can(auth.PermEditCases)
	// The page is built from the filter alone, never from the raw address,
	// so the key below is all that shapes it.
	f.Page = list.Page
	key := fmt.Sprintf("list|%d|%+v|%v|%v|%v", list.Epoch, f, canCreate, owners, people)
	return cachedPage{key: key, build: func() (templ.Component, error) {
		countries, err := s.countries()
		if err != nil {
			return nil, err
		}
		v := caseListView(f, list, owners, countries)
		v.People = people
		v.CanCreate = canCreate
		return view.ListPage(v), nil
	}}, nil
}

// holders are the people who hold p, as choices of the list's filters:
// who may open cases ("opened by"), who may sign them off ("person").
func (s *Server) holders(ctx context.Context, p auth.Permission) ([]view.Option, error) {
	if out, ok := s.openers.Get(string(p)); ok {
		return out, nil
	}
	holders, err := s.Auth.Holders(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]view.Option, len(holders))
	for i, u := range holders {
		out[i] = view.Option{Value: u.ID, Label: u.Name}
	}
	s.openers.Add(string(p), out)
	return out, nil
}

// caseListView is the case list page: the cases of list as filtered by f,
// with a tab for each status and the pager.
func caseListView(f cases.Filter, list *cases.List, owners []view.Option, countries *countryData) view.List {
	v := view.List{Owners: owners, Filter: view.Form{Values: caseFilterValues(f)}, Countries: countries.choices,
		Risks: options(cases.RiskLevels), Sorts: options(cases.SortOrders), Total: list.Total, Page: list.Page,
		Pages: list.Pages()}
	all := int64(0)
	for _, n := range list.Counts {
		all += n
	}
	v.Tabs = append(v.Tabs, view.StatusTab{Label: "All", Count: all, Href: caseListHref(f, "", 1), Active: f.Status == ""})
	for _, st := range cases.Statuses {
		v.Tabs = append(v.Tabs, view.StatusTab{Label: st.Label(), Count: list.Counts[st],
			Href: caseListHref(f, st, 1), Active: f.Status == st})
	}
	if list.Page > 1 {
		v.PrevHref = caseListHref(f, f.Status, list.Page-1)
	}
	if list.Page < list.Pages() {
		v.NextHref = caseListHref(f, f.Status, list.Page+1)
	}
	for _, r := range list.Rows {
		v.Rows = append(v.Rows, view.ListRow{ID: r.ID, Reference: r.Reference, Title: r.Title, Status: string(r.Status),
			StatusLabel: r.Status.Label(), Destination: r.Destination, Owner: r.OwnerName,
			Risk: cases.RiskLevels.Label(r.RiskLevel), Updated: r.UpdatedAt, Matched: r.Matched})
	}
	return v
}

// caseFilterValues are the case list's filter parameters, by name.
func caseFilterValues(f cases.Filter) map[string]string {
	return map[string]string{"q": f.Query, "status": string(f.Status), "destination": f.Destination,
		"risk": f.Risk, "sort": f.Sort, "owner": f.OwnerID, "item": f.Item, "person": f.PersonID, "licence": f.Licence,
		"from": day(f.From, 0), "to": day(f.To, -1)}
}

// caseListHref is the address of the case list with filter f in status on
// page: the known filter parameters only.
func caseListHref(f cases.Filter, status cases.Status, page int) string {
	f.Status = status
	u := queryOf(caseFilterValues(f))
	if page > 1 {
		u.Set("page", strconv.Itoa(page))
	}
	if len(u) == 0 {
		return "/cases"
	}
	return "/cases?" + u.Encode()
}

// day writes t, moved by days, as YYYY-MM-DD; "" for no time.
func day(t time.Time, days int) string {
	if t.IsZero() {
		return ""
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// auditorSearched records a search an auditor made, when it narrows
// anything: what an inspector looked for is itself on the record. The same
// search by the same person within ten minutes (paging, reloading) is
// recorded once.
func (s *Server) auditorSearched(c echo.Context, href string) error {
	actor := auth.ActorFrom(c.Request().Context())
	key := actor.UserID + " " + href
	if !actor.HasRole(auth.RoleAuditor) || !strings.Contains(href, "?") || s.searched.Contains(key) {
		return nil
	}
	s.searched.Add(key, true)
	return s.Audit.Searched(c.Request().Context(), href)
}
