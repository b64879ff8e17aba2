package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/techsec"
)

// demoTechnology are the demonstration entries of the technology register,
// each linked to products of the demonstration catalogue by name.
var demoTechnology = []struct {
	name, kind, location, groups, description string
	products                                  []string
}{
	{"Key management software, source code and builds", "software", "Git server git.demo.internal, repository radio-kms",
		"Radio software team (12 developers); the build server's service account",
		"Demonstration data: the source and signed builds of the TETRA key management software.",
		[]string{"Key management software"}},
	{"Lawful interception mediation, design documents", "technology", "Document store, restricted space LI-DESIGN",
		"LI engineering team; the two integration contractors under NDA",
		"Demonstration data: architecture and interface specifications of the mediation platform.",
		[]string{"LI mediation server, 2U rack-mount", "Mediation software licence, 1,000 concurrent targets"}},
	{"Encrypted radio production drawings", "technology", "Safe room B2, cabinet 4 (paper) and PLM vault",
		"Production engineering; quality assurance",
		"Demonstration data: drawings and test procedures of the handheld radio.",
		[]string{"Encrypted handheld TETRA radio"}},
}

// SeedTechnology records the demonstration entries of the technology
// register, and one transfer of the key management software covered by the
// demonstration licence. It needs the demonstration catalogue and licence
// (SeedCases) and does nothing when the register holds anything.
func SeedTechnology(ctx context.Context, d *db.DB, svc *techsec.Service) error {
	var n int64
	if err := d.Gorm.WithContext(ctx).Table("tech_items").Count(&n).Error; err != nil || n > 0 {
		return err
	}
	officer, err := actAs(ctx, d, "officer@example.com")
	if err != nil {
		return err
	}
	manager, err := actAs(ctx, d, "manager@example.com")
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, email := range []string{"officer@example.com", "manager@example.com", "manager2@example.com"} {
		var id string
		if err := d.Gorm.WithContext(ctx).Table("users").Where("email = ?", email).Select("id").Scan(&id).Error; err != nil {
			return err
		}
		ids[email] = id
	}
	var first string
	for _, e := range demoTechnology {
		var products []string
		if err := d.Gorm.WithContext(ctx).Table("products").Where("name IN ?", e.products).Order("name").Pluck("id", &products).Error; err != nil {
			return err
		}
		if len(products) == 0 {
			return fmt.Errorf("demo technology: the demonstration catalogue lacks %v: seed the cases first", e.products)
		}
		it, err := svc.Create(officer, techsec.Input{Name: e.name, Kind: e.kind, Description: e.description, Location: e.location,
			AccessGroups: e.groups, OwnerID: ids["officer@example.com"], Products: products,
			Access: []string{ids["officer@example.com"], ids["manager@example.com"], ids["manager2@example.com"]}})
		if err != nil {
			return fmt.Errorf("demo technology %s: %w", e.name, err)
		}
		if first == "" {
			first = it.ID
		}
	}
	var licence string
	if err := d.Gorm.WithContext(ctx).Table("licences").Where("number = ? AND authority = ?", demoLicenceNumber, demoLicenceAuthority).
		Select("id").Scan(&licence).Error; err != nil || licence == "" {
		return fmt.Errorf("demo technology: the demonstration licence is missing: %v", err)
	}
	_, err = svc.RecordTransfer(manager, first, techsec.TransferInput{Channel: "cloud", RecipientName: "Demo Engineer",
		RecipientOrg: "Demo Radio Systems Pte Ltd (demonstration data)", Destination: "SG", On: d.Now().Format(time.DateOnly),
		TransferredBy: ids["manager@example.com"], Cover: "licence:" + licence})
	if err != nil {
		return fmt.Errorf("demo technology transfer: %w", err)
	}
	return nil
}
