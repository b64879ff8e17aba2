package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/config"
	"github.com/vigil-icp/vigil/internal/db"
)

// checkpointEvery is how often a running server signs the audit chain's
// head, when it has a key.
const checkpointEvery = time.Hour

// auditVerify handles `vigil audit verify [--public-key F] [--file EXPORT]`:
// the chain in the database (the operator holds it, so it is read directly,
// not through the permission-checked audit.Service), or an export offline.
// The public key checks the checkpoints' signatures; without it, that of
// VIGIL_AUDIT_KEY serves.
func (e *environment) auditVerify(args []string) error {
	fs, finish := e.flags("audit verify")
	file := fs.String("file", "", "verify this export (vigil audit export) instead of the database; needs no database")
	pubFile := fs.String("public-key", "", "the public key (.pub of vigil audit keygen) that checks the checkpoints' signatures")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	cfg, err := finish()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	pub, err := publicKey(*pubFile, cfg)
	if err != nil {
		return err
	}
	if e.getenv("GOGC") == "" {
		// Verifying reads every event once and keeps none: fewer
		// collections, as vigil serve has, make a million events about
		// 15 % faster.
		debug.SetGCPercent(400)
	}
	var res audit.Result
	if *file != "" {
		res, err = verifyFile(*file, pub)
	} else {
		res, err = e.verifyDB(finish, pub)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, res.String())
	if !res.Intact {
		return exitCode(1)
	}
	return nil
}

func verifyFile(path string, pub ed25519.PublicKey) (audit.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return audit.Result{}, err
	}
	defer f.Close()
	return audit.VerifyExport(f, pub)
}

func (e *environment) verifyDB(finish func() (config.Config, error), pub ed25519.PublicKey) (audit.Result, error) {
	_, d, err := e.openParsed(finish)
	if err != nil {
		return audit.Result{}, err
	}
	defer d.Close()
	return audit.VerifyAnchored(e.ctx, d.Gorm, pub)
}

// publicKey is the key of --public-key, else that of VIGIL_AUDIT_KEY, else
// none.
func publicKey(path string, cfg config.Config) (ed25519.PublicKey, error) {
	if path == "" {
		path = cfg.AuditKey
	}
	if path == "" {
		return nil, nil
	}
	return audit.LoadPublicKey(path)
}

// auditExport handles `vigil audit export [--from DATE] [--to DATE] FILE`.
func (e *environment) auditExport(args []string) error {
	fs, finish := e.flags("audit export")
	from := fs.String("from", "", "first day (YYYY-MM-DD, UTC) of the events to export; empty: from the first")
	to := fs.String("to", "", "last day (YYYY-MM-DD, UTC) of the events to export; empty: to the newest")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if fs.NArg() != 1 {
		return errors.New("audit export: name the file to write, once")
	}
	start, end, bad := audit.Days(*from, *to)
	if bad != "" {
		return fmt.Errorf("--%s: give the day as YYYY-MM-DD", bad)
	}
	_, d, err := e.openParsed(finish)
	if err != nil {
		return err
	}
	defer d.Close()
	out, err := os.OpenFile(fs.Arg(0), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	n, err := audit.Export(e.ctx, d.Gorm, start, end, out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d events to %s\n", n, fs.Arg(0))
	return nil
}

// auditCheckpoint handles `vigil audit checkpoint`: sign the chain's head
// now with the key of VIGIL_AUDIT_KEY.
func (e *environment) auditCheckpoint(args []string) error {
	fs, finish := e.flags("audit checkpoint")
	cfg, d, err := e.open(fs, finish, args)
	if err != nil {
		return err
	}
	defer d.Close()
	if cfg.AuditKey == "" {
		return errors.New("audit checkpoint: set VIGIL_AUDIT_KEY to the private key (vigil audit keygen)")
	}
	key, err := audit.LoadPrivateKey(cfg.AuditKey)
	if err != nil {
		return err
	}
	c, err := audit.Sign(e.ctx, d.Gorm, key, d.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "checkpoint at event %d (head %s), signed %s with key %s\n", c.Seq, c.HeadHash, c.SignedAt.Format(time.RFC3339), c.KeyID)
	return nil
}

// auditKeygen handles `vigil audit keygen FILE`.
func (e *environment) auditKeygen(args []string) error {
	if len(args) != 1 || args[0] == "" || args[0][0] == '-' {
		return errors.New("audit keygen: name the private key file to create, once (its public key goes beside it, .pub)")
	}
	pub, err := audit.GenerateKey(args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (private; set VIGIL_AUDIT_KEY to it and keep it out of the database's backups) and %s.pub (key %s)\n",
		args[0], args[0], audit.KeyID(pub))
	return nil
}

// signCheckpoint signs the audit chain's head. The server does so at start
// and every checkpointEvery, on one of its instances.
func signCheckpoint(ctx context.Context, d *db.DB, key ed25519.PrivateKey, log *slog.Logger) {
	if c, err := audit.Sign(ctx, d.Gorm, key, d.Now()); err != nil {
		log.Warn("audit checkpoint not signed", "err", err)
	} else {
		log.Info("audit checkpoint", "seq", c.Seq, "key", c.KeyID)
	}
}
