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
}

// Verification is the outcome of checking the chain.
type Verification struct {
	Intact bool
	Text   string
}
