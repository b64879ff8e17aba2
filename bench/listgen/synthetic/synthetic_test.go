package synthetic

import (
	"bytes"
	"io"
	"testing"
)

// The same seed writes the same file, another seed another one.
func TestWrite_Deterministic(t *testing.T) {
	for name, write := range map[string]func(io.Writer, Options) (*Written, error){"EU": WriteEU, "UK": WriteUK} {
		t.Run(name, func(t *testing.T) {
			files := make([][]byte, 3)
			for i, seed := range []uint64{5, 5, 6} {
				var buf bytes.Buffer
				written, err := write(&buf, Options{Entries: 30, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				if len(written.Entries) != 30 {
					t.Fatalf("%d entries, want 30", len(written.Entries))
				}
				files[i] = buf.Bytes()
			}
			if !bytes.Equal(files[0], files[1]) {
				t.Error("seed 5 wrote two different files")
			}
			if bytes.Equal(files[0], files[2]) {
				t.Error("seeds 5 and 6 wrote the same file")
			}
		})
	}
}

func TestWrite_RefusesNoEntries(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteEU(&buf, Options{Entries: 0}); err == nil || buf.Len() != 0 {
		t.Errorf("WriteEU with no entries: %v, wrote %d bytes", err, buf.Len())
	}
	if _, err := WriteUK(&buf, Options{Entries: -1}); err == nil || buf.Len() != 0 {
		t.Errorf("WriteUK with -1 entries: %v, wrote %d bytes", err, buf.Len())
	}
}
