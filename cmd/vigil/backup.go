package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/vigil-icp/vigil/internal/backup"
)

// backupCreate handles `vigil backup FILE`: an archive of the database and
// the uploaded files, taken while the server runs.
func (e *environment) backupCreate(args []string) error {
	fs, finish := e.flags("backup")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if fs.NArg() != 1 {
		return errors.New("backup: name the archive file to write, once")
	}
	cfg, err := finish()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	out, err := os.OpenFile(fs.Arg(0), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	m, err := backup.Create(e.ctx, backup.Site{DSN: cfg.DB, DataDir: cfg.DataDir}, out)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(fs.Arg(0))
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backed up %d tables (%d rows) and %d files to %s\n", len(m.Rows), m.TotalRows(), len(m.Files), fs.Arg(0))
	return nil
}

// backupRestore handles `vigil restore [--force] FILE`.
func (e *environment) backupRestore(args []string) error {
	fs, finish := e.flags("restore")
	force := fs.Bool("force", false, "replace a database that has users or audit events, and the files already stored")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if fs.NArg() != 1 {
		return errors.New("restore: name the archive file (vigil backup) to restore, once")
	}
	cfg, err := finish()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	in, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer in.Close()
	m, err := backup.Restore(e.ctx, backup.Site{DSN: cfg.DB, DataDir: cfg.DataDir}, in, backup.Options{Force: *force})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(e.stdout, "restored %d tables (%d rows) and %d files from the backup of %s\n",
		len(m.Rows), m.TotalRows(), len(m.Files), m.Created.Format("2006-01-02 15:04:05 UTC"))
	return nil
}
