package watchlist

import (
	"bytes"
	"reflect"
	"testing"
)

const euTestFile = "fixtures/eu/fsf-1.1-sample.xml"

func euTestEntries(t *testing.T) []Entry {
	t.Helper()
	got, err := xmlTestParse(t, ParseEU, "fsf-1.1-sample.xml", xmlTestRead(t, euTestFile))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestParseEUFixture(t *testing.T) {
	entries := euTestEntries(t)
	kinds := map[Kind]int{}
	names := 0
	var ids []string
	for _, e := range entries {
		kinds[e.Kind]++
		names += len(e.Names)
		ids = append(ids, e.SourceID)
		if e.Source != EU || len(e.Names) == 0 || e.Names[0].Quality != "" || len(e.Programs) == 0 || e.ListedOn == "" {
			t.Errorf("incomplete entry %+v", e)
		}
		for _, n := range e.Names[1:] {
			if n.Quality != "strong" { // every alias in the fixture is strong="true"
				t.Errorf("%s: alias %q quality %q", e.SourceID, n.Text, n.Quality)
			}
		}
	}
	if len(entries) != 5 || kinds[Individual] != 4 || kinds[Entity] != 1 {
		t.Errorf("got %d entries %v, want 5 (4 persons, 1 enterprise)", len(entries), kinds)
	}
	if names != 45 {
		t.Errorf("got %d names, want the 45 nameAlias elements", names)
	}
	if want := []string{"191", "521", "3822", "6106", "6177"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("logicalIds %v, want %v", ids, want)
	}
}

func TestParseEUPerson(t *testing.T) {
	e := euTestEntries(t)[4]
	want := Entry{
		Source:   EU,
		SourceID: "6177",
		Kind:     Individual,
		Names: []Name{
			// The best-formed strong name moves to the front.
			{Text: "Ibrahim Hassan Al Asiri"},
			{Text: "إبراهيم حسن طالع عسيري", Quality: "strong"},
			{Text: "إبراهيم حسن طالع العسيري", Quality: "strong"},
			{Text: "Ibrahim al-'Asiri", Quality: "strong"},
			{Text: "Abu-Salaah", Quality: "strong"},
			{Text: "Abosslah", Quality: "strong"},
			{Text: "Abu Saleh", Quality: "strong"},
			{Text: "Ibrahim Hasan Tali al-’Asiri", Quality: "strong"},
			{Text: "Ibrahim Hassan Tali Al-Asiri", Quality: "strong"},
			{Text: "Ibrahim Hassan Tali Asiri", Quality: "strong"},
			{Text: "Ibrahim Hasan Talea Aseeri", Quality: "strong"},
			{Text: "Ibrahim Hassan al-Asiri", Quality: "strong"},
			{Text: "Ibrahim Hasan Tali Asiri", Quality: "strong"},
			{Text: "Ibrahim Hassan Tali Assiri", Quality: "strong"},
			{Text: "Ibrahim Hasan Tali’A ’Asiri", Quality: "strong"},
		},
		Programs:      []string{"TAQA"},
		Addresses:     []Address{{Country: "YEMEN"}},
		Countries:     []string{"SAUDI ARABIA"}, // place of birth
		Nationalities: []string{"SAUDI ARABIA"},
		// Three birthdate elements: Gregorian, Islamic (1402-06-24, whose
		// birthdate attribute is the Gregorian 1982-04-19) and Gregorian
		// again with the place.
		BirthDates: []string{"1982-04-18", "1982-04-19"},
		Identifiers: []Identifier{
			{Type: "National identification card", Number: "1028745097", Country: "SAUDI ARABIA"},
			{Type: "National passport", Number: "F654645", Country: "SAUDI ARABIA"},
		},
		ListedOn: "2011-03-24",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got\n%#v\nwant\n%#v", e, want)
	}
}

func TestParseEUDetails(t *testing.T) {
	entries := euTestEntries(t)
	byID := map[string]Entry{}
	for _, e := range entries {
		byID[e.SourceID] = e
	}
	tests := []struct {
		what string
		got  any
		want any
	}{
		{"primary with first and last name", byID["191"].Names[0].Text, "Khalid Sheikh MOHAMMED"},
		{"no designationDate: earliest regulation", byID["191"].ListedOn, "2025-01-31"},
		{"designationDate before the regulation", byID["521"].ListedOn, "2001-01-25"},
		{"circa year range", byID["521"].BirthDates, []string{"circa 1953-1958"}},
		{"country code 00 / UNKNOWN dropped", byID["191"].Identifiers, []Identifier{{Type: "National passport", Number: "488555"}}},
		{"entity primary in English", byID["3822"].Names[0].Text, "Parchin Chemical Industries (PCI)"},
		{"double spaces collapsed", byID["3822"].Names[1].Text, "Tionscail Ceimiceán Parchin"},
		{"address with PO box", byID["3822"].Addresses[0], Address{Text: "Pasdaran Square, PO Box 16765/358, Tehran", Country: "IRAN (ISLAMIC REPUBLIC OF)"}},
		{"address street ending in a comma", byID["3822"].Addresses[4].Text, "2nd Floor, Sanam Bldg., 3rd Floor, Sanam Bldg., Nobonyad Square, PO Box 16765/358, Tehran"},
		{"address zip code", byID["3822"].Addresses[5].Text, "Nobonyad Square, Tehran, 15765-358"},
		{"registration number", byID["3822"].Identifiers, []Identifier{{Type: "Registration Number", Number: "892"}}},
		{"UN reference and passport", byID["6106"].Identifiers, []Identifier{{Type: "National passport", Number: "FK117RK0", Country: "LIBYA"}, {Type: "UN Reference Number", Number: "LYi.006"}}},
		{"entity remark", byID["6106"].Remarks, "Listed pursuant to paragraph 15 of resolution 1970 (Travel Ban). Listed on 17 March 2011 pursuant to paragraph 17 of resolution 1970 (Asset Freeze)."},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.what, tt.got, tt.want)
		}
	}
}

