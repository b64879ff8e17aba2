package cases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/testutil"
)

// Rule: a case assessed before the floor was recorded gets the floor of its
// newest version still signed; its risk stays as it was.
func TestRisk_FloorOfCasesSignedBeforeTheRule(t *testing.T) {
	d := testutil.OpenDB(t)
	ctx := context.Background()
	if err := d.MigrateTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) {
		t.Helper()
		if err := d.Gorm.Exec(q, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO users (id, email, name, password_hash, created_at, updated_at, password_changed_at) VALUES ('u', 'u@example.com', 'U', 'x', ?, ?, ?)`, now, now, now)
	tests := []struct {
		name     string
		versions [][2]string // status and conclusion of each version, oldest first
		floor    string
		conc     string
		version  int
	}{
		{"no assessment", nil, "", "", 0},
		{"a draft only", [][2]string{{"draft", "high"}}, "", "", 0},
		{"signed, then a newer draft", [][2]string{{"signed", "medium"}, {"draft", "high"}}, "medium", "medium", 1},
		{"the newest signed", [][2]string{{"signed", "low"}, {"signed", "high"}}, "high", "high", 2},
		{"unacceptable calls for high", [][2]string{{"signed", "unacceptable"}}, "high", "unacceptable", 1},
	}
	for i, tt := range tests {
		id := fmt.Sprintf("c%d", i)
		exec(`INSERT INTO cases (id, reference, title, end_user_type, end_use, notes, owner_id, status, version, risk_level, created_at, updated_at)
			VALUES (?, ?, 'Probe', '', '', '', 'u', 'draft', 1, 'low', ?, ?)`, id, "EXP-2026-0000"+fmt.Sprint(i), now, now)
		for v, sc := range tt.versions {
			exec(`INSERT INTO assessments (id, case_id, version, answers, status, author_id, proposed_level, conclusion_level,
				content_hash, case_basis_hash, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, 'u', 'low', ?, 'h', 'b', ?, ?)`,
				fmt.Sprintf("%s-a%d", id, v), id, v+1, sc[0], sc[1], now, now)
		}
	}
	if err := d.MigrateTo(ctx, 14); err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				RiskLevel, RiskFloor, RiskFloorConclusion string
				RiskFloorVersion                          int
			}
			if err := d.Gorm.Raw(`SELECT risk_level, risk_floor, risk_floor_conclusion, risk_floor_version FROM cases WHERE id = ?`,
				fmt.Sprintf("c%d", i)).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got.RiskLevel != "low" || got.RiskFloor != tt.floor || got.RiskFloorConclusion != tt.conc || got.RiskFloorVersion != tt.version {
				t.Errorf("got %+v, want risk low, floor %q from %q v%d", got, tt.floor, tt.conc, tt.version)
			}
		})
	}
}
