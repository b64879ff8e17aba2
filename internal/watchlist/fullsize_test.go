package watchlist_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode"

	"github.com/vigil-icp/vigil/bench/listgen/synthetic"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Full-size EU and UK lists are not kept with the test data; the parsers
// read made-up ones in the same layouts, of any size, and each entry must
// come out as the generator says it wrote it.

type writeList func(io.Writer, synthetic.Options) (*synthetic.Written, error)

type parseList func(io.Reader, string, watchlist.Emit) (int, error)

// euVariants are the variants of the FSF layout, as in the sample export,
// that a generated file must hold for the test to cover them.
var euVariants = []string{
	"eu.alias.strong", "eu.alias.weak", "eu.person.no-parts",
	"eu.alias.script.accented", "eu.alias.script.cyrillic", "eu.alias.script.greek", "eu.alias.script.arabic", "eu.alias.script.chinese",
	"eu.birthdate.date", "eu.birthdate.islamic", "eu.birthdate.range", "eu.birthdate.year", "eu.birthdate.circa-year",
	"eu.designation-date", "eu.no-designation-date", "eu.un-reference", "eu.remark", "eu.country.unknown",
	"eu.regulation.council", "eu.regulation.commission", "eu.regulation.second-programme",
	"eu.address.trailing-comma", "eu.address.contact", "eu.identification.repeated",
	"eu.identification.passport", "eu.identification.id", "eu.identification.regnumber",
	"eu.identification.fiscalcode", "eu.identification.swiftbic", "eu.identification.imo",
	"whitespace",
}

// ukVariants are the variants of the UK layout, as in the sample list.
var ukVariants = []string{
	"uk.name.alias", "uk.name.good", "uk.name.low", "uk.name.variation", "uk.name.three-parts", "uk.name.primary-not-first",
	"uk.non-latin.cyrillic", "uk.non-latin.greek", "uk.non-latin.arabic", "uk.non-latin.chinese",
	"uk.dob.full", "uk.dob.year-letters", "uk.dob.month", "uk.dob.year",
	"uk.passport.repeated", "uk.ship", "uk.imo.bare", "uk.un-reference", "uk.other-information",
	"uk.address.trailing-comma", "whitespace",
}

func TestParseEUGenerated(t *testing.T) {
	testGenerated(t, synthetic.WriteEU, watchlist.ParseEU, euVariants)
}

func TestParseUKGenerated(t *testing.T) {
	testGenerated(t, synthetic.WriteUK, watchlist.ParseUK, ukVariants)
}

// testGenerated writes files of 200 entries from two seeds and checks that
// the parser reads every entry, field by field, as written.
func testGenerated(t *testing.T, write writeList, parse parseList, variants []string) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			path, written := generate(t, t.TempDir(), write, synthetic.Options{Entries: 200, Seed: seed})
			for _, v := range variants {
				if written.Variants[v] == 0 {
					t.Errorf("the generated file holds no %s", v)
				}
			}
			got := parseFile(t, path, parse)
			if len(got) != len(written.Entries) {
				t.Fatalf("parsed %d entries, the file holds %d", len(got), len(written.Entries))
			}
			for i, want := range written.Entries {
				for _, d := range fieldDiffs(got[i], want) {
					t.Errorf("entry %d (%s) %s", i, want.SourceID, d)
				}
			}
			checkScripts(t, got)
		})
	}
}

// generate writes a list into dir and returns its path and what it holds.
func generate(tb testing.TB, dir string, write writeList, opt synthetic.Options) (string, *synthetic.Written) {
	tb.Helper()
	path := filepath.Join(dir, "list.xml")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	written, err := write(f, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return path, written
}

func parseFile(t *testing.T, path string, parse parseList) []watchlist.Entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []watchlist.Entry
	n, err := parse(f, filepath.Base(path), func(e watchlist.Entry) error {
		got = append(got, e)
		return nil
	})
	if err != nil || n != len(got) {
		t.Fatalf("parse: %d entries, %d emitted, %v", n, len(got), err)
	}
	return got
}

// fieldDiffs names each field of the entry that differs from want.
func fieldDiffs(got, want watchlist.Entry) []string {
	var diffs []string
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s: got %#v, want %#v", g.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface()))
		}
	}
	return diffs
}

// checkScripts checks that names in every script the lists use came
// through: Latin with diacritics, Cyrillic, Greek, Arabic and Han.
func checkScripts(t *testing.T, entries []watchlist.Entry) {
	t.Helper()
	scripts := map[string]func(rune) bool{
		"Latin with diacritics": func(r rune) bool { return unicode.Is(unicode.Latin, r) && r > unicode.MaxASCII },
		"Cyrillic":              func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) },
		"Greek":                 func(r rune) bool { return unicode.Is(unicode.Greek, r) },
		"Arabic":                func(r rune) bool { return unicode.Is(unicode.Arabic, r) },
		"Han":                   func(r rune) bool { return unicode.Is(unicode.Han, r) },
	}
	for script, in := range scripts {
		names := 0
		for _, e := range entries {
			for _, n := range e.Names {
				if bytes.ContainsFunc([]byte(n.Text), in) {
					names++
				}
			}
		}
		if names == 0 {
			t.Errorf("no name in %s script was read", script)
		}
	}
}

// benchmarkEntries is the size of the full lists: the EU export holds
// about 5,500 subjects, the UK list about 5,000 designations.
const benchmarkEntries = 5000

func BenchmarkParseEUFull(b *testing.B) { benchmarkGenerated(b, synthetic.WriteEU, watchlist.ParseEU) }

func BenchmarkParseUKFull(b *testing.B) { benchmarkGenerated(b, synthetic.WriteUK, watchlist.ParseUK) }

// benchmarkGenerated parses a generated full-size list from memory, as
// BenchmarkParseOFACFull and BenchmarkParseUN parse the real files.
func benchmarkGenerated(b *testing.B, write writeList, parse parseList) {
	path, _ := generate(b, b.TempDir(), write, synthetic.Options{Entries: benchmarkEntries, Seed: 1})
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := parse(bytes.NewReader(data), "list.xml", func(watchlist.Entry) error { return nil })
		if err != nil || n != benchmarkEntries {
			b.Fatal(n, err)
		}
	}
}
