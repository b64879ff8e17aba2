package watchlist

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/testdata"
)

// ofacTestDir is ../shared/data/sanctions relative to the repository root
// (the directory holding go.mod). The data is not part of the repository;
// tests that need it are skipped when it is absent.
func ofacTestDir(tb testing.TB) string {
	tb.Helper()
	d, err := testdata.SanctionsDir()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		tb.Skipf("sanctions test data not found at %s", d)
	}
	return d
}

func ofacTestRead(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(ofacTestDir(tb), rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// ofacSet opens a set of OFAC files; an empty name leaves that file out.
func ofacSet(tb testing.TB, main, add, alt, comments string) OFACFiles {
	tb.Helper()
	f := OFACFiles{Main: bytes.NewReader(ofacTestRead(tb, main)), MainName: filepath.Base(main)}
	if add != "" {
		f.Add, f.AddName = bytes.NewReader(ofacTestRead(tb, add)), filepath.Base(add)
	}
	if alt != "" {
		f.Alt, f.AltName = bytes.NewReader(ofacTestRead(tb, alt)), filepath.Base(alt)
	}
	if comments != "" {
		f.Comments, f.CommentsName = bytes.NewReader(ofacTestRead(tb, comments)), filepath.Base(comments)
	}
	return f
}

func collectOFAC(tb testing.TB, src Source, f OFACFiles) ([]Entry, OFACStats) {
	tb.Helper()
	var got []Entry
	stats, err := ParseOFAC(src, f, func(e Entry) error { got = append(got, e); return nil })
	if err != nil {
		tb.Fatalf("ParseOFAC: %v", err)
	}
	if stats.Entries != len(got) {
		tb.Fatalf("stats.Entries = %d, emitted %d", stats.Entries, len(got))
	}
	return got, stats
}

func ofacTestByID(entries []Entry) map[string]Entry {
	m := map[string]Entry{}
	for _, e := range entries {
		m[e.SourceID] = e
	}
	return m
}

func TestParseOFACSmall(t *testing.T) {
	entries, stats := collectOFAC(t, OFACSDN, ofacSet(t, "ofac/small/sdn.csv", "ofac/small/add.csv", "ofac/small/alt.csv", "ofac/small/sdn_comments.csv"))
	if len(entries) != 17 {
		t.Fatalf("entries = %d, want 17", len(entries))
	}
	// add.csv has 4 rows and alt.csv 5 rows whose ent_num is not in sdn.csv
	// (the small set was cut from a full one); 5 of the 24 other add.csv
	// rows are all -0- and add no address.
	want := OFACStats{Entries: 17, Addresses: 19, Aliases: 13, Comments: 1, Orphans: 9}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
	m := ofacTestByID(entries)

	t.Run("individual", func(t *testing.T) {
		e := m["48603"]
		want := Entry{
			Source:   OFACSDN,
			SourceID: "48603",
			Kind:     Individual,
			Names: []Name{
				{Text: "KHOROSHEV, Dmitry Yuryevich"},
				{Text: "KHOROSHEV, Dmitriy Yurevich", Quality: "aka"},
				{Text: "YURIEVICH, Dmitry", Quality: "aka"},
				{Text: "KHOROSHEV, Dmitrii Yuryevich", Quality: "aka"},
				{Text: "LOCKBITSUPP", Quality: "weak"},
			},
			Programs:      []string{"CYBER2"},
			Addresses:     []Address{{Country: "Russia"}},
			Countries:     []string{"Russian Federation", "Russia"},
			Nationalities: []string{"Russia"},
			BirthDates:    []string{"17 Apr 1993"},
			Identifiers: []Identifier{
				{Type: "Digital Currency Address - XBT", Number: "bc1qvhnfknw852ephxyc5hm4q520zmvf9maphetc9z"},
				{Type: "Passport", Number: "2018278055", Country: "Russia"},
				{Type: "Passport", Number: "2006801524", Country: "Russia"},
				{Type: "Tax ID No.", Number: "366110340670", Country: "Russia"},
			},
			Remarks: "DOB 17 Apr 1993; POB Russian Federation; nationality Russia; citizen Russia; Email Address khoroshev1@icloud.com; alt. Email Address sitedev5@yandex.ru; Gender Male; Digital Currency Address - XBT bc1qvhnfknw852ephxyc5hm4q520zmvf9maphetc9z; Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201; Passport 2018278055 (Russia); alt. Passport 2006801524 (Russia); Tax ID No. 366110340670 (Russia); a.k.a. 'LOCKBITSUPP'.",
		}
		if !reflect.DeepEqual(e, want) {
			t.Errorf("got\n%#v\nwant\n%#v", e, want)
		}
	})

	t.Run("individual with addresses and SSN", func(t *testing.T) {
		e := m["10278"]
		if e.Kind != Individual || e.Names[0].Text != "LOGAN MOREY, Elvis Angus" {
			t.Fatalf("got %+v", e)
		}
		// alt.csv row "10416,10278,..." belongs to entry 10416, not 10278.
		if want := []Name{{Text: "LOGAN MOREY, Elvis Angus"}, {Text: "BURTON BURGESS", Quality: "weak"}}; !reflect.DeepEqual(e.Names, want) {
			t.Errorf("names = %+v, want %+v", e.Names, want)
		}
		if len(e.Addresses) != 0 {
			t.Errorf("addresses = %+v, want none (the only row is all -0-)", e.Addresses)
		}
		if want := []string{"28 Jul 1963"}; !reflect.DeepEqual(e.BirthDates, want) {
			t.Errorf("birth dates = %v", e.BirthDates)
		}
		if want := []string{"Belize"}; !reflect.DeepEqual(e.Countries, want) {
			t.Errorf("countries = %v, want %v (from POB)", e.Countries, want)
		}
		wantIDs := []Identifier{{Type: "Passport", Number: "P0017003", Country: "Belize"}, {Type: "SSN", Number: "561-77-9011", Country: "United States"}}
		if !reflect.DeepEqual(e.Identifiers, wantIDs) {
			t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
		}
	})

	t.Run("entity", func(t *testing.T) {
		e := m["11195"]
		if e.Kind != Entity {
			t.Errorf("kind = %q", e.Kind)
		}
		if want := []string{"NPWMD", "IFSR", "IRAN-CON-ARMS-EO"}; !reflect.DeepEqual(e.Programs, want) {
			t.Errorf("programs = %v, want %v", e.Programs, want)
		}
		if len(e.Addresses) != 5 || e.Addresses[0] != (Address{Text: "P.O. Box 83145-311, 28 km Esfahan - Tehran Freeway, Shahin Shahr, Esfahan", Country: "Iran"}) {
			t.Errorf("addresses = %+v", e.Addresses)
		}
		// 4 aliases from alt.csv, 9 weak ones from the remarks.
		if len(e.Names) != 1+4+9 || e.Names[1] != (Name{Text: "HESA TRADE CENTER", Quality: "aka"}) || e.Names[5] != (Name{Text: "HESA", Quality: "weak"}) {
			t.Errorf("names = %+v", e.Names)
		}
		wantIDs := []Identifier{{Type: "National ID No.", Number: "10100722073", Country: "Iran"}, {Type: "Registration Number", Number: "26740", Country: "Iran"}}
		if !reflect.DeepEqual(e.Identifiers, wantIDs) {
			t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
		}
	})

	t.Run("remarks overflow", func(t *testing.T) {
		e := m["33151"]
		// sdn.csv cuts the remarks mid-address; sdn_comments.csv goes on.
		if !strings.Contains(e.Remarks, "XBT 1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi; Digital Currency Address - ETH") {
			t.Errorf("remarks overflow not joined: %q", e.Remarks)
		}
		if !strings.HasSuffix(e.Remarks, "a.k.a. 'SUCCESSFUL EXCHANGE'.") {
			t.Errorf("remarks end: %q", e.Remarks[len(e.Remarks)-60:])
		}
		wantIDs := []Identifier{
			{Type: "Digital Currency Address - XBT", Number: "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi"},
			{Type: "Company Number", Number: "07486049", Country: "Czech Republic"},
			{Type: "Legal Entity Number", Number: "5299007NTWCC3U23WM81", Country: "Czech Republic"},
		}
		for _, id := range wantIDs {
			if !ofacTestHasID(e.Identifiers, id) {
				t.Errorf("identifier %+v missing from %+v", id, e.Identifiers)
			}
		}
		if n := e.Names[len(e.Names)-1]; n != (Name{Text: "SUCCESSFUL EXCHANGE", Quality: "weak"}) {
			t.Errorf("last name = %+v, want the weak a.k.a. from the overflow", n)
		}
		if want := []Address{
			{Text: "Presnenskaya Embankment, 12, Federation East Tower, Floor 31, Suite Q, Moscow 123317", Country: "Russia"},
			{Text: "Skorepka 1058/8 Stare Mesto, Prague 110 00", Country: "Czech Republic"},
		}; !reflect.DeepEqual(e.Addresses, want) {
			t.Errorf("addresses = %+v", e.Addresses)
		}
	})

	t.Run("vessel", func(t *testing.T) {
		e := m["47371"]
		if e.Kind != Vessel || e.Names[0].Text != "NS LEADER" {
			t.Fatalf("got %+v", e)
		}
		wantIDs := []Identifier{{Type: "Call Sign", Number: "A8LU7"}, {Type: "IMO", Number: "9339301"}, {Type: "MMSI", Number: "636013272"}}
		if !reflect.DeepEqual(e.Identifiers, wantIDs) {
			t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
		}
		if want := []string{"Gabon"}; !reflect.DeepEqual(e.Countries, want) {
			t.Errorf("countries = %v, want the flag %v", e.Countries, want)
		}
		if want := "Secondary sanctions risk: See Section 11 of Executive Order 14024.; Identification Number IMO 9339301; MMSI 636013272; Linked To: NS LEADER SHIPPING INCORPORATED.; Vessel Type: Crude Oil Tanker"; e.Remarks != want {
			t.Errorf("remarks = %q, want %q", e.Remarks, want)
		}
		if v := m["40716"]; !ofacTestHasID(v.Identifiers, Identifier{Type: "IMO", Number: "9486910"}) {
			t.Errorf("IRIS MAKRAN identifiers = %+v", v.Identifiers)
		}
	})

	t.Run("aircraft", func(t *testing.T) {
		e := m["48727"]
		if e.Kind != Aircraft || e.Names[0].Text != "EP-PUS" {
			t.Fatalf("got %+v", e)
		}
		if want := []string{"SDGT", "NPWMD", "IRGC", "IFSR"}; !reflect.DeepEqual(e.Programs, want) {
			t.Errorf("programs = %v, want %v", e.Programs, want)
		}
		wantIDs := []Identifier{{Type: "Aircraft Mode S Transponder Code", Number: "7342B3"}, {Type: "Aircraft Manufacturer's Serial Number (MSN)", Number: "1023409321"}}
		if !reflect.DeepEqual(e.Identifiers, wantIDs) {
			t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
		}
		if len(e.Names) != 1 || len(e.Addresses) != 0 {
			t.Errorf("names %+v addresses %+v: the alt row 29445,48727 and the all -0- add row add nothing", e.Names, e.Addresses)
		}
	})
}

func ofacTestHasID(ids []Identifier, id Identifier) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestParseOFACFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full lists in -short mode")
	}
	tests := []struct {
		name                   string
		src                    Source
		main, add, alt, cmts   string
		entries                int
		kinds                  map[Kind]int
		wantOrphans            bool
		minAddresses, minAlias int
	}{
		{
			name: "2024-05-03 sdn with 2025-02 satellites", src: OFACSDN,
			main: "ofac/2024-05-03/sdn.csv", add: "ofac/2025-02-satellites/add.csv", alt: "ofac/2025-02-satellites/alt.csv", cmts: "ofac/2025-02-satellites/sdn_comments.csv",
			entries:     14965,
			kinds:       map[Kind]int{Individual: 6854, Entity: 6884, Vessel: 851, Aircraft: 376},
			wantOrphans: true, minAddresses: 15000, minAlias: 12000,
		},
		{
			name: "2021-07 consistent set", src: OFACSDN,
			main: "ofac/2021-07/sdn.csv", add: "ofac/2021-07/add.csv", alt: "ofac/2021-07/alt.csv", cmts: "ofac/2021-07/sdn_comments.csv",
			entries: 8976, minAddresses: 10000, minAlias: 11910,
		},
		{
			name: "2023-05-02 sdn alone", src: OFACSDN,
			main: "ofac/2023-05-02/sdn.csv", entries: 12211,
		},
		{
			name: "non-SDN consolidated", src: OFACCons,
			main: "ofac/non-sdn-2025/cons_prim.csv", add: "ofac/non-sdn-2025/cons_add.csv", alt: "ofac/non-sdn-2025/cons_alt.csv", cmts: "ofac/non-sdn-2025/cons_comments.csv",
			entries: 442, minAddresses: 400, minAlias: 1000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, stats := collectOFAC(t, tt.src, ofacSet(t, tt.main, tt.add, tt.alt, tt.cmts))
			t.Logf("%s: %+v", tt.name, stats)
			if len(entries) != tt.entries {
				t.Errorf("entries = %d, want %d", len(entries), tt.entries)
			}
			kinds := map[Kind]int{}
			ids := map[string]bool{}
			for _, e := range entries {
				kinds[e.Kind]++
				if e.Source != tt.src || e.SourceID == "" || len(e.Names) == 0 || e.Names[0].Text == "" || e.Names[0].Quality != "" {
					t.Fatalf("bad entry %+v", e)
				}
				if ids[e.SourceID] {
					t.Errorf("duplicate ent_num %s", e.SourceID)
				}
				ids[e.SourceID] = true
			}
			if tt.kinds != nil && !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds = %v, want %v", kinds, tt.kinds)
			}
			if kinds[Unknown] != 0 {
				t.Errorf("%d entries of unknown kind", kinds[Unknown])
			}
			if tt.wantOrphans && stats.Orphans == 0 {
				t.Errorf("orphans = 0, want > 0 (the satellites are newer than sdn.csv)")
			}
			if !tt.wantOrphans && tt.add != "" && stats.Orphans != 0 {
				t.Errorf("orphans = %d in a consistent set", stats.Orphans)
			}
			if stats.Addresses < tt.minAddresses || stats.Aliases < tt.minAlias {
				t.Errorf("addresses %d (want ≥ %d), aliases %d (want ≥ %d)", stats.Addresses, tt.minAddresses, stats.Aliases, tt.minAlias)
			}
		})
	}
}

