// Package config reads Vigil's settings from command-line flags and VIGIL_*
// environment variables (a flag wins over the environment) and validates them,
// so a bad value stops start-up with a message naming the setting.
package config

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/retention"
	"github.com/vigil-icp/vigil/internal/sso"
)

// Config is the validated configuration of one Vigil process.
type Config struct {
	Addr            string        // listen address
	DB              string        // SQLite file path, or a postgres:// URL
	DataDir         string        // uploads and keys
	SessionKey      []byte        // signs the session cookie; 32 or 64 bytes
	Demo            bool          // seeds demo data into an empty database and shows a banner
	IdleTimeout     time.Duration // a session ends after this long without a request
	AbsoluteTimeout time.Duration // a session ends this long after sign-in, whatever happens
	TLSCert         string        // serve HTTPS with this certificate...
	TLSKey          string        // ...and key
	TrustProxy      bool          // take the client address from X-Forwarded-For
	// HTTPS says browsers reach Vigil over HTTPS, through a proxy that ends
	// TLS: cookies are always Secure and HSTS is sent, whatever the proxy
	// forwards.
	HTTPS bool
	// AuditKey is the file of the Ed25519 private key that signs
	// checkpoints of the audit chain; "" signs none. It belongs outside the
	// database (and its backups), or a rewriter of history could sign too.
	AuditKey string
	// Retention is how many years records are kept under each regime, from
	// the end of the year of the export: Art. 27(3)'s five at least.
	Retention retention.Policy
	// ListsPoll is how often a server looks for list versions imported
	// elsewhere (the command line, another instance).
	ListsPoll time.Duration
	// OIDC is single sign-on through an OpenID Connect provider; its
	// Issuer is "" when there is none.
	OIDC sso.Config
	// LocalPasswords lets people sign in with a password kept by Vigil.
	LocalPasswords bool
	// PublicURL is where browsers reach Vigil (scheme and host); "" takes
	// it from each request.
	PublicURL string
	// MetricsAddr is a separate address serving /metrics alone, for a
	// scraper on a private network; "" serves none.
	MetricsAddr string
	// MetricsToken opens /metrics on the main address to a request that
	// carries it as a bearer token; "" leaves it closed there (404).
	MetricsToken string
}

// minMetricsToken is the shortest metrics token accepted: a token is the
// only thing between the metrics and anyone who reaches the main address.
const minMetricsToken = 32

// Setting describes one configuration setting for help and README.
type Setting struct {
	Env, Flag, Default, Help string
}

// Settings lists every setting in the order help shows them.
var Settings = []Setting{
	{"VIGIL_ADDR", "addr", "localhost:8080", "address to listen on"},
	{"VIGIL_DB", "db", "data/vigil.db", "SQLite file, or a postgres:// URL to use PostgreSQL"},
	{"VIGIL_DATA_DIR", "data-dir", "data", "directory for uploads and the generated session key"},
	{"VIGIL_SESSION_KEY", "session-key", "", "base64 key (32 or 64 bytes) signing session cookies; generated into the data dir if unset"},
	{"VIGIL_DEMO", "demo", "false", "seed demo users into an empty database and show a demo banner"},
	{"VIGIL_SESSION_IDLE", "session-idle", "30m", "idle timeout of a session"},
	{"VIGIL_SESSION_MAX", "session-max", "8h", "absolute lifetime of a session"},
	{"VIGIL_TLS_CERT", "tls-cert", "", "TLS certificate file (serves HTTPS, enables HSTS)"},
	{"VIGIL_TLS_KEY", "tls-key", "", "TLS private key file"},
	{"VIGIL_TRUST_PROXY", "trust-proxy", "false", "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy"},
	{"VIGIL_HTTPS", "https", "false", "browsers reach Vigil over HTTPS through a TLS-terminating proxy: always Secure cookies and HSTS"},
	{"VIGIL_RETENTION", "retention", "EU=5", "years records are kept from the end of the year of the export, per regime (EU at least 5, Art. 27(3); US applies to items with a US ECCN; others to every export), the longest applying: EU=7,US=5"},
	{"VIGIL_LISTS_POLL", "lists-poll", "30s", "how often a server looks for sanctions list versions imported elsewhere (the command line, another instance)"},
	{"VIGIL_AUDIT_KEY", "audit-key", "", "Ed25519 private key file (vigil audit keygen) that signs a checkpoint of the audit chain every hour; keep it outside the database"},
	{"VIGIL_PUBLIC_URL", "public-url", "", "address browsers reach Vigil at, such as https://vigil.example.com; single sign-on returns there (taken from each request if unset)"},
	{"VIGIL_OIDC_ISSUER", "oidc-issuer", "", "OpenID Connect issuer URL of the identity provider; turns on single sign-on"},
	{"VIGIL_OIDC_CLIENT_ID", "oidc-client-id", "", "client id of Vigil at the identity provider"},
	{"VIGIL_OIDC_CLIENT_SECRET", "oidc-client-secret", "", "client secret of Vigil at the identity provider"},
	{"VIGIL_OIDC_NAME", "oidc-name", "single sign-on", "the identity provider's name on the sign-in button: Sign in with NAME"},
	{"VIGIL_OIDC_ROLES_CLAIM", "oidc-roles-claim", "groups", "ID token claim holding the person's groups (a list, or one name)"},
	{"VIGIL_OIDC_ROLE_MAP", "oidc-role-map", "", "groups to Vigil roles: vigil-admins=admin,vigil-officers=compliance_officer"},
	{"VIGIL_LOCAL_PASSWORDS", "local-passwords", "true", "allow sign-in with a password kept by Vigil; false leaves single sign-on only"},
	{"VIGIL_METRICS_ADDR", "metrics-addr", "", "separate address (such as 127.0.0.1:9090) serving Prometheus metrics at /metrics without a token; empty serves none"},
	{"VIGIL_METRICS_TOKEN", "metrics-token", "", "bearer token (32 characters or more) that opens /metrics on the main address; empty keeps it closed there"},
}

