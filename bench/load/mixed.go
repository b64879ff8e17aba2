package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// The mixed workload (-mix): -conns people signed in through the form, each
// doing one action after another with no pause, for -duration:
//
//	list     the case list (GET /cases)
//	view     a case page (GET /cases/{id}) of a case on the list
//	screen   a name screened on the screening page (GET /screening?name=…),
//	         which records the search in the audit trail
//	approve  a submitted case approved (its page, then POST /cases/{id}/decision)
//	upload   a document added to a draft (its page, then a multipart POST)
//
// The cases to approve are built and submitted through the forms before the
// timed run, by the -owner, and approved by the people of the run, who sign
// in as -email (another export manager: nobody approves their own case).
// Each person uploads to a draft of their own, so that no two uploads race
// for one case's version.

// mixConfig is the mixed workload's part of the flags.
type mixConfig struct {
	mix          map[string]int // action → weight
	owner        string         // who opens the cases to approve and the drafts
	approvals    int            // cases prepared for approval
	prepareConns int
	baseline     time.Duration // how long /healthz and /cases alone are measured first
}

var actionNames = []string{"list", "view", "screen", "approve", "upload"}

// parseMix reads "list=40,view=30,…".
func parseMix(s string) (map[string]int, error) {
	mix := map[string]int{}
	for part := range strings.SplitSeq(s, ",") {
		name, weight, ok := strings.Cut(strings.TrimSpace(part), "=")
		w, err := strconv.Atoi(weight)
		if !ok || err != nil || w < 0 || !slices.Contains(actionNames, name) {
			return nil, fmt.Errorf("-mix: %q is not ACTION=WEIGHT with an action of %s", part, strings.Join(actionNames, ", "))
		}
		mix[name] = w
	}
	return mix, nil
}

// screenNames are what the screening action looks for: names on the
// demonstration list, their variants, and names on no list.
var screenNames = []string{"Northstar Signal Trading", "NORTHSTAR SIGNAL TRADING LLC", "Acme Networks AG", "Maria Schmidt",
	"Werkzeugbau Beispiel GmbH", "Ivan Petrov", "Rede Bancaria Exemplo", "Global Parts Trading FZE", "Ahmed Al-Rashid", "Banco Nacional"}

// person is one signed-in user of the run.
type person struct {
	*session
	draft string // the draft this person uploads to
	rng   *rand.Rand
}

// tally is what one action saw.
type tally struct {
	lat     []time.Duration
	errors  int
	samples []string // the first few errors
}

// world is what the people share: the cases they view and approve.
type world struct {
	viewable []string
	approve  chan string
	skipped  int // approvals not made because every prepared case was approved
	mu       sync.Mutex
}

func runMixed(client *http.Client, base string, cfg config) error {
	if cfg.email == "" || cfg.mix.owner == "" || cfg.mix.owner == cfg.email {
		return errors.New("-mix needs -email (who approves) and -owner (who opens the cases), two different export managers")
	}
	start := time.Now()
	owners, err := signInMany(client, base, cfg.mix.owner, cfg.password, cfg.mix.prepareConns)
	if err != nil {
		return err
	}
	toApprove, err := prepare(owners, cfg.mix.approvals, true)
	if err != nil {
		return fmt.Errorf("prepare the cases to approve: %w", err)
	}
	drafts, err := prepare(owners, cfg.conns, false)
	if err != nil {
		return fmt.Errorf("prepare the drafts: %w", err)
	}
	people, err := signInMany(client, base, cfg.email, cfg.password, cfg.conns)
	if err != nil {
		return err
	}
	w := &world{approve: make(chan string, len(toApprove))}
	for _, id := range toApprove {
		w.approve <- id
	}
	if w.viewable, err = caseIDs(people[0]); err != nil {
		return err
	}
	fmt.Printf("prepared %d submitted cases and %d drafts, %d people signed in as %s, in %s\n",
		len(toApprove), len(drafts), len(people), cfg.email, time.Since(start).Round(time.Millisecond))

	if cfg.mix.baseline > 0 {
		fmt.Printf("\nbaseline: each path alone, %d connections, %s\n", cfg.conns, cfg.mix.baseline)
		report([]result{measure(client, base, "/healthz", "", cfg.conns, cfg.mix.baseline, cfg.maxRequests),
			measure(client, base, "/cases", people[0].cookie, cfg.conns, cfg.mix.baseline, cfg.maxRequests)}, nil, cfg)
	}
	fmt.Printf("\nmixed: %d people, %s, weights %v\n", len(people), cfg.duration, cfg.mix.mix)
	tallies, elapsed := drive(people, drafts, w, cfg)
	reportMixed(tallies, elapsed, w.skipped)
	for _, a := range actionNames {
		if tallies[a].errors > 0 {
			return fmt.Errorf("%d actions failed", totalErrors(tallies))
		}
	}
	return nil
}

