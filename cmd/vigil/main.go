// Command vigil runs Vigil, the Internal Compliance Programme for dual-use
// exports: the web server and the operator's commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time by the Makefile.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if code, ok := err.(exitCode); ok {
			os.Exit(int(code))
		}
		fmt.Fprintln(os.Stderr, "vigil:", err)
		os.Exit(1)
	}
}

// exitCode ends the program with a status and no further message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `Usage: vigil <command> [flags]

Commands:
  serve                 migrate, seed demo data if VIGIL_DEMO and empty, and serve the web application
  migrate               apply pending database migrations
  seed --demo           create the demo users in an empty database
  seed [--demo] --cases N
                        also create N demonstration export cases, owned by the export managers
  user create --email E --name N --role R [--role R ...]
                        create a user; the password is read from standard input
  lists import --source S FILE...
                        import a new version of a sanctions list (us-ofac-sdn, us-ofac-cons,
                        us-csl, un, eu, uk) from its published files
  screen [--json] [--limit N] [--kind K] [--country C] [--birth-date D] NAME...
                        screen names against the imported lists; --json prints what the API answers
  screen --batch FILE   screen the names in FILE, one a line (- for standard input), as JSON lines
  token create --name N [--rate R]
                        create an API token for another system (R requests a second, default 20) and print it, this once
  token list            list the API tokens
  token revoke ID|PREFIX
                        revoke an API token
  audit verify [--public-key F] [--file EXPORT]
                        check the audit trail's hash chain and its signed checkpoints, in the
                        database or, with --file, in an export (no database needed)
  audit export [--from DATE] [--to DATE] FILE
                        write the events as JSON lines with the chain's hashes and checkpoints
  audit checkpoint      sign the chain's head now with VIGIL_AUDIT_KEY
  audit keygen FILE     create an Ed25519 key pair for the checkpoints: FILE and FILE.pub
  backup FILE           write the database and the uploaded files to the archive FILE, while
                        the server runs (PostgreSQL: with pg_dump); never the keys
  restore [--force] FILE
                        replace the database and the uploaded files with the archive FILE,
                        checked first; stop the server before; --force to replace data in use
  version               print the version

Every command takes the configuration flags; run "vigil serve -h" to list them.
`

// run is main without the process: arguments, environment and streams come in,
// so tests can drive every command.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitCode(2)
	}
	env := &environment{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return env.serve(rest)
	case "migrate":
		return env.migrate(rest)
	case "seed":
		return env.seed(rest)
	case "user":
		if len(rest) > 0 && rest[0] == "create" {
			return env.userCreate(rest[1:])
		}
	case "lists":
		if len(rest) > 0 && rest[0] == "import" {
			return env.listsImport(rest[1:])
		}
	case "screen":
		return env.screen(rest)
	case "token":
		if len(rest) > 0 {
			switch rest[0] {
			case "create":
				return env.tokenCreate(rest[1:])
			case "list":
				return env.tokenList(rest[1:])
			case "revoke":
				return env.tokenRevoke(rest[1:])
			}
		}
	case "audit":
		if len(rest) > 0 {
			switch rest[0] {
			case "verify":
				return env.auditVerify(rest[1:])
			case "export":
				return env.auditExport(rest[1:])
			case "checkpoint":
				return env.auditCheckpoint(rest[1:])
			case "keygen":
				return env.auditKeygen(rest[1:])
			}
		}
	case "backup":
		return env.backupCreate(rest)
	case "restore":
		return env.backupRestore(rest)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "vigil", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "vigil: unknown command %q\n\n%s", args[0], usage)
	return exitCode(2)
}
