package format

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	at := time.Date(2026, 12, 7, 11, 6, 30, 0, berlin)
	for _, tc := range []struct{ got, want string }{
		{Date(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)), "2026-12-07"},
		{DateTime(at), "2026-12-07 10:06 UTC"},
		{Or("", "none"), "none"},
		{Or("Germany", "none"), "Germany"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
