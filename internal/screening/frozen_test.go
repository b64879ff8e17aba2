package screening_test

import (
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/screening"
)

// Hits are decided on cases in progress; an approved case is frozen until
// it goes back to draft.
func TestCheckDecidable_ApprovedIsFrozen(t *testing.T) {
	for _, status := range cases.Statuses {
		err := screening.CheckDecidable(&cases.Case{Record: cases.Record{Status: status}})
		want := status == cases.Draft || status == cases.Submitted || status == cases.OnHold
		if (err == nil) != want {
			t.Errorf("%s: %v, want decidable %v", status, err, want)
		}
		if err != nil && apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("%s: %v, want a conflict", status, err)
		}
	}
}