// Every damaged file is refused with a *FormatError naming the file and
// the line where it broke.
func TestParseOFACMalformed(t *testing.T) {
	good := func(name string) io.Reader { return bytes.NewReader(ofacTestRead(t, "ofac/small/"+name)) }
	tests := []struct {
		file  string
		files func(bad io.Reader) OFACFiles
		line  int
	}{
		{"sdn.csv", func(bad io.Reader) OFACFiles {
			return OFACFiles{Main: bad, MainName: "sdn.csv"}
		}, 7380},
		{"add.csv", func(bad io.Reader) OFACFiles {
			return OFACFiles{Main: good("sdn.csv"), MainName: "sdn.csv", Add: bad, AddName: "add.csv"}
		}, 11697},
		{"alt.csv", func(bad io.Reader) OFACFiles {
			return OFACFiles{Main: good("sdn.csv"), MainName: "sdn.csv", Alt: bad, AltName: "alt.csv"}
		}, 9683},
		{"sdn_comments.csv", func(bad io.Reader) OFACFiles {
			return OFACFiles{Main: good("sdn.csv"), MainName: "sdn.csv", Comments: bad, CommentsName: "sdn_comments.csv"}
		}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			bad := bytes.NewReader(ofacTestRead(t, "malformed/"+tt.file))
			n := 0
			_, err := ParseOFAC(OFACSDN, tt.files(bad), func(Entry) error { n++; return nil })
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if fe.File != tt.file || fe.Line != tt.line {
				t.Errorf("error at %s line %d, want %s line %d (%v)", fe.File, fe.Line, tt.file, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.file) || !strings.Contains(err.Error(), "line") {
				t.Errorf("message %q does not name the file and line", err)
			}
			t.Logf("refused: %v (after %d entries)", err, n)
		})
	}
}

