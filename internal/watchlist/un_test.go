package watchlist

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const unTestFile = "un/consolidated.xml"

func unTestEntries(t *testing.T) []Entry {
	t.Helper()
	got, err := xmlTestParse(t, ParseUN, "consolidated.xml", xmlTestRead(t, unTestFile))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func unTestFind(t *testing.T, entries []Entry, id string) Entry {
	t.Helper()
	for _, e := range entries {
		if e.SourceID == id {
			return e
		}
	}
	t.Fatalf("DATAID %s not found", id)
	return Entry{}
}

func TestParseUNFullFile(t *testing.T) {
	entries := unTestEntries(t)
	kinds := map[Kind]int{}
	ids := map[string]bool{}
	for _, e := range entries {
		kinds[e.Kind]++
		if e.Source != UN || e.SourceID == "" || len(e.Names) == 0 || e.Names[0].Text == "" || e.Names[0].Quality != "" {
			t.Errorf("incomplete entry %+v", e)
		}
		if ids[e.SourceID] {
			t.Errorf("DATAID %s twice", e.SourceID)
		}
		ids[e.SourceID] = true
		if len(e.Programs) != 1 || e.ListedOn == "" {
			t.Errorf("DATAID %s: programs %v, listed on %q", e.SourceID, e.Programs, e.ListedOn)
		}
	}
	if len(entries) != 1003 || kinds[Individual] != 730 || kinds[Entity] != 273 {
		t.Errorf("got %d entries %v, want 1003 (730 individuals, 273 entities)", len(entries), kinds)
	}
}

func TestParseUNIndividual(t *testing.T) {
	e := unTestFind(t, unTestEntries(t), "6908706")
	want := Entry{
		Source:   UN,
		SourceID: "6908706",
		Kind:     Individual,
		Names: []Name{
			{Text: "Mohammed Al Amin Al-Arabi Kashlaf"},
			{Text: "Kashlaf", Quality: "good"},
			{Text: "Koshlaf", Quality: "good"},
			{Text: "Keslaf", Quality: "low"},
			{Text: "al-Qasab", Quality: "good"},
			{Text: "محمد الأمين العربي كشلاف", Quality: "original script"},
		},
		Programs:      []string{"Libya"},
		Addresses:     []Address{{Text: "Zawiya", Country: "Libya"}},
		Countries:     []string{"Libya"},
		Nationalities: []string{"Libya"},
		BirthDates:    []string{"1985-12-02"},
		Identifiers: []Identifier{
			{Type: "Passport", Number: "C17HLRL3"},
			{Type: "UN Reference Number", Number: "LYi.025"},
		},
		Remarks:  "Listed pursuant to paragraphs 15 and 17 of resolution 1970 (Travel Ban, Asset Freeze)",
		ListedOn: "2018-06-07",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got\n%#v\nwant\n%#v", e, want)
	}
}

func TestParseUNEntity(t *testing.T) {
	e := unTestFind(t, unTestEntries(t), "6908605")
	if e.Kind != Entity || e.ListedOn != "2017-07-20" || !reflect.DeepEqual(e.Programs, []string{"Al-Qaida"}) {
		t.Errorf("kind %q, listed %q, programs %v", e.Kind, e.ListedOn, e.Programs)
	}
	wantNames := []Name{
		{Text: "SELSELAT AL-THAHAB"},
		{Text: "Silsilet al Thahab", Quality: "aka"},
		{Text: "Selselat al Thahab For Money Exchange", Quality: "aka"},
		{Text: "Silsilat Money Exchange Company", Quality: "aka"},
		{Text: "Silsilah Money Exchange Company", Quality: "aka"},
		{Text: "Al Silsilah al Dhahaba", Quality: "aka"},
		{Text: "Silsalat al Dhab", Quality: "aka"},
		{Text: "سلسلة الذهب للصرافة", Quality: "original script"},
	}
	if !reflect.DeepEqual(e.Names, wantNames) {
		t.Errorf("names %#v", e.Names)
	}
	wantAddr := []Address{
		{Text: "Al-Kadhumi Complex, Al-Harthia, Baghdad", Country: "Iraq"},
		{Text: "Al-Abbas Street, Karbala", Country: "Iraq"},
	}
	if !reflect.DeepEqual(e.Addresses, wantAddr) {
		t.Errorf("addresses %#v", e.Addresses)
	}
	if !strings.HasPrefix(e.Remarks, "Money exchange business facilitating") || strings.Contains(e.Remarks, "  ") {
		t.Errorf("remarks %q", e.Remarks)
	}
	if e.BirthDates != nil || e.Nationalities != nil {
		t.Errorf("entity with birth dates %v or nationalities %v", e.BirthDates, e.Nationalities)
	}
}

// The forms a UN date of birth and document take in the real file.
func TestParseUNDetails(t *testing.T) {
	entries := unTestEntries(t)
	tests := []struct {
		id    string
		check func(Entry) bool
		what  string
	}{
		{"6908021", func(e Entry) bool { return reflect.DeepEqual(e.BirthDates, []string{"1973-1974"}) }, "BETWEEN FROM_YEAR/TO_YEAR"},
		{"6908006", func(e Entry) bool { return reflect.DeepEqual(e.BirthDates, []string{"1962-03-17", "circa 1966"}) }, "DATE and APPROXIMATELY YEAR"},
		{"6907993", func(e Entry) bool { return reflect.DeepEqual(e.BirthDates, []string{"1971"}) }, "EXACT YEAR"},
		{"6907996", func(e Entry) bool { return reflect.DeepEqual(e.BirthDates, []string{"Nov. 1973"}) }, "NOTE only"},
		{"6908503", func(e Entry) bool { return reflect.DeepEqual(e.BirthDates, []string{"1957-04-15", "1958-02-22"}) }, "alias DATE_OF_BIRTH"},
		{"111639", func(e Entry) bool {
			return e.Identifiers[0] == Identifier{Type: "Passport", Number: "203037", Country: "Libya"} &&
				strings.Contains(e.Remarks, "Documents: Passport: Libyan passport number 347834")
		}, "document with NOTE and no NUMBER"},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			e := unTestFind(t, entries, tt.id)
			if !tt.check(e) {
				t.Errorf("DATAID %s: birth dates %q identifiers %v remarks %q", tt.id, e.BirthDates, e.Identifiers, e.Remarks)
			}
		})
	}
}

