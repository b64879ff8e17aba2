package devset

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-icp/vigil/internal/screening"
)

// lists are the files loaded, relative to -data.
var lists = []struct {
	source screening.Source
	files  []string
}{
	{screening.OFACSDN, []string{"ofac/2024-05-03/sdn.csv", "ofac/2025-02-satellites/add.csv", "ofac/2025-02-satellites/alt.csv", "ofac/2025-02-satellites/sdn_comments.csv"}},
	{screening.OFACCons, []string{"ofac/non-sdn-2025/cons_prim.csv", "ofac/non-sdn-2025/cons_add.csv", "ofac/non-sdn-2025/cons_alt.csv", "ofac/non-sdn-2025/cons_comments.csv"}},
	{screening.USCSL, []string{"us-csl/consolidated.csv"}},
	{screening.UN, []string{"un/consolidated.xml"}},
	{screening.EU, []string{"fixtures/eu/fsf-1.1-sample.xml"}},
	{screening.UK, []string{"fixtures/uk/fcdo-sample.xml"}},
}

// Load parses the lists the bench uses (OFAC SDN 2024-05-03 with the
// 2025-02 satellites, OFAC non-SDN, US CSL, UN, and the EU and UK
// fixtures: the full EU and UK files are not in the shared data) from dir.
func Load(dir string) ([]screening.Entry, error) {
	var entries []screening.Entry
	for _, l := range lists {
		var files []screening.File
		for _, name := range l.files {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				return nil, err
			}
			defer f.Close()
			files = append(files, screening.File{Name: name, R: bufio.NewReader(f)})
		}
		if _, err := screening.ParserFor(l.source)(files, func(e screening.Entry) error {
			entries = append(entries, e)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("%s: %w", l.source, err)
		}
	}
	return entries, nil
}
