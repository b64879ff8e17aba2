package files_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/files"
)

const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	odtType  = "application/vnd.oasis.opendocument.text"
)

// Inputs, generated rather than committed as fixtures.

var pdfDoc = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
	"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
	"trailer\n<< /Root 1 0 R >>\n%%EOF\n")

func onePixel() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	return img
}

func pngImage(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, onePixel()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegImage(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, onePixel(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifImage(t testing.TB) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, onePixel(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type zipEntry struct {
	name  string
	body  []byte
	store bool // uncompressed, as ODF requires for its "mimetype" entry
}

func zipFile(t testing.TB, entries ...zipEntry) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		m := zip.Deflate
		if e.store {
			m = zip.Store
		}
		f, err := w.CreateHeader(&zip.FileHeader{Name: e.name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var contentTypes = zipEntry{name: "[Content_Types].xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`)}

// docx is what mimetype needs to call a zip Word: "[Content_Types].xml" (or
// _rels/, docProps/) as the first entry and a word/ entry in the first 4 KiB.
func docx(t testing.TB) []byte {
	return zipFile(t, contentTypes, zipEntry{name: "word/document.xml", body: []byte("<w:document/>")})
}

// bigDocx pushes the word/ entry past the 4 KiB that mimetype reads, as a
// large thumbnail does in real files.
func bigDocx(t testing.TB) []byte {
	return zipFile(t, contentTypes,
		zipEntry{name: "docProps/thumbnail.jpeg", body: bytes.Repeat([]byte{0xAB}, 8<<10), store: true},
		zipEntry{name: "word/document.xml", body: []byte("<w:document/>")})
}

// oddDocx starts with an entry that mimetype does not expect first in an
// Office file, so it gives up and says zip.
func oddDocx(t testing.TB) []byte {
	return zipFile(t, zipEntry{name: "media/image1.png", body: []byte("png")}, contentTypes,
		zipEntry{name: "word/document.xml", body: []byte("<w:document/>")})
}

func xlsx(t testing.TB) []byte {
	return zipFile(t, contentTypes, zipEntry{name: "xl/workbook.xml", body: []byte("<workbook/>")})
}

func odt(t testing.TB) []byte {
	return zipFile(t, zipEntry{name: "mimetype", body: []byte(odtType), store: true},
		zipEntry{name: "content.xml", body: []byte("<office:document-content/>")})
}

// legacyDoc is an OLE2 compound file whose directory, naming the
// "WordDocument" stream, lies past the first 4 KiB, as in real .doc files.
func legacyDoc() []byte { return oleFile(8) } // the directory starts at 512*(1+8) = 4608

// oleFile is an OLE2 compound file with a "WordDocument" stream in its
// directory at sector dirSector.
func oleFile(dirSector int) []byte {
	b := make([]byte, 512*(dirSector+2))
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(b[26:], 3)      // major version
	binary.LittleEndian.PutUint16(b[28:], 0xFFFE) // byte order
	binary.LittleEndian.PutUint16(b[30:], 9)      // 512-byte sectors
	binary.LittleEndian.PutUint16(b[32:], 6)      // 64-byte mini sectors
	binary.LittleEndian.PutUint32(b[48:], uint32(dirSector))
	entry := func(off int, name string, typ byte) {
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(b[off+2*i:], c)
		}
		binary.LittleEndian.PutUint16(b[off+64:], uint16(2*len(u)+2))
		b[off+66] = typ
	}
	dir := 512 * (1 + dirSector)
	entry(dir, "Root Entry", 5)
	entry(dir+128, "WordDocument", 2)
	return b
}

var elfExe = func() []byte {
	b := make([]byte, 64)
	copy(b, "\x7fELF\x02\x01\x01")
	binary.LittleEndian.PutUint16(b[16:], 2) // ET_EXEC
	binary.LittleEndian.PutUint16(b[18:], 62)
	return b
}()

var peExe = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
	[]byte("This program cannot be run in DOS mode.\r\r\n$")...)

var machO = []byte{0xCF, 0xFA, 0xED, 0xFE, 0x07, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}

const (
	plainText = "End-use statement\n\nThe goods will be used only for civil purposes\n"
	csvText   = "item,quantity,value\nvalve,10,1200\npump,2,5400\n"
	// Prose whose commas are regular enough for mimetype to call it CSV.
	proseText = "Dear Sir, we confirm the order, as agreed.\nThe goods, once delivered, stay here.\n"
)

// repeatReader yields its text over and over.
type repeatReader struct {
	text string
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.text[r.off:])
		n += c
		r.off = (r.off + c) % len(r.text)
	}
	return n, nil
}

func newStore(t testing.TB) *files.Store {
	t.Helper()
	s, err := files.NewStore(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// regularFiles lists the files under dir, relative to it.
func regularFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestNewStoreCreatesPrivateDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if _, err := files.NewStore(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Errorf("store dir mode = %v, want drwx------", fi.Mode())
	}
}

func TestPutAccepts(t *testing.T) {
	longName := strings.Repeat("é", 150) + ".pdf" // 304 bytes
	tests := []struct {
		name     string
		content  []byte
		filename string
		wantType string
		wantName string
	}{
		{"pdf", pdfDoc, "statement.pdf", "application/pdf", "statement.pdf"},
		{"png, extension in capitals", pngImage(t), "SCAN.PNG", "image/png", "SCAN.PNG"},
		{"jpeg as .jpg", jpegImage(t), "photo.jpg", "image/jpeg", "photo.jpg"},
		{"jpeg as .jpeg", jpegImage(t), "photo.jpeg", "image/jpeg", "photo.jpeg"},
		{"gif", gifImage(t), "logo.gif", "image/gif", "logo.gif"},
		{"webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"), "pic.webp", "image/webp", "pic.webp"},
		{"tiff as .tif", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), "scan.tif", "image/tiff", "scan.tif"},
		{"docx", docx(t), "contract.docx", docxType, "contract.docx"},
		{"docx with word/ past 4 KiB", bigDocx(t), "contract.docx", docxType, "contract.docx"},
		{"docx with an odd first entry", oddDocx(t), "contract.docx", docxType, "contract.docx"},
		{"xlsx", xlsx(t), "licences.xlsx", xlsxType, "licences.xlsx"},
		{"odt", odt(t), "letter.odt", odtType, "letter.odt"},
		{"legacy doc with directory past 4 KiB", legacyDoc(), "old.doc", "application/msword", "old.doc"},
		{"small legacy doc", oleFile(0), "old.doc", "application/msword", "old.doc"},
		{"rtf", []byte(`{\rtf1\ansi End-use statement}`), "letter.rtf", "text/rtf", "letter.rtf"},
		{"plain text", []byte(plainText), "notes.txt", "text/plain", "notes.txt"},
		{"csv", []byte(csvText), "items.csv", "text/csv", "items.csv"},
		{"csv named .txt", []byte(csvText), "items.txt", "text/csv", "items.txt"},
		{"prose detected as csv, named .txt", []byte(proseText), "letter.txt", "text/csv", "letter.txt"},
		{"no extension", []byte(plainText), "README", "text/plain", "README"},
		{"version number is no extension", pdfDoc, "Contract v1.2 final", "application/pdf", "Contract v1.2 final"},
		{"date is no extension", pdfDoc, "Statement 12.03.2024", "application/pdf", "Statement 12.03.2024"},
		{"unix path", []byte(plainText), "../../etc/passwd", "text/plain", "passwd"},
		{"windows path", pdfDoc, `C:\Users\x\a.pdf`, "application/pdf", "a.pdf"},
		{"control characters", pdfDoc, "a\x00b\r\n\tc\x7f.pdf", "application/pdf", "abc.pdf"},
		{"right-to-left override", []byte(plainText), "invoice\u202Eexe.txt", "text/plain", "invoiceexe.txt"},
		{"invalid utf-8", pdfDoc, "a\xffb.pdf", "application/pdf", "ab.pdf"},
		{"empty name", pdfDoc, "", "application/pdf", "attachment"},
		{"only a path", pdfDoc, "../..", "application/pdf", "attachment"},
		{"only control characters", pdfDoc, "\x01\x02", "application/pdf", "attachment"},
		{"long name keeps its extension", pdfDoc, longName, "application/pdf", strings.Repeat("é", 98) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			got, err := s.Put(bytes.NewReader(tt.content), tt.filename)
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			want := files.Stored{SHA256: sum(tt.content), Size: int64(len(tt.content)), ContentType: tt.wantType, Filename: tt.wantName}
			if got != want {
				t.Errorf("Put = %+v\nwant  %+v", got, want)
			}
			if len(got.Filename) > 200 || !utf8.ValidString(got.Filename) {
				t.Errorf("Filename %q: %d bytes, valid UTF-8 %v", got.Filename, len(got.Filename), utf8.ValidString(got.Filename))
			}

			path := filepath.Join(got.SHA256[0:2], got.SHA256[2:4], got.SHA256)
			if fs := regularFiles(t, s.Dir); len(fs) != 1 || fs[0] != path {
				t.Errorf("store holds %v, want [%s]", fs, path)
			}
			fi, err := os.Stat(filepath.Join(s.Dir, path))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("file mode = %v, want -rw-------", fi.Mode())
			}

			f, err := s.Open(got.SHA256)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer f.Close()
			back, err := io.ReadAll(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, tt.content) {
				t.Error("Open returned other bytes than were stored")
			}
		})
	}
}

