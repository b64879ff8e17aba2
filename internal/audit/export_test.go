package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// signedChain is a chain of 10 events with a checkpoint signed at event 6
// and another at event 10, and the key's public half.
func signedChain(t *testing.T) (*db.DB, ed25519.PublicKey) {
	t.Helper()
	d := testutil.NewDB(t)
	path := filepath.Join(t.TempDir(), "audit.key")
	pub, err := audit.GenerateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	key, err := audit.LoadPrivateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded, err := audit.LoadPublicKey(path + ".pub"); err != nil || !loaded.Equal(pub) {
		t.Fatalf("public key read back: %v", err)
	}
	for _, n := range []int{6, 4} {
		record(t, d, actorCtx(), n)
		if _, err := audit.Sign(t.Context(), d.Gorm, key, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	return d, pub
}

func export(t *testing.T, d *db.DB) []string {
	t.Helper()
	var buf bytes.Buffer
	n, err := audit.Export(t.Context(), d.Gorm, time.Time{}, time.Time{}, &buf)
	if err != nil || n != 10 {
		t.Fatalf("export: %d events, %v", n, err)
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

func verifyLines(t *testing.T, lines []string, pub ed25519.PublicKey) audit.Result {
	t.Helper()
	res, err := audit.VerifyExport(strings.NewReader(strings.Join(lines, "\n")+"\n"), pub)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// An export verifies offline with its checkpoints' signatures; a removed,
// an altered and a reordered event are each found, and so is a forged
// checkpoint.
func TestVerifyExport_FindsEachTampering(t *testing.T) {
	d, pub := signedChain(t)
	lines := export(t, d)
	if len(lines) != 12 || !strings.Contains(lines[10], `"type":"checkpoint"`) {
		t.Fatalf("export: %d lines, want 10 events then 2 checkpoints", len(lines))
	}
	if res := verifyLines(t, lines, pub); !res.Intact || res.Events != 10 || res.Signed != 2 {
		t.Fatalf("the export as written: %s", res)
	}
	if res := verifyLines(t, lines, nil); !res.Intact || res.Unsigned != 2 {
		t.Errorf("without the public key: %s", res)
	}
	other, _, _ := ed25519.GenerateKey(nil) // a key that signed none of them
	edit := func(f func(l []string) []string) []string { return f(append([]string(nil), lines...)) }
	for _, tc := range []struct {
		name   string
		lines  []string
		pub    ed25519.PublicKey
		broken int64
		reason string
	}{
		{"removed", edit(func(l []string) []string { return append(l[:4], l[5:]...) }), pub, 5, "event 5 is missing"},
		{"altered", edit(func(l []string) []string {
			l[2] = strings.Replace(l[2], `"summary":"event 2"`, `"summary":"event two"`, 1)
			return l
		}), pub, 3, "content does not match its hash"},
		{"reordered", edit(func(l []string) []string { l[3], l[4] = l[4], l[3]; return l }), pub, 4, "out of order"},
		{"another key", lines, other, 6, "not with the key given"},
		{"forged checkpoint", edit(func(l []string) []string {
			l[10] = strings.Replace(l[10], `"signature":"`, `"signature":"AAAA`, 1)
			return l
		}), pub, 6, "signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := verifyLines(t, tc.lines, tc.pub)
			if res.Intact || res.BrokenSeq != tc.broken || !strings.Contains(res.Reason, tc.reason) {
				t.Errorf("got %s, want broken at %d: %s", res, tc.broken, tc.reason)
			}
		})
	}
}

// Whoever rewrites an event and recomputes every later hash keeps the chain
// intact in itself; the signed checkpoint finds it, in the database and in
// an export of it.
func TestVerify_RewrittenHistoryFoundAgainstTheCheckpoint(t *testing.T) {
	d, pub := signedChain(t)
	var events []audit.Entry
	if err := d.Gorm.Order("seq").Find(&events).Error; err != nil {
		t.Fatal(err)
	}
	stmts := []string{}
	prev := events[2].Hash
	for i := 3; i < len(events); i++ {
		e := events[i]
		if i == 3 {
			e.Summary = "event 3, rewritten"
		}
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		prev = e.Hash
		stmts = append(stmts, "UPDATE audit_events SET summary = '"+e.Summary+"', prev_hash = '"+e.PrevHash+"', hash = '"+e.Hash+"' WHERE seq = "+strconv.FormatInt(e.Seq, 10))
	}
	tamper(t, d, stmts...)
	res, err := audit.VerifyAnchored(t.Context(), d.Gorm, pub)
	if err != nil || res.Intact || res.BrokenSeq != 6 || !strings.Contains(res.Reason, "history was rewritten") {
		t.Errorf("the database: %s (%v)", res, err)
	}
	if res := verifyLines(t, export(t, d), pub); res.Intact || res.BrokenSeq != 6 {
		t.Errorf("its export: %s", res)
	}
}
