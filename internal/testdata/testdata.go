// Package testdata finds the official list files that tests and benchmarks
// read. They are kept beside the repository, not in it.
package testdata

import (
	"errors"
	"os"
	"path/filepath"
)

// SanctionsDir returns ../shared/data/sanctions from the repository root
// (the directory of go.mod above the working directory).
func SanctionsDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data", "sanctions"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
