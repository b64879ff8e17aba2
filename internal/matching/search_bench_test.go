package matching_test

import (
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/bench/screening/devset"
	"github.com/vigil-icp/vigil/internal/matching"
	"github.com/vigil-icp/vigil/internal/testdata"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// The benchmarks run on every real list the screening bench loads and on its
// development set (seed 1), so their figures match
// `go run ./bench/screening -searcher index`. BenchmarkNormalize is the
// baseline measured in the same run: Search over Normalize of the same names
// is a ratio that holds across machines.

var (
	benchOnce    sync.Once
	benchEntries []watchlist.Entry
	benchCases   []devset.Case
	benchErr     error
)

// benchData loads the real lists and the development set once; the benchmark
// or test is skipped when the shared list files are not there.
func benchData(b testing.TB) ([]watchlist.Entry, []devset.Case) {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := testdata.SanctionsDir()
		if err != nil {
			benchErr = err
			return
		}
		if _, err := os.Stat(dir); err != nil {
			benchErr = err
			return
		}
		if benchEntries, benchErr = devset.Load(dir); benchErr == nil {
			benchCases = devset.Generate(benchEntries, 3000, 1)
		}
	})
	if benchErr != nil {
		b.Skipf("real sanctions lists not available (../shared/data/sanctions from the repository root): %v", benchErr)
	}
	return benchEntries, benchCases
}

// BenchmarkSearch runs every development-set query once per op and reports
// the median and 99th percentile of one query's latency.
func BenchmarkSearch(b *testing.B) {
	entries, cases := benchData(b)
	ix := matching.NewIndex(entries)
	lat := make([]time.Duration, 0, len(cases))
	for b.Loop() {
		for _, c := range cases {
			t0 := time.Now()
			ix.Search(c.Query, 10)
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// BenchmarkNormalize normalises the names of the same queries once per op.
func BenchmarkNormalize(b *testing.B) {
	_, cases := benchData(b)
	for b.Loop() {
		for _, c := range cases {
			matching.Normalize(c.Query.Name)
		}
	}
}

// BenchmarkNewIndex builds the index over every entry of the lists.
func BenchmarkNewIndex(b *testing.B) {
	entries, _ := benchData(b)
	for b.Loop() {
		matching.NewIndex(entries)
	}
}
