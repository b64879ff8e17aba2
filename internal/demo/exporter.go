package demo

import (
	"context"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/exporter"
)

// Exporter is the demonstration exporter: labelled as such wherever a
// notification prints it, and to be replaced by the company's own in the
// exporter settings.
var Exporter = exporter.Settings{Name: "Demo Exports GmbH (demonstration data)",
	Address: "Beispielstraße 1, 10115 Berlin, Germany (demonstration address)", EORI: "DE0000DEMO00001", MemberState: "DE",
	AuthorityName:    "The competent authority (demonstration: set your own in the exporter settings)",
	AuthorityAddress: "Set the authority's address in the exporter settings"}

// SeedExporter fills in the demonstration exporter when no exporter is set.
func SeedExporter(ctx context.Context, d *db.DB) error {
	return d.Gorm.WithContext(ctx).Model(&exporter.Settings{}).Where("id = 1 AND name = ''").Updates(map[string]any{
		"name": Exporter.Name, "address": Exporter.Address, "eori": Exporter.EORI, "member_state": Exporter.MemberState,
		"authority_name": Exporter.AuthorityName, "authority_address": Exporter.AuthorityAddress}).Error
}
