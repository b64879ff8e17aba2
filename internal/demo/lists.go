package demo

import (
	"context"
	"embed"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/screening"
)

// demoList is a short list of fictitious entries in OFAC's SDN file layout,
// so that screening has something to find in a demonstration. It is no
// official list: a real installation imports the published files.
//
//go:embed lists/*.csv
var demoList embed.FS

// SeedLists imports the fictitious demonstration list as a version of the
// OFAC SDN list.
func SeedLists(ctx context.Context, lists *screening.Lists) error {
	var files []screening.File
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		f, err := demoList.Open("lists/" + name)
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, screening.File{Name: "vigil-demo-" + name, R: f})
	}
	ctx = audit.WithActor(ctx, audit.Actor{Email: "system", Role: "system"})
	_, _, err := lists.Import(ctx, screening.OFACSDN, screening.ParserFor(screening.OFACSDN), files)
	return err
}
