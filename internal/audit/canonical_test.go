package audit

import (
	"encoding/json"
	"testing"
	"time"
)

// reference is the canonical encoding as encoding/json writes it, which the
// chain's hashes have always covered.
func reference(e *Entry) []byte {
	b, _ := json.Marshal([]any{
		e.Seq, e.OccurredAt.UTC().Format(time.RFC3339Nano),
		e.ActorID, e.ActorEmail, e.ActorRole,
		e.Action, e.ObjectType, e.ObjectID, e.Summary,
		e.BeforeJSON, e.AfterJSON, e.RequestID, e.ClientIP, e.PrevHash,
	})
	return b
}

// FuzzCanonical holds appendCanonical to what encoding/json writes, byte
// for byte, whatever the text: a difference would break every hash.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<script>&amp;", "line\nbreak\ttab\r\b\f\x00\x1f\x7f",
		"ünïcödé €", "\u2028\u2029", "\xff\xfe invalid", "a\xc3", `{"n":1}`} {
		f.Add(int64(7), s, s)
	}
	f.Fuzz(func(t *testing.T, seq int64, summary, before string) {
		e := &Entry{Seq: seq, OccurredAt: time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC), ActorID: "u1",
			ActorEmail: "olga@example.com", Summary: summary, BeforeJSON: before, AfterJSON: summary + before, PrevHash: GenesisHash}
		if got, want := appendCanonical(nil, e), reference(e); string(got) != string(want) {
			t.Errorf("canonical\n got %s\nwant %s", got, want)
		}
	})
}