// TestMimetypeNeedsHelp pins why Put looks into containers itself: mimetype
// sees only the first 4 KiB. If a new mimetype version recognises these, the
// fallbacks in files.go can go.
func TestMimetypeNeedsHelp(t *testing.T) {
	if m := mimetype.Detect(bigDocx(t)); !m.Is("application/zip") {
		t.Errorf("mimetype says %s for a docx with word/ past 4 KiB; the zip fallback may be unneeded", m)
	}
	if m := mimetype.Detect(oddDocx(t)); !m.Is("application/zip") {
		t.Errorf("mimetype says %s for a docx with an odd first entry; the zip fallback may be unneeded", m)
	}
	if m := mimetype.Detect(legacyDoc()); !m.Is("application/x-ole-storage") {
		t.Errorf("mimetype says %s for a .doc with its directory past 4 KiB; the OLE fallback may be unneeded", m)
	}
}

func TestPutExactlyMaxSize(t *testing.T) {
	s := newStore(t)
	got, err := s.Put(io.LimitReader(&repeatReader{text: "lorem ipsum "}, files.MaxSize), "big.txt")
	if err != nil {
		t.Fatalf("Put of exactly MaxSize bytes: %v", err)
	}
	if got.Size != files.MaxSize || got.ContentType != "text/plain" {
		t.Errorf("Put = %+v", got)
	}
}

