package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// readyForApproval prepares n submitted cases, opened by one export manager
// for another to approve (four eyes).
func readyForApproval(t *testing.T, c *cluster, n int) []*cases.Case {
	creator, officer := testutil.SignedIn(t, c.db, "manager@example.com"), testutil.SignedIn(t, c.db, "officer@example.com")
	out := make([]*cases.Case, n)
	for i := range out {
		stored, err := c.svc.Files.Put(strings.NewReader(fmt.Sprintf("End-use statement %d", i)), "statement.txt")
		if err != nil {
			t.Fatal(err)
		}
		doc := cases.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename}
		f := testutil.LicensedCase(t, creator, officer, c.svc, func(s *testutil.CaseSpec) {
			s.Details.Title, s.Statement = fmt.Sprintf("Ready case %d", i), doc
		})
		if out[i], err = c.svc.Cases.Submit(creator, f.ID, f.Version); err != nil {
			t.Fatalf("submit ready case %d: %v", i, err)
		}
	}
	return out
}

// sessionContinues signs in on the first instance and goes on, with the
// same cookie and CSRF token, on the second; a visitor without the cookie,
// or a form with another token, is refused there.
func sessionContinues(t *testing.T, c *cluster, b *browser) {
	if status, _ := newBrowser(t).get(c.two.URL, "/cases"); status != http.StatusSeeOther {
		t.Fatalf("GET /cases on the second instance without a session: %d, want a redirect to sign in", status)
	}
	b.signIn(c.one.URL, "manager2@example.com")
	if status, _ := b.get(c.one.URL, "/cases"); status != http.StatusOK {
		t.Fatalf("GET /cases on the first instance after sign-in: %d", status)
	}
	token := b.csrf
	status, body := b.get(c.two.URL, "/cases")
	if status != http.StatusOK || !strings.Contains(body, "Mia Manager") || b.csrf != token {
		t.Fatalf("the second instance: %d, signed in as Mia Manager: %v, same CSRF token: %v", status, strings.Contains(body, "Mia Manager"), b.csrf == token)
	}
	form := url.Values{"title": {"Session case"}, "destination": {"FR"}, "end_user_type": {"private_company"}, "end_use": {"Testing"}}
	forged := newBrowser(t)
	forged.cookies, forged.csrf = b.cookies, "not-the-token"
	if status, _ := forged.post(c.two.URL, "/cases", form); status != http.StatusForbidden {
		t.Errorf("a form with another CSRF token on the second instance: %d, want 403", status)
	}
	if status, _ := b.post(c.two.URL, "/cases", form); status != http.StatusSeeOther {
		t.Errorf("a form with the first instance's CSRF token on the second: %d, want 303", status)
	}
	if n := c.count(t, "SELECT COUNT(*) FROM cases WHERE title = ?", "Session case"); n != 1 {
		t.Errorf("%d cases from the session's form, want 1", n)
	}
}

// atOnce runs n requests at once, alternately on each instance, and
// reports which answered 303 (done).
func atOnce(t *testing.T, c *cluster, b *browser, n int, send func(i int, base string) (int, string)) []bool {
	done := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			status, body := send(i, c.instance(i))
			done[i] = status == http.StatusSeeOther
			if !done[i] {
				t.Errorf("request %d on %s: %d\n%.300s", i, c.instance(i), status, body)
			}
		})
	}
	wg.Wait()
	return done
}

var caseStatus = regexp.MustCompile(`status-([a-z_]+)" data-testid="case-status"`)

// statusShown is the status the case page of the instance at base shows.
func statusShown(t *testing.T, b *browser, base, id string) string {
	status, body := b.get(base, "/cases/"+id)
	m := caseStatus.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("case page on %s: %d, no status", base, status)
	}
	return m[1]
}

