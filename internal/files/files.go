// Package files stores uploaded attachments (end-use statements, contracts,
// licences) by content address, after checking from the bytes themselves that
// each one is a kind of document we accept.
package files

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/vigil-icp/vigil/internal/apperr"
)

// MaxSize is the largest accepted upload.
const MaxSize = 20 << 20 // 20 MiB

// maxNameLen bounds the stored file name in bytes.
const maxNameLen = 200

// Stored describes a stored file.
type Stored struct {
	SHA256      string // hex, lower case
	Size        int64
	ContentType string // detected MIME type, e.g. "application/pdf"
	Filename    string // the cleaned original file name (base name only, no path, control chars removed, at most 200 bytes, never empty: "attachment" if nothing is left)
}

// Store keeps files under Dir/ab/cd/<sha256> (ab, cd = first hex pairs),
// written once, never overwritten or deleted.
type Store struct{ Dir string }

// NewStore returns a store rooted at dir, creating dir (0700) if needed.
func NewStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("files: create store: %w", err)
	}
	return &Store{Dir: dir}, nil
}

// Put reads one upload (at most MaxSize bytes), checks its content and the
// extension of filename against each other and the accepted kinds, and stores
// it under its SHA-256. Refusals are apperr Invalid errors with a message for
// the user; on any error nothing is left in the store.
func (s *Store) Put(r io.Reader, filename string) (Stored, error) {
	name := cleanName(filename)

	// Stream to a temp file in Dir, so the final rename stays on one file
	// system, hashing on the way: the upload is never held in memory.
	tmp, err := os.CreateTemp(s.Dir, ".upload-*") // mode 0600
	if err != nil {
		return Stored{}, fmt.Errorf("files: create temp file: %w", err)
	}
	kept := false
	defer func() {
		tmp.Close()
		if !kept {
			os.Remove(tmp.Name())
		}
	}()

	sum, size, err := receive(tmp, r)
	if err != nil {
		return Stored{}, err
	}
	k, err := check(tmp, size, name)
	if err != nil {
		return Stored{}, err
	}
	if kept, err = s.keep(tmp, sum); err != nil {
		return Stored{}, err
	}
	return Stored{SHA256: sum, Size: size, ContentType: k.mime, Filename: name}, nil
}

// receive copies at most MaxSize bytes of r to tmp and returns their
// SHA-256 in hex and their number. Errors: Invalid (too large, empty).
func receive(tmp *os.File, r io.Reader) (string, int64, error) {
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, MaxSize+1))
	if err != nil {
		return "", 0, fmt.Errorf("files: receive upload: %w", err)
	}
	switch {
	case size > MaxSize:
		return "", 0, apperr.New(apperr.Invalid, "The file is larger than %d MB.", MaxSize>>20)
	case size == 0:
		return "", 0, apperr.New(apperr.Invalid, "The file is empty.")
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// check returns the accepted kind of the first size bytes of f, which the
// extension of name, if it has one, must agree with. Errors: Invalid.
func check(f *os.File, size int64, name string) (*kind, error) {
	k, detected, err := detect(f, size)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, apperr.New(apperr.Invalid,
			"This kind of file is not accepted (detected: %s). Upload a PDF, an image (PNG, JPEG, GIF, WebP, TIFF), an office document or a text file.",
			detected)
	}
	if ext := extension(name); ext != "" && !slices.Contains(k.exts, ext) {
		return nil, apperr.New(apperr.Invalid, "The file name says %s but the content is %s.", ext, k.label)
	}
	return k, nil
}

