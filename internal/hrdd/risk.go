package hrdd

// CaseRisk is the lowest case risk level (cases.RiskLevels) a conclusion
// calls for: the same level, and high for an unacceptable conclusion, which
// also blocks the case.
func CaseRisk(conclusion string) string {
	if conclusion == "unacceptable" {
		return "high"
	}
	return conclusion
}
