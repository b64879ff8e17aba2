package screenapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/screenapi"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

func limit(n int) *int { return &n }

func score(f float64) *float64 { return &f }

func TestQueryValidate_NamesTheField(t *testing.T) {
	long := strings.Repeat("é", screening.MaxQueryText+1) // characters, not bytes, count
	tests := []struct {
		q     screenapi.Query
		field string // "" for valid
	}{
		{screenapi.Query{Name: "ACME"}, ""},
		{screenapi.Query{Name: strings.Repeat("é", screening.MaxQueryText), Kind: "vessel", Country: "IR", BirthDate: "1970", Limit: limit(screenapi.MaxLimit)}, ""},
		{screenapi.Query{Name: "ACME", Limit: limit(1)}, ""},
		{screenapi.Query{}, "name"},
		{screenapi.Query{Name: " \t"}, "name"},
		{screenapi.Query{Name: long}, "name"},
		{screenapi.Query{Name: "ACME", Country: long}, "country"},
		{screenapi.Query{Name: "ACME", BirthDate: long}, "birth_date"},
		{screenapi.Query{Name: "ACME", Kind: "company"}, "kind"},
		{screenapi.Query{Name: "ACME", Kind: "unknown"}, "kind"},
		{screenapi.Query{Name: "ACME", Limit: limit(0)}, "limit"},
		{screenapi.Query{Name: "ACME", Limit: limit(screenapi.MaxLimit + 1)}, "limit"},
		{screenapi.Query{Name: "ACME", MinScore: score(0.5)}, ""},
		{screenapi.Query{Name: "ACME", MinScore: score(1)}, ""},
		{screenapi.Query{Name: "ACME", MinScore: score(0.49)}, "min_score"},
		{screenapi.Query{Name: "ACME", MinScore: score(1.01)}, "min_score"},
		{screenapi.Query{Name: "ACME", MinScore: score(0)}, "min_score"},
		{screenapi.Query{Name: "ACME", MinScore: score(-0.7)}, "min_score"},
	}
	for _, tc := range tests {
		err := tc.q.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc.q, err)
			}
			continue
		}
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldsOf(err)[tc.field] == "" || !strings.HasPrefix(apperr.Message(err), tc.field) {
			t.Errorf("%+v: %v, want Invalid naming %s", tc.q, err, tc.field)
		}
	}
}

func TestBatchValidate(t *testing.T) {
	names := func(n int) []screenapi.Query {
		qs := make([]screenapi.Query, n)
		for i := range qs {
			qs[i] = screenapi.Query{Name: "ACME"}
		}
		return qs
	}
	bad := names(3)
	bad[2].Kind = "ship"
	tests := []struct {
		b     screenapi.Batch
		field string
	}{
		{screenapi.Batch{Names: names(1)}, ""},
		{screenapi.Batch{Names: names(screenapi.MaxBatch)}, ""},
		{screenapi.Batch{}, "names"},
		{screenapi.Batch{Names: names(screenapi.MaxBatch + 1)}, "names"},
		{screenapi.Batch{Names: bad}, "names[2].kind"},
	}
	for _, tc := range tests {
		err := tc.b.Validate()
		if got := apperr.FieldsOf(err); (tc.field == "" && err != nil) || (tc.field != "" && got[tc.field] == "") {
			t.Errorf("%d names: %v, want field %q", len(tc.b.Names), err, tc.field)
		}
	}
	if msg := apperr.Message(screenapi.Batch{Names: bad}.Validate()); msg != `names[2].kind: Choose individual, entity, vessel or aircraft, not "ship".` {
		t.Errorf("message %q", msg)
	}
	for n, want := range map[int]int{1: 1, 50: 1, 51: 2, 100: 2, 1000: 20} {
		if got := (screenapi.Batch{Names: names(n)}).Units(); got != want {
			t.Errorf("%d names cost %d units, want %d", n, got, want)
		}
	}
}

func TestScreen_RefusesWithoutListsOrToken(t *testing.T) {
	d := testutil.NewDB(t)
	scr := screening.NewService(d)
	if _, err := screenapi.Match(scr, screenapi.Query{Name: "ACME"}); !errors.Is(err, screenapi.ErrNoLists) {
		t.Errorf("no lists: %v", err)
	}
	if _, err := screenapi.MatchBatch(scr, screenapi.Batch{Names: []screenapi.Query{{Name: "ACME"}}}); !errors.Is(err, screenapi.ErrNoLists) {
		t.Errorf("batch, no lists: %v", err)
	}
	svc := screenapi.NewService(d, scr, apitoken.NewService(d))
	if _, err := svc.ScreenAndRecord(context.Background(), screenapi.Query{Name: "ACME"}); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("no token: %v", err)
	}
	if _, err := svc.ScreenBatchAndRecord(context.Background(), screenapi.Batch{Names: []screenapi.Query{{Name: "ACME"}}}); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("batch, no token: %v", err)
	}
}

