package testutil

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/selfassess"
)

// Findings is a findings register for tests: it keeps the gaps raised and
// numbers their findings finding-1, F-2026-001 and on.
type Findings struct{ Gaps []selfassess.Gap }

// RecordGap keeps g and returns the next finding's id and reference.
func (f *Findings) RecordGap(_ context.Context, _ *gorm.DB, g selfassess.Gap) (string, string, error) {
	f.Gaps = append(f.Gaps, g)
	return fmt.Sprint("finding-", len(f.Gaps)), fmt.Sprintf("F-2026-%03d", len(f.Gaps)), nil
}