func TestParseOFACFormatErrors(t *testing.T) {
	row := `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"
	tests := []struct {
		name, main string
		line       int
		msg        string
	}{
		{"short row", row + `37,"X",-0- ,"CUBA"` + "\r\n", 2, "wrong number of fields"},
		{"broken quoting", row + `37,"X,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n", 2, "quote"},
		{"bare quote", row + `37,X"Y,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n", 2, "quote"},
		{"non-numeric ent_num", row + strings.Replace(row, "36", "3x", 1), 2, "ent_num"},
		{"repeated ent_num", row + row, 2, "repeated"},
		{"empty name", strings.Replace(row, `"AEROCARIBBEAN AIRLINES"`, `-0- `, 1), 1, "empty SDN_Name"},
		{"garbage last line", row + "||||", 2, "wrong number of fields"},
		{"data after eof mark", row + "\x1a\r\n" + row, 2, "end-of-file mark"},
		{"empty file", "", 0, "no entries"},
		{"only eof mark", "\x1a", 0, "no entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOFAC(OFACSDN, OFACFiles{Main: strings.NewReader(tt.main), MainName: "sdn.csv"}, func(Entry) error { return nil })
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if fe.File != "sdn.csv" || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("err = %v (line %d), want line %d and %q", err, fe.Line, tt.line, tt.msg)
			}
		})
	}

	t.Run("eof mark accepted", func(t *testing.T) {
		for _, end := range []string{"\x1a", "\x1a\r\n", "\x1a\n", ""} {
			stats, err := ParseOFAC(OFACSDN, OFACFiles{Main: strings.NewReader(row + end), MainName: "sdn.csv"}, func(Entry) error { return nil })
			if err != nil || stats.Entries != 1 {
				t.Errorf("end %q: stats %+v, err %v", end, stats, err)
			}
		}
	})

	t.Run("emit error passed through", func(t *testing.T) {
		stop := errors.New("stop")
		stats, err := ParseOFAC(OFACSDN, OFACFiles{Main: strings.NewReader(row + strings.Replace(row, "36", "37", 1)), MainName: "sdn.csv"}, func(Entry) error { return stop })
		if err != stop || stats.Entries != 0 {
			t.Errorf("err = %v, want the emit error", err)
		}
	})

	t.Run("orphans", func(t *testing.T) {
		add := "36,25,-0- ,Havana,Cuba,-0- \r\n99,26,-0- ,Paris,France,-0- \r\n"
		alt := `99,12,"aka","X",-0- ` + "\r\n" + `36,13,"fka","AERO-CARIBBEAN","weak"` + "\r\n"
		var got []Entry
		stats, err := ParseOFAC(OFACSDN, OFACFiles{
			Main: strings.NewReader(row), MainName: "sdn.csv",
			Add: strings.NewReader(add), AddName: "add.csv",
			Alt: strings.NewReader(alt), AltName: "alt.csv",
			Comments: strings.NewReader(`98,"more"` + "\n"), CommentsName: "sdn_comments.csv",
		}, func(e Entry) error { got = append(got, e); return nil })
		if err != nil {
			t.Fatal(err)
		}
		if want := (OFACStats{Entries: 1, Addresses: 1, Aliases: 1, Orphans: 3}); stats != want {
			t.Errorf("stats = %+v, want %+v", stats, want)
		}
		want := Entry{Source: OFACSDN, SourceID: "36", Kind: Entity,
			Names:     []Name{{Text: "AEROCARIBBEAN AIRLINES"}, {Text: "AERO-CARIBBEAN", Quality: "weak"}},
			Programs:  []string{"CUBA"},
			Addresses: []Address{{Text: "Havana", Country: "Cuba"}},
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
}

func TestOFACParseRemarks(t *testing.T) {
	tests := []struct {
		remarks string
		want    Entry
	}{
		{"DOB circa 1958; alt. DOB 1962 to 1964; POB Baghdad, Iraq; nationality Iraq; alt. nationality Syria.",
			Entry{BirthDates: []string{"circa 1958", "1962 to 1964"}, Countries: []string{"Iraq"}, Nationalities: []string{"Iraq", "Syria"}}},
		{"Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001; Passport A123 (Iran) issued 2010.",
			Entry{Identifiers: []Identifier{{Type: "Passport", Number: "L 191609"}, {Type: "Passport", Number: "A123", Country: "Iran"}}}},
		{"Registration Number HRA 738077 (Stuttgart) (Germany); Registration ID 14063277; Passport Booklet: A5199819 (Pakistan)",
			Entry{Identifiers: []Identifier{{Type: "Registration Number", Number: "HRA 738077", Country: "Germany"}, {Type: "Registration ID", Number: "14063277"}, {Type: "Passport Booklet", Number: "A5199819", Country: "Pakistan"}}}},
		{"Economic Register Number (CBLS) 11582964 (United Arab Emirates); Aircraft Construction Number (also called L/N or S/N or F/N) 8401; Company Number IMO 5055293",
			Entry{Identifiers: []Identifier{{Type: "Economic Register Number (CBLS)", Number: "11582964", Country: "United Arab Emirates"}, {Type: "Aircraft Construction Number (also called L/N or S/N or F/N)", Number: "8401"}, {Type: "IMO Company Number", Number: "5055293"}}}},
		{"Gender Male; Website www.x.ru; Organization Established Date 1969; Aircraft Model IL76-TD; Linked To: X.", Entry{}},
		{"Email Address a@b.c; a.k.a. 'ABU-'UMAR'; f.k.a. 'OLD NAME'.",
			Entry{Names: []Name{{Text: "ABU-'UMAR", Quality: "weak"}, {Text: "OLD NAME", Quality: "weak"}}}},
	}
	for _, tt := range tests {
		var e Entry
		ofacParseRemarks(&e, tt.remarks)
		if !reflect.DeepEqual(e, tt.want) {
			t.Errorf("ofacParseRemarks(%q)\n got %+v\nwant %+v", tt.remarks, e, tt.want)
		}
	}
}

func FuzzParseOFAC(f *testing.F) {
	f.Add([]byte(`36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n\x1a"))
	f.Add([]byte(`1,"A, B","individual","X] [Y",-0- ,"CS",-0- ,-0- ,-0- ,"Iran",-0- ,"DOB 1970; Passport 1 (Iran) issued 2000; a.k.a. 'Z'."` + "\n"))
	f.Add([]byte("1,\"x\n\"\"y\",2,3,4,5,6,7,8,9,10,11\n||||"))
	var add, alt, cmts []byte
	if d := ofacTestDirOrEmpty(); d != "" {
		if b, err := os.ReadFile(filepath.Join(d, "ofac/small/sdn.csv")); err == nil {
			f.Add(b)
		}
		add, _ = os.ReadFile(filepath.Join(d, "ofac/small/add.csv"))
		alt, _ = os.ReadFile(filepath.Join(d, "ofac/small/alt.csv"))
		cmts, _ = os.ReadFile(filepath.Join(d, "ofac/small/sdn_comments.csv"))
	}
	f.Fuzz(func(t *testing.T, main []byte) {
		files := OFACFiles{
			Main: bytes.NewReader(main), MainName: "sdn.csv",
			Add: bytes.NewReader(add), AddName: "add.csv",
			Alt: bytes.NewReader(alt), AltName: "alt.csv",
			Comments: bytes.NewReader(cmts), CommentsName: "sdn_comments.csv",
		}
		n := 0
		stats, err := ParseOFAC(OFACSDN, files, func(e Entry) error {
			n++
			if e.SourceID == "" || len(e.Names) == 0 || e.Names[0].Text == "" {
				t.Fatalf("entry without id or name: %+v", e)
			}
			return nil
		})
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %T %v, want a *FormatError", err, err)
			}
			if fe.File == "" || fe.Msg == "" {
				t.Fatalf("FormatError without file or message: %+v", fe)
			}
			return
		}
		if n == 0 || stats.Entries != n {
			t.Fatalf("no error, %d entries emitted, stats %+v", n, stats)
		}
	})
}