// TestShapes_AreTheDocumentedJSON pins the field names other systems rely on.
func TestShapes_AreTheDocumentedJSON(t *testing.T) {
	res := screenapi.BatchResponse{Basis: screenapi.Basis{ListVersions: []screenapi.ListVersion{{List: watchlist.UN, Label: "UN Security Council", Version: "v1", Entries: 3}}, Algorithm: "a", Threshold: 0.8},
		Results: []screenapi.Result{{Name: "n", Threshold: 0.6, Hits: []screenapi.Hit{{List: watchlist.UN, Label: "UN Security Council", SourceID: "1", Name: "N", MatchedName: "M", Score: 0.9, Explanation: "e"}}}}}
	b, _ := json.Marshal(res)
	want := `{"list_versions":[{"list":"un","label":"UN Security Council","version":"v1","imported_at":"0001-01-01T00:00:00Z","entries":3}],"algorithm":"a","threshold":0.8,` +
		`"results":[{"name":"n","threshold":0.6,"hits":[{"list":"un","label":"UN Security Council","source_id":"1","name":"N","matched_name":"M","score":0.9,"explanation":"e"}]}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(screenapi.Error{Error: "bad", Field: "names[0].name"})
	if string(b) != `{"error":"bad","field":"names[0].name"}` {
		t.Errorf("error %s", b)
	}
}

func TestDecode_NamesTheFieldAtFault(t *testing.T) {
	tests := []struct {
		batch        bool
		body         string
		field, error string
	}{
		{false, ``, "", "The request body is empty: send a JSON object."},
		{false, `["ACME"]`, "", "The request body must be an object, not a JSON array."},
		{false, `{"name": "ACME", "min_score": "high"}`, "min_score", "min_score must be a number, not a JSON string."},
		{false, `{"name": "ACME", "limit": 2.5}`, "limit", "limit must be a whole number, not a JSON number 2.5."},
		{false, `{"name": "ACME"} 1`, "", "The request body holds more than one JSON value."},
		{true, `{"names": [{"name": "A"}, {"name": "B", "min_score": "0.7"}]}`, "names[1].min_score", "names[1].min_score must be a number, not a JSON string."},
		{true, `{"names": [{"name": "A"}, {"name": "B"}, {"nmae": "C"}]}`, "names[2].nmae", `Unknown field "names[2].nmae".`},
		{true, `{"names": [{"name": "A"}, "B"]}`, "names[1]", "names[1] must be an object, not a JSON string."},
		{true, `{"names": "A"}`, "names", "names must be a list, not a JSON string."},
		{true, `{"names": [{"name": "A"}], "extra": 1}`, "extra", `Unknown field "extra".`},
	}
	for _, tc := range tests {
		var err error
		if tc.batch {
			_, err = screenapi.DecodeBatch(strings.NewReader(tc.body))
		} else {
			_, err = screenapi.DecodeQuery(strings.NewReader(tc.body))
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Message != tc.error || (tc.field != "" && ae.Fields[tc.field] != tc.error) {
			t.Errorf("%s: %v, want %q on %q", tc.body, err, tc.error, tc.field)
		}
	}
	b, err := screenapi.DecodeBatch(strings.NewReader(`{"names": [{"name": "A", "min_score": 0.6, "limit": 3}, {"name": "B"}]}`))
	if err != nil || len(b.Names) != 2 || *b.Names[0].MinScore != 0.6 || *b.Names[0].Limit != 3 || b.Names[1].MinScore != nil || b.Names[1].Name != "B" {
		t.Errorf("batch %+v %v", b, err)
	}
}

// Rule: a batch costs a unit per 50 names and a token may spend twice its
// rate at once, so a token of under 10 requests a second sends smaller batches.
func TestMaxBatchFor_FollowsTheTokensBurst(t *testing.T) {
	for rate, want := range map[int]int{1: 100, 5: 500, 10: 1000, 20: 1000, apitoken.MaxRate: 1000} {
		if got := screenapi.MaxBatchFor(&apitoken.Token{RatePerSecond: rate}); got != want {
			t.Errorf("%d a second: %d names, want %d", rate, got, want)
		}
	}
}
