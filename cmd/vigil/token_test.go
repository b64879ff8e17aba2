package main

import (
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/db"
)

func TestTokenCreate_TakesARate(t *testing.T) {
	env := tempEnv(t)
	out, errOut, err := vigil(t, env, "", "token", "create", "--name", "SAP ERP", "--rate", "5")
	secret := strings.TrimSpace(out)
	if err != nil || !strings.Contains(errOut, `created API token "SAP ERP" (`+secret[:12]+"…, id ") || !strings.Contains(errOut, ", 5 requests a second); it is shown only this once") {
		t.Fatalf("create: %v %q", err, errOut)
	}
	if _, _, err := vigil(t, env, "", "token", "create", "--name", "CRM"); err != nil {
		t.Fatal(err)
	}
	out, _, err = vigil(t, env, "", "token", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != 3 || !strings.Contains(lines[0], " RATE/S ") ||
		!strings.Contains(lines[1], " CRM      20 ") || !strings.Contains(lines[2], " SAP ERP  5 ") {
		t.Errorf("list: %v\n%s", err, out)
	}
	d, err := db.Open(env["VIGIL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var stored int
	if err := d.Gorm.Raw("SELECT rate_per_second FROM api_tokens WHERE name = 'SAP ERP'").Scan(&stored).Error; err != nil || stored != 5 {
		t.Errorf("stored rate %d (%v), want 5", stored, err)
	}
}

func TestTokenCreate_RefusesABadRateStoringNothing(t *testing.T) {
	env := tempEnv(t)
	for _, rate := range []string{"0", "1001", "-1", "2.5", "fast"} {
		out, errOut, err := vigil(t, env, "", "token", "create", "--name", "SAP ERP", "--rate", rate)
		want := `Give the rate as a whole number of requests a second from 1 to 1000, not "` + rate + `".` + "\n"
		if !exitsWith(err, 1) || out != "" || errOut != want {
			t.Errorf("rate %q: %v, out %q, err %q, want %q", rate, err, out, errOut, want)
		}
	}
	if out, _, err := vigil(t, env, "", "token", "list"); err != nil || strings.Count(out, "\n") != 1 {
		t.Errorf("tokens stored after refusals:\n%s", out)
	}
}
