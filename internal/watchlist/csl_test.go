package watchlist

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func collectCSL(tb testing.TB, data []byte, name string) []Entry {
	tb.Helper()
	var got []Entry
	n, err := ParseCSL(bytes.NewReader(data), name, func(e Entry) error { got = append(got, e); return nil })
	if err != nil {
		tb.Fatalf("ParseCSL: %v", err)
	}
	if n != len(got) {
		tb.Fatalf("ParseCSL returned %d, emitted %d", n, len(got))
	}
	return got
}

// cslSourceOf is the CSL source list kept as the "[<source>] " prefix of
// Remarks.
func cslSourceOf(e Entry) string {
	if !strings.HasPrefix(e.Remarks, "[") {
		return ""
	}
	if i := strings.Index(e.Remarks, "]"); i > 0 {
		return e.Remarks[1:i]
	}
	return ""
}

func TestParseCSLSample(t *testing.T) {
	entries := collectCSL(t, ofacTestRead(t, "us-csl/consolidated-sample.csv"), "consolidated-sample.csv")
	if len(entries) != 13 {
		t.Fatalf("entries = %d, want 13", len(entries))
	}
	sources := map[string]bool{}
	for _, e := range entries {
		if e.Source != USCSL || e.SourceID == "" || len(e.Names) == 0 {
			t.Errorf("bad entry %+v", e)
		}
		sources[cslSourceOf(e)] = true
	}
	// The README says one row per list; the file has 10 lists (PLC twice,
	// SSI three times).
	if len(sources) != 10 || sources[""] {
		t.Errorf("source lists = %v, want 10 distinct", sources)
	}
	m := ofacTestByID(entries)

	t.Run("Entity List", func(t *testing.T) {
		want := Entry{
			Source:   USCSL,
			SourceID: "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be",
			Kind:     Unknown, // the CSL gives no type for Entity List rows
			Names: []Name{
				{Text: "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"},
				{Text: "Hebei Semiconductor Research Institute", Quality: "aka"},
				{Text: "HSRI", Quality: "aka"},
				{Text: "Hebei Institute of Semiconductors", Quality: "aka"},
				{Text: "Hebei Semiconductor Institute", Quality: "aka"},
				{Text: "Hebei Semiconductor", Quality: "aka"},
				{Text: "CETC Research Institute 13", Quality: "aka"},
			},
			Addresses: []Address{
				{Text: "113 Hezuo Road, Shijiazhuang, Hebei, China", Country: "CN"},
				{Text: "21 Changsheng Street, Shijiazhuang, Hebei, China", Country: "CN"},
				{Text: "21 Changsheng Road, Shijiazhuang, Hebei, China, Shijiazhuang, Hebei Province", Country: "CN"},
			},
			Remarks:  "[Entity List (EL) - Bureau of Industry and Security]",
			ListedOn: "2018-08-01",
		}
		if got := m[want.SourceID]; !reflect.DeepEqual(got, want) {
			t.Errorf("got\n%#v\nwant\n%#v", got, want)
		}
	})

	t.Run("SDN", func(t *testing.T) {
		want := Entry{
			Source:        USCSL,
			SourceID:      "52291",
			Kind:          Individual,
			Names:         []Name{{Text: "RIM, Ryong Nam"}},
			Programs:      []string{"NPWMD"},
			Addresses:     []Address{{Text: "Shenyang", Country: "CN"}, {Text: "Pyongyang", Country: "KP"}},
			Nationalities: []string{"KP"},
			BirthDates:    []string{"1978-12-05"},
			Identifiers:   []Identifier{{Type: "Passport", Number: "836238033", Country: "KP"}},
			Remarks:       "[Specially Designated Nationals (SDN) - Treasury Department]",
		}
		if got := m["52291"]; !reflect.DeepEqual(got, want) {
			t.Errorf("got\n%#v\nwant\n%#v", got, want)
		}
	})

	t.Run("SSI with ids and aliases", func(t *testing.T) {
		e := m["28603"]
		if e.Kind != Entity || !reflect.DeepEqual(e.Programs, []string{"VENEZUELA-EO13850", "UKRAINE-EO13662"}) {
			t.Errorf("kind %q programs %v", e.Kind, e.Programs)
		}
		wantIDs := []Identifier{
			{Type: "V.A.T. Number", Number: "CHE-267.936.404", Country: "CH"},
			{Type: "Business Registration Number", Number: "CH-660.0.559.011-2", Country: "CH"},
		}
		if !reflect.DeepEqual(e.Identifiers, wantIDs) {
			t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
		}
		if !strings.HasPrefix(e.Remarks, "[Sectoral Sanctions Identifications List (SSI) - Treasury Department] For more information") {
			t.Errorf("remarks = %q", e.Remarks)
		}
	})

	t.Run("PLC with place of birth", func(t *testing.T) {
		e := m["9673"]
		if e.Kind != Individual || len(e.Names) != 3 || e.Names[2] != (Name{Text: "Mohammed ABU JEHEISHA", Quality: "aka"}) {
			t.Errorf("got %+v", e)
		}
		if !reflect.DeepEqual(e.BirthDates, []string{"1955"}) || !strings.Contains(e.Remarks, "Places of birth: Izna, Hebron") {
			t.Errorf("birth dates %v remarks %q", e.BirthDates, e.Remarks)
		}
	})
}

func TestParseCSLFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full list in -short mode")
	}
	entries := collectCSL(t, ofacTestRead(t, "us-csl/consolidated.csv"), "consolidated.csv")
	if len(entries) != 14160 {
		t.Fatalf("entries = %d, want 14160", len(entries))
	}
	kinds := map[Kind]int{}
	sources := map[string]int{}
	withIDs := 0
	for _, e := range entries {
		kinds[e.Kind]++
		sources[cslSourceOf(e)]++
		if len(e.Identifiers) > 0 {
			withIDs++
		}
		for _, id := range e.Identifiers {
			if id.Type == "" || id.Number == "" {
				t.Fatalf("empty identifier in %+v", e)
			}
		}
	}
	if want := (map[Kind]int{Individual: 5286, Entity: 4533, Vessel: 433, Aircraft: 283, Unknown: 3625}); !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds = %v, want %v", kinds, want)
	}
	for src, n := range map[string]int{
		"Specially Designated Nationals (SDN) - Treasury Department":          10026,
		"Entity List (EL) - Bureau of Industry and Security":                  2001,
		"ITAR Debarred (DTC) - State Department":                              727,
		"Denied Persons List (DPL) - Bureau of Industry and Security":         462,
		"Sectoral Sanctions Identifications List (SSI) - Treasury Department": 290,
		"Unverified List (UVL) - Bureau of Industry and Security":             201,
	} {
		if sources[src] != n {
			t.Errorf("%s: %d rows, want %d", src, sources[src], n)
		}
	}
	if len(sources) != 13 {
		t.Errorf("%d source lists, want 13", len(sources))
	}
	// The full file writes ids the other way round ("RU, 7736640919, Tax
	// ID No."); both orders must give identifiers.
	if withIDs < 5000 {
		t.Errorf("only %d entries with identifiers", withIDs)
	}
	t.Logf("%d entries, %d with identifiers", len(entries), withIDs)
}

func TestParseCSLMalformed(t *testing.T) {
	data := ofacTestRead(t, "malformed/csl.csv")
	tests := []struct {
		name string
		data []byte
		line int
		msg  string
	}{
		// The damaged file's header lacks _id.
		{"as published", data, 1, `"_id"`},
		// With the header mended, the next damage is a short row.
		{"header mended", append([]byte("_id,"), data...), 2, "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCSL(bytes.NewReader(tt.data), "csl.csv", func(Entry) error { return nil })
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if fe.File != "csl.csv" || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("err = %v, want csl.csv line %d with %q", err, tt.line, tt.msg)
			}
			if !strings.Contains(err.Error(), "csl.csv, line") {
				t.Errorf("message %q does not name the file and line", err)
			}
		})
	}
}

func TestParseCSLFormat(t *testing.T) {
	const header = "_id,source,type,name,alt_names,ids\n"
	tests := []struct {
		name, data string
		line       int
		msg        string // "" for no error
	}{
		{"ok", header + "1,SDN,Individual,\"A, B\",C; and D,\"Passport, X1, IR\"\n", 0, ""},
		{"columns by name", "name,ids,_id,source\nA,\"RU, 77, Tax ID No.\",1,EL\n", 0, ""},
		{"BOM", "\ufeff" + header + "1,SDN,Entity,A,,\n", 0, ""},
		{"no source column", "_id,name\n1,A\n", 1, `"source"`},
		{"empty id", header + ",SDN,Entity,A,,\n", 2, "empty _id"},
		{"empty name", header + "1,SDN,Entity,\"\",,\n", 2, "empty name"},
		{"broken quoting", header + "1,SDN,Entity,\"A,,\n2,SDN,Entity,B,,\n", 3, "quote"},
		{"long row", header + "1,SDN,Entity,A,,,x\n", 2, "wrong number of fields"},
		{"header only", header, 0, "no entries"},
		{"empty", "", 0, "no header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Entry
			_, err := ParseCSL(strings.NewReader(tt.data), "c.csv", func(e Entry) error { got = append(got, e); return nil })
			if tt.msg == "" {
				if err != nil || len(got) != 1 {
					t.Fatalf("got %+v, err %v", got, err)
				}
				return
			}
			var fe *FormatError
			if !errors.As(err, &fe) || fe.File != "c.csv" || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("err = %v, want line %d with %q", err, tt.line, tt.msg)
			}
		})
	}

	t.Run("values", func(t *testing.T) {
		var got []Entry
		_, err := ParseCSL(strings.NewReader("name,ids,_id,source,type,alt_names\n"+
			"A,\"RU, 77, Tax ID No.; Male, Gender; Vessel Registration Identification, IMO 9486910\",1,EL,vessel,C; and D; C\n"),
			"c.csv", func(e Entry) error { got = append(got, e); return nil })
		if err != nil {
			t.Fatal(err)
		}
		want := Entry{Source: USCSL, SourceID: "1", Kind: Vessel,
			Names:       []Name{{Text: "A"}, {Text: "C", Quality: "aka"}, {Text: "D", Quality: "aka"}},
			Identifiers: []Identifier{{Type: "Tax ID No.", Number: "77", Country: "RU"}, {Type: "IMO", Number: "9486910"}},
			Remarks:     "[EL]",
		}
		if !reflect.DeepEqual(got, []Entry{want}) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	})

	t.Run("emit error passed through", func(t *testing.T) {
		stop := errors.New("stop")
		_, err := ParseCSL(strings.NewReader(header+"1,SDN,Entity,A,,\n"), "c.csv", func(Entry) error { return stop })
		if err != stop {
			t.Errorf("err = %v, want the emit error", err)
		}
	})
}