func notAccepted(detected string) string {
	return "This kind of file is not accepted (detected: " + detected +
		"). Upload a PDF, an image (PNG, JPEG, GIF, WebP, TIFF), an office document or a text file."
}

func TestPutRefuses(t *testing.T) {
	tests := []struct {
		name     string
		r        func() io.Reader
		filename string
		wantMsg  string
	}{
		{"empty", func() io.Reader { return strings.NewReader("") }, "empty.pdf", "The file is empty."},
		{"one byte over the limit", func() io.Reader {
			return io.LimitReader(&repeatReader{text: "lorem ipsum "}, files.MaxSize+1)
		}, "big.txt", "The file is larger than 20 MB."},
		{"far over the limit", func() io.Reader { return &repeatReader{text: "x"} }, "endless.txt", "The file is larger than 20 MB."},
		{"elf", bytesOf(elfExe), "tool", notAccepted("application/x-executable")},
		{"elf named .txt", bytesOf(elfExe), "notes.txt", notAccepted("application/x-executable")},
		{"pe exe", bytesOf(peExe), "setup.exe", notAccepted("application/vnd.microsoft.portable-executable")},
		{"pe named .pdf", bytesOf(peExe), "invoice.pdf", notAccepted("application/vnd.microsoft.portable-executable")},
		{"mach-o", bytesOf(machO), "tool", notAccepted("application/x-mach-binary")},
		{"shell script", stringOf("#!/bin/sh\nrm -rf /\n"), "notes.txt", notAccepted("text/x-shellscript")},
		{"python script", stringOf("#!/usr/bin/env python3\nprint('hi')\n"), "run", notAccepted("text/x-python")},
		{"html", stringOf("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "page.txt", notAccepted("text/html")},
		{"svg", stringOf(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "logo.svg", notAccepted("image/svg+xml")},
		{"plain zip", func() io.Reader {
			return bytes.NewReader(zipFile(t, zipEntry{name: "evil.exe", body: peExe}))
		}, "archive.zip", notAccepted("application/zip")},
		{"zip with only [Content_Types].xml", func() io.Reader {
			return bytes.NewReader(zipFile(t, contentTypes, zipEntry{name: "evil.exe", body: peExe}))
		}, "contract.docx", notAccepted("application/zip")},
		{"png named .pdf", func() io.Reader { return bytes.NewReader(pngImage(t)) }, "statement.pdf",
			"The file name says .pdf but the content is a PNG image."},
		{"pdf named .docx", bytesOf(pdfDoc), "contract.docx", "The file name says .docx but the content is a PDF document."},
		{"docx named .pdf", func() io.Reader { return bytes.NewReader(docx(t)) }, "contract.pdf",
			"The file name says .pdf but the content is a Word document (.docx)."},
		{"docx named .docm", func() io.Reader { return bytes.NewReader(docx(t)) }, "macros.docm",
			"The file name says .docm but the content is a Word document (.docx)."},
		{"text named .exe", stringOf(plainText), "notes.exe", "The file name says .exe but the content is a text file."},
		{"text named .html", stringOf(plainText), "page.HTML", "The file name says .html but the content is a text file."},
		{"pdf named .pdf.exe", bytesOf(pdfDoc), "invoice.pdf.exe", "The file name says .exe but the content is a PDF document."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			got, err := s.Put(tt.r(), tt.filename)
			if err == nil {
				t.Fatalf("Put accepted it: %+v", got)
			}
			if apperr.CodeOf(err) != apperr.Invalid || apperr.Message(err) != tt.wantMsg {
				t.Errorf("Put error = %v (%s)\nwant message %q", err, apperr.CodeOf(err), tt.wantMsg)
			}
			if got != (files.Stored{}) {
				t.Errorf("Put returned %+v with its error", got)
			}
			if entries, _ := os.ReadDir(s.Dir); len(entries) != 0 {
				t.Errorf("store dir not empty after refusal: %v", entries)
			}
		})
	}
}

func bytesOf(b []byte) func() io.Reader  { return func() io.Reader { return bytes.NewReader(b) } }
func stringOf(s string) func() io.Reader { return func() io.Reader { return strings.NewReader(s) } }

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		n := min(len(p), r.n)
		r.n -= n
		return copy(p, bytes.Repeat([]byte("a"), n)), nil
	}
	return 0, errors.New("connection reset")
}

