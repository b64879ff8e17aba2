// Command auditdb appends synthetic events to the audit chain of a Vigil
// database, continuing it from its head with correct links and hashes, for
// the benchmark of the audit trail's browser at a million events
// (bench/audit.sh). It writes rows directly: never point it at a database
// whose trail matters.
//
//	go run -tags libsqlite3 ./bench/auditdb -db /tmp/x/vigil.db -events 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/vigil-icp/vigil/bench/chain"
	"github.com/vigil-icp/vigil/internal/db"
)

func main() {
	path := flag.String("db", "", "the SQLite file or postgres:// URL of a benchmark database")
	n := flag.Int64("events", 1_000_000, "how many events to append")
	flag.Parse()
	if err := run(*path, *n); err != nil {
		fmt.Fprintln(os.Stderr, "auditdb:", err)
		os.Exit(1)
	}
}

func run(path string, n int64) error {
	d, err := db.Open(path)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := chain.Append(context.Background(), d, n); err != nil {
		return err
	}
	fmt.Printf("appended %d events in %s\n", n, time.Since(start).Round(time.Second))
	return nil
}
