package devset

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/matching"
)

// Row is the result of one variant kind (or of all positives, or all
// negatives).
type Row struct {
	Variant  string
	Cases    int
	Negative bool
	// Positives: the share of cases with a wanted entry first, in the top
	// 10, and among the hits scored at least the threshold.
	At1, At10, AtThreshold float64
	// Negatives: the share of cases with any hit scored at least the
	// threshold.
	FalsePositive float64
}

// Report is the score of a Searcher on a development set.
type Report struct {
	Threshold     float64
	Rows          []Row // per variant, in Variants order then negatives
	Positives     Row   // all positive cases
	Negatives     Row   // all negative cases
	P50, P99, Max time.Duration
}

type tally struct {
	n, at1, at10, atT, fp int
	neg                   bool
}

func (t tally) row(v string, neg bool) Row {
	r := Row{Variant: v, Cases: t.n, Negative: neg}
	if t.n > 0 {
		d := float64(t.n)
		r.At1, r.At10, r.AtThreshold, r.FalsePositive = float64(t.at1)/d, float64(t.at10)/d, float64(t.atT)/d, float64(t.fp)/d
	}
	return r
}

// Score runs every case through s (top 10) and measures recall and false
// positives at threshold, and the latency of Search.
func Score(s matching.Searcher, cases []Case, threshold float64) Report {
	per := map[string]*tally{}
	var pos, neg tally
	lat := make([]time.Duration, 0, len(cases))
	for _, c := range cases {
		t0 := time.Now()
		hits := s.Search(c.Query, 10)
		lat = append(lat, time.Since(t0))
		if len(hits) > 10 {
			hits = hits[:10]
		}
		tl := per[c.Variant]
		if tl == nil {
			tl = &tally{}
			per[c.Variant] = tl
		}
		tl.n++
		if len(c.Want) == 0 {
			tl.neg = true
			neg.n++
			for _, h := range hits {
				if h.Score >= threshold {
					tl.fp++
					neg.fp++
					break
				}
			}
			continue
		}
		pos.n++
		at1, at10, atT := false, false, false
		for i, h := range hits {
			if h.Entry == nil || !slices.Contains(c.Want, ID(h.Entry)) {
				continue
			}
			at10 = true
			if i == 0 {
				at1 = true
			}
			if h.Score >= threshold {
				atT = true
			}
		}
		inc := func(t *tally) {
			if at1 {
				t.at1++
			}
			if at10 {
				t.at10++
			}
			if atT {
				t.atT++
			}
		}
		inc(tl)
		inc(&pos)
	}
	r := Report{Threshold: threshold, Positives: pos.row("all positives", false), Negatives: neg.row("all negatives", true)}
	var order []string
	order = append(order, Variants...)
	var extra []string
	for v := range per {
		if !slices.Contains(Variants, v) {
			extra = append(extra, v)
		}
	}
	sort.Strings(extra)
	for _, v := range append(order, extra...) {
		if t, ok := per[v]; ok {
			r.Rows = append(r.Rows, t.row(v, t.neg))
		}
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		r.P50 = lat[len(lat)/2]
		r.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		r.Max = lat[len(lat)-1]
	}
	return r
}

// String is the report as a table.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s %6s %8s %8s %10s %10s\n", "variant", "cases", "R@1", "R@10", fmt.Sprintf("R@>=%.2f", r.Threshold), fmt.Sprintf("FP@>=%.2f", r.Threshold))
	line := func(w Row) {
		if w.Negative {
			fmt.Fprintf(&b, "%-18s %6d %8s %8s %10s %10.4f\n", w.Variant, w.Cases, "", "", "", w.FalsePositive)
			return
		}
		fmt.Fprintf(&b, "%-18s %6d %8.4f %8.4f %10.4f %10s\n", w.Variant, w.Cases, w.At1, w.At10, w.AtThreshold, "")
	}
	for _, w := range r.Rows {
		line(w)
	}
	b.WriteString(strings.Repeat("-", 65) + "\n")
	line(r.Positives)
	line(r.Negatives)
	fmt.Fprintf(&b, "latency per query: p50 %v  p99 %v  max %v\n", r.P50, r.P99, r.Max)
	return b.String()
}
