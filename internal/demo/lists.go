package demo

import (
	"context"
	"embed"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
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

// SeedScreeningExample opens, as the demo export manager, a draft case whose
// end user is named like an entry of the demonstration list, so that a new
// user finds a screening hit to decide.
func SeedScreeningExample(ctx context.Context, d *db.DB, cs *cases.Service) error {
	var u struct{ ID, Email, Name string }
	if err := d.Gorm.WithContext(ctx).Table("users").Select("id, email, name").Where("email = ?", "manager@example.com").Take(&u).Error; err != nil {
		return err
	}
	ctx = auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: u.Email, Name: u.Name, Roles: []auth.Role{auth.RoleExportManager}}, auth.RoleExportManager)
	f, err := cs.Create(ctx, cases.Input{Title: "Network probes for a Dubai integrator", Destination: "AE", EndUserType: "private_company",
		EndUse: "Monitoring of the integrator's own customer networks for faults."})
	if err != nil {
		return err
	}
	for _, p := range []cases.PartyInput{
		{Role: "consignee", Name: "Gulf Freight Forwarding FZCO", Kind: "company", Country: "AE"},
		{Role: "end_user", Name: "Northstar Signal Trading L.L.C.", Kind: "company", Country: "AE"},
	} {
		if f, err = cs.AddParty(ctx, f.ID, f.Version, p); err != nil {
			return err
		}
	}
	return nil
}
