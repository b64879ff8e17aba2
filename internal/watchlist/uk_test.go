package watchlist

import (
	"bytes"
	"io"
	"reflect"
	"testing"
)

const ukTestFile = "fixtures/uk/fcdo-sample.xml"

func ukTestEntries(t *testing.T) []Entry {
	t.Helper()
	got, err := xmlTestParse(t, ParseUK, "fcdo-sample.xml", xmlTestRead(t, ukTestFile))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestParseUKFixture(t *testing.T) {
	entries := ukTestEntries(t)
	if len(entries) != 5 {
		t.Fatalf("got %d designations, want 5", len(entries))
	}
	kinds := map[Kind]int{}
	for _, e := range entries {
		kinds[e.Kind]++
		if e.Source != UK || len(e.Programs) != 1 || e.ListedOn == "" || e.Names[0].Quality != "" {
			t.Errorf("incomplete entry %+v", e)
		}
	}
	if want := map[Kind]int{Entity: 2, Individual: 2, Vessel: 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
}

func TestParseUKKinds(t *testing.T) {
	entries := ukTestEntries(t)
	afgRegime := "The Afghanistan (Sanctions) (EU Exit) Regulations 2020"
	tests := []struct {
		name string
		got  Entry
		want Entry
	}{
		{"entity with a non-Latin name", entries[0], Entry{
			Source: UK, SourceID: "AFG0001", Kind: Entity,
			Names: []Name{
				{Text: "HAJI KHAIRULLAH MONEY EXCHANGE"},
				{Text: "Haji Alim Hawala", Quality: "alias"},
				{Text: "حاجی خيرالله صرافی", Quality: "non-latin script"},
			},
			Programs: []string{afgRegime},
			Addresses: []Address{
				{Text: "Ansari Market, 2nd Floor, Nimroz Province", Country: "Afghanistan"},
				{Text: "Branch Office 14, Dubai", Country: "United Arab Emirates"},
			},
			Identifiers: []Identifier{{Type: "UN Reference Number", Number: "TAe.010"}},
			Remarks:     "Afghan Money Service Provider License Number: 044. Associated with Abdul Sattar (TAi.162). INTERPOL-UN Security Council Special Notice web link: https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals",
			ListedOn:    "2012-06-29",
		}},
		{"individual", entries[1], Entry{
			Source: UK, SourceID: "AFG0006", Kind: Individual,
			Names: []Name{
				{Text: "MOHAMMAD HASSAN AKHUND"},
				{Text: "Mohammad Akhwand", Quality: "primary name variation"},
				{Text: "محمد حسن آخوند", Quality: "non-latin script"},
			},
			Programs:      []string{afgRegime},
			Addresses:     []Address{{Text: "Kabul", Country: "Afghanistan"}},
			Countries:     []string{"Afghanistan"},
			Nationalities: []string{"Afghanistan"},
			BirthDates:    []string{"1958-05-12", "1945", "1946"}, // 12/05/1958, dd/mm/1945, 1946
			Identifiers: []Identifier{
				{Type: "Passport", Number: "P04581926"}, // listed twice in the file
				{Type: "National Identification Number", Number: "2132370"},
				{Type: "UN Reference Number", Number: "TAi.002"},
			},
			Remarks:  "A close associate of Mullah Mohammed Omar (TAi.004). Belongs to Baabar tribe. Review pursuant to Security Council resolution 1822 (2008) was concluded on 21 Jul. 2010. INTERPOL-UN Security Council Special Notice web link: https://www.interpol.int/en/How-we-work/ Notices/View-UN-Notices-Individuals click here",
			ListedOn: "2001-01-25",
		}},
		{"entity with alias strengths and a registration number", entries[2], Entry{
			Source: UK, SourceID: "BEL0107", Kind: Entity,
			Names: []Name{
				{Text: "BNK (UK) Ltd"},
				{Text: "BNK UK Limited", Quality: "good"},
				{Text: "BNK", Quality: "low"},
			},
			Programs:    []string{"The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019"},
			Addresses:   []Address{{Text: "Salatin House, 19 Cedar Road, Sutton, Surrey, SM2 5DA", Country: "United Kingdom"}},
			Identifiers: []Identifier{{Type: "Business Registration Number", Number: "UK Company no. 06527449"}},
			Remarks:     "The Director Disqualification Sanction was imposed on 09/04/2025.",
			ListedOn:    "2021-06-21",
		}},
		{"ship", entries[3], Entry{
			Source: UK, SourceID: "DPR0075", Kind: Vessel,
			Names:     []Name{{Text: "Petrel 8"}, {Text: "Tian Tai 36", Quality: "alias"}},
			Programs:  []string{"The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"},
			Countries: []string{"Comoros"}, // current believed flag
			Identifiers: []Identifier{
				{Type: "IMO", Number: "9562233"}, // IMO9562233 in the file
				{Type: "UN Reference Number", Number: "KPv.001"},
			},
			Remarks:  "Pursuant to paragraph 6 of Security Council Resolution 2371 (2017).",
			ListedOn: "2017-10-03",
		}},
		{"individual with a partial date of birth", entries[4], Entry{
			Source: UK, SourceID: "AQD0195", Kind: Individual,
			Names:         []Name{{Text: "Fadhil Harun"}},
			Programs:      []string{"Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit) Regulations 2019"},
			Countries:     []string{"Comoros"},
			Nationalities: []string{"Comoros"},
			BirthDates:    []string{"1972"},
			Identifiers:   []Identifier{{Type: "UN Reference Number", Number: "QDi.196"}},
			Remarks:       "In detention in the Philippines as of May 2011. Photo available for inclusion in the INTERPOL-UN Security Council Special Notice. Review pursuant to Security Council resolution 1822 (2008) was concluded on 13 May 2010. web link: https://www.interpol.int/en/notice/search/un/1523805",
			ListedOn:      "2010-05-13",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got\n%#v\nwant\n%#v", tt.got, tt.want)
			}
		})
	}
}

func TestUKDate(t *testing.T) {
	for in, want := range map[string]string{
		"29/06/2012":   "2012-06-29",
		"dd/mm/1945":   "1945",
		"dd/03/1945":   "1945-03",
		"1/2/1970":     "1970-02-01",
		"1946":         "1946",
		" circa 1950 ": "circa 1950",
		"":             "",
		"12/05/58":     "12/05/58",
	} {
		if got := ukDate(in); got != want {
			t.Errorf("ukDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseUKVariants(t *testing.T) {
	// No "Primary Name" first: the primary name moves to the front.
	doc := `<Designations><Designation><UniqueID>X1</UniqueID><IndividualEntityShip>Aircraft</IndividualEntityShip>` +
		`<Names><Name><Name6>B</Name6><NameType>Alias</NameType></Name><Name><Name1>A</Name1><Name3>C</Name3><Name6>D</Name6><NameType>Primary Name</NameType></Name></Names>` +
		`<NonLatinNames/><DateDesignated>not a date</DateDesignated></Designation></Designations>`
	got, err := xmlTestParse(t, ParseUK, "uk.xml", []byte(doc))
	want := Entry{Source: UK, SourceID: "X1", Kind: Unknown, Names: []Name{{Text: "A C D"}, {Text: "B", Quality: "alias"}}, ListedOn: "not a date"}
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("got %#v, %v; want %#v", got, err, want)
	}
}

func TestParseUKMalformed(t *testing.T) {
	data := xmlTestRead(t, ukTestFile)
	ship := bytes.Index(data, []byte("<UniqueID>DPR0075"))
	tests := []struct {
		name    string
		data    []byte
		want    []string
		element string
		emitted int
	}{
		{"truncated in the ship", data[:ship+300], []string{"truncated"}, "Designation #4", 3},
		{"truncated in the root start tag", data[:100], []string{"truncated"}, "Designations", 0},
		{"truncated before the end tag", data[:len(data)-10], []string{"truncated"}, "Designations", 5},
		{"wrong root", []byte(`<?xml version="1.0"?><ArrayOfFinancialSanctionsTarget><FinancialSanctionsTarget/></ArrayOfFinancialSanctionsTarget>`),
			[]string{"root element is <ArrayOfFinancialSanctionsTarget>, want <Designations>"}, "ArrayOfFinancialSanctionsTarget", 0},
		{"no UniqueID", []byte(`<Designations><Designation><UniqueID>A1</UniqueID><Names><Name><Name6>A</Name6></Name></Names></Designation><Designation><Names><Name><Name6>B</Name6></Name></Names></Designation></Designations>`),
			[]string{"Designation #2", "missing UniqueID"}, "Designation #2", 1},
		{"no name", []byte(`<Designations><Designation><UniqueID>A1</UniqueID><Names><Name><NameType>Primary Name</NameType></Name></Names><NonLatinNames/></Designation></Designations>`),
			[]string{"Designation UniqueID=A1", "no name"}, "Designation UniqueID=A1", 0},
		{"unsupported encoding", []byte(`<?xml version="1.0" encoding="x-no-such"?><Designations/>`), []string{"unsupported encoding"}, "Designations", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := xmlTestParse(t, ParseUK, "uk.xml", tt.data)
			fe := xmlTestFormatError(t, err, "uk.xml", tt.want...)
			if fe.Element != tt.element {
				t.Errorf("Element %q, want %q (%v)", fe.Element, tt.element, fe)
			}
			if len(got) != tt.emitted {
				t.Errorf("emitted %d before the error, want %d", len(got), tt.emitted)
			}
			t.Log(fe)
		})
	}
}

// A Windows-1252 document is read through its declared encoding.
func TestParseUKCharset(t *testing.T) {
	doc := []byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?><Designations><Designation><UniqueID>W1</UniqueID><Names><Name><Name6>Caf\xe9</Name6></Name></Names></Designation></Designations>")
	got, err := xmlTestParse(t, ParseUK, "uk.xml", doc)
	if err != nil || len(got) != 1 || got[0].Names[0].Text != "Café" {
		t.Errorf("got %#v, %v", got, err)
	}
}

// A list saved with a UTF-8 byte-order mark before the declaration (as
// .NET writes the UK list) reads as without.
func TestParseByteOrderMark(t *testing.T) {
	for _, tt := range []struct {
		file  string
		parse func(io.Reader, string, Emit) (int, error)
	}{{ukTestFile, ParseUK}, {euTestFile, ParseEU}, {unTestFile, ParseUN}} {
		t.Run(tt.file, func(t *testing.T) {
			data := xmlTestRead(t, tt.file)
			want, err := xmlTestParse(t, tt.parse, "list.xml", data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := xmlTestParse(t, tt.parse, "list.xml", append([]byte("\ufeff"), data...))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || !reflect.DeepEqual(got, want) {
				t.Errorf("with a byte-order mark: %d entries, without: %d, or they differ", len(got), len(want))
			}
		})
	}
}

func FuzzParseUK(f *testing.F) {
	data := xmlTestRead(f, ukTestFile)
	// The first designation (an entity) and the ship, each in a document.
	first := xmlTestCut(f, data, "</Designation>")
	f.Add(append(append([]byte{}, first...), "\n</Designations>\n"...))
	start := bytes.LastIndex(data[:bytes.Index(data, []byte("<UniqueID>DPR0075"))], []byte("<Designation>"))
	end := start + bytes.Index(data[start:], []byte("</Designation>")) + len("</Designation>")
	f.Add([]byte("<Designations>" + string(data[start:end]) + "</Designations>"))
	f.Add(data[:500])
	f.Add([]byte(`<Designations><Designation><UniqueID>A</UniqueID><IndividualEntityShip>Individual</IndividualEntityShip><Names><Name><Name1>X</Name1><NameType>Primary Name</NameType></Name></Names><IndividualDetails><Individual><DOBs><DOB>dd/07/1960</DOB></DOBs></Individual></IndividualDetails></Designation></Designations>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		xmlTestFuzzCheck(t, UK, ParseUK, in)
	})
}