// pagesShowStatus checks that both instances show each case in status
// want: after a change through one instance, the other's cached page
// must not show the old one.
func pagesShowStatus(t *testing.T, c *cluster, b *browser, ready []*cases.Case, done []bool, want cases.Status) {
	for i, f := range ready {
		for _, base := range []string{c.one.URL, c.two.URL} {
			if got := statusShown(t, b, base, f.ID); (done == nil || done[i]) && got != string(want) {
				t.Errorf("case %d on %s shows %s, want %s", i, base, got, want)
			}
		}
	}
}

// listShows checks that both instances list want approved ready cases:
// after a change through one instance, the other's cached list must not
// be the old one.
func listShows(t *testing.T, c *cluster, b *browser, want int) {
	for _, base := range []string{c.one.URL, c.two.URL} {
		status, body := b.get(base, "/cases?status=approved&q="+url.QueryEscape("Ready case"))
		if got := strings.Count(body, `data-testid="case-row"`); status != http.StatusOK || got != want {
			t.Errorf("the approved ready cases listed on %s: %d, %d rows, want %d", base, status, got, want)
		}
	}
}

func approveAtOnce(t *testing.T, c *cluster, b *browser, ready []*cases.Case) []bool {
	return atOnce(t, c, b, len(ready), func(i int, base string) (int, string) {
		return b.post(base, "/cases/"+ready[i].ID+"/decision", url.Values{"decision": {string(cases.Approve)},
			"version": {strconv.FormatInt(ready[i].Version, 10)}, "comment": {""}})
	})
}

func createAtOnce(t *testing.T, c *cluster, b *browser, n int) []string {
	done := atOnce(t, c, b, n, func(i int, base string) (int, string) {
		return b.post(base, "/cases", url.Values{"title": {fmt.Sprintf("Parallel case %d", i)}, "destination": {"FR"},
			"end_user_type": {"private_company"}, "end_use": {"Testing"}})
	})
	var titles []string
	for i, ok := range done {
		if ok {
			titles = append(titles, fmt.Sprintf("Parallel case %d", i))
		}
	}
	return titles
}

// checkApprovals: each approval answered 303 approved its case once, with
// one sign-off and one audit event; none other is approved.
func checkApprovals(t *testing.T, c *cluster, ready []*cases.Case, approved []bool) {
	for i, f := range ready {
		want := int64(0)
		if approved[i] {
			want = 1
		}
		status := c.count(t, "SELECT COUNT(*) FROM cases WHERE id = ? AND status = ?", f.ID, cases.Approved)
		signoffs := c.count(t, "SELECT COUNT(*) FROM case_signoffs WHERE case_id = ? AND decision = 'approve'", f.ID)
		events := c.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'case.approve' AND object_id = ?", f.ID)
		if status != want || signoffs != want || events != want {
			t.Errorf("case %d: approved %d, %d sign-offs, %d audit events; want %d each", i, status, signoffs, events, want)
		}
	}
}

// checkCreations: each creation answered 303 is one case with one audit
// event, and no other was created.
func checkCreations(t *testing.T, c *cluster, titles []string) {
	if n := c.count(t, "SELECT COUNT(*) FROM cases WHERE title LIKE 'Parallel case %'"); n != int64(len(titles)) {
		t.Errorf("%d parallel cases stored, %d created", n, len(titles))
	}
	for _, title := range titles {
		n := c.count(t, "SELECT COUNT(*) FROM cases WHERE title = ?", title)
		events := c.count(t, "SELECT COUNT(*) FROM audit_events e JOIN cases f ON f.id = e.object_id WHERE f.title = ? AND e.action = 'case.create'", title)
		if n != 1 || events != 1 {
			t.Errorf("%s: %d cases, %d audit events, want 1 each", title, n, events)
		}
	}
}

