package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// listsImport handles `vigil lists import --source S FILE...`.
func (e *environment) listsImport(args []string) error {
	fs, finish := e.flags("lists import")
	sourceName := fs.String("source", "", "the list: us-ofac-sdn, us-ofac-cons, us-csl, un, eu or uk")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	paths := fs.Args()
	src, err := watchlist.ParseSource(*sourceName)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return errors.New("lists import: name the list's files")
	}
	var files []watchlist.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, watchlist.File{Name: p, R: f})
	}
	_, d, err := e.openParsed(finish)
	if err != nil {
		return err
	}
	defer d.Close()
	ctx := auth.AsSystem(e.ctx)
	v, change, err := screening.NewLists(d).Import(ctx, src, watchlist.ParserFor(src), files)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			fmt.Fprintln(e.stderr, apperr.Message(err))
			return exitCode(1)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s: %d entries (%d new, %d removed, %d changed), version %s\n",
		src, v.EntryCount, len(change.Added), len(change.Removed), len(change.Changed), v.ID)
	return nil
}