// Load parses flags in args, falling back to the environment and defaults.
// It does not touch the file system; see EnsureSessionKey.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	fs := flag.NewFlagSet("vigil", flag.ContinueOnError)
	fs.SetOutput(stderr)
	finish := Bind(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return finish()
}

// Bind registers every setting as a flag of fs, with the environment as the
// default, and returns the function that validates them after fs.Parse; a
// command adds its own flags to the same set.
func Bind(fs *flag.FlagSet, getenv func(string) string) func() (Config, error) {
	raw := map[string]*string{}
	for _, s := range Settings {
		def := s.Default
		if v := getenv(s.Env); v != "" {
			def = v
		}
		v := def
		raw[s.Env] = &v
		usage := s.Help + " (" + s.Env + ")"
		if s.Default == "false" {
			fs.Var((*switchFlag)(&v), s.Flag, usage)
		} else {
			fs.StringVar(&v, s.Flag, def, usage)
		}
	}
	return func() (Config, error) { return validate(raw) }
}

// switchFlag lets an on/off setting be given as a bare --demo while keeping
// its raw text for validation.
type switchFlag string

func (f *switchFlag) String() string     { return string(*f) }
func (f *switchFlag) Set(v string) error { *f = switchFlag(v); return nil }
func (f *switchFlag) IsBoolFlag() bool   { return true }

