package devset

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// ListFiles are the published files of one list, relative to the shared
// sanctions directory.
type ListFiles struct {
	Source watchlist.Source
	Files  []string
}

// FullLists are the complete official lists in the shared data: OFAC SDN
// 2024-05-03 with the 2025-02 satellites, OFAC non-SDN, the US CSL and the UN
// list. The full EU and UK files are not in the shared data.
var FullLists = []ListFiles{
	{watchlist.OFACSDN, []string{"ofac/2024-05-03/sdn.csv", "ofac/2025-02-satellites/add.csv", "ofac/2025-02-satellites/alt.csv", "ofac/2025-02-satellites/sdn_comments.csv"}},
	{watchlist.OFACCons, []string{"ofac/non-sdn-2025/cons_prim.csv", "ofac/non-sdn-2025/cons_add.csv", "ofac/non-sdn-2025/cons_alt.csv", "ofac/non-sdn-2025/cons_comments.csv"}},
	{watchlist.USCSL, []string{"us-csl/consolidated.csv"}},
	{watchlist.UN, []string{"un/consolidated.xml"}},
}

// lists are the files the dev set is drawn from: the full lists and the EU
// and UK fixtures.
var lists = append(slices.Clone(FullLists),
	ListFiles{watchlist.EU, []string{"fixtures/eu/fsf-1.1-sample.xml"}},
	ListFiles{watchlist.UK, []string{"fixtures/uk/fcdo-sample.xml"}},
)

// Open opens the list's files in dir; close closes them.
func (l ListFiles) Open(dir string) (files []watchlist.File, close func(), err error) {
	var opened []*os.File
	close = func() {
		for _, f := range opened {
			f.Close()
		}
	}
	for _, name := range l.Files {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			close()
			return nil, nil, err
		}
		opened = append(opened, f)
		files = append(files, watchlist.File{Name: name, R: bufio.NewReader(f)})
	}
	return files, close, nil
}

// Load parses the lists the bench uses (OFAC SDN 2024-05-03 with the
// 2025-02 satellites, OFAC non-SDN, US CSL, UN, and the EU and UK
// fixtures: the full EU and UK files are not in the shared data) from dir.
func Load(dir string) ([]watchlist.Entry, error) {
	var entries []watchlist.Entry
	for _, l := range lists {
		files, closeFiles, err := l.Open(dir)
		if err != nil {
			return nil, err
		}
		defer closeFiles()
		if _, err := watchlist.ParserFor(l.Source)(files, func(e watchlist.Entry) error {
			entries = append(entries, e)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("%s: %w", l.Source, err)
		}
	}
	return entries, nil
}
