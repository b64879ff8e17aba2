package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// injections are query values that would widen or end a statement built by
// pasting text into SQL, or name a column or table of their own.
var injections = []string{
	"' OR 1=1--", "' OR '1'='1", "\" OR \"1\"=\"1", "1 OR 1=1", "id; DROP TABLE cases", "'; DROP TABLE users;--",
	"1) UNION SELECT email, password_hash FROM users--", "created_at DESC; DELETE FROM cases", "no_such_column",
	"(SELECT 1)", "%' OR '%'='", "\\'; --", "1e999", "-1", "99999999999999999999", "%00", "\x00", "\xff\xfe", "caf\xe9",
}

// widens reports whether an injection, pasted into SQL, would match more
// than text that matches nothing; the others are odd values (numbers out
// of range, NUL bytes) that a page may well read as no filter at all.
func widens(payload string) bool {
	return strings.ContainsAny(payload, "'\";") || strings.Contains(payload, " OR ")
}

// commonParams are query parameters list pages take whether or not a form
// names them: sorting and paging.
var commonParams = []string{"q", "sort", "order", "dir", "page", "before", "status", "from", "to", "limit"}

// TestLists_InjectionInFiltersAndSortParameters sends every list page (every
// GET route without a path parameter) each injection in each query parameter
// its filter forms and links name, and in the common ones: the answer is a
// page (200) showing no more rows than a filter that matches nothing, or a
// clear refusal (400 or 422), never a 500; and the tables are intact.
func TestLists_InjectionInFiltersAndSortParameters(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	visitors := map[string]*visitor{}
	for _, role := range matrixRoles[1:] {
		visitors[role.email] = newVisitor(t, w.ts)
		visitors[role.email].signIn(role.email)
	}
	before := storedState(t, w.app)
	probes := 0
	for _, r := range w.app.Server.Routes() {
		if r.Method != http.MethodGet || strings.ContainsAny(r.Path, ":*") {
			continue
		}
		route := r.Method + " " + r.Path
		if !strings.ContainsAny(matrix[route], "YV") {
			continue // opened by a bearer token alone (/metrics): no session, no filters
		}
		role, email := allowedRole(t, route)
		if email == "" {
			continue // public pages take no filters
		}
		v := visitors[email]
		for _, param := range queryParams(r.Path, v.get(r.Path).Body) {
			nothing := v.get(r.Path + "?" + url.Values{param: {"zz-matches-nothing-zz"}}.Encode())
			for _, payload := range injections {
				res := v.get(r.Path + "?" + url.Values{param: {payload}}.Encode())
				probes++
				switch res.StatusCode {
				case http.StatusOK:
					if widens(payload) && rows(res.Body) > rows(nothing.Body) && nothing.StatusCode == http.StatusOK {
						t.Errorf("GET %s?%s=%q as %s shows %d rows, %d for a filter matching nothing", r.Path, param, payload,
							role, rows(res.Body), rows(nothing.Body))
					}
				case http.StatusBadRequest, http.StatusUnprocessableEntity:
				case http.StatusSeeOther: // a page that picks a default, such as the review's year
					if !staysLocal(res.Header.Get("Location")) {
						t.Errorf("GET %s?%s=%q as %s: to %q", r.Path, param, payload, role, res.Header.Get("Location"))
					}
				default:
					t.Errorf("GET %s?%s=%q as %s: %d", r.Path, param, payload, role, res.StatusCode)
				}
			}
		}
	}
	if changed := changedTables(before, storedState(t, w.app)); len(changed) > 0 {
		t.Errorf("the injections changed the tables %v", changed)
	}
	if probes < 500 {
		t.Errorf("only %d probes", probes)
	}
}

// queryParams are the parameters a page's own filter forms and links to
// itself name, and the common ones.
func queryParams(path, page string) []string {
	params := slices.Clone(commonParams)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return params
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case (n.Data == "input" || n.Data == "select") && attr(n, "name") != "" && attr(n, "name") != "csrf_token" && inGetForm(n):
			params = append(params, attr(n, "name"))
		case n.Data == "a" && strings.HasPrefix(attr(n, "href"), path+"?"):
			if u, err := url.Parse(attr(n, "href")); err == nil {
				for k := range u.Query() {
					params = append(params, k)
				}
			}
		}
	}
	slices.Sort(params)
	return slices.Compact(params)
}

// inGetForm reports whether a field belongs to a form that is sent by GET.
func inGetForm(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "form" {
			return !strings.EqualFold(attr(p, "method"), "post")
		}
	}
	return false
}

// rows counts a page's table rows and list items: what a filter shows more
// of when it matches more.
func rows(page string) int {
	return strings.Count(page, "<tr") + strings.Count(page, "<li")
}
