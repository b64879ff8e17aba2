package main

import (
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// refused prints the message of an error the operator can act on (bad
// input, a conflict, nothing found) and exits with 1; other errors pass.
func (e *environment) refused(err error) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.NotFound:
		fmt.Fprintln(e.stderr, apperr.Message(err))
		return exitCode(1)
	}
	return err
}

// tokenCreate handles `vigil token create --name N [--rate R]`: the token
// alone goes to standard output, for a script to pass on; it is never shown
// again.
func (e *environment) tokenCreate(args []string) error {
	fs, finish := e.flags("token create")
	name := fs.String("name", "", "the system that uses the token, e.g. \"SAP ERP production\"")
	rateText := fs.String("rate", strconv.Itoa(apitoken.DefaultRate),
		fmt.Sprintf("requests a second the token may make, %d to %d (twice as many at once)", apitoken.MinRate, apitoken.MaxRate))
	_, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	ratePerSecond, err := apitoken.ParseRate(*rateText)
	if err != nil {
		return e.refused(err)
	}
	t, secret, err := apitoken.NewService(d).Create(auth.AsSystem(e.ctx), *name, ratePerSecond)
	if err != nil {
		return e.refused(err)
	}
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintf(e.stderr, "created API token %q (%s…, id %s, %s); it is shown only this once\n",
		t.Name, t.Prefix, t.ID, apitoken.PerSecond(t.RatePerSecond))
	return nil
}

// tokenList handles `vigil token list`.
func (e *environment) tokenList(args []string) error {
	return e.withDB("token list", args, func(d *db.DB) error {
		tokens, err := apitoken.NewService(d).List(auth.AsSystem(e.ctx))
		if err != nil {
			return err
		}
		return e.printTokens(tokens)
	})
}

// printTokens writes tokens as a table, without their secrets (Vigil has none).
func (e *environment) printTokens(tokens []apitoken.Token) error {
	const minute = "2006-01-02 15:04"
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTOKEN\tNAME\tRATE/S\tCREATED BY\tCREATED\tLAST USED\tSTATUS")
	for _, t := range tokens {
		lastUsed, status := "never", "live"
		if t.LastUsedAt != nil {
			lastUsed = t.LastUsedAt.UTC().Format(minute)
		}
		if t.RevokedAt != nil {
			status = "revoked " + t.RevokedAt.UTC().Format(minute)
		}
		fmt.Fprintf(w, "%s\t%s…\t%s\t%d\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, t.RatePerSecond, t.Creator(), t.CreatedAt.UTC().Format(minute), lastUsed, status)
	}
	return w.Flush()
}

// tokenRevoke handles `vigil token revoke ID-or-prefix`.
func (e *environment) tokenRevoke(args []string) error {
	fs, finish := e.flags("token revoke")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if fs.NArg() != 1 {
		return errors.New("token revoke: give the token's id or its prefix (vgl_ and 8 characters)")
	}
	_, d, err := e.openParsed(finish)
	if err != nil {
		return err
	}
	defer d.Close()
	t, err := apitoken.NewService(d).Revoke(auth.AsSystem(e.ctx), fs.Arg(0))
	if err != nil {
		return e.refused(err)
	}
	fmt.Fprintf(e.stdout, "revoked API token %q (%s…)\n", t.Name, t.Prefix)
	return nil
}
