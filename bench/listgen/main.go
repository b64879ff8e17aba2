// Command listgen writes made-up EU (FSF 1.1) and UK (FCDO XML) sanctions
// lists as large as the real ones, for measuring the parsers and the import.
// The files are several MB: they go to a directory outside the repository.
//
//	go run ./bench/listgen -out DIR [-n 5000] [-seed 1]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-icp/vigil/bench/listgen/synthetic"
)

// Files are the names listgen writes in its directory.
const (
	EUFile = "eu-fsf-synthetic.xml"
	UKFile = "uk-sanctions-synthetic.xml"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "listgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("listgen", flag.ContinueOnError)
	out := fs.String("out", "", "directory to write "+EUFile+" and "+UKFile+" to (outside the repository)")
	n := fs.Int("n", 5000, "entries in each file")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-out: name the directory to write to")
	}
	if *n < 1 {
		return fmt.Errorf("-n: entries must be at least 1, not %d", *n)
	}
	if repo, err := repositoryAbove(*out); err != nil {
		return err
	} else if repo != "" {
		return fmt.Errorf("-out %s is inside the repository %s: the files are several MB, write them elsewhere", *out, repo)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	opt := synthetic.Options{Entries: *n, Seed: *seed}
	for _, f := range []struct {
		name  string
		write func(io.Writer, synthetic.Options) (*synthetic.Written, error)
	}{{EUFile, synthetic.WriteEU}, {UKFile, synthetic.WriteUK}} {
		path := filepath.Join(*out, f.name)
		size, err := writeFile(path, opt, f.write)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d entries, %.1f MB\n", path, opt.Entries, float64(size)/1e6)
	}
	return nil
}

// writeFile writes one list to path and returns its size; a file left
// half-written by an error is removed.
func writeFile(path string, opt synthetic.Options, write func(io.Writer, synthetic.Options) (*synthetic.Written, error)) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	_, err = write(f, opt)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// repositoryAbove returns the Vigil repository that holds dir (the nearest
// directory above it with Vigil's go.mod), or "" when there is none.
func repositoryAbove(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.Contains(string(mod), "module github.com/vigil-icp/vigil\n") {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}
