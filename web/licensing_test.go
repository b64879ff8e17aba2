package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// seedLicence records, as the compliance officer, a licence with its document.
func seedLicence(t *testing.T, app *testutil.App) *licensing.Licence {
	t.Helper()
	doc := app.StoreDocument(t, "licence.txt", "Ausfuhrgenehmigung DE-777")
	l, err := app.Licensing.Create(app.SignedIn(t, "officer@example.com"), licensing.LicenceInput{Type: "individual",
		Number: "DE-777", Authority: "BAFA", ValidFrom: "2025-01-01", ValidUntil: "2026-12-31", Destinations: "US",
		Limit: "1000", Currency: "EUR", Document: &doc})
	if err != nil {
		t.Fatalf("seed a licence: %v", err)
	}
	return l
}

// postLicence posts the licence form as the browser sends it, with a file
// when content is not "".
func postLicence(t *testing.T, v *visitor, form url.Values, filename, content string) response {
	t.Helper()
	return v.multipartForm("/licences", form, "document", filename, content)
}

func licenceForm() url.Values {
	return url.Values{"type": {"individual"}, "number": {"DE-123"}, "authority": {"BAFA"}, "valid_from": {"2025-01-01"},
		"valid_until": {"2027-06-30"}, "destinations": {"us, jp"}, "end_users": {"Acme Networks AG\nAcme Labs KK"},
		"products": {"Probe appliance"}, "entry_codes": {"5A002.a, 5D002.c.1"}, "limit": {"5,000.00"}, "currency": {"eur"},
		"quantity": {"10"}, "unit": {"pcs"}}
}

func TestLicences_OfficerRecordsALicenceWithItsDocument(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	res := postLicence(t, v, licenceForm(), "licence.pdf", pdf)
	if !res.redirectsTo("/licences/") {
		t.Fatalf("record a licence: %d %s", res.StatusCode, res.Body)
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/licences/")
	l, err := app.Licensing.Licence(app.SignedIn(t, "officer@example.com"), id)
	if err != nil {
		t.Fatal(err)
	}
	if l.Type != licensing.Individual || l.Number != "DE-123" || l.Authority != "BAFA" || l.ValidFrom.Format("2006-01-02") != "2025-01-01" ||
		l.ValidUntil.Format("2006-01-02") != "2027-06-30" || strings.Join(l.Destinations, " ") != "US JP" ||
		strings.Join(l.EndUsers, "|") != "Acme Networks AG|Acme Labs KK" || strings.Join(l.Products, "|") != "Probe appliance" ||
		strings.Join(l.EntryCodes, " ") != "5A002.a 5D002.c.1" || *l.LimitMinor != 500_000 || l.Currency != "EUR" ||
		*l.LimitMilli != 10_000 || l.Unit != "pcs" || l.DocFilename != "licence.pdf" || l.DocContentType != "application/pdf" ||
		l.CreatedByName == "" {
		t.Errorf("stored %+v", l)
	}
	page := v.get("/licences/" + id)
	for _, want := range []string{`data-testid="validity-warning"`, "up to two years", "EUR 5,000.00 of EUR 5,000.00; 10 pcs of 10 pcs"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("licence page lacks %q", want)
		}
	}
	if doc := v.get("/licences/" + id + "/document"); doc.StatusCode != http.StatusOK || doc.Body != pdf {
		t.Errorf("document: %d %q", doc.StatusCode, doc.Body)
	}
	if list := v.get("/licences"); !strings.Contains(list.Body, "DE-123 (BAFA)") || strings.Count(list.Body, `data-testid="gea-row"`) != 8 {
		t.Errorf("the list lacks the licence or a GEA")
	}
}

