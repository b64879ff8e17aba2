// Package screenapi is restricted-party screening for other systems: the
// JSON shapes of the API (POST /api/v1/screen and /api/v1/screen/batch),
// which the command line prints too, their validation, and the screening
// calls of API tokens, each recorded in the audit trail.
package screenapi

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Bounds of a request; a query's text is bounded by screening.MaxQueryText.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	MaxBatch     = 1000
	// NamesPerUnit is how many names of a batch one rate-limit unit pays
	// for: a batch of 1,000 names costs 20 units, a second of a token's rate.
	NamesPerUnit = 50
	// LowestMinScore is the lowest min_score a query may ask for: below it,
	// names that share little more than a common word would fill the hits.
	// The ad-hoc screening page shows hits from 0.6.
	LowestMinScore = 0.5
)

// Query is one party to screen. Only the name is required; the others
// sharpen the match. Limit is the most hits to return (DefaultLimit when
// absent); MinScore the score from which a hit counts, from LowestMinScore
// to 1 (matching.DefaultThreshold when absent), so that a client may see
// near misses.
type Query struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind,omitempty"`
	Country   string   `json:"country,omitempty"`
	BirthDate string   `json:"birth_date,omitempty"`
	Limit     *int     `json:"limit,omitempty"`
	MinScore  *float64 `json:"min_score,omitempty"`
}

// Batch is many parties screened in one request.
type Batch struct {
	Names []Query `json:"names"`
}

// ListVersion is one list version a screening ran against. Label is the
// list's name for people: a client can tell the demonstration list
// ("Demonstration list — fictitious entries") from an official one.
type ListVersion struct {
	List       watchlist.Source `json:"list"`
	Label      string           `json:"label"`
	Version    string           `json:"version"`
	ImportedAt time.Time        `json:"imported_at"`
	Entries    int              `json:"entries"`
}

// Hit is one listed entry that may be the party screened. Label names its
// list for people, Name is the entry's primary name, MatchedName the name or
// alias that matched.
type Hit struct {
	List        watchlist.Source `json:"list"`
	Label       string           `json:"label"`
	SourceID    string           `json:"source_id"`
	Name        string           `json:"name"`
	MatchedName string           `json:"matched_name"`
	Score       float64          `json:"score"`
	Explanation string           `json:"explanation"`
}

// Basis is what a screening ran against, so that it can be replayed: the
// list versions, the matching algorithm and the score from which hits count
// (in a batch, that of the names that set no min_score; each result says
// its own).
type Basis struct {
	ListVersions []ListVersion `json:"list_versions"`
	Algorithm    string        `json:"algorithm"`
	Threshold    float64       `json:"threshold"`
}

// Response answers one query.
type Response struct {
	Basis
	Hits []Hit `json:"hits"`
}

// Result is the hits of one name of a batch, scoring at least Threshold:
// the name's min_score, or the default threshold. The API always sets it;
// the command line's batch lines, all at the default, leave it out.
type Result struct {
	Name      string  `json:"name"`
	Threshold float64 `json:"threshold,omitempty"`
	Hits      []Hit   `json:"hits"`
}

// BatchResponse answers a batch, its results in the order of the names.
type BatchResponse struct {
	Basis
	Results []Result `json:"results"`
}

// Error is the body of every refused request; Field names the input at
// fault, if one is.
type Error struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// ErrNoLists refuses to screen before any list is loaded: an empty answer
// would read as "no hits".
var ErrNoLists = apperr.New(apperr.Conflict, "No sanctions list is loaded yet: an administrator must import the lists first.")

