package watchlist

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// xmlTestData returns the path of a file under ../shared/data/sanctions,
// relative to the repository root (the directory holding go.mod).
func xmlTestData(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(ofacTestDir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("test data not available: %v", err)
	}
	return p
}

// xmlTestRead reads a test data file.
func xmlTestRead(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(xmlTestData(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// xmlTestParse parses data and collects the entries; it checks that the
// returned count is the number emitted.
func xmlTestParse(tb testing.TB, parse func(io.Reader, string, Emit) (int, error), name string, data []byte) ([]Entry, error) {
	tb.Helper()
	var got []Entry
	n, err := parse(bytes.NewReader(data), name, func(e Entry) error {
		got = append(got, e)
		return nil
	})
	if n != len(got) {
		tb.Fatalf("returned count %d, emitted %d", n, len(got))
	}
	return got, err
}

// xmlTestFormatError checks that err is a *FormatError naming file and
// whose message contains each of want.
func xmlTestFormatError(tb testing.TB, err error, file string, want ...string) *FormatError {
	tb.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		tb.Fatalf("error %v (%T), want *FormatError", err, err)
	}
	if fe.File != file {
		tb.Errorf("FormatError.File = %q, want %q", fe.File, file)
	}
	if fe.Element == "" {
		tb.Errorf("FormatError.Element is empty: %v", fe)
	}
	for _, w := range want {
		if !strings.Contains(fe.Error(), w) {
			tb.Errorf("error %q does not mention %q", fe.Error(), w)
		}
	}
	return fe
}

// xmlTestFuzzCheck is the property all three fuzz targets check: no panic,
// the count is what was emitted, errors are *FormatError, and every
// emitted entry has its source, id, kind and a non-empty first name.
func xmlTestFuzzCheck(t *testing.T, src Source, parse func(io.Reader, string, Emit) (int, error), data []byte) {
	got, err := xmlTestParse(t, parse, "fuzz.xml", data)
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v (%T) is not a *FormatError", err, err)
		}
		if fe.File != "fuzz.xml" || fe.Msg == "" {
			t.Fatalf("FormatError without file or message: %#v", fe)
		}
	}
	for _, e := range got {
		if e.Source != src || e.SourceID == "" || e.Kind == "" || len(e.Names) == 0 || e.Names[0].Text == "" {
			t.Fatalf("incomplete entry emitted: %+v", e)
		}
	}
}

// xmlTestCut returns data up to and including the first occurrence of
// marker (for building small, real excerpts).
func xmlTestCut(tb testing.TB, data []byte, marker string) []byte {
	tb.Helper()
	i := bytes.Index(data, []byte(marker))
	if i < 0 {
		tb.Fatalf("marker %q not in data", marker)
	}
	return data[:i+len(marker)]
}
