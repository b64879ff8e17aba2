package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

func TestWordSim_ByEar(t *testing.T) {
	tests := []struct {
		a, b string
		near bool
	}{
		{"phoenix", "fenix", true},      // PH/F, OE/E
		{"vostok", "wostok", true},      // V/W at the start
		{"ve", "we", true},              // V/W in a short word
		{"juan", "yooan", true},         // J/Y, U/OO
		{"jund", "yoond", true},         // J/Y, U/OO
		{"yuan", "jouan", true},         // Y/J, U/OU
		{"ceylan", "seylan", true},      // C before E is S
		{"kasim", "qasim", true},        // Q/K
		{"kum", "cum", true},            // C/K in a short word
		{"muwaffaq", "muwafphaq", true}, // F/PH
		{"adolfo", "adolpho", true},
		{"imam", "emam", true},     // E/I
		{"energy", "inirgy", true}, // E/I twice
		{"phirouzeh", "firouzeh", true},
		{"aleksei", "alexei", true}, // X/KS
		{"kazan", "kasan", true},    // Z/S
		// vowels of short words are too much of the name; other sounds stay apart
		{"sun", "son", false},
		{"li", "le", false},
		{"fu", "vu", false},
		{"meera", "muro", false},
		{"smith", "schmidt", false},
		{"omar", "amir", false},
	}
	for _, tc := range tests {
		if got := wordSim(tc.a, tc.b) >= nearEqual; got != tc.near {
			t.Errorf("wordSim(%q, %q) = %.2f: near-equal %v, want %v", tc.a, tc.b, wordSim(tc.a, tc.b), got, tc.near)
		}
	}
}

// entriesNamed makes one entity entry per name, with ids in the order given.
func entriesNamed(names ...string) []watchlist.Entry {
	out := make([]watchlist.Entry, len(names))
	for i, n := range names {
		out[i] = watchlist.Entry{Source: watchlist.OFACSDN, SourceID: fmt.Sprintf("%03d", i+1), Kind: watchlist.Entity,
			Names: []watchlist.Name{{Text: n}}}
	}
	return out
}

// topScore is the score of the hit with the listed name want, 0 if none.
func topScore(ix *Index, query, want string) (float64, string) {
	for _, h := range ix.Search(Query{Name: query}, 10) {
		if h.MatchedName == want {
			return h.Score, h.Explanation
		}
	}
	return 0, "not found"
}

func TestIndex_ScoresNamesTypedByEar(t *testing.T) {
	listed := []string{"PHOENIX ELECTRONICS", "VOSTOK SHIPPING", "ANKA SANAYI VE TICARET LIMITED SIRKETI",
		"MONTOYA SANCHEZ, Juan Carlos", "FU YUAN YU 8661", "ROSNEFT FINANCE S.A.", "GLOBAL TRADING GROUP"}
	ix := NewIndex(entriesNamed(listed...))
	tests := []struct{ query, want string }{
		{"Fenix Electronics", "PHOENIX ELECTRONICS"},
		{"Wostok Shipping", "VOSTOK SHIPPING"},
		{"Anka Sanayi we Ticaret Limited Sirketi", "ANKA SANAYI VE TICARET LIMITED SIRKETI"},
		{"Yooan Carlos Montoya Sanchez", "MONTOYA SANCHEZ, Juan Carlos"},
		{"FU YUAN JU 8661", "FU YUAN YU 8661"},
		{"Rosneft Phinance SA", "ROSNEFT FINANCE S.A."},
	}
	for _, tc := range tests {
		if score, why := topScore(ix, tc.query, tc.want); score < DefaultThreshold {
			t.Errorf("%q: %s scored %.3f, want at least %.2f (%s)", tc.query, tc.want, score, DefaultThreshold, why)
		}
	}
}

