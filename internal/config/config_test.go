package config_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad_Defaults(t *testing.T) {
	cfg, err := config.Load(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{Addr: "localhost:8080", DB: "data/vigil.db", DataDir: "data", IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 8 * time.Hour, ListsPoll: 30 * time.Second}
	if cfg.Addr != want.Addr || cfg.DB != want.DB || cfg.DataDir != want.DataDir || cfg.IdleTimeout != want.IdleTimeout ||
		cfg.AbsoluteTimeout != want.AbsoluteTimeout || cfg.ListsPoll != want.ListsPoll || cfg.Demo || cfg.TrustProxy || cfg.HTTPS || cfg.SessionKey != nil || cfg.IsPostgres() {
		t.Errorf("got %+v", cfg)
	}
}

func TestLoad_FlagBeatsEnvironment(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	cfg, err := config.Load([]string{"--addr", "0.0.0.0:9000", "--demo", "--https"},
		env(map[string]string{"VIGIL_ADDR": "127.0.0.1:1", "VIGIL_DB": "postgres://u@h/db", "VIGIL_SESSION_KEY": key,
			"VIGIL_SESSION_IDLE": "10m", "VIGIL_TRUST_PROXY": "true"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "0.0.0.0:9000" || !cfg.Demo || !cfg.IsPostgres() || len(cfg.SessionKey) != 32 || cfg.IdleTimeout != 10*time.Minute || !cfg.TrustProxy || !cfg.HTTPS {
		t.Errorf("got %+v", cfg)
	}
}

func TestLoad_BadValueNamesTheSetting(t *testing.T) {
	tests := []struct{ env, value string }{
		{"VIGIL_ADDR", "8080"},
		{"VIGIL_ADDR", "localhost:http-alt"},
		{"VIGIL_DEMO", "yes please"},
		{"VIGIL_TRUST_PROXY", "2"},
		{"VIGIL_HTTPS", "on the proxy"},
		{"VIGIL_SESSION_IDLE", "0s"},
		{"VIGIL_SESSION_MAX", "-1h"},
		{"VIGIL_SESSION_IDLE", "9h"}, // longer than the absolute lifetime
		{"VIGIL_SESSION_KEY", "not base64!"},
		{"VIGIL_SESSION_KEY", base64.StdEncoding.EncodeToString([]byte("too short"))},
		{"VIGIL_TLS_KEY", "key.pem"},
		{"VIGIL_METRICS_ADDR", "9090"},
		{"VIGIL_METRICS_ADDR", "localhost:8080"}, // the main address
		{"VIGIL_METRICS_TOKEN", "short"},
	}
	for _, tc := range tests {
		_, err := config.Load(nil, env(map[string]string{tc.env: tc.value}), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.env[:len("VIGIL_")+4]) {
			t.Errorf("%s=%q: %v, want an error naming the setting", tc.env, tc.value, err)
		}
	}
}

func TestLoad_Metrics(t *testing.T) {
	token := strings.Repeat("k", 32)
	cfg, err := config.Load(nil, env(map[string]string{"VIGIL_METRICS_ADDR": "127.0.0.1:9090", "VIGIL_METRICS_TOKEN": " " + token + " "}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MetricsAddr != "127.0.0.1:9090" || cfg.MetricsToken != token {
		t.Errorf("got %q, %q", cfg.MetricsAddr, cfg.MetricsToken)
	}
	if cfg, _ := config.Load(nil, env(nil), io.Discard); cfg.MetricsAddr != "" || cfg.MetricsToken != "" {
		t.Errorf("metrics on by default: %q, %q", cfg.MetricsAddr, cfg.MetricsToken)
	}
}

func TestEnsureSessionKey_GeneratedOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	cfg := config.Config{DataDir: dir}
	if err := cfg.EnsureSessionKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32))); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "session.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	again := config.Config{DataDir: dir}
	if err := again.EnsureSessionKey(bytes.NewReader(bytes.Repeat([]byte{2}, 32))); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.SessionKey, cfg.SessionKey) {
		t.Error("a second start generated a different key")
	}
}

// Instances sharing a data directory that start at once, none with a key
// set, all end up with the same key, and none reads a key half written.
func TestEnsureSessionKey_InstancesStartingAtOnceShareOne(t *testing.T) {
	for round := range 20 {
		dir := filepath.Join(t.TempDir(), "data")
		cfgs := make([]config.Config, 4)
		errs := make([]error, len(cfgs))
		var wg sync.WaitGroup
		for i := range cfgs {
			cfgs[i].DataDir = dir
			wg.Go(func() { errs[i] = cfgs[i].EnsureSessionKey(bytes.NewReader(bytes.Repeat([]byte{byte(i + 1)}, 32))) })
		}
		wg.Wait()
		stored, err := os.ReadFile(filepath.Join(dir, "session.key"))
		for i := range cfgs {
			if errs[i] != nil || err != nil || base64.StdEncoding.EncodeToString(cfgs[i].SessionKey)+"\n" != string(stored) {
				t.Fatalf("round %d, instance %d: %v, %v: key %x, stored %q", round, i, errs[i], err, cfgs[i].SessionKey, stored)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".session.key-*")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	}
}

func TestLoad_SingleSignOn(t *testing.T) {
	cfg, err := config.Load(nil, env(map[string]string{"VIGIL_OIDC_ISSUER": "https://login.example.com/realms/corp",
		"VIGIL_OIDC_CLIENT_ID": "vigil", "VIGIL_OIDC_CLIENT_SECRET": "s3cret", "VIGIL_OIDC_NAME": "Corp Login",
		"VIGIL_OIDC_ROLE_MAP": "vigil-admins=admin", "VIGIL_LOCAL_PASSWORDS": "false", "VIGIL_PUBLIC_URL": "https://vigil.example.com/"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.OIDC
	if !o.Enabled() || o.Issuer != "https://login.example.com/realms/corp" || o.ClientID != "vigil" || o.ClientSecret != "s3cret" ||
		o.Name != "Corp Login" || o.RolesClaim != "groups" || len(o.RoleMap["vigil-admins"]) != 1 || cfg.LocalPasswords ||
		cfg.PublicURL != "https://vigil.example.com" {
		t.Errorf("got %+v", cfg)
	}
	def, err := config.Load(nil, env(nil), io.Discard)
	if err != nil || def.OIDC.Enabled() || !def.LocalPasswords || def.PublicURL != "" {
		t.Errorf("defaults: %+v %v", def, err)
	}
}

func TestLoad_BadSingleSignOnNamesTheSetting(t *testing.T) {
	ok := map[string]string{"VIGIL_OIDC_ISSUER": "https://login.example.com", "VIGIL_OIDC_CLIENT_ID": "vigil",
		"VIGIL_OIDC_CLIENT_SECRET": "s3cret", "VIGIL_OIDC_ROLE_MAP": "vigil-admins=admin"}
	tests := []struct {
		name, want string
		change     map[string]string
	}{
		{"issuer over http", "VIGIL_OIDC_ISSUER", map[string]string{"VIGIL_OIDC_ISSUER": "http://login.example.com"}},
		{"issuer not a URL", "VIGIL_OIDC_ISSUER", map[string]string{"VIGIL_OIDC_ISSUER": "login.example.com"}},
		{"no client id", "VIGIL_OIDC_CLIENT_ID", map[string]string{"VIGIL_OIDC_CLIENT_ID": ""}},
		{"no secret", "VIGIL_OIDC_CLIENT_SECRET", map[string]string{"VIGIL_OIDC_CLIENT_SECRET": ""}},
		{"no role map", "VIGIL_OIDC_ROLE_MAP", map[string]string{"VIGIL_OIDC_ROLE_MAP": ""}},
		{"unknown role", "VIGIL_OIDC_ROLE_MAP", map[string]string{"VIGIL_OIDC_ROLE_MAP": "vigil-admins=root"}},
		{"client id without issuer", "VIGIL_OIDC_ISSUER", map[string]string{"VIGIL_OIDC_ISSUER": ""}},
		{"no passwords and no provider", "VIGIL_LOCAL_PASSWORDS", map[string]string{"VIGIL_OIDC_ISSUER": "", "VIGIL_OIDC_CLIENT_ID": "",
			"VIGIL_OIDC_CLIENT_SECRET": "", "VIGIL_OIDC_ROLE_MAP": "", "VIGIL_LOCAL_PASSWORDS": "false"}},
		{"passwords not a boolean", "VIGIL_LOCAL_PASSWORDS", map[string]string{"VIGIL_LOCAL_PASSWORDS": "sometimes"}},
		{"public URL with a path", "VIGIL_PUBLIC_URL", map[string]string{"VIGIL_PUBLIC_URL": "https://example.com/vigil"}},
		{"public URL without scheme", "VIGIL_PUBLIC_URL", map[string]string{"VIGIL_PUBLIC_URL": "vigil.example.com"}},
	}
	for _, tc := range tests {
		m := map[string]string{}
		for k, v := range ok {
			m[k] = v
		}
		for k, v := range tc.change {
			m[k] = v
		}
		_, err := config.Load(nil, env(m), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want+":") {
			t.Errorf("%s: %v, want an error naming %s", tc.name, err, tc.want)
		}
	}
	if _, err := config.Load(nil, env(ok), io.Discard); err != nil {
		t.Errorf("the good settings: %v", err)
	}
}
