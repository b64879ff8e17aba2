package licensing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/licensing"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr(n int64) *int64 { return &n }

func TestLicence_Covers(t *testing.T) {
	l := licensing.Licence{Type: licensing.Individual, Number: "DE-123", Authority: "BAFA", ValidFrom: day("2025-01-01"),
		ValidUntil: day("2026-12-31"), Destinations: licensing.Words{"US", "JP"}, EndUsers: licensing.Lines{"Acme Networks AG"},
		EntryCodes: licensing.Words{"5A002.a"}, Products: licensing.Lines{"Probe appliance"},
		LimitMinor: ptr(1_000_000), Currency: "EUR", ReservedMinor: 500_000, DrawnMinor: 380_000, LimitMilli: ptr(10_000), Unit: "pcs"}
	use := licensing.Use{On: day("2025-06-01"), Destination: "us", EndUser: "acme  networks ag", EntryCode: "5A002.a.1",
		ValueMinor: 100_000, Currency: "EUR", QuantityMilli: 1_000}
	for _, tc := range []struct {
		name string
		edit func(*licensing.Use)
		ok   bool
		why  string
	}{
		{"within everything", func(*licensing.Use) {}, true, ""},
		{"the last valid day", func(u *licensing.Use) { u.On = day("2026-12-31") }, true, ""},
		{"expired", func(u *licensing.Use) { u.On = day("2027-01-01") }, false, "Licence DE-123 expired on 2026-12-31."},
		{"not yet valid", func(u *licensing.Use) { u.On = day("2024-12-31") }, false, "Licence DE-123 is valid only from 2025-01-01."},
		{"wrong destination", func(u *licensing.Use) { u.Destination = "CN" }, false, "does not cover exports to CN; it covers US, JP."},
		{"wrong end user", func(u *licensing.Use) { u.EndUser = "Acme Trading FZE" }, false, "does not name Acme Trading FZE as an end user."},
		{"an item of another entry", func(u *licensing.Use) { u.EntryCode = "5A001.j" }, false, "does not cover this item: it covers 5A002.a, Probe appliance."},
		{"an item by its product name", func(u *licensing.Use) { u.EntryCode, u.Product = "", "probe appliance" }, true, ""},
		{"value exhausted", func(u *licensing.Use) { u.ValueMinor = 500_000 }, false,
			"Licence DE-123 has EUR 1,200.00 left; this item needs EUR 5,000.00."},
		{"quantity exhausted", func(u *licensing.Use) { u.QuantityMilli = 10_500 }, false, "has 10 pcs left; this item needs 10.5 pcs."},
		{"another currency", func(u *licensing.Use) { u.Currency = "usd" }, false, "is limited in EUR; this item needs USD."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := use
			tc.edit(&u)
			ok, why := l.Covers(u)
			if ok != tc.ok || !strings.Contains(why, tc.why) || ok != (why == "") {
				t.Errorf("Covers = %v, %q; want %v, %q", ok, why, tc.ok, tc.why)
			}
		})
	}
	open := licensing.Licence{Number: "NGA-1", ValidFrom: day("2025-01-01"), ValidUntil: day("2025-12-31")}
	if ok, why := open.Covers(use); !ok {
		t.Errorf("a licence naming no destination, end user, item or limit: %q", why)
	}
}

// TestLicence_ValidityWarning: Art. 12(3) is a warning, never a refusal.
func TestLicence_ValidityWarning(t *testing.T) {
	for _, tc := range []struct {
		typ         licensing.Type
		from, until string
		warn        string
	}{
		{licensing.Individual, "2025-01-01", "2027-01-01", ""},
		{licensing.Individual, "2025-01-01", "2027-01-02", "individual export authorisations a validity of up to two years, unless the competent authority decides otherwise"},
		{licensing.Global, "2025-01-01", "2028-01-01", "up to two years"},
		{licensing.LargeProject, "2025-01-01", "2029-01-01", ""},
		{licensing.LargeProject, "2025-01-01", "2030-01-01", "up to four years, except in duly justified circumstances"},
		{licensing.NationalGeneral, "2025-01-01", "2035-01-01", ""},
	} {
		l := licensing.Licence{Type: tc.typ, ValidFrom: day(tc.from), ValidUntil: day(tc.until)}
		if got := l.ValidityWarning(); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
			t.Errorf("%s %s–%s: %q, want %q", tc.typ, tc.from, tc.until, got, tc.warn)
		}
	}
}
