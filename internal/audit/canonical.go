package audit

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// appendCanonical appends the canonical encoding of e that its hash covers:
// a JSON array of every field but Hash, in a fixed order, with the time in
// UTC at microsecond precision. It writes exactly what encoding/json writes
// for that array (FuzzCanonical holds it to that), without reflection:
// verifying a million events hashes a million of them.
func appendCanonical(b []byte, e *Entry) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, e.Seq, 10)
	for _, s := range [...]string{e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorEmail, e.ActorRole,
		e.Action, e.ObjectType, e.ObjectID, e.Summary, e.BeforeJSON, e.AfterJSON, e.RequestID, e.ClientIP, e.PrevHash} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// plainJSON marks the ASCII bytes encoding/json writes as they are: a
// table, because one lookup per byte beats six comparisons a million
// events long.
var plainJSON = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// appendJSONString appends s as encoding/json writes a string: quoted, with
// \", \\, \b, \f, \n, \r, \t, other control characters and <, >, & as
// \u00XX, U+2028 and U+2029 escaped, and invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if plainJSON[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
