package demo

import (
	"context"
	"embed"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// demoList is a short list of fictitious entries in OFAC's SDN file layout,
// so that screening has something to find in a demonstration. It is no
// official list and is kept as a list of its own (watchlist.Demo): a real
// installation imports the published files.
//
//go:embed lists/*.csv
var demoList embed.FS

// SeedLists imports the fictitious demonstration list as a version of its
// own source, watchlist.Demo: the official lists and the versions of them in
// use stay as they are, even when they were imported before. A database
// whose list policy was never set gets the demonstration's.
func SeedLists(ctx context.Context, lists *screening.Lists) error {
	var files []watchlist.File
	for _, name := range []string{"sdn.csv", "add.csv", "alt.csv"} {
		f, err := demoList.Open("lists/" + name)
		if err != nil {
			return err
		}
		defer f.Close()
		files = append(files, watchlist.File{Name: "vigil-demo-" + name, R: f})
	}
	ctx = auth.AsSystem(ctx)
	if _, _, err := lists.Import(ctx, watchlist.Demo, watchlist.ParserFor(watchlist.Demo), files); err != nil {
		return err
	}
	if set, err := lists.PolicySet(ctx); err != nil || set {
		return err
	}
	_, err := lists.SetPolicy(ctx, demoPolicy())
	return err
}

// demoPolicy is the list policy of a demonstration: it requires the
// demonstration list, which never changes (90 days), and no official list,
// since a demonstration imports none. A real installation starts from the
// default policy (screening.DefaultPolicy) instead.
func demoPolicy() []screening.RuleInput {
	var in []screening.RuleInput
	for _, src := range watchlist.Sources {
		rule := screening.RuleInput{Source: src, Requirement: string(screening.Optional), MaxAgeDays: "7"}
		if src == watchlist.Demo {
			rule = screening.RuleInput{Source: src, Requirement: string(screening.Required), MaxAgeDays: "90"}
		}
		in = append(in, rule)
	}
	return in
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
	ctx, err := actAs(ctx, d, "manager@example.com")
	if err != nil {
		return err
	}
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
