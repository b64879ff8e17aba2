package config_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	want := config.Config{Addr: "localhost:8080", DB: "data/vigil.db", DataDir: "data", IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 8 * time.Hour}
	if cfg.Addr != want.Addr || cfg.DB != want.DB || cfg.DataDir != want.DataDir || cfg.IdleTimeout != want.IdleTimeout ||
		cfg.AbsoluteTimeout != want.AbsoluteTimeout || cfg.Demo || cfg.TrustProxy || cfg.HTTPS || cfg.SessionKey != nil || cfg.IsPostgres() {
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
