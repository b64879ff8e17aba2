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
// official list and is kept as a list of its own (screening.Demo): a real
// installation imports the published files.
//
//go:embed lists/*.csv
var demoList embed.FS

// SeedLists imports the fictitious demonstration list as a version of its
// own source, screening.Demo: the official lists and the versions of them in
// use stay as they are, even when they were imported before.
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
	_, _, err := lists.Import(ctx, screening.Demo, screening.ParserFor(screening.Demo), files)
	return err
}

// SeedScreening imports the demonstration list, builds the screening index
// and opens a case with a hit on it to decide: what a first demo start seeds
// for screening.
func SeedScreening(ctx context.Context, d *db.DB, cs *cases.Service, scr *screening.Service) error {
	if err := SeedLists(ctx, scr.Lists); err != nil {
		return err
	}
	if _, err := scr.Load(ctx); err != nil {
		return err
	}
	return SeedScreeningExample(ctx, d, cs)
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