func TestParseUNMalformed(t *testing.T) {
	data := xmlTestRead(t, unTestFile)
	first := bytes.Index(data, []byte("</INDIVIDUAL>"))
	tests := []struct {
		name    string
		data    []byte
		want    []string // in the error message
		element string   // FormatError.Element
		emitted int
	}{
		{"truncated inside the first entry", data[:first-20], []string{"truncated"}, "INDIVIDUAL #1", 0},
		{"truncated after half the file", data[:len(data)/2], []string{"truncated"}, "", -1},
		{"truncated before the end tag", data[:len(data)-25], []string{"truncated"}, "CONSOLIDATED_LIST/ENTITIES", 1003},
		{"empty", nil, []string{"empty"}, "CONSOLIDATED_LIST", 0},
		{"wrong root", []byte(`<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1"/></export>`),
			[]string{"root element is <export>, want <CONSOLIDATED_LIST>"}, "export", 0},
		{"not XML", []byte("DATAID,FIRST_NAME\n1,x\n"), []string{"text outside the root"}, "CONSOLIDATED_LIST", 0},
		{"no DATAID", []byte(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`),
			[]string{"missing DATAID"}, "INDIVIDUAL #1", 0},
		{"no name", []byte(`<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES><ENTITY><DATAID>7</DATAID><FIRST_NAME>X</FIRST_NAME></ENTITY><ENTITY><DATAID>8</DATAID><FIRST_NAME> </FIRST_NAME><ENTITY_ALIAS><QUALITY/><ALIAS_NAME/></ENTITY_ALIAS></ENTITY></ENTITIES></CONSOLIDATED_LIST>`),
			[]string{"ENTITY #2 (DATAID 8)", "no name"}, "ENTITY #2 (DATAID 8)", 1},
		{"mismatched tags", []byte(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID></INDIVIDUALS></CONSOLIDATED_LIST>`),
			[]string{"not well-formed", "element <INDIVIDUAL> closed by </INDIVIDUALS>"}, "INDIVIDUAL #1", 0},
		{"second root", []byte(`<CONSOLIDATED_LIST/><CONSOLIDATED_LIST/>`), []string{"after the end"}, "CONSOLIDATED_LIST", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := xmlTestParse(t, ParseUN, "un.xml", tt.data)
			fe := xmlTestFormatError(t, err, "un.xml", tt.want...)
			if tt.element != "" && fe.Element != tt.element {
				t.Errorf("Element %q, want %q (%v)", fe.Element, tt.element, fe)
			}
			if tt.emitted >= 0 && len(got) != tt.emitted {
				t.Errorf("emitted %d before the error, want %d", len(got), tt.emitted)
			}
			t.Log(fe)
		})
	}
}

// Errors between entries name the path of open elements.
func TestParseUNErrorPath(t *testing.T) {
	_, err := ParseUN(strings.NewReader(`<CONSOLIDATED_LIST><INDIVIDUALS></ENTITIES></CONSOLIDATED_LIST>`), "x.xml", func(Entry) error { return nil })
	xmlTestFormatError(t, err, "x.xml", "x.xml, element CONSOLIDATED_LIST/INDIVIDUALS: not well-formed XML")
}

func TestParseUNEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	n, err := ParseUN(bytes.NewReader(xmlTestRead(t, unTestFile)), "un.xml", func(Entry) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 || calls != 3 {
		t.Errorf("n=%d calls=%d err=%v; want 2, 3, the emit error as is", n, calls, err)
	}
}

func FuzzParseUN(f *testing.F) {
	data := xmlTestRead(f, unTestFile)
	// The first individual, and the first entity with an empty INDIVIDUALS.
	head := xmlTestCut(f, data, "</INDIVIDUAL>")
	f.Add(append(append([]byte{}, head...), "\n  </INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"...))
	start := bytes.Index(data, []byte("<ENTITY>"))
	end := start + bytes.Index(data[start:], []byte("</ENTITY>")) + len("</ENTITY>")
	entity := "<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES>" + string(data[start:end]) + "</ENTITIES></CONSOLIDATED_LIST>"
	f.Add([]byte(entity))
	f.Add(data[:600])
	f.Add([]byte(`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1</FROM_YEAR><TO_YEAR>2</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		xmlTestFuzzCheck(t, UN, ParseUN, in)
	})
}

func BenchmarkParseUN(b *testing.B) {
	data := xmlTestRead(b, unTestFile)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := ParseUN(bytes.NewReader(data), "un.xml", func(Entry) error { return nil })
		if err != nil || n != 1003 {
			b.Fatal(n, err)
		}
	}
}
