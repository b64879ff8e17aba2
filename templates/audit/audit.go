// Package audit renders the audit trail and its verification.
package audit

import "time"

// Row is one event in the list.
type Row struct {
	Seq       int64
	At        time.Time
	Actor     string
	Role      string
	Action    string
	Object    string
	Summary   string
	Changed   bool   // the event records what it changed
	Before    string // what it changed, on the event's own page
	After     string
	Hash      string
	KeptUntil string // the retention date of the event
}

// Page is the audit trail with its filter.
type Page struct {
	Filters   map[string]string // q, action, actor, object_type, object_id, from, to
	Rows      []Row
	OlderHref string
	CSVHref   string // the events the filters match, as CSV
	Verify    *Verification
	// AnonymousRefusals counts the refused requests of visitors not signed
	// in since this server started: logged, not chained into the trail.
	AnonymousRefusals int64
}

// Verification is the outcome of checking the chain.
type Verification struct {
	Intact bool
	Text   string
}
