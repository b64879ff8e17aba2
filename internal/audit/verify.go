package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gorm.io/gorm"
)

// Result is the outcome of a chain verification.
type Result struct {
	First     int64  // sequence number of the first event checked
	Events    int64  // events checked
	Head      string // hash of the last event when intact
	Intact    bool
	BrokenSeq int64  // first sequence number that does not verify
	Reason    string // why it does not
	Signed    int    // checkpoints whose signature was verified
	Unsigned  int    // checkpoints that match the chain, their signature not checked (no public key)
}

func (r Result) String() string {
	if !r.Intact {
		return fmt.Sprintf("chain broken at event %d: %s", r.BrokenSeq, r.Reason)
	}
	s := fmt.Sprintf("%d events, chain intact, head %s", r.Events, r.Head)
	if r.Signed > 0 {
		s += fmt.Sprintf("; %d signed checkpoints verified", r.Signed)
	}
	if r.Unsigned > 0 {
		s += fmt.Sprintf("; %d checkpoints match, their signatures not checked without the public key", r.Unsigned)
	}
	return s
}

const verifyBatch = 2000

// Verify is VerifyAnchored without a public key: checkpoints are compared
// with the chain, their signatures not checked.
func Verify(ctx context.Context, db *gorm.DB) (Result, error) { return VerifyAnchored(ctx, db, nil) }

// VerifyAnchored walks the whole chain and recomputes every hash. It
// reports the first event whose content, link or position is wrong, a chain
// whose recorded head is beyond the last stored event (events removed from
// the end), and a checkpoint that signed another head than the event now
// has (history rewritten with the later hashes recomputed); with pub it
// checks the checkpoints' signatures too.
//
// Each event's hash covers its stored link, so the chain is checked in
// ranges, one per CPU, each read by a query of its own, and the ranges are
// then joined: reading rows through the driver, not hashing, is what takes
// the time.
func VerifyAnchored(ctx context.Context, db *gorm.DB, pub ed25519.PublicKey) (Result, error) {
	db = db.WithContext(ctx)
	cps, err := Checkpoints(ctx, db, 1, math.MaxInt64)
	if err != nil {
		return Result{}, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	var head, beyond int64
	// One statement, so one snapshot: events appended while the chain is
	// being checked are neither checked nor taken for a tampering.
	row := db.Raw("SELECT head_seq, (SELECT COUNT(*) FROM audit_events WHERE seq > head_seq) FROM audit_chain WHERE id = 1").Row()
	if err := row.Scan(&head, &beyond); err != nil {
		return Result{}, fmt.Errorf("audit: read chain head: %w", err)
	}
	want := make(map[int64]bool, len(cps))
	for _, c := range cps {
		want[c.Seq] = true
	}
	parts := split(head, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() { parts[i].check(db, want) })
	}
	wg.Wait()
	res := Result{Head: GenesisHash}
	signed := map[int64]string{}
	for i := range parts {
		p := &parts[i]
		if p.err != nil {
			return res, fmt.Errorf("audit: read events: %w", p.err)
		}
		if r, ok := p.join(&res, i == len(parts)-1, head); !ok {
			return r, nil
		}
		for seq, h := range p.signed {
			signed[seq] = h
		}
	}
	if beyond > 0 {
		return broken(res, head+1, fmt.Sprintf("the chain records %d events but %d more are stored", head, beyond)), nil
	}
	return anchored(res, signed, cps, pub), nil
}

// span is one range of the chain, from to to, as one goroutine checked it.
type span struct {
	from, to int64
	res      Result
	fault    *Result          // the first fault within the span
	prev     string           // the first event's link, to the span before
	signed   map[int64]string // hashes of the events checkpoints sign
	err      error
}

// split divides events 1 to head into at most n spans.
func split(head int64, n int) []span {
	size := max(verifyBatch, (head+int64(n)-1)/int64(n))
	var out []span
	for from := int64(1); from <= head; from += size {
		out = append(out, span{from: from, to: min(head, from+size-1)})
	}
	if len(out) == 0 {
		out = append(out, span{from: 1, to: 0})
	}
	return out
}

// check reads and checks the span's events in batches.
// want are the events checkpoints sign, whose hashes it keeps. One query
// streams the span, scanned straight into the fields.
func (p *span) check(db *gorm.DB, want map[int64]bool) {
	p.signed = map[int64]string{}
	rows, err := db.Raw("SELECT "+eventColumns+" FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq", p.from, p.to).Rows()
	if err != nil {
		p.err = err
		return
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if p.err = rows.Scan(&e.Seq, &e.OccurredAt, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Summary, &e.BeforeJSON, &e.AfterJSON, &e.RequestID, &e.ClientIP, &e.PrevHash, &e.Hash); p.err != nil {
			return
		}
		if p.res.Events == 0 {
			p.prev = e.PrevHash
			if e.Seq != p.from {
				p.fail(p.from, fmt.Sprintf("event %d is missing", p.from))
				return
			}
		}
		if seq, bad := p.res.follow(&e, e.ComputeHash() == e.Hash); bad != "" {
			p.fail(seq, bad)
			return
		}
		if want[e.Seq] {
			p.signed[e.Seq] = e.Hash
		}
	}
	p.err = rows.Err()
}

// eventColumns are an event's columns in the order check scans them.
const eventColumns = "seq, occurred_at, actor_id, actor_email, actor_role, action, object_type, object_id, summary, " +
	"before_json, after_json, request_id, client_ip, prev_hash, hash"

func (p *span) fail(seq int64, reason string) {
	r := broken(p.res, seq, reason)
	p.fault = &r
}

// join appends the span to res, the spans before it joined already: its
// first event must link to their last. It returns the broken result and
// false when the chain breaks in or at the span.
func (p *span) join(res *Result, last bool, head int64) (Result, bool) {
	switch {
	case p.fault != nil:
		return broken(*res, p.fault.BrokenSeq, p.fault.Reason), false
	case p.res.Events > 0 && p.from > 1 && p.prev != res.Head:
		return broken(*res, p.from, "its link to the previous event does not match"), false
	case p.res.First+p.res.Events-1 < p.to && p.res.Events > 0 && !last:
		missing := p.res.First + p.res.Events
		return broken(*res, missing, fmt.Sprintf("event %d is missing", missing)), false
	}
	res.Events += p.res.Events
	if p.res.Events > 0 {
		res.Head = p.res.Head
	}
	if last && res.Events != head {
		return broken(*res, res.Events+1, fmt.Sprintf("the chain records %d events but %d are stored", head, res.Events)), false
	}
	return *res, true
}

func broken(r Result, seq int64, reason string) Result {
	r.Intact, r.BrokenSeq, r.Reason, r.Head = false, seq, reason, ""
	return r
}
