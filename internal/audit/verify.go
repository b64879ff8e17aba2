package audit

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Result is the outcome of a chain verification.
type Result struct {
	Events    int64  // events checked
	Head      string // hash of the last event when intact
	Intact    bool
	BrokenSeq int64  // first sequence number that does not verify
	Reason    string // why it does not
}

func (r Result) String() string {
	if r.Intact {
		return fmt.Sprintf("%d events, chain intact, head %s", r.Events, r.Head)
	}
	return fmt.Sprintf("chain broken at event %d: %s", r.BrokenSeq, r.Reason)
}

const verifyBatch = 2000

// Verify walks the whole chain in sequence order and recomputes every hash.
// It reports the first event whose content, link or position is wrong, and a
// chain whose recorded head is beyond the last stored event (events removed
// from the end).
func Verify(ctx context.Context, db *gorm.DB) (Result, error) {
	db = db.WithContext(ctx)
	res := Result{Head: GenesisHash}
	next := int64(1)
	for {
		var batch []Entry
		if err := db.Where("seq >= ?", next).Order("seq").Limit(verifyBatch).Find(&batch).Error; err != nil {
			return res, fmt.Errorf("audit: read events: %w", err)
		}
		for i := range batch {
			e := &batch[i]
			switch {
			case e.Seq != next:
				return broken(res, next, fmt.Sprintf("event %d is missing", next)), nil
			case e.PrevHash != res.Head:
				return broken(res, e.Seq, "its link to the previous event does not match"), nil
			case e.ComputeHash() != e.Hash:
				return broken(res, e.Seq, "its content does not match its hash"), nil
			}
			res.Head = e.Hash
			res.Events++
			next++
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
	res.Intact = true
	return res, nil
}

func broken(r Result, seq int64, reason string) Result {
	r.Intact, r.BrokenSeq, r.Reason, r.Head = false, seq, reason, ""
	return r
}
