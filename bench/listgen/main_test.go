package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/bench/listgen/synthetic"
)

func TestRun_WritesBothLists(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lists")
	var out bytes.Buffer
	if err := run([]string{"-out", dir, "-n", "20", "-seed", "3"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{EUFile, UKFile} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("<?xml ")) || !bytes.Contains(data, []byte("<!-- "+synthetic.Notice+" -->")) {
			t.Errorf("%s does not start with the declaration and the generated-data notice: %.200s", name, data)
		}
		if want := filepath.Join(dir, name) + ": 20 entries"; !strings.Contains(out.String(), want) {
			t.Errorf("output %q does not say %q", out.String(), want)
		}
	}
}

// Bad arguments are refused before any directory or file is made.
func TestRun_RefusesBadArguments(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "lists")
	tests := []struct {
		name, dir string
		args      []string
		want      string
	}{
		{"no directory", "", []string{"-n", "10"}, "-out: name the directory"},
		{"inside the repository", filepath.Join(repo, "bench", "generated"), nil, "inside the repository " + repo},
		{"no entries", elsewhere, []string{"-n", "0"}, "-n: entries must be at least 1, not 0"},
		{"not a number", elsewhere, []string{"-n", "many"}, "invalid value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.dir != "" {
				args = append([]string{"-out", tt.dir}, args...)
			}
			err := run(args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			if _, err := os.Stat(tt.dir); tt.dir != "" && err == nil {
				t.Errorf("%s was made", tt.dir)
			}
		})
	}
}
