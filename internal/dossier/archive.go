package dossier

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
)

// WriteJSON writes the dossier as indented JSON.
func WriteJSON(w io.Writer, d *Dossier) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// WriteEventsCSV writes the case's timeline as CSV, oldest first.
func WriteEventsCSV(w io.Writer, d *Dossier) error {
	out := csv.NewWriter(w)
	rows := [][]string{{"seq", "occurred_at", "actor", "role", "action", "summary", "before", "after"}}
	for _, e := range d.Events {
		rows = append(rows, []string{strconv.FormatInt(e.Seq, 10), e.At.Format(time.RFC3339Nano), e.Actor, e.Role, e.Action,
			e.Summary, e.Before, e.After})
	}
	return out.WriteAll(rows)
}

// Opener opens a stored document by its SHA-256.
type Opener func(sha256hex string) (io.ReadCloser, error)

// WriteZip writes one archive: the dossier as JSON, its timeline as CSV,
// every document under documents/, and MANIFEST.sha256 with the SHA-256 of
// each file in the form sha256sum checks. A stored document whose content no
// longer matches its recorded SHA-256 is refused, not archived.
func WriteZip(w io.Writer, d *Dossier, open Opener) error {
	z := zip.NewWriter(w)
	var manifest strings.Builder
	add := func(name string, fill func(io.Writer) error) error {
		f, err := z.Create(name)
		if err != nil {
			return err
		}
		h := sha256.New()
		if err := fill(io.MultiWriter(f, h)); err != nil {
			return err
		}
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), name)
		return nil
	}
	err := add("dossier.json", func(w io.Writer) error { return WriteJSON(w, d) })
	if err == nil {
		err = add("timeline.csv", func(w io.Writer) error { return WriteEventsCSV(w, d) })
	}
	for _, doc := range d.Documents {
		if err != nil {
			break
		}
		name := "documents/" + doc.SHA256[:12] + "-" + path.Base(strings.ReplaceAll(doc.Filename, "\\", "/"))
		err = add(name, func(w io.Writer) error { return copyDocument(w, doc, open) })
	}
	if err == nil {
		err = add("MANIFEST.sha256", func(w io.Writer) error { _, err := io.WriteString(w, manifest.String()); return err })
	}
	if err != nil {
		return err
	}
	return z.Close()
}

// copyDocument copies the stored document to w and checks it against its
// recorded SHA-256.
func copyDocument(w io.Writer, doc Document, open Opener) error {
	r, err := open(doc.SHA256)
	if err != nil {
		return fmt.Errorf("document %s: %w", doc.Filename, err)
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), r); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != doc.SHA256 {
		return fmt.Errorf("document %s: its content no longer matches its recorded SHA-256", doc.Filename)
	}
	return nil
}