func TestIndex_GenericNamesTypedAsListed(t *testing.T) {
	listed := []string{"INDUSTRIAL BANK", "AL-AQSA FOUNDATION", "TECHNOLOGY AND DEVELOPMENT GROUP LIMITED",
		"Abd el Wanis Abd Gawwad", "GLOBAL TRADING GROUP", "CARGO FREIGHT INTERNATIONAL"}
	ix := NewIndex(entriesNamed(listed...))
	tests := []struct {
		query, want string
		hit         bool
	}{
		{"INDUSTRIAL BANK", "INDUSTRIAL BANK", true},
		{"industrial bank", "INDUSTRIAL BANK", true},
		{"alaqsa foundation", "AL-AQSA FOUNDATION", true},
		{"AL AQSA FOUNDATION", "AL-AQSA FOUNDATION", true},
		{"technology and development group ltd", "TECHNOLOGY AND DEVELOPMENT GROUP LIMITED", true}, // legal forms may differ
		{"abd elwanis abd gawwad", "Abd el Wanis Abd Gawwad", true},
		// generic words alone still find nothing else
		{"Industrial Bank of Commerce", "INDUSTRIAL BANK", false},
		{"Global Trading Company", "GLOBAL TRADING GROUP", false},
		{"Global Trading Group International", "GLOBAL TRADING GROUP", false},
		{"International", "CARGO FREIGHT INTERNATIONAL", false},
	}
	for _, tc := range tests {
		score, why := topScore(ix, tc.query, tc.want)
		if hit := score >= DefaultThreshold; hit != tc.hit {
			t.Errorf("%q: %s scored %.3f, hit %v, want %v (%s)", tc.query, tc.want, score, hit, tc.hit, why)
		}
	}
}

func TestIndex_TiesBrokenByHowTheNameIsWritten(t *testing.T) {
	// More entries than a search returns tie at the top score; the ones
	// written like the query come last in list order.
	var names []string
	for range 12 {
		names = append(names, "MUHAMMAD, Abu")
	}
	names = append(names, "ABU-MUHAMMAD", "ABU MUHAMMAD", "Abu Muhammad", "Abu  Muhammad")
	tests := []struct {
		query string
		first []string // the names of the first hits, in order
	}{
		{"Abu Muhammad", []string{"Abu Muhammad", "ABU MUHAMMAD", "Abu  Muhammad", "ABU-MUHAMMAD"}},
		{"ABU MUHAMMAD", []string{"ABU MUHAMMAD", "Abu Muhammad", "ABU-MUHAMMAD", "Abu  Muhammad"}},
		{"abu-muhammad", []string{"ABU-MUHAMMAD", "Abu Muhammad", "ABU MUHAMMAD", "Abu  Muhammad"}},
		{"Muhammad, Abu", []string{"MUHAMMAD, Abu"}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, order := range []string{"listed", "shuffled"} {
		entries := entriesNamed(names...)
		if order == "shuffled" {
			rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		}
		ix := NewIndex(entries)
		for _, tc := range tests {
			hits := ix.Search(Query{Name: tc.query}, 10)
			var got []string
			for _, h := range hits[:len(tc.first)] {
				got = append(got, h.MatchedName)
				if h.Score != hits[0].Score {
					t.Errorf("%s, %q: %q scored %v, %q %v: not a tie", order, tc.query, h.MatchedName, h.Score, hits[0].MatchedName, hits[0].Score)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.first, "|") {
				t.Errorf("%s, %q: first hits %q, want %q", order, tc.query, got, tc.first)
			}
		}
	}
}

func TestIndex_TiesWithinAnEntryKeepTheNameWrittenAlike(t *testing.T) {
	ix := NewIndex([]watchlist.Entry{{Source: watchlist.UN, SourceID: "1", Kind: watchlist.Entity,
		Names: []watchlist.Name{{Text: "SHARIA, Ansar al"}, {Text: "ANSAR AL-SHARI'A"}, {Text: "Ansar al-Sharia"}}}})
	for _, q := range []string{"Ansar al-Sharia", "ANSAR AL-SHARI'A", "Sharia, Ansar al"} {
		hits := ix.Search(Query{Name: q}, 10)
		if len(hits) != 1 || !strings.EqualFold(hits[0].MatchedName, q) {
			t.Errorf("%q: %+v, want the name written so", q, hits)
		}
	}
}