// ofacTestDirOrEmpty is ofacTestDir for fuzz seeding: "" when the data
// is absent rather than skipping the fuzz target.
func ofacTestDirOrEmpty() string {
	d, err := testdata.SanctionsDir()
	if err != nil {
		return ""
	}
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

func BenchmarkParseOFACFull(b *testing.B) {
	d := ofacTestDir(b)
	read := func(p string) []byte {
		buf, err := os.ReadFile(filepath.Join(d, p))
		if err != nil {
			b.Fatal(err)
		}
		return buf
	}
	main := read("ofac/2024-05-03/sdn.csv")
	add := read("ofac/2025-02-satellites/add.csv")
	alt := read("ofac/2025-02-satellites/alt.csv")
	cmts := read("ofac/2025-02-satellites/sdn_comments.csv")
	b.SetBytes(int64(len(main) + len(add) + len(alt) + len(cmts)))
	b.ReportAllocs()
	for b.Loop() {
		stats, err := ParseOFAC(OFACSDN, OFACFiles{
			Main: bytes.NewReader(main), MainName: "sdn.csv",
			Add: bytes.NewReader(add), AddName: "add.csv",
			Alt: bytes.NewReader(alt), AltName: "alt.csv",
			Comments: bytes.NewReader(cmts), CommentsName: "sdn_comments.csv",
		}, func(Entry) error { return nil })
		if err != nil || stats.Entries != 14965 {
			b.Fatal(stats, err)
		}
	}
}

func ofacTestReadIn(dir, rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, rel))
}

func TestIDTypeLabels(t *testing.T) {
	for label := range idTypes {
		if len(label) > idMaxLabel {
			t.Errorf("label %q longer than idMaxLabel (%d)", label, idMaxLabel)
		}
		if got, ok := idType(label + ":"); !ok || got != label {
			t.Errorf("idType(%q) = %q, %v", label+":", got, ok)
		}
	}
	if _, ok := idType("Gender"); ok {
		t.Error("Gender is not an identifier")
	}
}