// checkReferences: case references are unique and, in each year, numbered
// 1 to the counter's last number without a gap.
func checkReferences(t *testing.T, c *cluster) {
	rows, err := c.db.Gorm.Raw("SELECT reference FROM cases").Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	numbers := map[string][]int{}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(ref, "-") // EXP-YYYY-NNNNN
		n, err := strconv.Atoi(parts[len(parts)-1])
		if len(parts) != 3 || err != nil {
			t.Fatalf("reference %q", ref)
		}
		numbers[parts[1]] = append(numbers[parts[1]], n)
	}
	for year, ns := range numbers {
		slices.Sort(ns)
		last := c.count(t, "SELECT last_number FROM case_counters WHERE year = ?", year)
		for i, n := range ns {
			if n != i+1 {
				t.Fatalf("%s: references %v are not 1 to %d, each once", year, ns, len(ns))
			}
		}
		if last != int64(len(ns)) {
			t.Errorf("%s: counter at %d, %d references", year, last, len(ns))
		}
	}
}

// checkAuditChain: the events' sequence numbers run from 1 without a gap or
// a repeat, and `vigil audit verify` finds the chain and its checkpoint
// intact.
func checkAuditChain(t *testing.T, c *cluster) {
	total := c.count(t, "SELECT COUNT(*) FROM audit_events")
	distinct := c.count(t, "SELECT COUNT(DISTINCT seq) FROM audit_events")
	first, last := c.count(t, "SELECT MIN(seq) FROM audit_events"), c.count(t, "SELECT MAX(seq) FROM audit_events")
	if first != 1 || last != total || distinct != total {
		t.Errorf("audit events: %d, %d distinct seq from %d to %d; want contiguous from 1", total, distinct, first, last)
	}
	cmd := exec.Command(testutil.VigilBinary(t), "audit", "verify")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, c.env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d events, chain intact", total)) {
		t.Errorf("vigil audit verify: %v\n%s", err, out)
	}
}

// hitName is an entry only the new list version has.
const hitName = "ZEPHYRINE QUARTZMOOR TRADING"

// newListVersion imports a list version with an entry more, as the command
// line does, while both instances run: each screens against it within a few
// polls, and one of them re-screens the parties, once.
func newListVersion(t *testing.T, c *cluster, b *browser) {
	screen := func(base string) bool {
		status, body := b.get(base, "/screening?name="+url.QueryEscape("Zephyrine Quartzmoor Trading"))
		if status != http.StatusOK {
			t.Fatalf("screening on %s: %d", base, status)
		}
		return strings.Contains(body, "<strong>"+hitName+"</strong>")
	}
	if screen(c.one.URL) || screen(c.two.URL) {
		t.Fatal("a hit on the new entry before its list is imported")
	}
	v := importDemoVersion(t, c)
	deadline := time.Now().Add(30 * time.Second)
	for !(screen(c.one.URL) && screen(c.two.URL)) {
		if time.Now().After(deadline) {
			t.Fatalf("the instances do not screen against the new version within 30 s: first %v, second %v", screen(c.one.URL), screen(c.two.URL))
		}
		time.Sleep(200 * time.Millisecond)
	}
	job := "SELECT COUNT(*) FROM screening_jobs WHERE list_versions LIKE ?"
	for c.count(t, job+" AND status = 'done'", "%"+v+"%") == 0 {
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatal("no re-screening against the new version finished")
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // three more polls of each instance
	if n := c.count(t, job, "%"+v+"%"); n != 1 {
		t.Errorf("%d re-screenings against the new version, want 1", n)
	}
}

// importDemoVersion imports the demonstration list with one entry more and
// returns the new version's id.
func importDemoVersion(t *testing.T, c *cluster) string {
	var list []watchlist.File
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "internal", "demo", "lists", name))
		if err != nil {
			t.Fatal(err)
		}
		content := string(b)
		if name == "sdn.csv" { // the entry goes before the end-of-file mark the files keep
			content = strings.TrimSuffix(content, "\x1a") +
				`900099,"` + hitName + `",-0- ,"CYBER2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Fictitious entry for a test."` + "\n\x1a"
		}
		list = append(list, watchlist.File{Name: "vigil-demo-" + name, R: strings.NewReader(content)})
	}
	v, _, err := c.svc.Screening.Lists.Import(auth.AsSystem(context.Background()), watchlist.Demo, watchlist.ParserFor(watchlist.Demo), list)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}
