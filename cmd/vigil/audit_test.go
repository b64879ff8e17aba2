package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
)

// The command line signs a checkpoint with a key made by keygen, exports the
// chain and verifies the export offline against the public key; an export
// with an event taken out fails with exit status 1.
func TestAuditExport_VerifiedOfflineWithTheCheckpoint(t *testing.T) {
	env := tempEnv(t)
	dir := filepath.Dir(env["VIGIL_DB"])
	key := filepath.Join(dir, "audit.key")
	if out, _, err := vigil(t, env, "", "seed", "--demo"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	if out, _, err := vigil(t, env, "", "audit", "keygen", key); err != nil || !strings.Contains(out, "audit.key.pub") {
		t.Fatalf("keygen: %v %q", err, out)
	}
	if info, err := os.Stat(key); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the private key's mode: %v %v", info, err)
	}
	env["VIGIL_AUDIT_KEY"] = key
	n := strconv.Itoa(len(demo.Users)) // seeding records one event per demo user
	if out, _, err := vigil(t, env, "", "audit", "checkpoint"); err != nil || !strings.Contains(out, "checkpoint at event "+n) {
		t.Fatalf("checkpoint: %v %q", err, out)
	}
	export := filepath.Join(dir, "trail.jsonl")
	if out, _, err := vigil(t, env, "", "audit", "export", "--from", "2000-01-01", export); err != nil || !strings.Contains(out, "exported "+n+" events") {
		t.Fatalf("export: %v %q", err, out)
	}
	delete(env, "VIGIL_AUDIT_KEY")
	out, _, err := vigil(t, env, "", "audit", "verify", "--file", export, "--public-key", key+".pub")
	if err != nil || !strings.Contains(out, n+" events, chain intact") || !strings.Contains(out, "1 signed checkpoints verified") {
		t.Fatalf("verify the export: %v %q", err, out)
	}
	b, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	cut := filepath.Join(dir, "cut.jsonl")
	if err := os.WriteFile(cut, []byte(strings.Join(append(lines[:2], lines[3:]...), "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = vigil(t, env, "", "audit", "verify", "--file", cut, "--public-key", key+".pub")
	var code exitCode
	if !errors.As(err, &code) || code != 1 || !strings.Contains(out, "chain broken at event 3: event 3 is missing") {
		t.Errorf("an export with event 3 taken out: %v %q", err, out)
	}
}
