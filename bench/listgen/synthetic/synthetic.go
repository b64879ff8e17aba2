// Package synthetic writes made-up sanctions lists in the EU Financial
// Sanctions Files (FSF 1.1) and UK FCDO XML layouts, as large as the real
// ones, for tests and benchmarks of the parsers. Every name, id and number
// is invented from a seeded random source; the files say so in a comment.
// Besides the file, a writer returns what a reader of it should get: the
// entries as watchlist.Entry values and how often each variant of the
// layouts was written.
package synthetic

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Notice is the comment each generated file starts with.
const Notice = "Generated test data: synthetic entries with invented names and numbers, not an official sanctions list."

// Options says how large a file to write and from which seed.
type Options struct {
	Entries int    // entries to write, at least 1
	Seed    uint64 // the same seed writes the same file
}

func (o Options) check() error {
	if o.Entries < 1 {
		return fmt.Errorf("entries must be at least 1, not %d", o.Entries)
	}
	return nil
}

// Written is what a generated file holds.
type Written struct {
	// Entries are the entries in file order, as the parser should read them.
	Entries []watchlist.Entry
	// Variants counts the elements written of each variant of the layout
	// ("eu.birthdate.islamic", "uk.dob.partial" ...), so that a test can
	// check that a file holds every one.
	Variants map[string]int
}

// writeList writes head, the elements next returns, indented, and tail,
// and returns the entries the elements read as.
func writeList(w io.Writer, g *generator, entries int, head, indent, tail string, next func() (any, watchlist.Entry)) (*Written, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString(head + "\n")
	enc := xml.NewEncoder(bw)
	enc.Indent(indent, indent)
	out := &Written{Entries: make([]watchlist.Entry, 0, entries)}
	for range entries {
		x, e := next()
		if err := enc.Encode(x); err != nil {
			return nil, err
		}
		out.Entries = append(out.Entries, e)
	}
	bw.WriteString("\n" + tail + "\n")
	out.Variants = g.variants
	return out, bw.Flush()
}

// generator is the seeded random source and the variant counts shared by
// the EU and UK writers.
type generator struct {
	rng      *rand.Rand
	variants map[string]int
}

func newGenerator(seed uint64) *generator {
	return &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), variants: map[string]int{}}
}

// saw counts one element of a variant.
func (g *generator) saw(variant string) { g.variants[variant]++ }

// chance is true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// between is a number from lo to hi, both included.
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// pick is one element of list.
func pick[T any](g *generator, list []T) T { return list[g.rng.IntN(len(list))] }

// digits is n random decimal digits.
func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// letters is n random capital Latin letters.
func (g *generator) letters(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + g.rng.IntN(26))
	}
	return string(b)
}

// date is a day from the start of year from to the end of year to.
func (g *generator) date(from, to int) time.Time {
	start := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	return start.AddDate(0, 0, g.rng.IntN(days))
}

// street is a street line as written (now and then ending in a comma, which
// readers drop, counted as the list's variant) and as read.
func (g *generator) street(list string) (written, read string) {
	read = fmt.Sprintf(pick(g, streets), g.word(2, 3).in(latin))
	written = g.soil(read)
	if g.chance(0.1) {
		written += ","
		g.saw(list + ".address.trailing-comma")
	}
	return written, read
}

// soil returns clean text as the lists sometimes print it: a space doubled
// or a line break inside. Readers collapse the white space again.
func (g *generator) soil(clean string) string {
	i := strings.IndexByte(clean, ' ')
	if i < 0 || !g.chance(0.08) {
		return clean
	}
	g.saw("whitespace")
	if g.chance(0.5) {
		return clean[:i] + "  " + clean[i+1:]
	}
	return clean[:i] + "\n" + clean[i+1:]
}

// appendNew appends v unless list holds it: the readers drop repeated
// values.
func appendNew[T comparable](list []T, v T) []T {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