func validate(raw map[string]*string) (Config, error) {
	get := func(env string) string { return strings.TrimSpace(*raw[env]) }

	var cfg Config
	var errs []error
	bad := func(env, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{env}, args...)...))
	}

	cfg.Addr = get("VIGIL_ADDR")
	checkAddr("VIGIL_ADDR", cfg.Addr, bad)
	cfg.DB = get("VIGIL_DB")
	if cfg.DB == "" {
		bad("VIGIL_DB", "must not be empty")
	}
	cfg.DataDir = get("VIGIL_DATA_DIR")
	if cfg.DataDir == "" {
		bad("VIGIL_DATA_DIR", "must not be empty")
	}
	if k := get("VIGIL_SESSION_KEY"); k != "" {
		key, err := decodeKey(k)
		if err != nil {
			bad("VIGIL_SESSION_KEY", "%v", err)
		}
		cfg.SessionKey = key
	}
	var err error
	if cfg.Demo, err = strconv.ParseBool(get("VIGIL_DEMO")); err != nil {
		bad("VIGIL_DEMO", "%q is not true or false", get("VIGIL_DEMO"))
	}
	for env, v := range map[string]*bool{"VIGIL_TRUST_PROXY": &cfg.TrustProxy, "VIGIL_HTTPS": &cfg.HTTPS} {
		if *v, err = strconv.ParseBool(get(env)); err != nil {
			bad(env, "%q is not true or false", get(env))
		}
	}
	cfg.IdleTimeout = duration(get, "VIGIL_SESSION_IDLE", bad)
	cfg.AbsoluteTimeout = duration(get, "VIGIL_SESSION_MAX", bad)
	if cfg.IdleTimeout > 0 && cfg.AbsoluteTimeout > 0 && cfg.IdleTimeout > cfg.AbsoluteTimeout {
		bad("VIGIL_SESSION_IDLE", "%s is longer than VIGIL_SESSION_MAX (%s)", cfg.IdleTimeout, cfg.AbsoluteTimeout)
	}
	cfg.ListsPoll = duration(get, "VIGIL_LISTS_POLL", bad)
	cfg.AuditKey = get("VIGIL_AUDIT_KEY")
	if cfg.Retention, err = retention.ParsePolicy(get("VIGIL_RETENTION")); err != nil {
		bad("VIGIL_RETENTION", "%v", err)
	}
	cfg.MetricsAddr, cfg.MetricsToken = get("VIGIL_METRICS_ADDR"), get("VIGIL_METRICS_TOKEN")
	checkMetrics(cfg, bad)
	cfg.TLSCert, cfg.TLSKey = get("VIGIL_TLS_CERT"), get("VIGIL_TLS_KEY")
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		bad("VIGIL_TLS_CERT", "VIGIL_TLS_CERT and VIGIL_TLS_KEY must be set together")
	}
	validateSignOn(get, bad, &cfg)
	return cfg, errors.Join(errs...)
}

// validateSignOn reads the settings of single sign-on and local passwords.
// Without a provider the other OIDC settings would be ignored silently, and
// without passwords too nobody could sign in: both stop start-up.
func validateSignOn(get func(string) string, bad func(string, string, ...any), cfg *Config) {
	var err error
	if cfg.LocalPasswords, err = strconv.ParseBool(get("VIGIL_LOCAL_PASSWORDS")); err != nil {
		bad("VIGIL_LOCAL_PASSWORDS", "%q is not true or false", get("VIGIL_LOCAL_PASSWORDS"))
	}
	if cfg.PublicURL, err = publicURL(get("VIGIL_PUBLIC_URL")); err != nil {
		bad("VIGIL_PUBLIC_URL", "%v", err)
	}
	o := &cfg.OIDC
	o.Issuer, o.ClientID, o.ClientSecret = get("VIGIL_OIDC_ISSUER"), get("VIGIL_OIDC_CLIENT_ID"), get("VIGIL_OIDC_CLIENT_SECRET")
	o.Name, o.RolesClaim = get("VIGIL_OIDC_NAME"), get("VIGIL_OIDC_ROLES_CLAIM")
	if o.RoleMap, err = sso.ParseRoleMap(get("VIGIL_OIDC_ROLE_MAP")); err != nil {
		bad("VIGIL_OIDC_ROLE_MAP", "%v", err)
	}
	if o.Issuer == "" {
		for _, env := range []string{"VIGIL_OIDC_CLIENT_ID", "VIGIL_OIDC_CLIENT_SECRET", "VIGIL_OIDC_ROLE_MAP"} {
			if get(env) != "" {
				bad("VIGIL_OIDC_ISSUER", "must be set when %s is", env)
			}
		}
		if !cfg.LocalPasswords {
			bad("VIGIL_LOCAL_PASSWORDS", "false needs single sign-on (VIGIL_OIDC_ISSUER), or nobody could sign in")
		}
		return
	}
	if err := issuerURL(o.Issuer); err != nil {
		bad("VIGIL_OIDC_ISSUER", "%v", err)
	}
	for env, v := range map[string]string{"VIGIL_OIDC_CLIENT_ID": o.ClientID, "VIGIL_OIDC_CLIENT_SECRET": o.ClientSecret,
		"VIGIL_OIDC_NAME": o.Name, "VIGIL_OIDC_ROLES_CLAIM": o.RolesClaim} {
		if v == "" {
			bad(env, "must be set for single sign-on")
		}
	}
	if err == nil && len(o.RoleMap) == 0 {
		bad("VIGIL_OIDC_ROLE_MAP", "must map at least one group to a role for single sign-on, or nobody could sign in with it")
	}
}