// InvalidField returns an Invalid error about one field of the input.
func InvalidField(field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// validate checks q with screening.CheckQuery, and its limit, and names the
// first wrong field; prefix goes before the field's name ("names[3]." in a
// batch).
func (q Query) validate(prefix string) error {
	problems := screening.CheckQuery(q.query())
	for _, field := range screening.QueryFields {
		if msg, ok := problems[field]; ok {
			return InvalidField(prefix+field, "%s%s: %s", prefix, field, msg)
		}
	}
	if q.Limit != nil && (*q.Limit < 1 || *q.Limit > MaxLimit) {
		return InvalidField(prefix+"limit", "%slimit must be from 1 to %d, not %d.", prefix, MaxLimit, *q.Limit)
	}
	if q.MinScore != nil && (*q.MinScore < LowestMinScore || *q.MinScore > 1) {
		return InvalidField(prefix+"min_score", "%smin_score must be from %g to 1, not %g.", prefix, LowestMinScore, *q.MinScore)
	}
	return nil
}

// query is q as the matcher takes it.
func (q Query) query() matching.Query {
	return matching.Query{Name: strings.TrimSpace(q.Name), Kind: watchlist.Kind(q.Kind), Country: q.Country, BirthDate: q.BirthDate}
}

// Validate checks q. Errors: Invalid, naming the field.
func (q Query) Validate() error { return q.validate("") }

// Validate checks every query of b. Errors: Invalid, naming the field.
func (b Batch) Validate() error {
	switch {
	case len(b.Names) == 0:
		return InvalidField("names", "names is required: give 1 to %d queries.", MaxBatch)
	case len(b.Names) > MaxBatch:
		return InvalidField("names", "names has %d queries; at most %d are allowed per request.", len(b.Names), MaxBatch)
	}
	for i, q := range b.Names {
		if err := q.validate(fmt.Sprintf("names[%d].", i)); err != nil {
			return err
		}
	}
	return nil
}

// Units is what b costs the token's rate limit: one unit per NamesPerUnit
// names, of which the request itself pays one.
func (b Batch) Units() int {
	return (len(b.Names) + NamesPerUnit - 1) / NamesPerUnit
}

func (q Query) match(scr *screening.Service) screening.Result {
	limit, threshold := DefaultLimit, 0.0 // 0: the matcher's default
	if q.Limit != nil {
		limit = *q.Limit
	}
	if q.MinScore != nil {
		threshold = *q.MinScore
	}
	return scr.Match(q.query(), limit, threshold)
}

func basisOf(r screening.Result) Basis {
	b := Basis{ListVersions: make([]ListVersion, len(r.Versions)), Algorithm: r.Algorithm, Threshold: r.Threshold}
	for i, v := range r.Versions {
		b.ListVersions[i] = ListVersion{List: v.Source, Label: v.Source.Label(), Version: v.ID, ImportedAt: v.ImportedAt.UTC(), Entries: v.EntryCount}
	}
	return b
}

func hitsOf(r screening.Result) []Hit {
	hits := make([]Hit, len(r.Hits)) // [] in JSON, never null
	for i, h := range r.Hits {
		name := h.MatchedName // an entry found by an identifier alone may have no name
		if len(h.Entry.Names) > 0 {
			name = h.Entry.Names[0].Text
		}
		hits[i] = Hit{List: h.Entry.Source, Label: h.Entry.Source.Label(), SourceID: h.Entry.SourceID, Name: name, MatchedName: h.MatchedName,
			Score: math.Round(h.Score*1000) / 1000, Explanation: h.Explanation}
	}
	return hits
}

// Match screens q against the lists scr has loaded. It checks no token and
// records nothing, as the command line wants; Service.ScreenAndRecord does
// both. Errors: Invalid (naming the field), ErrNoLists.
func Match(scr *screening.Service, q Query) (Response, error) {
	if err := q.Validate(); err != nil {
		return Response{}, err
	}
	r := q.match(scr)
	if len(r.Versions) == 0 {
		return Response{}, ErrNoLists
	}
	return Response{Basis: basisOf(r), Hits: hitsOf(r)}, nil
}

// MatchBatch screens every query of b against the same list versions,
// checking no token and recording nothing (see Service.ScreenBatchAndRecord).
// Errors: Invalid (naming the field), ErrNoLists, Conflict (the lists
// changed while the batch ran: send it again).
func MatchBatch(scr *screening.Service, b Batch) (BatchResponse, error) {
	if err := b.Validate(); err != nil {
		return BatchResponse{}, err
	}
	return matchBatch(scr, b)
}

// matchBatch screens the queries of a valid batch.
func matchBatch(scr *screening.Service, b Batch) (BatchResponse, error) {
	out := BatchResponse{Results: make([]Result, len(b.Names))}
	key := ""
	for i, q := range b.Names {
		r := q.match(scr)
		if i == 0 {
			out.Basis, key = basisOf(r), r.Key
			out.Threshold = matching.DefaultThreshold
		}
		if r.Key != key {
			return BatchResponse{}, apperr.New(apperr.Conflict, "The sanctions lists were updated while the batch ran: send it again.")
		}
		out.Results[i] = Result{Name: q.Name, Threshold: r.Threshold, Hits: hitsOf(r)}
	}
	if len(out.ListVersions) == 0 {
		return BatchResponse{}, ErrNoLists
	}
	return out, nil
}

// Service screens for API tokens and records every call in the audit trail.
type Service struct {
	db        *db.DB
	screening *screening.Service
	tokens    *apitoken.Service
}

// NewService returns the API's screening over scr, charging batches to the
// rate limits of tokens.
func NewService(d *db.DB, scr *screening.Service, tokens *apitoken.Service) *Service {
	return &Service{db: d, screening: scr, tokens: tokens}
}

// caller is the service's own check that a token calls.
func caller(ctx context.Context) (*apitoken.Token, error) {
	t := apitoken.FromContext(ctx)
	if t == nil {
		return nil, apperr.New(apperr.Unauthenticated, "Screening through the API needs an API token.")
	}
	return t, nil
}

// screened is what the audit trail keeps of one query: enough to see who
// screened whom, and to replay it.
type screened struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind,omitempty"`
	Country   string   `json:"country,omitempty"`
	BirthDate string   `json:"birth_date,omitempty"`
	MinScore  *float64 `json:"min_score,omitempty"`
	Hits      int      `json:"hits"`
}

