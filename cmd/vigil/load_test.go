package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
)

// acked is what a running server acknowledged (303 See Other to where the
// form leads) while a write load ran.
type acked struct {
	mu      sync.Mutex
	cases   map[string]string   // case id → title
	parties map[string][]string // case id → party names
	docs    map[string][]string // case id → documents' SHA-256
}

func (a *acked) add(m map[string][]string, id, v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m[id] = append(m[id], v)
}

func (a *acked) total() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := len(a.cases)
	for _, p := range a.parties {
		n += len(p)
	}
	for _, d := range a.docs {
		n += len(d)
	}
	return n
}

// writeLoad writes to the server at base from several sessions of export
// managers until stop closes or the server stops answering: each creates
// cases, adds a party and uploads a document to each. done closes when
// every writer has returned.
func writeLoad(t *testing.T, base string, writers int, stop <-chan struct{}) (a *acked, done <-chan struct{}) {
	t.Helper()
	a = &acked{cases: map[string]string{}, parties: map[string][]string{}, docs: map[string][]string{}}
	var wg sync.WaitGroup
	for w := range writers {
		c := NewClient(base)
		if err := c.SignIn("manager@example.com", demo.Password); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if writeCase(c, a, fmt.Sprintf("Load %d-%d", w, i)) != nil {
					return // the server is gone
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	return a, finished
}

var (
	caseLocation = regexp.MustCompile(`^/cases/([0-9a-f-]{36})$`)
	caseVersion  = regexp.MustCompile(`name="version" value="(\d+)"`)
)

// writeCase creates one case, then adds a party and a document to it,
// recording each write the server acknowledged. It returns the first
// transport error.
func writeCase(c *Client, a *acked, title string) error {
	res, err := c.Post("/cases", url.Values{"title": {title}, "destination": {"DE"}, "end_use": {"Research"}})
	if err != nil {
		return err
	}
	m := caseLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		return nil
	}
	id := m[1]
	a.mu.Lock()
	a.cases[id] = title
	a.mu.Unlock()
	_, page, err := c.Get("/cases/" + id)
	if err != nil {
		return err
	}
	v := caseVersion.FindStringSubmatch(page)
	if v == nil {
		return nil
	}
	party := "Party of " + title
	res, err = c.Post("/cases/"+id+"/parties", url.Values{"version": {v[1]}, "role": {"end_user"}, "kind": {"company"},
		"name": {party}, "address": {"1 Load Street"}})
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/cases/"+id) {
		return nil
	}
	a.add(a.parties, id, party)
	doc := []byte("End-use statement for " + title + "\n")
	next := fmt.Sprint(atoi(v[1]) + 1)
	res, err = c.Upload("/cases/"+id+"/attachments", url.Values{"version": {next}, "doc_kind": {"other"}}, "statement.txt", doc)
	if err != nil {
		return err
	}
	if res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/cases/"+id) {
		sum := sha256.Sum256(doc)
		a.add(a.docs, id, hex.EncodeToString(sum[:]))
	}
	return nil
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// checkAcked fails the test for every acknowledged write missing from the
// database at dsn or, for documents, from the store under dataDir.
func checkAcked(t *testing.T, a *acked, dsn, dataDir string) {
	t.Helper()
	d, err := db.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for id, title := range a.cases {
		var got []string
		d.Gorm.Raw("SELECT title FROM cases WHERE id = ?", id).Scan(&got)
		if len(got) != 1 || got[0] != title {
			t.Errorf("case %s (%s) was acknowledged, stored: %q", id, title, got)
		}
		var parties []string
		d.Gorm.Raw("SELECT p.name FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ?", id).Scan(&parties)
		if missing := absent(a.parties[id], parties); len(missing) > 0 {
			t.Errorf("case %s: parties acknowledged but not stored: %q", id, missing)
		}
		var docs []string
		d.Gorm.Raw("SELECT sha256 FROM case_attachments WHERE case_id = ?", id).Scan(&docs)
		if missing := absent(a.docs[id], docs); len(missing) > 0 {
			t.Errorf("case %s: documents acknowledged but not stored: %q", id, missing)
		}
		for _, sum := range docs {
			checkStored(t, dataDir, sum)
		}
	}
}

// absent returns the values of want not in got. A write may commit and
// its response be lost with the process: stored and not acknowledged is
// not an error.
func absent(want, got []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

// checkStored fails the test unless the store holds the file of SHA-256 sum.
func checkStored(t *testing.T, dataDir, sum string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "attachments", sum[:2], sum[2:4], sum))
	got := sha256.Sum256(b)
	if err != nil || hex.EncodeToString(got[:]) != sum {
		t.Errorf("document %s: not in the store intact (%v)", sum, err)
	}
}