// issuerURL checks an issuer: https, or http on this machine only (a
// provider in development), and no query or fragment (OpenID Connect
// Discovery §3).
func issuerURL(s string) error {
	scheme, host, _, ok := splitURL(s)
	switch {
	case !ok:
		return fmt.Errorf("%q is not a URL such as https://login.example.com", s)
	case strings.ContainsAny(s, "?#"):
		return fmt.Errorf("%q has a query or fragment", s)
	case scheme == "https", scheme == "http" && isLoopback(host):
		return nil
	}
	return fmt.Errorf("%q must use https", s)
}

// publicURL checks the public address and returns it without a trailing slash.
func publicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	scheme, _, path, ok := splitURL(s)
	if !ok || (scheme != "https" && scheme != "http") || strings.Trim(path, "/") != "" || strings.ContainsAny(s, "?#@") {
		return "", fmt.Errorf("%q is not a scheme and host such as https://vigil.example.com", s)
	}
	return strings.TrimSuffix(s, "/"), nil
}

// splitURL cuts an absolute URL into its scheme, host (without port) and
// path; ok is false when it has no scheme or host.
func splitURL(s string) (scheme, host, path string, ok bool) {
	scheme, rest, found := strings.Cut(s, "://")
	authority, path, _ := strings.Cut(rest, "/")
	host = authority
	if h, _, err := net.SplitHostPort(authority); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return strings.ToLower(scheme), host, path, found && scheme != "" && host != "" && !strings.ContainsAny(authority, " @")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkAddr reports whether addr is host:port, naming env when it is not.
func checkAddr(env, addr string, bad func(string, string, ...any)) bool {
	if _, port, err := net.SplitHostPort(addr); err != nil {
		bad(env, "%q is not host:port", addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad(env, "%q has no valid port", addr)
	} else {
		return true
	}
	return false
}

func checkMetrics(cfg Config, bad func(string, string, ...any)) {
	// Port 0 picks a free port for each, so two of them do not collide.
	if a := cfg.MetricsAddr; a != "" && checkAddr("VIGIL_METRICS_ADDR", a, bad) && a == cfg.Addr && !strings.HasSuffix(a, ":0") {
		bad("VIGIL_METRICS_ADDR", "%q is VIGIL_ADDR; give the metrics an address of their own, or use VIGIL_METRICS_TOKEN", a)
	}
	if t := cfg.MetricsToken; t != "" && len(t) < minMetricsToken {
		bad("VIGIL_METRICS_TOKEN", "is %d characters; at least %d are needed", len(t), minMetricsToken)
	}
}

func duration(get func(string) string, env string, bad func(string, string, ...any)) time.Duration {
	d, err := time.ParseDuration(get(env))
	if err != nil || d <= 0 {
		bad(env, "%q is not a positive duration such as 30m or 8h", get(env))
	}
	return d
}

func decodeKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("not valid base64")
	}
	if len(key) != 32 && len(key) != 64 {
		return nil, fmt.Errorf("decodes to %d bytes; 32 or 64 are needed", len(key))
	}
	return key, nil
}

// IsPostgres reports whether DB selects PostgreSQL.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// EnsureSessionKey fills SessionKey from DataDir/session.key, creating that
// file with a fresh random key (mode 0600) on first run.
func (c *Config) EnsureSessionKey(random io.Reader) error {
	if c.SessionKey != nil {
		return nil
	}
	path := filepath.Join(c.DataDir, "session.key")
	if key, err := readKey(path); !errors.Is(err, os.ErrNotExist) {
		c.SessionKey = key
		return err
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(random, key); err != nil {
		return err
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("VIGIL_DATA_DIR: %w", err)
	}
	// Instances sharing the data directory may start at once: the key is
	// written whole to a file of this process's own, then linked into place,
	// which fails when another instance's key got there first; that one is
	// then everyone's.
	tmp, err := os.CreateTemp(c.DataDir, ".session.key-*") // mode 0600
	if err != nil {
		return fmt.Errorf("VIGIL_DATA_DIR: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("VIGIL_DATA_DIR: %w", err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		key, err = readKey(path)
		if err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("VIGIL_DATA_DIR: %w", err)
	}
	c.SessionKey = key
	return nil
}

// readKey reads the session key file at path.
func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := decodeKey(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}