func TestPutReadErrorLeavesNothing(t *testing.T) {
	s := newStore(t)
	_, err := s.Put(&failingReader{n: 100 << 10}, "x.txt")
	if err == nil || apperr.CodeOf(err) != apperr.Internal {
		t.Fatalf("Put error = %v, want an internal error", err)
	}
	if entries, _ := os.ReadDir(s.Dir); len(entries) != 0 {
		t.Errorf("store dir not empty: %v", entries)
	}
}

func TestPutDeduplicates(t *testing.T) {
	s := newStore(t)
	first, err := s.Put(bytes.NewReader(pdfDoc), "statement.pdf")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Put(bytes.NewReader(pdfDoc), "statement.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Errorf("second Put = %+v, want %+v", again, first)
	}
	renamed, err := s.Put(bytes.NewReader(pdfDoc), "copy.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if renamed.SHA256 != first.SHA256 || renamed.Filename != "copy.pdf" {
		t.Errorf("Put under another name = %+v", renamed)
	}
	if fs := regularFiles(t, s.Dir); len(fs) != 1 {
		t.Errorf("store holds %v, want one file", fs)
	}
}

// Instances sharing one directory (a shared volume) store at once through
// stores of their own, the same content and different content: each reads
// what the other stored, the same content is kept once, and no temporary
// file is left. The store keeps nothing in memory: its directory is all.
func TestStore_InstancesShareADirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	var stores [2]*files.Store
	for i := range stores {
		s, err := files.NewStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	contents := [][]byte{pdfDoc, pdfDoc, []byte("Note one\n"), []byte("Note two\n")}
	names := []string{"a.pdf", "b.pdf", "one.txt", "two.txt"}
	stored := make([]files.Stored, len(contents))
	errs := make([]error, len(contents))
	var wg sync.WaitGroup
	for i, c := range contents {
		wg.Go(func() { stored[i], errs[i] = stores[i%2].Put(bytes.NewReader(c), names[i]) })
	}
	wg.Wait()
	for i, c := range contents {
		if errs[i] != nil {
			t.Fatalf("put %d: %v", i, errs[i])
		}
		f, err := stores[(i+1)%2].Open(stored[i].SHA256)
		if err != nil {
			t.Fatalf("the other instance opens %d: %v", i, err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || !bytes.Equal(got, c) {
			t.Errorf("the other instance read %q (%v), want %q", got, err, c)
		}
	}
	var want []string
	for _, c := range contents[1:] {
		want = append(want, filepath.Join(sum(c)[0:2], sum(c)[2:4], sum(c)))
	}
	slices.Sort(want)
	if got := regularFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("the directory holds %v, want %v", got, want)
	}
}

func TestOpenRefusesBadReferences(t *testing.T) {
	s := newStore(t)
	st, err := s.Put(bytes.NewReader(pdfDoc), "a.pdf")
	if err != nil {
		t.Fatal(err)
	}
	// A file just outside the store that a traversal would reach.
	if err := os.WriteFile(filepath.Join(filepath.Dir(s.Dir), "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := strings.Repeat("0", 64)
	tests := []struct {
		name, ref string
		want      apperr.Code
	}{
		{"parent path", "../secret", apperr.Invalid},
		{"deep traversal", "../../../../etc/passwd", apperr.Invalid},
		{"traversal padded to 64", "../secret" + strings.Repeat("a", 55), apperr.Invalid},
		{"upper case", strings.ToUpper(st.SHA256), apperr.Invalid},
		{"too short", st.SHA256[:63], apperr.Invalid},
		{"too long", st.SHA256 + "0", apperr.Invalid},
		{"empty", "", apperr.Invalid},
		{"not hex", strings.Repeat("g", 64), apperr.Invalid},
		{"with a slash", st.SHA256[:2] + "/" + st.SHA256[3:], apperr.Invalid},
		{"well formed, not stored", missing, apperr.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := s.Open(tt.ref)
			if err == nil {
				f.Close()
				t.Fatalf("Open(%q) succeeded", tt.ref)
			}
			if apperr.CodeOf(err) != tt.want {
				t.Errorf("Open(%q) = %v, want code %s", tt.ref, err, tt.want)
			}
		})
	}
}

func FuzzPut(f *testing.F) {
	seeds := []struct {
		data []byte
		name string
	}{
		{pdfDoc, "statement.pdf"},
		{pngImage(f), "scan.png"},
		{jpegImage(f), "photo.jpg"},
		{docx(f), "contract.docx"},
		// Small inputs for the container fallbacks: the big ones of
		// TestPutAccepts make the fuzzer spend its time minimising.
		{oddDocx(f), "contract.docx"},
		{odt(f), "letter.odt"},
		{oleFile(0), "old.doc"},
		{[]byte(csvText), "items.csv"},
		{[]byte(plainText), "../../etc/passwd"},
		{elfExe, "notes.txt"},
		{peExe, "a.exe"},
		{[]byte("#!/bin/sh\n"), "x.sh"},
		{[]byte("<html><script>"), "x.html"},
		{nil, ""},
		{[]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "x.doc"},
		{[]byte("PK\x03\x04"), "x.docx"},
	}
	for _, s := range seeds {
		f.Add(s.data, s.name)
	}
	s := newStore(f)
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		got, err := s.Put(bytes.NewReader(data), name)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("Put error %v is not a refusal", err)
			}
		} else {
			if got.SHA256 != sum(data) || got.Size != int64(len(data)) {
				t.Fatalf("Put = %+v for %d bytes with hash %s", got, len(data), sum(data))
			}
			n := got.Filename
			if n == "" || len(n) > 200 || !utf8.ValidString(n) || strings.ContainsAny(n, `/\`) {
				t.Fatalf("bad Filename %q from %q", n, name)
			}
			rc, err := s.Open(got.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			back, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || !bytes.Equal(back, data) {
				t.Fatalf("Open returned other bytes (err %v)", err)
			}
		}
		entries, err := os.ReadDir(s.Dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				t.Fatalf("file %s left in the store's top directory", e.Name())
			}
		}
	})
}
