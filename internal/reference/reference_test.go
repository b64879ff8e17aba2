package reference_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestCountries_EveryISOCountryAndKosovo(t *testing.T) {
	d := testutil.NewDB(t)
	cs, err := reference.Countries(context.Background(), d.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 249 {
		t.Fatalf("got %d countries, want at least the 249 of ISO 3166-1", len(cs))
	}
	byCode := map[string]reference.Country{}
	alpha3 := map[string]bool{}
	for _, c := range cs {
		if len(c.Code) != 2 || c.Code != strings.ToUpper(c.Code) || len(c.Alpha3) != 3 || c.Name == "" {
			t.Errorf("malformed country %+v", c)
		}
		if _, dup := byCode[c.Code]; dup || alpha3[c.Alpha3] {
			t.Errorf("duplicate country %+v", c)
		}
		byCode[c.Code], alpha3[c.Alpha3] = c, true
	}
	// Destinations export control cares most about.
	for _, code := range []string{"RU", "CN", "IR", "KP", "SY", "BY", "MM", "VE", "XK", "DE", "US", "GB"} {
		if _, ok := byCode[code]; !ok {
			t.Errorf("%s missing", code)
		}
	}
}

func TestCountries_OrderedByNameIgnoringAccentsAndCase(t *testing.T) {
	d := testutil.NewDB(t)
	cs, err := reference.Countries(context.Background(), d.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	col := collate.New(language.English, collate.Loose)
	for i := 1; i < len(cs); i++ {
		if col.CompareString(cs[i-1].Name, cs[i].Name) > 0 {
			t.Errorf("%q listed before %q", cs[i-1].Name, cs[i].Name)
		}
	}
	pos := map[string]int{}
	for i, c := range cs {
		pos[c.Name] = i
	}
	for _, p := range [][2]string{
		{"Afghanistan", "Åland Islands"}, {"Åland Islands", "Albania"},
		{"Côte d'Ivoire", "Croatia"}, {"Türkiye", "Turkmenistan"}, {"Germany", "Ghana"},
	} {
		a, okA := pos[p[0]]
		b, okB := pos[p[1]]
		if !okA || !okB || a >= b {
			t.Errorf("%q (at %d, present %v) should come before %q (at %d, present %v)", p[0], a, okA, p[1], b, okB)
		}
	}
	if cs[0].Name != "Afghanistan" || cs[len(cs)-1].Name != "Zimbabwe" {
		t.Errorf("list runs from %q to %q, want Afghanistan to Zimbabwe", cs[0].Name, cs[len(cs)-1].Name)
	}
}

func TestCountryByCode(t *testing.T) {
	d := testutil.NewDB(t)
	for _, tc := range []struct {
		code string
		want reference.Country
	}{
		{"DE", reference.Country{Code: "DE", Alpha3: "DEU", Name: "Germany"}},
		{"de ", reference.Country{Code: "DE", Alpha3: "DEU", Name: "Germany"}},
		{"\tgB\n", reference.Country{Code: "GB", Alpha3: "GBR", Name: "United Kingdom"}},
		{"US", reference.Country{Code: "US", Alpha3: "USA", Name: "United States"}},
		{"XK", reference.Country{Code: "XK", Alpha3: "XKX", Name: "Kosovo"}},
		// The common name where iso-codes has one, not the ISO short name.
		{"IR", reference.Country{Code: "IR", Alpha3: "IRN", Name: "Iran"}},
		{"KP", reference.Country{Code: "KP", Alpha3: "PRK", Name: "North Korea"}},
		{"KR", reference.Country{Code: "KR", Alpha3: "KOR", Name: "South Korea"}},
		{"SY", reference.Country{Code: "SY", Alpha3: "SYR", Name: "Syria"}},
		{"VE", reference.Country{Code: "VE", Alpha3: "VEN", Name: "Venezuela"}},
		{"TW", reference.Country{Code: "TW", Alpha3: "TWN", Name: "Taiwan"}},
		{"RU", reference.Country{Code: "RU", Alpha3: "RUS", Name: "Russian Federation"}},
		{"CN", reference.Country{Code: "CN", Alpha3: "CHN", Name: "China"}},
		{"BY", reference.Country{Code: "BY", Alpha3: "BLR", Name: "Belarus"}},
		{"MM", reference.Country{Code: "MM", Alpha3: "MMR", Name: "Myanmar"}},
		{"CI", reference.Country{Code: "CI", Alpha3: "CIV", Name: "Côte d'Ivoire"}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			got, err := reference.CountryByCode(context.Background(), d.Gorm, tc.code)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestCountryByCode_UnknownIsNotFound(t *testing.T) {
	d := testutil.NewDB(t)
	for _, code := range []string{"ZZ", "zz", "", "  ", "DEU", "D", "D E", "276"} {
		_, err := reference.CountryByCode(context.Background(), d.Gorm, code)
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%q: got %v, want not_found", code, err)
			continue
		}
		if msg := apperr.Message(err); !strings.HasPrefix(msg, "Unknown country code ") {
			t.Errorf("%q: message %q", code, msg)
		}
	}
	_, err := reference.CountryByCode(context.Background(), d.Gorm, "ZZ")
	if msg := apperr.Message(err); msg != `Unknown country code "ZZ".` {
		t.Errorf("message %q", msg)
	}
}

// The columns Country does not carry are stored too: numeric code and
// official name, NULL where ISO has none, and quotes survive the escaping.
func TestCountriesTable_NumericAndOfficialName(t *testing.T) {
	d := testutil.NewDB(t)
	for _, tc := range []struct {
		code, numeric string
		official      sql.NullString
	}{
		{"DE", "276", sql.NullString{String: "Federal Republic of Germany", Valid: true}},
		{"AF", "004", sql.NullString{String: "Islamic Republic of Afghanistan", Valid: true}},
		{"CI", "384", sql.NullString{String: "Republic of Côte d'Ivoire", Valid: true}},
		{"KP", "408", sql.NullString{String: "Democratic People's Republic of Korea", Valid: true}},
		{"RU", "643", sql.NullString{}},
		{"XK", "", sql.NullString{}},
	} {
		var row struct {
			NumericCode  string
			OfficialName sql.NullString
		}
		err := d.Gorm.Raw("SELECT numeric_code, official_name FROM countries WHERE code = ?", tc.code).Scan(&row).Error
		if err != nil {
			t.Fatal(err)
		}
		if row.NumericCode != tc.numeric || row.OfficialName != tc.official {
			t.Errorf("%s: numeric %q official %+v, want %q %+v", tc.code, row.NumericCode, row.OfficialName, tc.numeric, tc.official)
		}
	}
}

func TestIsWebAddress_AbsoluteHTTPOnly(t *testing.T) {
	for _, tc := range []struct {
		address string
		ok      bool
	}{
		{"https://freedomhouse.org/country/iran/freedom-world/2025", true},
		{"https://example.org", true},
		{"http://undocs.org/A/HRC/41/35?lang=en#p2", true},
		{"HTTPS://Example.org/Report", true},
		{"https://reader@example.org:8443/path", true},
		{"", false},
		{"javascript:alert(1)", false},
		{"freedomhouse.org/country/iran", false},
		{"/relative/path", false},
		{"ftp://example.org/file", false},
		{"https://", false},
		{"https:///path", false},
		{"https://:443/path", false},
		{"https://reader@/path", false},
		{"https://exa mple.org", false},
		{"https://example.org/a\nb", false},
		{" https://example.org", false},
	} {
		if got := reference.IsWebAddress(tc.address); got != tc.ok {
			t.Errorf("IsWebAddress(%q) = %v, want %v", tc.address, got, tc.ok)
		}
	}
}