// keep moves tmp to the content address sum, unless a file is there
// already, and reports whether it moved it.
func (s *Store) keep(tmp *os.File, sum string) (bool, error) {
	dst := s.path(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return false, fmt.Errorf("files: create directory: %w", err)
	}
	// Same address, same bytes: an existing file is this content already.
	// Two concurrent uploads of the same content may both rename; the
	// second then atomically replaces the file with identical bytes.
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		if err != nil {
			return false, fmt.Errorf("files: stat: %w", err)
		}
		return false, nil
	}
	// A file at its content address must never be a torn write left by a
	// crash: later uploads of the same content would be deduplicated
	// against it for ever.
	if err := tmp.Sync(); err != nil {
		return false, fmt.Errorf("files: sync: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return false, fmt.Errorf("files: store: %w", err)
	}
	return true, nil
}

// Open returns the stored file with the given SHA-256 (64 lower-case hex
// characters). The reference is checked before any file system access, so it
// can never name a path outside the store.
func (s *Store) Open(sha256hex string) (io.ReadSeekCloser, error) {
	if !validSum(sha256hex) {
		return nil, apperr.New(apperr.Invalid, "The file reference is not valid.")
	}
	f, err := os.Open(s.path(sha256hex))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.New(apperr.NotFound, "The file was not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("files: open: %w", err)
	}
	return f, nil
}

func (s *Store) path(sum string) string {
	return filepath.Join(s.Dir, sum[0:2], sum[2:4], sum)
}

func validSum(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// kind is an accepted file format.
type kind struct {
	mime  string   // stored as ContentType; mimetype's name for the format
	label string   // for messages: "The content is <label>."
	exts  []string // lower-case file name extensions that agree with the content
}

var textExts = []string{".txt", ".text", ".csv"}

// accepted lists the formats we store. Anything else, including text
// sub-formats that mimetype recognises (HTML, SVG, XML, JSON, scripts), is
// refused: a browser may render or run them.
var accepted = []kind{
	{"application/pdf", "a PDF document", []string{".pdf"}},
	{"image/png", "a PNG image", []string{".png"}},
	{"image/apng", "a PNG image", []string{".png", ".apng"}}, // animated PNG: still a PNG
	{"image/jpeg", "a JPEG image", []string{".jpg", ".jpeg", ".jpe", ".jfif"}},
	{"image/gif", "a GIF image", []string{".gif"}},
	{"image/webp", "a WebP image", []string{".webp"}},
	{"image/tiff", "a TIFF image", []string{".tif", ".tiff"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document (.docx)", []string{".docx"}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook (.xlsx)", []string{".xlsx"}},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "a PowerPoint presentation (.pptx)", []string{".pptx"}},
	{"application/msword", "a Word document (.doc)", []string{".doc"}},
	{"application/vnd.ms-excel", "an Excel workbook (.xls)", []string{".xls"}},
	{"application/vnd.ms-powerpoint", "a PowerPoint presentation (.ppt)", []string{".ppt"}},
	{"application/vnd.oasis.opendocument.text", "an OpenDocument text (.odt)", []string{".odt"}},
	{"application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)", []string{".ods"}},
	{"application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation (.odp)", []string{".odp"}},
	{"text/rtf", "an RTF document", []string{".rtf"}},
	// mimetype calls any text with consistent commas CSV, prose included,
	// so plain text and CSV take each other's extensions.
	{"text/plain", "a text file", textExts},
	{"text/csv", "a text file", textExts},
}

// acceptedKind returns the first accepted kind whose MIME type is(…).
func acceptedKind(is func(mime string) bool) *kind {
	for i := range accepted {
		if is(accepted[i].mime) {
			return &accepted[i]
		}
	}
	return nil
}

// detect returns the accepted kind of the first size bytes of f, or nil and
// the detected MIME type (without parameters) for the refusal message.
func detect(f *os.File, size int64) (*kind, string, error) {
	m, err := mimetype.DetectReader(io.NewSectionReader(f, 0, size))
	if err != nil {
		return nil, "", fmt.Errorf("files: detect type: %w", err)
	}
	if k := acceptedKind(m.Is); k != nil {
		return k, "", nil
	}
	// mimetype reads only the first few KiB. Office formats that are
	// containers may name what they hold further in; look at the
	// container's directory for those.
	var inner string
	switch {
	case m.Is("application/zip"):
		inner = ooxmlType(f, size)
	case m.Is("application/x-ole-storage"):
		inner = oleType(f, size)
	}
	if inner != "" {
		return acceptedKind(func(s string) bool { return s == inner }), "", nil
	}
	detected, _, _ := strings.Cut(m.String(), ";")
	return nil, detected, nil
}

// ooxmlType names the Office Open XML format of a zip whose parts lie beyond
// what mimetype reads (it needs a word/, xl/ or ppt/ entry among the first
// 4 KiB). It reads only the zip's central directory, never decompresses.
func ooxmlType(r io.ReaderAt, size int64) string {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return ""
	}
	var hasTypes bool
	var typ string
	for _, f := range z.File {
		switch {
		case f.Name == "[Content_Types].xml":
			hasTypes = true
		case typ != "":
		case strings.HasPrefix(f.Name, "word/"):
			typ = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case strings.HasPrefix(f.Name, "xl/"):
			typ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		case strings.HasPrefix(f.Name, "ppt/"):
			typ = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
		}
	}
	if !hasTypes {
		return ""
	}
	return typ
}

