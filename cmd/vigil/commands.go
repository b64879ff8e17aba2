package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/config"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/training"
	"github.com/vigil-icp/vigil/web"
)

type environment struct {
	ctx            context.Context
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// flags returns a flag set with the configuration settings bound to it.
func (e *environment) flags(name string) (*flag.FlagSet, func() (config.Config, error)) {
	fs := flag.NewFlagSet("vigil "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs, config.Bind(fs, e.getenv)
}

// open parses the flags, then opens and migrates the database.
func (e *environment) open(fs *flag.FlagSet, finish func() (config.Config, error), args []string) (config.Config, *db.DB, error) {
	if err := fs.Parse(args); err != nil {
		return config.Config{}, nil, exitCode(2)
	}
	if fs.NArg() > 0 {
		return config.Config{}, nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return e.openParsed(finish)
}

// openParsed validates the parsed configuration, then opens and migrates the database.
func (e *environment) openParsed(finish func() (config.Config, error)) (config.Config, *db.DB, error) {
	cfg, err := finish()
	if err != nil {
		return cfg, nil, fmt.Errorf("configuration: %w", err)
	}
	d, err := db.Open(cfg.DB)
	if err != nil {
		return cfg, nil, err
	}
	if _, err := d.Migrate(e.ctx); err != nil {
		d.Close()
		return cfg, nil, err
	}
	return cfg, d, nil
}

func authService(cfg config.Config, d *db.DB) *auth.Service {
	return auth.NewService(d, auth.Settings{IdleTimeout: cfg.IdleTimeout, AbsoluteTimeout: cfg.AbsoluteTimeout,
		SessionKey:       cfg.SessionKey,
		NoLocalPasswords: !cfg.LocalPasswords})
}

// withDB runs fn on the database of a command that takes only the
// configuration flags, opened and migrated.
func (e *environment) withDB(command string, args []string, fn func(d *db.DB) error) error {
	fs, finish := e.flags(command)
	_, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d)
}

func (e *environment) migrate(args []string) error {
	return e.withDB("migrate", args, func(*db.DB) error {
		fmt.Fprintln(e.stdout, "database schema is current")
		return nil
	})
}

func (e *environment) seed(args []string) error {
	fs, finish := e.flags("seed")
	n := fs.Int("cases", 0, "also create this many demonstration export cases, owned by the export managers")
	cfg, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	if *n < 0 || *n > 1_000_000 {
		return errors.New("seed: --cases takes a number from 0 to 1,000,000")
	}
	if !cfg.Demo && *n == 0 { // --demo is the VIGIL_DEMO setting
		return errors.New("seed: say --demo to create the demo users, or --cases N to create N demonstration cases")
	}
	if cfg.Demo {
		created, err := demo.Seed(e.ctx, authService(cfg, d))
		if err != nil {
			return err
		}
		if created {
			e.printDemoLogins()
		} else {
			fmt.Fprintln(e.stdout, "the database already has users; no demo users seeded")
		}
	}
	if *n == 0 {
		return nil
	}
	start := time.Now()
	done, err := demo.SeedCases(e.ctx, d, *n, d.Now(), nil)
	if errors.Is(err, demo.ErrNoExportManager) {
		return fmt.Errorf("seed: %w", err)
	}
	if err != nil {
		return fmt.Errorf("seed: after %d cases: %w", done, err)
	}
	fmt.Fprintf(e.stdout, "seeded %d demonstration cases in %s\n", done, time.Since(start).Round(time.Millisecond))
	return nil
}

func (e *environment) printDemoLogins() {
	fmt.Fprintf(e.stdout, "Demo sign-ins (password %s):\n", demo.Password)
	for _, u := range demo.Users {
		var roles []string
		for _, r := range u.Roles {
			roles = append(roles, string(r))
		}
		note := ""
		if u.Email == demo.LapsedManager {
			note = " (mandatory training lapsed: approvals are refused)"
		}
		fmt.Fprintf(e.stdout, "  %-27s %s%s\n", u.Email, strings.Join(roles, ", "), note)
	}
}

// roleList collects repeated --role flags.
type roleList []auth.Role

func (r *roleList) String() string { return fmt.Sprint(*r) }
func (r *roleList) Set(v string) error {
	if !auth.Role(v).Valid() {
		return fmt.Errorf("unknown role %q (one of %s)", v, auth.JoinRoles(auth.Roles))
	}
	*r = append(*r, auth.Role(v))
	return nil
}

func (e *environment) userCreate(args []string) error {
	fs, finish := e.flags("user create")
	email := fs.String("email", "", "the user's email address")
	name := fs.String("name", "", "the user's name")
	var roles roleList
	fs.Var(&roles, "role", "a role to grant (repeatable)")
	cfg, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	u, err := authService(cfg, d).Bootstrap(e.ctx, auth.NewUser{Email: *email, Name: *name, Roles: roles,
		Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		for field, msg := range apperr.FieldsOf(err) {
			fmt.Fprintf(e.stderr, "%s: %s\n", field, msg)
		}
		return errors.New(apperr.Message(err))
	}
	fmt.Fprintf(e.stdout, "created user %s (%s) with roles %s\n", u.Email, u.ID, auth.JoinRoles(u.Roles))
	return nil
}

func (e *environment) logger() *slog.Logger {
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return slog.New(slog.NewTextHandler(e.stderr, nil))
		}
	}
	return slog.New(slog.NewJSONHandler(e.stderr, nil))
}

// demoCases is how many cases `serve` seeds into an empty demo database.
const demoCases = 40

func (e *environment) serve(args []string) error {
	fs, finish := e.flags("serve")
	cfg, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := cfg.EnsureSessionKey(rand.Reader); err != nil {
		return err
	}
	log := e.logger()
	if e.getenv("GOGC") == "" {
		// Pages allocate briskly and the heap is small, so the default GC
		// target collects very often; trading some memory for fewer
		// collections keeps latency even under load. The memory limit set
		// after each index build (see fitMemory) bounds what this trades.
		debug.SetGCPercent(400)
	}
	authSvc := authService(cfg, d)
	store, err := files.NewStore(filepath.Join(cfg.DataDir, "attachments"))
	if err != nil {
		return fmt.Errorf("VIGIL_DATA_DIR: %w", err)
	}
	svc := app.New(d, authSvc, store)
	scr := svc.Screening
	if e.getenv("GOMEMLIMIT") == "" {
		// Until the index is built, a limit that keeps its build's garbage
		// from piling up under the relaxed GC target.
		debug.SetMemoryLimit(buildMemoryLimit)
		scr.OnLoad = func() { fitMemory(log) }
	}
	if err := e.firstRun(cfg, svc, log); err != nil {
		return err
	}
	if _, err := scr.Refresh(e.ctx, log); err != nil {
		return fmt.Errorf("load the sanctions lists: %w", err)
	}
	snap := scr.Current()
	log.Info("screening index built", "lists", len(snap.Versions), "entries", snap.Index.Entries(), "took", snap.BuildFor)
	srv, err := web.New(web.Deps{Services: svc, Config: cfg, Logger: log, Version: version})
	if err != nil {
		return err
	}
	if cfg.AuditKey != "" {
		key, err := audit.LoadPrivateKey(cfg.AuditKey)
		if err != nil {
			return fmt.Errorf("VIGIL_AUDIT_KEY: %w", err)
		}
		svc.Audit.UsePublicKey(key.Public().(ed25519.PublicKey))
		go svc.Leases.Every(e.ctx, "audit.checkpoint", checkpointEvery, func(ctx context.Context) { signCheckpoint(ctx, d, key, log) })
	}
	if cfg.MetricsAddr != "" {
		stop, err := e.serveMetrics(cfg.MetricsAddr, srv.MetricsHandler(), log)
		if err != nil {
			return err
		}
		defer stop()
	}
	go svc.Leases.Every(e.ctx, "housekeeping", time.Hour, func(context.Context) { e.housekeeping(authSvc, svc.Training, log) })
	go e.watchLists(scr, cfg.ListsPoll, log)
	return e.listen(cfg, srv, log)
}

// serveMetrics serves the metrics alone at /metrics on addr, without a
// token: the address is meant for a private network or the loopback. It
// returns the function that stops it.
func (e *environment) serveMetrics(addr string, h http.Handler, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("VIGIL_METRICS_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	fmt.Fprintf(e.stdout, "Metrics on http://%s/metrics\n", ln.Addr())
	return func() { _ = hs.Close() }, nil
}

// firstRun seeds demo data into an empty demo database, or tells the
// operator how to create the first administrator when there are no users.
func (e *environment) firstRun(cfg config.Config, svc *app.Services, log *slog.Logger) error {
	if !cfg.Demo {
		n, err := svc.Auth.UserTotal(e.ctx)
		if err == nil && n == 0 {
			fmt.Fprintln(e.stdout, "No users yet. Create the first administrator with:\n  vigil user create --email you@example.com --name \"Your Name\" --role admin")
		}
		return err
	}
	created, err := demo.Seed(e.ctx, svc.Auth)
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	if !created {
		return nil
	}
	// A few dozen cases in every stage, with documents that download.
	n, err := demo.SeedCases(e.ctx, svc.DB, demoCases, svc.DB.Now(), svc.Files)
	if err != nil {
		return fmt.Errorf("seed demo cases: %w", err)
	}
	// The other parts of the demonstration, in an order where each finds
	// what it builds on.
	for _, part := range []struct {
		name string
		seed func() error
	}{
		{"the demonstration list", func() error { return demo.SeedScreening(e.ctx, svc.DB, svc.Cases, svc.Screening) }},
		{"demo training", func() error { return demo.SeedTraining(e.ctx, svc.DB, svc.Training) }},
		{"the demonstration commitment and organisation", func() error { return demo.SeedGovernance(e.ctx, svc.DB, svc.Governance) }},
		{"the demonstration exporter", func() error { return demo.SeedExporter(e.ctx, svc.DB) }},
		{"the demonstration technology register", func() error { return demo.SeedTechnology(e.ctx, svc.DB, svc.Technology) }},
		{"the demonstration self-assessment", func() error { return demo.SeedSelfAssessment(e.ctx, svc.DB, svc.SelfAssess) }},
		{"the demonstration risk register and reports of concern", func() error {
			return demo.SeedProgramme(e.ctx, svc.DB, svc.Programme, svc.Concerns)
		}},
		{"demo findings", func() error { return demo.SeedFindings(e.ctx, svc.DB, svc.Findings) }},
	} {
		if err := part.seed(); err != nil {
			return fmt.Errorf("seed %s: %w", part.name, err)
		}
	}
	log.Info("seeded demo data", "cases", n)
	return nil
}

// timeouts bound how long a client may take over each part of a request,
// so that slow or stalled clients cannot hold connections open for ever.
type timeouts struct{ readHeader, read, write, idle time.Duration }

// serverTimeouts are the server's: a header takes seconds, a whole request
// (an upload of an official list included) a minute.
var serverTimeouts = timeouts{readHeader: 10 * time.Second, read: 60 * time.Second, write: 60 * time.Second, idle: 120 * time.Second}

// newHTTPServer is the HTTP server that serves h on addr with limits t.
func newHTTPServer(addr string, h http.Handler, log *slog.Logger, t timeouts) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: t.readHeader, ReadTimeout: t.read,
		WriteTimeout: t.write, IdleTimeout: t.idle, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
}

// listen serves h on the configured address until the command's context
// ends, then finishes the requests in flight and stops.
func (e *environment) listen(cfg config.Config, h http.Handler, log *slog.Logger) error {
	hs := newHTTPServer(cfg.Addr, h, log, serverTimeouts)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("VIGIL_ADDR: %w", err)
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "Vigil %s serving on %s://%s\n", version, scheme, ln.Addr())
	if cfg.Demo {
		e.printDemoLogins()
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- hs.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// housekeeping prunes old sign-in attempts and makes the automatic training
// assignments (new role holders, lapsed completions). The server runs it at
// start and hourly on one of its instances.
func (e *environment) housekeeping(a *auth.Service, train *training.Service, log *slog.Logger) {
	if err := a.PruneAttempts(e.ctx); err != nil && e.ctx.Err() == nil {
		log.Warn("prune sign-in attempts", "err", err)
	}
	if n, err := train.Sync(auth.AsSystem(e.ctx)); err != nil && e.ctx.Err() == nil {
		log.Warn("assign training", "err", err)
	} else if n > 0 {
		log.Info("assigned training", "assignments", n)
	}
}

// watchLists rebuilds the screening index when the active list versions
// change and re-screens the parties, every poll (VIGIL_LISTS_POLL: how soon
// a version imported elsewhere, by the command line or another instance, is
// used here) until the server stops.
func (e *environment) watchLists(scr *screening.Service, poll time.Duration, log *slog.Logger) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-t.C:
		}
		if _, err := scr.Refresh(e.ctx, log); err != nil && e.ctx.Err() == nil {
			log.Warn("refresh the sanctions lists", "err", err)
		}
	}
}

// buildMemoryLimit is the memory limit while the first index is built.
const buildMemoryLimit = 160 << 20

// memoryHeadroom is the heap a server may use beyond what it holds after the
// screening index is built: pages, requests, a re-screening.
const memoryHeadroom = 48 << 20

// fitMemory sets the Go memory limit to the live heap plus memoryHeadroom
// and returns what the build of the index left behind to the system. The
// index is most of the live heap and changes only with the lists, so the
// limit follows it: the GC collects more often near the limit instead of
// letting the heap grow to 5× the live size.
func fitMemory(log *slog.Logger) {
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	limit := int64(m.HeapAlloc) + memoryHeadroom
	debug.SetMemoryLimit(limit)
	log.Info("memory limit set", "live_heap_mb", m.HeapAlloc>>20, "limit_mb", limit>>20)
}
