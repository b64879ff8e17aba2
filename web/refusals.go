package web

import (
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/vigil-icp/vigil/internal/audit"
)

// anonymousRefusals counts the refused requests of visitors who are not
// signed in (a forged or expired sign-in form). Anyone can send those, as
// many as they like, so they are counted and logged at most once a minute
// rather than chained into the audit trail, which can never be cleaned.
// Refusals of signed-in users are audited (recordDenied).
type anonymousRefusals struct {
	total, unlogged atomic.Int64
	sometimes       rate.Sometimes
}

func newAnonymousRefusals() *anonymousRefusals {
	return &anonymousRefusals{sometimes: rate.Sometimes{First: 1, Interval: time.Minute}}
}

// note counts one refusal, and logs it with those counted since the last
// line when a line is due.
func (a *anonymousRefusals) note(log *slog.Logger, method, path, reason string) {
	a.total.Add(1)
	a.unlogged.Add(1)
	a.sometimes.Do(func() {
		log.Warn("refused requests of visitors not signed in", "count", a.unlogged.Swap(0), "total", a.total.Load(),
			"last_method", method, "last_path", audit.Cut(path), "last_reason", reason)
	})
}

// Total is how many requests of visitors not signed in were refused since start.
func (a *anonymousRefusals) Total() int64 { return a.total.Load() }