type screenedCall struct {
	ListVersions []string   `json:"list_versions"`
	Algorithm    string     `json:"algorithm"`
	Threshold    float64    `json:"threshold"`
	Queries      []screened `json:"queries"`
}

func (s *Service) record(ctx context.Context, action, summary string, basis Basis, queries []Query, hits func(i int) int) error {
	call := screenedCall{Algorithm: basis.Algorithm, Threshold: basis.Threshold, Queries: make([]screened, len(queries))}
	for _, v := range basis.ListVersions {
		call.ListVersions = append(call.ListVersions, v.Version)
	}
	for i, q := range queries {
		call.Queries[i] = screened{Name: q.Name, Kind: q.Kind, Country: q.Country, BirthDate: q.BirthDate, MinScore: q.MinScore, Hits: hits(i)}
	}
	now := s.db.Now()
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "screening",
			ObjectID: strings.Join(call.ListVersions, ","), Summary: summary, After: call})
	})
}

// ScreenAndRecord screens q for the calling token, which it requires, and
// records the call in the audit trail.
// Errors: Unauthenticated, Invalid (naming the field), ErrNoLists.
func (s *Service) ScreenAndRecord(ctx context.Context, q Query) (Response, error) {
	if _, err := caller(ctx); err != nil {
		return Response{}, err
	}
	res, err := Match(s.screening, q)
	if err != nil {
		return Response{}, err
	}
	summary := fmt.Sprintf("Screened %q through the API: %s", q.Name, hitCount(len(res.Hits)))
	err = s.record(ctx, "api.screen", summary, res.Basis, []Query{q}, func(int) int { return len(res.Hits) })
	return res, err
}

// ScreenBatchAndRecord screens the queries of b for the calling token, which
// it requires, charges the token's rate limit by the size of the batch (the
// request itself paid one unit at the gate), and records the call in the
// audit trail. Errors: Unauthenticated, Invalid (naming the field; a batch
// larger than the token's burst is refused on names, since waiting would
// never let it through), TooManyRequests, ErrNoLists, Conflict (lists
// changed during the batch).
func (s *Service) ScreenBatchAndRecord(ctx context.Context, b Batch) (BatchResponse, error) {
	t, err := caller(ctx)
	if err != nil {
		return BatchResponse{}, err
	}
	if err := b.Validate(); err != nil {
		return BatchResponse{}, err
	}
	if most := MaxBatchFor(t); len(b.Names) > most {
		return BatchResponse{}, InvalidField("names", "names has %d queries; a token that may make %s may send at most %d per request.",
			len(b.Names), apitoken.PerSecond(t.RatePerSecond), most)
	}
	if err := s.tokens.AllowMore(t, 1, b.Units()-1); err != nil {
		return BatchResponse{}, err
	}
	res, err := matchBatch(s.screening, b)
	if err != nil {
		return BatchResponse{}, err
	}
	withHits, hits := 0, 0
	for _, r := range res.Results {
		hits += len(r.Hits)
		if len(r.Hits) > 0 {
			withHits++
		}
	}
	summary := fmt.Sprintf("Screened %d names through the API, from %q: %d with hits (%s)", len(b.Names), b.Names[0].Name, withHits, hitCount(hits))
	err = s.record(ctx, "api.screen_batch", summary, res.Basis, b.Names, func(i int) int { return len(res.Results[i].Hits) })
	return res, err
}

// MaxBatchFor is how many names t may send in one batch: MaxBatch, or
// fewer for a token whose burst pays for fewer.
func MaxBatchFor(t *apitoken.Token) int {
	return min(MaxBatch, t.Limits().Burst*NamesPerUnit)
}

func hitCount(n int) string {
	if n == 1 {
		return "1 hit"
	}
	return fmt.Sprintf("%d hits", n)
}