func TestLicences_BadInputKeepsWhatWasTyped(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	for _, tc := range []struct {
		name, field, value, file, want string
	}{
		{"no document", "", "", "", "Upload the licence document."},
		{"a refused document", "", "", "<html><script>x</script></html>", "This kind of file is not accepted"},
		{"an unknown destination", "destinations", "US, ZZ", pdf, "“ZZ” is not an ISO country code"},
		{"dates the wrong way round", "valid_until", "2024-12-31", pdf, "The last valid day cannot come before the first."},
		{"a limit without a currency", "currency", "", pdf, "Use a three-letter currency code"},
		{"not an entry code", "entry_codes", "5A002.a, EAR99", pdf, "“EAR99” is not an Annex I entry code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := licenceForm()
			if tc.field != "" {
				form.Set(tc.field, tc.value)
			}
			res := postLicence(t, v, form, "licence.pdf", tc.file)
			if tc.file != "" && tc.file != pdf {
				res = postLicence(t, v, form, "licence.html", tc.file)
			}
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
				t.Fatalf("%d, want 422 with %q", res.StatusCode, tc.want)
			}
			for _, kept := range []string{`value="DE-123"`, `value="BAFA"`, "Acme Networks AG\nAcme Labs KK</textarea>", `value="5,000.00"`} {
				if !strings.Contains(res.Body, kept) {
					t.Errorf("the form lost %s", kept)
				}
			}
		})
	}
	if list, _ := app.Licensing.Licences(app.SignedIn(t, "officer@example.com")); len(list) != 0 {
		t.Errorf("%d licences stored, want none", len(list))
	}
}

func TestLicences_ManagerIsRefused(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("manager@example.com")
	if res := postLicence(t, v, licenceForm(), "licence.pdf", pdf); res.StatusCode != http.StatusForbidden ||
		!strings.Contains(res.Body, "Your roles do not give access") {
		t.Errorf("manager records a licence: %d", res.StatusCode)
	}
	if res := v.form("/licences/gea/EU008/registration", url.Values{"registered_on": {"2025-01-02"}, "authority": {"BAFA"},
		"reference": {"X"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager registers a GEA: %d", res.StatusCode)
	}
	if res := v.get("/licences"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `data-testid="new-licence"`) {
		t.Errorf("manager reads the licences: %d, or is offered to record one", res.StatusCode)
	}
	officer := app.SignedIn(t, "officer@example.com")
	geas, _ := app.Licensing.GEAs(officer)
	list, _ := app.Licensing.Licences(officer)
	if len(list) != 0 || geas[7].Registration != nil {
		t.Errorf("stored: %d licences, EU008 registration %+v", len(list), geas[7].Registration)
	}
}

func TestLicences_GEARegistration(t *testing.T) {
	app, ts := newServer(t)
	v := newVisitor(t, ts)
	v.signIn("officer@example.com")
	page := v.get("/licences/gea/eu008")
	for _, want := range []string{"EU008: “Encryption”", "All destinations except AE, AF, AM", "the destinations of EU001", "not checked",
		"no later than 10 days before the first export"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the EU008 page lacks %q", want)
		}
	}
	if res := v.form("/licences/gea/EU008/registration", url.Values{"registered_on": {"2099-01-01"}, "authority": {"BAFA"},
		"reference": {"EU008-42"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="EU008-42"`) {
		t.Errorf("a registration in the future: %d", res.StatusCode)
	}
	if res := v.form("/licences/gea/EU008/registration", url.Values{"registered_on": {"2025-01-02"}, "authority": {"BAFA"},
		"reference": {"EU008-42"}}); !res.redirectsTo("/licences/gea/EU008") {
		t.Fatalf("register: %d", res.StatusCode)
	}
	g, err := app.Licensing.GEA(app.SignedIn(t, "officer@example.com"), "EU008")
	if err != nil || g.Registration == nil {
		t.Fatalf("EU008: %v, %+v", err, g)
	}
	if r := g.Registration; r.Authority != "BAFA" || r.Reference != "EU008-42" || r.RegisteredOn.Format("2006-01-02") != "2025-01-02" ||
		r.RecordedByName == "" {
		t.Errorf("registration %+v", r)
	}
	if ok, why := g.Usable(); !ok {
		t.Errorf("registered EU008 not usable: %s", why)
	}
	if res := v.get("/licences/gea/EU009"); res.StatusCode != http.StatusNotFound {
		t.Errorf("EU009: %d", res.StatusCode)
	}
}
