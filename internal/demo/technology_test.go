package demo_test

import (
	"context"
	"testing"

	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func TestSeedTechnology_EntriesAndACoveredTransfer(t *testing.T) {
	d, _ := seeded(t, 5)
	svc := techsec.NewService(d)
	for range 2 { // the second run adds nothing
		if err := demo.SeedTechnology(context.Background(), d, svc); err != nil {
			t.Fatal(err)
		}
	}
	items, err := svc.List(testutil.SignedIn(t, d, "auditor@example.com"))
	if err != nil || len(items) != 3 {
		t.Fatalf("%d entries (%v), want 3", len(items), err)
	}
	var transfers []techsec.Transfer
	if err := d.Gorm.Find(&transfers).Error; err != nil || len(transfers) != 1 {
		t.Fatalf("%d transfers (%v), want 1", len(transfers), err)
	}
	if tr := transfers[0]; tr.CoverKind != "licence" || tr.Entries != "5D002.c.1" || tr.Destination != "SG" {
		t.Errorf("the demonstration transfer: %+v", tr)
	}
}
