// Command load is Vigil's HTTP load generator for the throughput benchmark
// (bench/README.md). It signs in through the real sign-in form, then, for
// each target path in turn, keeps -conns keep-alive connections busy for
// -duration and reports requests per second, latency percentiles, errors
// (anything but 200) and the throughput as a share of /healthz's in the same
// round (the baseline, the first path, is requested without the session
// cookie, as a health probe would). With -rounds > 1 it repeats the whole sequence and also prints the
// median of each figure.
//
// It sends traffic only to a server on this machine (a loopback address) and
// stops by itself: each measurement ends after -duration or -max-requests
// requests, whichever comes first.
//
//	go run ./bench/load -base http://127.0.0.1:18080 -email manager@example.com -password vigil-demo-pass \
//	    -paths /healthz,/cases,/cases/{case} -case-from-list '/cases?status=approved' -rounds 3
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:18080", "the server's URL; must be a loopback address")
	email := flag.String("email", "", "sign in as this user (empty: no sign-in)")
	password := flag.String("password", "", "the user's password")
	conns := flag.Int("conns", 32, "concurrent connections, one request in flight on each")
	duration := flag.Duration("duration", 10*time.Second, "how long each path is measured per round")
	warmup := flag.Duration("warmup", time.Second, "unmeasured load on each path before its measurement")
	maxRequests := flag.Int("max-requests", 5_000_000, "stop a measurement after this many requests")
	paths := flag.String("paths", "/healthz,/cases,/cases/{case}", "comma-separated paths; the first is the baseline of the ratio; {case} is the case of -case-from-list")
	caseFrom := flag.String("case-from-list", "/cases?status=approved", "list page whose first case replaces {case}")
	buildItems := flag.Int("build-case", 0, "when > 0, {case} is a case built first through the forms with this many catalogue items, instead of -case-from-list")
	rounds := flag.Int("rounds", 1, "repeat the sequence of paths this many times and report medians")
	p99Target := flag.Duration("p99-target", 25*time.Millisecond, "p99 latency a page must not exceed")
	ratioTarget := flag.Float64("ratio-target", 0.10, "share of the baseline's throughput a page must reach")
	baselineCookie := flag.Bool("baseline-cookie", false, "send the session cookie to the baseline (first) path too; a health probe sends none")
	mix := flag.String("mix", "", "run the mixed workload instead, with these weights: list=40,view=30,screen=15,approve=5,upload=10 (see mixed.go)")
	owner := flag.String("owner", "manager@example.com", "with -mix: who opens the cases that -email approves")
	approvals := flag.Int("approvals", 300, "with -mix: cases built and submitted before the run, for the approve action")
	baseline := flag.Duration("baseline", 10*time.Second, "with -mix: how long /healthz and /cases are each measured alone first (0: not)")
	flag.Parse()

	cfg := config{base: *base, email: *email, password: *password, conns: *conns, duration: *duration, warmup: *warmup,
		maxRequests: *maxRequests, paths: strings.Split(*paths, ","), caseFrom: *caseFrom, buildItems: *buildItems, rounds: *rounds,
		p99Target: *p99Target, ratioTarget: *ratioTarget, baselineCookie: *baselineCookie,
		mix: mixConfig{owner: *owner, approvals: *approvals, prepareConns: 8, baseline: *baseline}}
	var err error
	if *mix != "" {
		cfg.mix.mix, err = parseMix(*mix)
	}
	if err == nil {
		err = run(cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type config struct {
	base, email, password string
	conns                 int
	duration, warmup      time.Duration
	maxRequests           int
	paths                 []string
	caseFrom              string
	buildItems            int
	rounds                int
	p99Target             time.Duration
	ratioTarget           float64
	baselineCookie        bool
	mix                   mixConfig
}

// result is one measurement of one path.
type result struct {
	path     string
	requests int
	errors   int
	elapsed  time.Duration
	p50, p99 time.Duration
	max      time.Duration
	rps      float64 // requests per second
}

func (r result) rate() float64 { return r.rps }

func run(cfg config) error {
	u, err := url.Parse(cfg.base)
	if err != nil {
		return fmt.Errorf("-base: %w", err)
	}
	if !loopback(u.Hostname()) {
		return fmt.Errorf("-base %s: only a server on this machine (127.0.0.1, ::1, localhost) may be loaded", cfg.base)
	}
	if cfg.conns < 1 || cfg.conns > 1024 || cfg.rounds < 1 || cfg.rounds > 50 || cfg.duration <= 0 || cfg.duration > 10*time.Minute {
		return errors.New("-conns must be 1-1024, -rounds 1-50 and -duration at most 10m")
	}
	base := strings.TrimRight(u.String(), "/")
	client := newClient(cfg.conns)
	if cfg.mix.mix != nil {
		return runMixed(client, base, cfg)
	}
	return runPaths(client, base, cfg)
}

func newClient(conns int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil, // never via a proxy: the traffic stays on this machine
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        2 * conns,
			MaxIdleConnsPerHost: 2 * conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
		Timeout: 30 * time.Second,
		// A redirect (to /signin, say) is an answer to count, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// runPaths loads each of cfg.paths in turn, in rounds.
func runPaths(client *http.Client, base string, cfg config) error {
	var err error
	cookie := ""
	if cfg.email != "" {
		if cookie, err = signIn(client, base, cfg.email, cfg.password); err != nil {
			return err
		}
		fmt.Printf("signed in as %s\n", cfg.email)
	}
	paths := slices.Clone(cfg.paths)
	for i, p := range paths {
		if !strings.Contains(p, "{case}") {
			continue
		}
		id, err := theCase(client, base, cookie, cfg)
		if err != nil {
			return err
		}
		paths[i] = strings.ReplaceAll(p, "{case}", id)
	}

	all := make([][]result, len(paths)) // per path, per round
	for round := 1; round <= cfg.rounds; round++ {
		fmt.Printf("\nround %d of %d: %d connections, %s per path\n", round, cfg.rounds, cfg.conns, cfg.duration)
		var rs []result
		for i, p := range paths {
			c := cookie
			if i == 0 && !cfg.baselineCookie {
				c = ""
			}
			if cfg.warmup > 0 {
				measure(client, base, p, c, cfg.conns, cfg.warmup, cfg.maxRequests)
			}
			r := measure(client, base, p, c, cfg.conns, cfg.duration, cfg.maxRequests)
			all[i] = append(all[i], r)
			rs = append(rs, r)
		}
		report(rs, nil, cfg)
	}
	if cfg.rounds > 1 {
		fmt.Printf("\nmedian of %d rounds\n", cfg.rounds)
		var med []result
		for i, p := range paths {
			med = append(med, median(p, all[i]))
		}
		report(med, all, cfg)
	}
	return nil
}

// theCase is the case {case} stands for: one built with cfg.buildItems
// items, or the first of cfg.caseFrom.
func theCase(client *http.Client, base, cookie string, cfg config) (string, error) {
	if cfg.buildItems == 0 {
		return firstCase(client, base+cfg.caseFrom, cookie)
	}
	id, err := buildCase(&session{client: client, base: base, cookie: cookie}, cfg.buildItems)
	if err == nil {
		fmt.Printf("built case %s with %d catalogue items\n", id, cfg.buildItems)
	}
	return id, err
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var (
	csrfField = regexp.MustCompile(`name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"`)
	caseLink  = regexp.MustCompile(`href="/cases/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"`)
)

// signIn fills in the sign-in form as a browser does and returns the
// Cookie header of the signed-in session.
func signIn(client *http.Client, base, email, password string) (string, error) {
	resp, err := client.Get(base + "/signin")
	if err != nil {
		return "", fmt.Errorf("sign-in form: %w", err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("sign-in form: status %d, csrf_token found: %v", resp.StatusCode, m != nil)
	}
	token := string(m[1]) + string(m[2])
	form := url.Values{"email": {email}, "password": {password}, "csrf_token": {token}}
	req, _ := http.NewRequest(http.MethodPost, base+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookieHeader(resp.Cookies()))
	resp, err = client.Do(req)
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	cookie := cookieHeader(resp.Cookies())
	if resp.StatusCode != http.StatusSeeOther || cookie == "" {
		return "", fmt.Errorf("sign in as %s: status %d (want 303 and a session cookie)", email, resp.StatusCode)
	}
	return cookie, nil
}

func cookieHeader(cs []*http.Cookie) string {
	var parts []string
	for _, c := range cs {
		if c.MaxAge >= 0 && c.Value != "" {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return strings.Join(parts, "; ")
}

// firstCase returns the id of the first case the list page links to.
func firstCase(client *http.Client, listURL, cookie string) (string, error) {
	req, _ := http.NewRequest(http.MethodGet, listURL, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("case list: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	m := caseLink.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("case list %s: status %d, no case link (seed cases first: vigil seed --cases N)", listURL, resp.StatusCode)
	}
	return string(m[1]), nil
}

// measure keeps conns requests to path in flight for d or until limit
// requests have started, and returns what it saw.
func measure(client *http.Client, base, path, cookie string, conns int, d time.Duration, limit int) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		started atomic.Int64
		wg      sync.WaitGroup
		mu      sync.Mutex
		lat     []time.Duration
		errs    int
	)
	begin := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 4096)
			bad := 0
			for ctx.Err() == nil && started.Add(1) <= int64(limit) {
				req, _ := http.NewRequest(http.MethodGet, base+path, nil)
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				took := time.Since(t0)
				if err != nil || resp.StatusCode != http.StatusOK {
					bad++
				}
				own = append(own, took)
			}
			mu.Lock()
			lat = append(lat, own...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	slices.Sort(lat)
	r := result{path: path, requests: len(lat), errors: errs, elapsed: elapsed, rps: float64(len(lat)) / elapsed.Seconds()}
	if len(lat) > 0 {
		r.p50, r.p99, r.max = percentile(lat, 50), percentile(lat, 99), lat[len(lat)-1]
	}
	return r
}

// percentile returns the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func median(path string, rs []result) result {
	pick := func(f func(result) float64) float64 {
		vs := make([]float64, len(rs))
		for i, r := range rs {
			vs[i] = f(r)
		}
		slices.Sort(vs)
		if len(vs)%2 == 1 {
			return vs[len(vs)/2]
		}
		return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
	}
	r := result{path: path, rps: pick(result.rate)}
	for _, x := range rs {
		r.errors += x.errors
		r.requests += x.requests
		r.elapsed += x.elapsed
	}
	r.p50, r.p99, r.max =
		time.Duration(pick(func(r result) float64 { return float64(r.p50) })),
		time.Duration(pick(func(r result) float64 { return float64(r.p99) })),
		time.Duration(pick(func(r result) float64 { return float64(r.max) }))
	return r
}

// report prints one table; the first path is the baseline of the ratio. With
// rounds, the errors column is the total over them.
func report(rs []result, rounds [][]result, cfg config) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "path\treq/s\tp50\tp99\tmax\terrors\tratio\ttarget\t")
	baseline := rs[0].rate()
	for i, r := range rs {
		ratio := r.rate() / baseline
		verdict := ""
		if i > 0 {
			verdict = "ok"
			if ratio < cfg.ratioTarget || r.p99 > cfg.p99Target {
				verdict = "MISSED"
			}
		}
		path := r.path
		if len(path) > 30 {
			path = path[:30] + "…"
		}
		fmt.Fprintf(w, "%s\t%.0f\t%s\t%s\t%s\t%d\t%.3f\t%s\t\n", path, r.rate(), ms(r.p50), ms(r.p99), ms(r.max), r.errors, ratio, verdict)
	}
	w.Flush()
	if rounds != nil {
		for i, rr := range rounds[1:] {
			var ratios []string
			for j, r := range rr {
				ratios = append(ratios, fmt.Sprintf("%.3f", r.rate()/rounds[0][j].rate()))
			}
			fmt.Printf("ratio per round, %s: %s\n", rs[i+1].path, strings.Join(ratios, " "))
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
