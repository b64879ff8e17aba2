package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/exporter"
)

// The exporter settings: bad input is refused beside its field and kept;
// good input is stored and shown again.
func TestExporterSettings_BadInputKeptGoodInputStored(t *testing.T) {
	app, ts := newServer(t)
	admin := newVisitor(t, ts)
	admin.signIn("admin@example.com")
	form := url.Values{"name": {"Nordlicht Systems GmbH"}, "address": {"Hafenstraße 5, 20457 Hamburg"}, "eori": {"DE-12"},
		"member_state": {"DE"}, "authority_name": {"Federal Office"}, "authority_address": {"Eschborn"}, "art53": {"1"}}
	res := admin.form("/admin/exporter", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="eori-error"`) ||
		!strings.Contains(res.Body, `data-testid="art53_basis-error"`) || !strings.Contains(res.Body, "Nordlicht Systems GmbH") {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	p, err := exporter.ProfileTx(t.Context(), app.DB.Gorm)
	if err != nil || p.Name == "Nordlicht Systems GmbH" {
		t.Fatalf("refused settings stored: %+v %v", p, err)
	}
	form.Set("eori", "DE123456789012345")
	form.Set("art53_basis", "Außenwirtschaftsverordnung § 9 (example)")
	if res := admin.form("/admin/exporter", form); !res.redirectsTo("/admin/exporter") {
		t.Fatalf("good input: %d %s", res.StatusCode, res.Body)
	}
	p, err = exporter.ProfileTx(t.Context(), app.DB.Gorm)
	if err != nil || p.Name != "Nordlicht Systems GmbH" || p.EORI != "DE123456789012345" || p.NationalRule == nil {
		t.Fatalf("stored %+v %v", p, err)
	}
	if page := admin.get("/admin/exporter").Body; !strings.Contains(page, "Last changed by Ada Admin") || !strings.Contains(page, "§ 9 (example)") {
		t.Error("the page does not show the stored settings and who changed them")
	}
}