func TestCSLIdentifiers(t *testing.T) {
	tests := []struct {
		ids  string
		want []Identifier
	}{
		{"Passport, 836238033, KP; Secondary sanctions risk:, North Korea Sanctions Regulations, sections 510.201 and 510.210; Gender, Male",
			[]Identifier{{Type: "Passport", Number: "836238033", Country: "KP"}}},
		{"PK, 2013-09-09, 2008-09-09, 4117921, Passport; K048787, Passport; MX, 22839 (Jalisco), Folio Mercantil No.",
			[]Identifier{{Type: "Passport", Number: "4117921", Country: "PK"}, {Type: "Passport", Number: "K048787"}, {Type: "Folio Mercantil No.", Number: "22839", Country: "MX"}}},
		{"2013-09-09, 4117921, Passport; Male, Gender; Subject to Directive 1, Executive Order 13662 Directive Determination -",
			[]Identifier{{Type: "Passport", Number: "4117921"}}},
		{"12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz, Digital Currency Address - XBT; Registration ID, C122790; , Passport; Passport",
			[]Identifier{{Type: "Digital Currency Address - XBT", Number: "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz"}, {Type: "Registration ID", Number: "C122790"}}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := cslIdentifiers(tt.ids); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cslIdentifiers(%q)\n got %+v\nwant %+v", tt.ids, got, tt.want)
		}
	}
}

func FuzzParseCSL(f *testing.F) {
	f.Add([]byte("_id,source,type,name,alt_names,addresses,ids\n1,SDN,Individual,\"A, B\",C; and D,\"x, y, CN; TR\",\"Passport, X1, IR; RU, 77, Tax ID No.\"\n"))
	f.Add([]byte("name,_id,source\n\"a\"\"b\",1,x\n\n.\n"))
	f.Add([]byte("\ufeff_id,name,source\n1,\"unterminated\n"))
	if d := ofacTestDirOrEmpty(); d != "" {
		if b, err := ofacTestReadIn(d, "us-csl/consolidated-sample.csv"); err == nil {
			f.Add(b)
		}
		if b, err := ofacTestReadIn(d, "malformed/csl.csv"); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		emitted := 0
		n, err := ParseCSL(bytes.NewReader(data), "c.csv", func(e Entry) error {
			emitted++
			if e.SourceID == "" || len(e.Names) == 0 || e.Names[0].Text == "" {
				t.Fatalf("entry without id or name: %+v", e)
			}
			return nil
		})
		if n != emitted {
			t.Fatalf("returned %d, emitted %d", n, emitted)
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.File != "c.csv" || fe.Msg == "" {
				t.Fatalf("err = %T %v, want a *FormatError for c.csv", err, err)
			}
			return
		}
		if n == 0 {
			t.Fatal("no error and no entries")
		}
	})
}

func BenchmarkParseCSLFull(b *testing.B) {
	data := ofacTestRead(b, "us-csl/consolidated.csv")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := ParseCSL(bytes.NewReader(data), "consolidated.csv", func(Entry) error { return nil })
		if err != nil || n != 14160 {
			b.Fatal(n, err)
		}
	}
}

func TestParseCSL_ReusedIDsStayApart(t *testing.T) {
	data := ofacTestRead(t, "us-csl/consolidated.csv")
	ids := map[string]bool{}
	n, err := ParseCSL(bytes.NewReader(data), "consolidated.csv", func(e Entry) error {
		if ids[e.SourceID] {
			t.Fatalf("source id %s twice", e.SourceID)
		}
		ids[e.SourceID] = true
		return nil
	})
	if err != nil || n != 14160 || !ids["34616"] || !ids["34616/SDN"] && !ids["34616/CAP"] {
		t.Fatalf("%d entries, %v; 34616 kept apart: %v %v %v", n, err, ids["34616"], ids["34616/SDN"], ids["34616/CAP"])
	}
}
