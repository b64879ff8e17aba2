package audit

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"gorm.io/gorm"
)

// line is one line of an export: an event with the chain's hashes, or a
// checkpoint that signs one of them.
type line struct {
	Type       string      `json:"type"` // "event" or "checkpoint"
	Seq        int64       `json:"seq"`
	OccurredAt time.Time   `json:"occurred_at,omitzero"`
	ActorID    string      `json:"actor_id,omitempty"`
	ActorEmail string      `json:"actor_email,omitempty"`
	ActorRole  string      `json:"actor_role,omitempty"`
	Action     string      `json:"action,omitempty"`
	ObjectType string      `json:"object_type,omitempty"`
	ObjectID   string      `json:"object_id,omitempty"`
	Summary    string      `json:"summary,omitempty"`
	BeforeJSON string      `json:"before,omitempty"`
	AfterJSON  string      `json:"after,omitempty"`
	RequestID  string      `json:"request_id,omitempty"`
	ClientIP   string      `json:"client_ip,omitempty"`
	PrevHash   string      `json:"prev_hash,omitempty"`
	Hash       string      `json:"hash,omitempty"`
	Checkpoint *Checkpoint `json:"checkpoint,omitempty"`
}

func eventLine(e *Entry) line {
	return line{Type: "event", Seq: e.Seq, OccurredAt: e.OccurredAt.UTC(), ActorID: e.ActorID, ActorEmail: e.ActorEmail,
		ActorRole: e.ActorRole, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Summary: e.Summary,
		BeforeJSON: e.BeforeJSON, AfterJSON: e.AfterJSON, RequestID: e.RequestID, ClientIP: e.ClientIP, PrevHash: e.PrevHash, Hash: e.Hash}
}

func (l *line) entry() Entry {
	return Entry{Seq: l.Seq, OccurredAt: l.OccurredAt, ActorID: l.ActorID, ActorEmail: l.ActorEmail, ActorRole: l.ActorRole,
		Action: l.Action, ObjectType: l.ObjectType, ObjectID: l.ObjectID, Summary: l.Summary, BeforeJSON: l.BeforeJSON,
		AfterJSON: l.AfterJSON, RequestID: l.RequestID, ClientIP: l.ClientIP, PrevHash: l.PrevHash, Hash: l.Hash}
}

// Export writes the events that occurred from from up to (not including)
// to as JSON lines, each with its link and hash, followed by the signed
// checkpoints of those events, and returns how many events it wrote. A zero
// from or to leaves that end open.
func Export(ctx context.Context, g *gorm.DB, from, to time.Time, w io.Writer) (int64, error) {
	g = g.WithContext(ctx)
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	var n, first, last int64
	next := int64(1)
	for {
		q := g.Where("seq >= ?", next).Order("seq").Limit(verifyBatch)
		if !from.IsZero() {
			q = q.Where("occurred_at >= ?", from.UTC())
		}
		if !to.IsZero() {
			q = q.Where("occurred_at < ?", to.UTC())
		}
		var batch []Entry
		if err := q.Find(&batch).Error; err != nil {
			return n, fmt.Errorf("audit: read events: %w", err)
		}
		for i := range batch {
			if err := enc.Encode(eventLine(&batch[i])); err != nil {
				return n, err
			}
			if n++; first == 0 {
				first = batch[i].Seq
			}
			last, next = batch[i].Seq, batch[i].Seq+1
		}
		if len(batch) < verifyBatch {
			break
		}
	}
	cps, err := Checkpoints(ctx, g, first, last)
	if err != nil {
		return n, err
	}
	for i := range cps {
		if err := enc.Encode(line{Type: "checkpoint", Seq: cps[i].Seq, Checkpoint: &cps[i]}); err != nil {
			return n, err
		}
	}
	return n, out.Flush()
}

// VerifyExport checks an export offline: every event's hash, each link to
// the event before (the first event's to the genesis when it is the
// chain's first), that no event is missing or out of order, and every
// checkpoint against the event it signs and, with pub, its signature. A
// history rewritten with every later hash recomputed still differs from
// the signed heads.
func VerifyExport(r io.Reader, pub ed25519.PublicKey) (Result, error) {
	res := Result{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	hashes := map[int64]string{}
	var cps []Checkpoint
	var fault *Result // the first fault, while the rest is read for whether a missing event comes later
	for n := 1; sc.Scan(); n++ {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return res, fmt.Errorf("line %d: not an export line: %v", n, err)
		}
		switch {
		case l.Type == "checkpoint" && l.Checkpoint != nil:
			cps = append(cps, *l.Checkpoint)
		case fault != nil:
			if l.Seq == fault.BrokenSeq && strings.HasSuffix(fault.Reason, "is missing") {
				fault.Reason = fmt.Sprintf("event %d comes later in the file: the events are out of order", l.Seq)
			}
		default:
			e := l.entry()
			if seq, bad := res.follow(&e, e.ComputeHash() == e.Hash); bad != "" {
				b := broken(res, seq, bad)
				fault = &b
				continue
			}
			hashes[l.Seq] = l.Hash
		}
	}
	if err := sc.Err(); err != nil {
		return res, err
	}
	if fault != nil {
		return *fault, nil
	}
	return anchored(res, hashes, cps, pub), nil
}

// follow checks e as the next event after those res has seen, and moves res
// on; when e does not follow, it returns the event to report and why.
// hashed reports whether e's content matches its hash.
func (res *Result) follow(e *Entry, hashed bool) (int64, string) {
	next := res.First + res.Events
	switch {
	case res.Events == 0 && e.Seq == 1 && e.PrevHash != GenesisHash:
		return e.Seq, "the chain's first event does not start from the genesis"
	case res.Events > 0 && e.Seq > next:
		return next, fmt.Sprintf("event %d is missing", next)
	case res.Events > 0 && e.Seq < next:
		return e.Seq, fmt.Sprintf("event %d comes after event %d: the events are out of order", e.Seq, next-1)
	case res.Events > 0 && e.PrevHash != res.Head:
		return e.Seq, "its link to the previous event does not match"
	case !hashed:
		return e.Seq, "its content does not match its hash"
	}
	if res.Events == 0 {
		res.First = e.Seq
	}
	res.Head = e.Hash
	res.Events++
	return 0, ""
}

// anchored checks the checkpoints cps against the hashes of the events
// verified, and with pub their signatures.
func anchored(res Result, hashes map[int64]string, cps []Checkpoint, pub ed25519.PublicKey) Result {
	for i := range cps {
		c := &cps[i]
		h, ok := hashes[c.Seq]
		switch {
		case !ok:
			continue
		case h != c.HeadHash:
			return broken(res, c.Seq, "it differs from the head the checkpoint of "+c.SignedAt.UTC().Format(time.RFC3339)+" signed: the history was rewritten")
		case pub != nil:
			if err := c.Check(pub); err != nil {
				return broken(res, c.Seq, err.Error())
			}
			res.Signed++
		default:
			res.Unsigned++
		}
	}
	res.Intact = true
	return res
}
