// Package audit renders the audit trail and its verification.
package audit

import "time"

// Row is one event in the list.
type Row struct {
	Seq     int64
	At      time.Time
	Actor   string
	Role    string
	Action  string
	Object  string
	Summary string
	Before  string
	After   string
	Hash    string
}

// Page is the audit trail with its filter.
type Page struct {
	Query, Action string
	Rows          []Row
	OlderHref     string
	Verify        *Verification
	// AnonymousRefusals counts the refused requests of visitors not signed
	// in since this server started: logged, not chained into the trail.
	AnonymousRefusals int64
}

// Verification is the outcome of checking the chain.
type Verification struct {
	Intact bool
	Text   string
}