func TestParseEUMalformed(t *testing.T) {
	data := xmlTestRead(t, euTestFile)
	second := bytes.Index(data, []byte(`logicalId="521"`))
	tests := []struct {
		name    string
		data    []byte
		want    []string
		element string
		emitted int
	}{
		{"truncated in the second entity", data[:second+400], []string{"truncated"}, "sanctionEntity logicalId=521", 1},
		{"truncated in the first entity's start tag", data[:250], []string{"truncated"}, "export", 0},
		{"truncated before the end tag", data[:len(data)-5], []string{"truncated"}, "export", 5},
		{"wrong root", []byte(`<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`), []string{"root element is <CONSOLIDATED_LIST>, want <export>"}, "CONSOLIDATED_LIST", 0},
		{"no logicalId", []byte(`<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1"><nameAlias wholeName="A"/></sanctionEntity><sanctionEntity euReferenceNumber="EU.1"><nameAlias wholeName="B"/></sanctionEntity></export>`),
			[]string{"sanctionEntity #2", "missing logicalId"}, "sanctionEntity #2", 1},
		{"no name", []byte(`<export><sanctionEntity logicalId="9"><subjectType code="person"/><nameAlias wholeName=" " firstName=""/></sanctionEntity></export>`),
			[]string{"sanctionEntity logicalId=9", "no name"}, "sanctionEntity logicalId=9", 0},
		{"bad attribute", []byte(`<export><sanctionEntity logicalId="9"><nameAlias wholeName="A&B"/></sanctionEntity></export>`), []string{"not well-formed"}, "sanctionEntity logicalId=9", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := xmlTestParse(t, ParseEU, "eu.xml", tt.data)
			fe := xmlTestFormatError(t, err, "eu.xml", tt.want...)
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

// Without the namespace, with another prefix, and with no strong name.
func TestParseEUVariants(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want Entry
	}{
		{"no namespace, weak names, enterprise", `<export><sanctionEntity logicalId="1"><subjectType code="enterprise"/><nameAlias wholeName="First" strong="false"/><nameAlias wholeName="Second" strong="false"/></sanctionEntity></export>`,
			Entry{Source: EU, SourceID: "1", Kind: Entity, Names: []Name{{Text: "First"}, {Text: "Second", Quality: "weak"}}}},
		{"prefixed namespace, name from parts, unknown subject", `<fsd:export xmlns:fsd="http://eu.europa.ec/fpi/fsd/export"><fsd:sanctionEntity logicalId="2"><fsd:subjectType code="vessel"/><fsd:nameAlias firstName="A" lastName="B" strong="true"/><fsd:birthdate year="1970" circa="true"/></fsd:sanctionEntity></fsd:export>`,
			Entry{Source: EU, SourceID: "2", Kind: Unknown, Names: []Name{{Text: "A B"}}, BirthDates: []string{"circa 1970"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := xmlTestParse(t, ParseEU, "eu.xml", []byte(tt.doc))
			if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func FuzzParseEU(f *testing.F) {
	data := xmlTestRead(f, euTestFile)
	// The first entity (a person) and the enterprise, each in a document.
	first := xmlTestCut(f, data, "</sanctionEntity>")
	f.Add(append(append([]byte{}, first...), "\n</export>\n"...))
	start := bytes.Index(data, []byte(`<sanctionEntity designationDate="2008-06-23"`))
	end := start + bytes.Index(data[start:], []byte("</sanctionEntity>")) + len("</sanctionEntity>")
	f.Add([]byte(`<export xmlns="http://eu.europa.ec/fpi/fsd/export">` + string(data[start:end]) + `</export>`))
	f.Add(data[:700])
	f.Add([]byte(`<export><sanctionEntity logicalId="1"><nameAlias firstName="A" strong="false"/><birthdate yearRangeFrom="1" yearRangeTo="2"/></sanctionEntity></export>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		xmlTestFuzzCheck(t, EU, ParseEU, in)
	})
}
