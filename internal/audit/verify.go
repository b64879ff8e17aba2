package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"math"

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

// VerifyAnchored walks the whole chain in sequence order and recomputes
// every hash. It reports the first event whose content, link or position
// is wrong, a chain whose recorded head is beyond the last stored event
// (events removed from the end), and a checkpoint that signed another head
// than the event now has (history rewritten with the later hashes
// recomputed); with pub it checks the checkpoints' signatures too.
func VerifyAnchored(ctx context.Context, db *gorm.DB, pub ed25519.PublicKey) (Result, error) {
	db = db.WithContext(ctx)
	res := Result{Head: GenesisHash}
	cps, err := Checkpoints(ctx, db, 1, math.MaxInt64)
	if err != nil {
		return res, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	signed := make(map[int64]string, len(cps))
	for _, c := range cps {
		signed[c.Seq] = ""
	}
	next := int64(1)
	for {
		var batch []Entry
		if err := db.Where("seq >= ?", next).Order("seq").Limit(verifyBatch).Find(&batch).Error; err != nil {
			return res, fmt.Errorf("audit: read events: %w", err)
		}
		for i := range batch {
			e := &batch[i]
			if res.Events == 0 && e.Seq != 1 {
				return broken(res, 1, "event 1 is missing"), nil
			}
			if seq, bad := res.follow(*e); bad != "" {
				return broken(res, seq, bad), nil
			}
			if _, ok := signed[e.Seq]; ok {
				signed[e.Seq] = e.Hash
			}
			next = e.Seq + 1
		}
		if len(batch) < verifyBatch {
			break
		}
	}
	var head int64
	if err := db.Raw("SELECT head_seq FROM audit_chain WHERE id = 1").Scan(&head).Error; err != nil {
		return res, fmt.Errorf("audit: read chain head: %w", err)
	}
	if head != res.Events {
		return broken(res, res.Events+1, fmt.Sprintf("the chain records %d events but %d are stored", head, res.Events)), nil
	}
	if res.Events == 0 {
		res.Head = GenesisHash
	}
	return anchored(res, signed, cps, pub), nil
}

func broken(r Result, seq int64, reason string) Result {
	r.Intact, r.BrokenSeq, r.Reason, r.Head = false, seq, reason, ""
	return r
}