// oleType names the legacy Office format of an OLE2 compound file.
// Word, Excel and PowerPoint usually write the directory near the end of the
// file, beyond what mimetype reads, so real .doc/.xls/.ppt files come out as
// generic application/x-ole-storage. Directory entries are 128-byte records
// aligned to 128 bytes in the file (after the 512-byte header, in 512- or
// 4096-byte sectors): the UTF-16LE name first, its byte length (with the
// terminating NUL) at offset 64, the entry type at 66 (2 = stream). The main
// stream's name tells the application.
func oleType(r io.ReaderAt, size int64) string {
	streams := map[string]string{
		"WordDocument":        "application/msword",
		"Workbook":            "application/vnd.ms-excel",
		"Book":                "application/vnd.ms-excel", // Excel 5/95
		"PowerPoint Document": "application/vnd.ms-powerpoint",
	}
	buf := make([]byte, 64<<10) // a multiple of 128
	for off := int64(512); off < size; off += int64(len(buf)) {
		n, _ := r.ReadAt(buf, off)
		for e := buf[:n-n%128]; len(e) > 0; e = e[128:] {
			nameLen := int(binary.LittleEndian.Uint16(e[64:]))
			if e[66] != 2 || nameLen < 4 || nameLen > 64 || nameLen%2 != 0 {
				continue
			}
			u := make([]uint16, (nameLen-2)/2)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(e[2*i:])
			}
			if t, ok := streams[string(utf16.Decode(u))]; ok {
				return t
			}
		}
	}
	return ""
}

// cleanName reduces an uploaded file name to something safe to store and show:
// the last path element (browsers on Windows have sent full paths), without
// control or format characters (a right-to-left override can disguise
// "gpj.exe" as "exe.jpg"), at most maxNameLen bytes.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = name[strings.LastIndex(name, "/")+1:]
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if len(name) > maxNameLen {
		// Shorten the stem, keeping a short extension that says what it is.
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:maxNameLen-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	if name == "" || name == "." || name == ".." {
		return "attachment"
	}
	return name
}

// extension returns the lower-case extension of name, with the dot, or "" if
// the name has none. Only 1 to 10 ASCII letters and digits, at least one a
// letter, count: "Statement 12.03.2024" or "Contract v1.2 final" have no
// extension to contradict the content.
func extension(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if len(ext) < 2 || len(ext) > 11 {
		return ""
	}
	letter := false
	for _, c := range []byte(ext[1:]) {
		switch {
		case 'a' <= c && c <= 'z':
			letter = true
		case '0' <= c && c <= '9':
		default:
			return ""
		}
	}
	if !letter {
		return ""
	}
	return ext
}
