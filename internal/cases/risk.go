package cases

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

// Where a case's risk level came from.
const (
	RiskByHand       = "hand"       // set on the case page, with a justification
	RiskByAssessment = "assessment" // raised by the signature of the human-rights assessment
)

// RiskBasis is why a case carries its risk level, and the lowest level it may
// carry. The floor is the case risk the conclusion of the latest signed
// human-rights assessment calls for. A new version of the assessment, or a
// change that voids the signature, leaves the floor where the last signature
// put it: only a new signature moves it, up or down. A signature is a
// compliance officer's word on the facts; an unsigned draft is nobody's.
// The floor is the company's rule, not a requirement of the Regulation.
type RiskBasis struct {
	RiskSource string     `gorm:"column:risk_source"` // RiskByHand, RiskByAssessment, or "" when not recorded
	RiskReason string     `gorm:"column:risk_reason"`
	RiskSetBy  *string    `gorm:"column:risk_set_by"`
	RiskSetAt  *time.Time `gorm:"column:risk_set_at"`
	RiskFloor  string     `gorm:"column:risk_floor"` // one of RiskLevels, or "" without a signed assessment
	// The signed assessment's own conclusion and version, in the words of
	// the assessment (an unacceptable conclusion calls for a high risk).
	SignedConclusion string `gorm:"column:risk_floor_conclusion"`
	SignedVersion    int    `gorm:"column:risk_floor_version"`
}

// riskRank orders risk levels; "" (not assessed) is lowest.
func riskRank(level string) int { return RiskLevels.Index(level) + 1 }

// upper is a level as the rule's sentences write it.
func upper(level string) string {
	if level == "" {
		return "NOT ASSESSED"
	}
	return strings.ToUpper(level)
}

// belowFloor says why level is lower than f's floor allows, or "".
func (f *Case) belowFloor(level string) string {
	if riskRank(level) >= riskRank(f.RiskFloor) {
		return ""
	}
	if f.SignedConclusion != f.RiskFloor {
		return fmt.Sprintf("The signed human-rights assessment concluded %s: the case risk cannot be lower than %s.",
			upper(f.SignedConclusion), upper(f.RiskFloor))
	}
	return fmt.Sprintf("The signed human-rights assessment concluded %s: the case risk cannot be lower.", upper(f.SignedConclusion))
}

// RiskRule says in words which rule gave the case its risk level.
func (f *Case) RiskRule() string {
	level, conclusion := upper(f.RiskLevel), upper(f.SignedConclusion)
	switch {
	case f.RiskFloor == "" && f.RiskLevel == "":
		return "Risk not yet assessed: no signed human-rights assessment sets a floor."
	case f.RiskFloor == "":
		return "Risk " + level + " — set by hand; no signed human-rights assessment sets a floor."
	case f.belowFloor(f.RiskLevel) != "":
		return "Risk " + level + " is below the signed assessment's conclusion (" + conclusion + "), set before this rule: set it again."
	case f.RiskLevel == f.RiskFloor && f.SignedConclusion != f.RiskFloor:
		return "Risk " + level + " — the highest, as the signed assessment's conclusion (" + conclusion + ") calls for."
	case f.RiskLevel == f.RiskFloor:
		return "Risk " + level + " — at least the signed assessment's conclusion (" + conclusion + ")."
	}
	return "Risk " + level + " — above the signed assessment's conclusion (" + conclusion + ")."
}

// RiskInput is the risk level set by hand, and why.
type RiskInput struct {
	Level         string
	Justification string
}

// validate checks in against f: a known level, no lower than the signed
// assessment's conclusion, and a justification.
func (in *RiskInput) validate(f *Case) error {
	errs := map[string]string{}
	in.Justification = strings.TrimSpace(in.Justification)
	switch {
	case in.Level != "" && !RiskLevels.Has(in.Level):
		errs["risk_level"] = "Choose low, medium or high."
	case f.belowFloor(in.Level) != "":
		errs["risk_level"] = f.belowFloor(in.Level)
	}
	switch {
	case in.Justification == "":
		errs["justification"] = "Say why the case carries this risk."
	case utf8.RuneCountInString(in.Justification) > 2000:
		errs["justification"] = "Use at most 2,000 characters."
	}
	if len(errs) > 0 {
		return apperr.Validation(errs)
	}
	return nil
}

// SetRisk sets the case's risk level by hand, with a justification; it
// decides how many approvals the case needs. The level may not be lower than
// the conclusion of the latest signed human-rights assessment. A new level
// changes the content, so earlier sign-offs become void, but it does not
// make the compliance officer an editor of the case.
// Errors: Invalid (level, justification), NotFound, Forbidden, Conflict.
func (s *Service) SetRisk(ctx context.Context, id string, version int64, in RiskInput) (*Case, error) {
	actor := auth.ActorFrom(ctx)
	return s.change(ctx, id, version, auth.PermSetCaseRisk, "case.risk", false, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		if !f.Status.Open() {
			return "", apperr.New(apperr.Conflict, "The risk of a finally decided case cannot change.")
		}
		if err := in.validate(f); err != nil {
			return "", err
		}
		return "risk level set to " + strings.ToLower(upper(in.Level)) + ": " + in.Justification,
			tx.Model(&Record{}).Where("id = ?", id).Updates(map[string]any{"risk_level": in.Level, "risk_source": RiskByHand,
				"risk_reason": in.Justification, "risk_set_by": actor.UserID, "risk_set_at": now}).Error
	})
}

// RaiseToSigned records, in tx, that a compliance officer signed version of
// f's human-rights assessment concluding conclusion, which calls for a case
// risk of at least floor: floor becomes the case's floor, and a lower risk is
// raised to it. It reports whether the risk was raised.
func RaiseToSigned(tx *gorm.DB, f *Case, signer string, version int, conclusion, floor string, now time.Time) (bool, error) {
	fields := map[string]any{"risk_floor": floor, "risk_floor_conclusion": conclusion, "risk_floor_version": version}
	raise := riskRank(f.RiskLevel) < riskRank(floor)
	if raise {
		maps.Copy(fields, map[string]any{"risk_level": floor, "risk_source": RiskByAssessment, "risk_set_by": signer, "risk_set_at": now,
			"risk_reason": fmt.Sprintf("The signed human-rights assessment v%d concluded %s.", version, upper(conclusion))})
	}
	return raise, tx.Model(&Record{}).Where("id = ?", f.ID).Updates(fields).Error
}
