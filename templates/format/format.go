// Package format is how every page writes dates, times and missing values,
// so that one screen does not say "2 Jan 2006" where another says
// "2006-01-02". Times are shown in UTC with the zone named: compliance
// records are read across offices and by auditors in other time zones.
package format

import "time"

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04 UTC"
)

// Date is a calendar day, such as a due date, or the UTC day of a moment:
// 2026-12-07.
func Date(t time.Time) string { return t.UTC().Format(dateLayout) }

// DateTime is a moment, in UTC with the zone shown: 2026-12-07 10:06 UTC.
func DateTime(t time.Time) string { return t.UTC().Format(dateTimeLayout) }

// Or is s, or fallback when s is empty.
func Or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
