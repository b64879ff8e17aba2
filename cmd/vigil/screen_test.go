package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screenapi"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

func exitsWith(err error, want exitCode) bool {
	var code exitCode
	return errors.As(err, &code) && code == want
}

func TestToken_CreateListRevoke(t *testing.T) {
	env := tempEnv(t)
	out, errOut, err := vigil(t, env, "", "token", "create", "--name", "SAP ERP")
	secret := strings.TrimSpace(out)
	if err != nil || !regexp.MustCompile(`^vgl_[0-9a-f]{64}$`).MatchString(secret) ||
		!strings.Contains(errOut, `created API token "SAP ERP" (`+secret[:12]+"…") || !strings.Contains(errOut, "shown only this once") {
		t.Fatalf("create: %v %q %q", err, out, errOut)
	}
	if _, errOut, err := vigil(t, env, "", "token", "create", "--name", "SAP ERP"); !exitsWith(err, 1) || errOut != "A live token already has this name.\n" {
		t.Errorf("same name: %v %q", err, errOut)
	}
	if _, errOut, err := vigil(t, env, "", "token", "create"); !exitsWith(err, 1) || !strings.Contains(errOut, "Give the token a name") {
		t.Errorf("no name: %v %q", err, errOut)
	}

	out, _, err = vigil(t, env, "", "token", "list")
	if err != nil || !regexp.MustCompile(`(?m)^ID +TOKEN +NAME +RATE/S +CREATED BY +CREATED +LAST USED +STATUS\n[0-9a-f-]{36} +`+secret[:12]+`… +SAP ERP +20 +system +\d{4}-\d\d-\d\d \d\d:\d\d +never +live\n$`).MatchString(out) {
		t.Fatalf("list: %v\n%s", err, out)
	}
	out, _, err = vigil(t, env, "", "token", "revoke", secret[:12])
	if err != nil || out != `revoked API token "SAP ERP" (`+secret[:12]+"…)\n" {
		t.Fatalf("revoke: %v %q", err, out)
	}
	if out, _, _ := vigil(t, env, "", "token", "list"); !strings.Contains(out, " revoked 20") {
		t.Errorf("list after revoking: %s", out)
	}
	if _, errOut, err := vigil(t, env, "", "token", "revoke", secret[:12]); !exitsWith(err, 1) || !strings.Contains(errOut, "already revoked") {
		t.Errorf("revoke again: %v %q", err, errOut)
	}
	if _, _, err := vigil(t, env, "", "token", "revoke"); err == nil || !strings.Contains(err.Error(), "give the token's id") {
		t.Errorf("revoke nothing: %v", err)
	}

	d, err := db.Open(env["VIGIL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, action := range []string{"api_token.create", "api_token.revoke"} {
		es, err := audit.List(t.Context(), d.Gorm, audit.Filter{Action: action})
		if err != nil || len(es) != 1 || es[0].ActorEmail != "system" || es[0].ActorRole != "system" {
			t.Errorf("%s: %+v %v", action, es, err)
		}
	}
}

// importUN imports the UN list into the database of env.
func importUN(t *testing.T, env map[string]string) {
	t.Helper()
	if _, _, err := vigil(t, env, "", "lists", "import", "--source", "un", filepath.Join(testutil.SanctionsData(t), "un", "consolidated.xml")); err != nil {
		t.Fatal(err)
	}
}

func TestScreen_PrintsATableOrTheAPIsJSON(t *testing.T) {
	env := tempEnv(t)
	if _, errOut, err := vigil(t, env, "", "screen", "ACME"); !exitsWith(err, 1) || !strings.Contains(errOut, "No sanctions list is loaded yet") {
		t.Fatalf("before any import: %v %q", err, errOut)
	}
	importUN(t, env)

	out, _, err := vigil(t, env, "", "screen", "--limit", "1", "Tanchon Commercial Bank", "Maria Schmidt")
	if err != nil || !regexp.MustCompile(`^Screened against UN Security Council \(1003 entries, imported \d{4}-\d\d-\d\d\); vigil-match/3, hits from a score of 0\.80\.\n`+
		`\n"Tanchon Commercial Bank"\n  SCORE +LIST +ID +NAME +MATCHED NAME +WHY\n  [01]\.\d\d +UN Security Council +690752 +TANCHON COMMERCIAL BANK +TANCHON COMMERCIAL BANK +\S.*\n`+
		`\n"Maria Schmidt"\n  no hits\n$`).MatchString(out) {
		t.Fatalf("table: %v\n%s", err, out)
	}

	out, _, err = vigil(t, env, "", "screen", "--json", "--kind", "entity", "Tanchon Commercial Bank")
	var one screenapi.Response
	if err != nil || json.Unmarshal([]byte(out), &one) != nil || len(one.ListVersions) != 1 || one.ListVersions[0].List != watchlist.UN ||
		one.Algorithm != matching.Algorithm || len(one.Hits) == 0 || one.Hits[0].SourceID != "690752" {
		t.Fatalf("one name as JSON: %v %s", err, out)
	}
	out, _, err = vigil(t, env, "", "screen", "--json", "Tanchon Commercial Bank", "Maria Schmidt")
	var two screenapi.BatchResponse
	if err != nil || json.Unmarshal([]byte(out), &two) != nil || len(two.Results) != 2 || two.Results[1].Name != "Maria Schmidt" ||
		two.Results[1].Hits == nil || len(two.Results[1].Hits) != 0 {
		t.Fatalf("two names as JSON: %v %s", err, out)
	}

	for _, args := range [][]string{{"--kind", "ship", "X"}, {"--limit", "0", "X"}, {"--limit", "101", "X"}} {
		if _, errOut, err := vigil(t, env, "", append([]string{"screen"}, args...)...); !exitsWith(err, 1) || !strings.Contains(errOut, "names[0].") {
			t.Errorf("%v: %v %q", args, err, errOut)
		}
	}
	if _, _, err := vigil(t, env, "", "screen"); err == nil || !strings.Contains(err.Error(), "give the names to screen") {
		t.Errorf("no names: %v", err)
	}
}

func TestScreen_BatchFileWritesJSONLines(t *testing.T) {
	env := tempEnv(t)
	importUN(t, env)
	file := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(file, []byte("Tanchon Commercial Bank\n\n  Maria Schmidt  \r\nKorea Daesong Bank\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"screen", "--batch", file}, {"screen", "--batch", "-"}} {
		stdin, _ := os.ReadFile(file)
		out, errOut, err := vigil(t, env, string(stdin), args...)
		if err != nil || !regexp.MustCompile(`^screened 3 names against UN Security Council [0-9a-f-]{36}\n$`).MatchString(errOut) {
			t.Fatalf("%v: %v %q", args, err, errOut)
		}
		var results []screenapi.Result
		lines := bufio.NewScanner(strings.NewReader(out))
		for lines.Scan() {
			var r screenapi.Result
			if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
				t.Fatalf("%v: line %q: %v", args, lines.Text(), err)
			}
			results = append(results, r)
		}
		if len(results) != 3 || results[0].Name != "Tanchon Commercial Bank" || len(results[0].Hits) == 0 ||
			results[1].Name != "Maria Schmidt" || len(results[1].Hits) != 0 || !strings.Contains(out, `"name":"Maria Schmidt","hits":[]`) ||
			results[2].Name != "Korea Daesong Bank" || len(results[2].Hits) == 0 || results[2].Hits[0].SourceID != "6908552" {
			t.Errorf("%v: %+v", args, results)
		}
	}
	long := strings.Repeat("x", 301)
	_, errOut, err := vigil(t, env, "ACME\n"+long+"\n", "screen", "--batch", "-")
	if !exitsWith(err, 1) || errOut != "-, line 2: name: Use at most 300 characters; this has 301.\n" {
		t.Errorf("long name: %v %q", err, errOut)
	}
}

// A name of invisible characters looks like something yet screens as
// nothing: it is refused like an empty name, not answered "no hits".
func TestScreen_RefusesNamesBlankAfterNormalisation(t *testing.T) {
	env := tempEnv(t)
	const blank = "\u3164\u3164 \u200D"
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"screen", blank}, "", "names[0].name: Enter a name to screen.\n"},
		{[]string{"screen", "ACME", blank}, "", "names[1].name: Enter a name to screen.\n"},
		{[]string{"screen", "--json", blank}, "", "name: Enter a name to screen.\n"},
		{[]string{"screen", "--batch", "-"}, "\n" + blank + "\nACME\n", "-, line 2: name: Enter a name to screen.\n"},
	} {
		if out, errOut, err := vigil(t, env, tc.stdin, tc.args...); !exitsWith(err, 1) || errOut != tc.want || out != "" {
			t.Errorf("%q: %v %q %q, want %q", tc.args, err, out, errOut, tc.want)
		}
	}
}
