package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screenapi"
	"github.com/vigil-icp/vigil/internal/screening"
)

// screen handles `vigil screen [flags] NAME...` and `vigil screen --batch
// FILE`: it screens against the imported lists, as the API does, without
// recording anything.
func (e *environment) screen(args []string) error {
	fs, finish := e.flags("screen")
	asJSON := fs.Bool("json", false, "print the JSON the API answers: POST /api/v1/screen for one name, /api/v1/screen/batch for several")
	batch := fs.String("batch", "", "screen the names in `FILE`, one a line (- for standard input), and print one JSON line {\"name\", \"hits\"} per name")
	limit := fs.Int("limit", screenapi.DefaultLimit, fmt.Sprintf("the most hits per name (1 to %d)", screenapi.MaxLimit))
	kind := fs.String("kind", "", "what the parties are: individual, entity, vessel or aircraft")
	country := fs.String("country", "", "a country the parties are tied to (ISO code or name)")
	birthDate := fs.String("birth-date", "", "the individual's date or year of birth (1970-05-01 or 1970)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if (*batch == "") == (fs.NArg() == 0) {
		return errors.New("screen: give the names to screen, or --batch FILE")
	}
	query := func(name string) screenapi.Query {
		return screenapi.Query{Name: name, Kind: *kind, Country: *country, BirthDate: *birthDate, Limit: limit}
	}
	_, d, err := e.openParsed(finish)
	if err != nil {
		return err
	}
	defer d.Close()
	scr := screening.NewService(d)
	if _, err := scr.Load(e.ctx); err != nil {
		return fmt.Errorf("load the sanctions lists: %w", err)
	}
	if *batch != "" {
		return e.screenLines(scr, *batch, query)
	}
	b := screenapi.Batch{}
	for _, name := range fs.Args() {
		b.Names = append(b.Names, query(name))
	}
	if *asJSON && len(b.Names) == 1 {
		res, err := screenapi.Match(scr, b.Names[0])
		if err != nil {
			return e.refused(err)
		}
		return e.printJSON(res)
	}
	res, err := screenapi.MatchBatch(scr, b)
	if err != nil {
		return e.refused(err)
	}
	if *asJSON {
		return e.printJSON(res)
	}
	return e.printResults(res)
}

func (e *environment) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printResults prints a table of hits per name, under the list versions
// they were found in.
func (e *environment) printResults(res screenapi.BatchResponse) error {
	var lists []string
	for _, v := range res.ListVersions {
		lists = append(lists, fmt.Sprintf("%s (%d entries, imported %s)", v.Label, v.Entries, v.ImportedAt.Format("2006-01-02")))
	}
	fmt.Fprintf(e.stdout, "Screened against %s; %s, hits from a score of %.2f.\n", strings.Join(lists, ", "), res.Algorithm, res.Threshold)
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, r := range res.Results {
		fmt.Fprintf(w, "\n%q\n", r.Name)
		if len(r.Hits) == 0 {
			fmt.Fprintln(w, "  no hits")
			continue
		}
		fmt.Fprintln(w, "  SCORE\tLIST\tID\tNAME\tMATCHED NAME\tWHY")
		for _, h := range r.Hits {
			fmt.Fprintf(w, "  %.2f\t%s\t%s\t%s\t%s\t%s\n", h.Score, h.Label, h.SourceID, h.Name, h.MatchedName, h.Explanation)
		}
	}
	return w.Flush()
}

// screenLines screens each line of the file named path as a name and writes
// one JSON line per name, as it goes: a file may be longer than an API batch.
func (e *environment) screenLines(scr *screening.Service, path string, query func(string) screenapi.Query) error {
	var in io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriter(e.stdout)
	enc := json.NewEncoder(out)
	lines := bufio.NewScanner(in)
	var res screenapi.Response
	n := 0
	for line := 1; lines.Scan(); line++ {
		name := strings.TrimSpace(lines.Text())
		if name == "" {
			continue
		}
		var err error
		if res, err = screenapi.Match(scr, query(name)); err != nil {
			out.Flush()
			return e.refused(apperr.New(apperr.CodeOf(err), "%s, line %d: %s", path, line, apperr.Message(err)))
		}
		if err := enc.Encode(screenapi.Result{Name: name, Hits: res.Hits}); err != nil {
			return err
		}
		n++
	}
	if err := lines.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	var versions []string
	for _, v := range res.ListVersions {
		versions = append(versions, v.Label+" "+v.Version)
	}
	fmt.Fprintf(e.stderr, "screened %d names against %s\n", n, strings.Join(versions, ", "))
	return nil
}