// signInMany signs in n browsers as email, one after another: password
// hashing is meant to be slow, and is not what the run measures.
func signInMany(client *http.Client, base, email, password string, n int) ([]*session, error) {
	out := make([]*session, n)
	for i := range out {
		cookie, err := signIn(client, base, email, password)
		if err != nil {
			return nil, err
		}
		out[i] = &session{client: client, base: base, cookie: cookie}
	}
	return out, nil
}

// caseIDs are the cases on the first page of the case list.
func caseIDs(s *session) ([]string, error) {
	body, err := s.page("/cases")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range caseLink.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("the case list shows no case to view")
	}
	return ids, nil
}

// drive runs the people until cfg.duration has passed or cfg.maxRequests
// actions have started, and returns each action's tally.
func drive(sessions []*session, drafts []string, w *world, cfg config) (map[string]*tally, time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		started int
	)
	tallies := map[string]*tally{}
	for _, a := range actionNames {
		tallies[a] = &tally{}
	}
	begin := time.Now()
	for i, s := range sessions {
		p := &person{session: s, draft: drafts[i], rng: rand.New(rand.NewPCG(uint64(i), 7))}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				started++
				over := started > cfg.maxRequests
				mu.Unlock()
				if over {
					return
				}
				action := pick(p.rng, cfg.mix.mix)
				t0 := time.Now()
				err := p.do(action, w)
				if errors.Is(err, errNothingToApprove) {
					continue
				}
				took := time.Since(t0)
				mu.Lock()
				t := tallies[action]
				t.lat = append(t.lat, took)
				if err != nil {
					t.errors++
					if len(t.samples) < 5 {
						t.samples = append(t.samples, err.Error())
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return tallies, time.Since(begin)
}

// pick draws an action by weight.
func pick(rng *rand.Rand, mix map[string]int) string {
	total := 0
	for _, w := range mix {
		total += w
	}
	n := rng.IntN(total)
	for _, a := range actionNames {
		if n < mix[a] {
			return a
		}
		n -= mix[a]
	}
	return actionNames[0]
}

var errNothingToApprove = errors.New("every prepared case is approved")

// do performs one action as a browser would.
func (p *person) do(action string, w *world) error {
	switch action {
	case "list":
		_, err := p.page("/cases")
		return err
	case "view":
		_, err := p.page("/cases/" + w.viewable[p.rng.IntN(len(w.viewable))])
		return err
	case "screen":
		name := screenNames[p.rng.IntN(len(screenNames))]
		_, err := p.page("/screening?" + url.Values{"name": {name}, "kind": {""}, "country": {""}, "birth_date": {""}}.Encode())
		return err
	case "approve":
		select {
		case id := <-w.approve:
			return p.postToCase(id, "/decision", url.Values{"decision": {"approve"}, "comment": {""}})
		default:
			w.mu.Lock()
			w.skipped++
			w.mu.Unlock()
			return errNothingToApprove
		}
	case "upload":
		return p.upload(p.draft, "other", "delivery-note.txt", "Delivery note "+strconv.Itoa(p.rng.IntN(1e9))+"\n")
	}
	return fmt.Errorf("unknown action %q", action)
}

func totalErrors(tallies map[string]*tally) int {
	n := 0
	for _, t := range tallies {
		n += t.errors
	}
	return n
}

// reportMixed prints each action's count, errors, latency and rate, and all
// actions together.
func reportMixed(tallies map[string]*tally, elapsed time.Duration, skipped int) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "action\tcount\terrors\tp50\tp99\tmax\tper second\t")
	var all []time.Duration
	row := func(name string, lat []time.Duration, errs int) {
		slices.Sort(lat)
		if len(lat) == 0 {
			fmt.Fprintf(tw, "%s\t0\t%d\t\t\t\t0\t\n", name, errs)
			return
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%.1f\t\n", name, len(lat), errs, ms(percentile(lat, 50)), ms(percentile(lat, 99)),
			ms(lat[len(lat)-1]), float64(len(lat))/elapsed.Seconds())
	}
	for _, a := range actionNames {
		row(a, tallies[a].lat, tallies[a].errors)
		all = append(all, tallies[a].lat...)
	}
	row("all", all, totalErrors(tallies))
	tw.Flush()
	fmt.Printf("elapsed %s\n", elapsed.Round(time.Millisecond))
	if skipped > 0 {
		fmt.Printf("%d approvals drawn after every prepared case was approved were not made (prepare more with -approvals)\n", skipped)
	}
	for _, a := range actionNames {
		for _, s := range tallies[a].samples {
			fmt.Printf("error (%s): %s\n", a, s)
		}
	}
}
