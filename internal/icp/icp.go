// Package icp names the seven core elements of an internal compliance
// programme in Commission Recommendation (EU) 2019/1318, under which every
// part of Vigil's programme (the self-assessment, findings, the dashboard)
// files its work.
package icp

import "strconv"

// Element is one of the seven core elements.
type Element struct {
	Number int
	Title  string
}

// Elements are the seven core elements, in the recommendation's order and
// with its titles: Elements[n-1] is element n.
var Elements = []Element{
	{1, "Top-level management commitment to compliance"},
	{2, "Organisation structure, responsibilities and resources"},
	{3, "Training and awareness raising"},
	{4, "Transaction screening process and procedures"},
	{5, "Performance review, audits, reporting and corrective actions"},
	{6, "Recordkeeping and documentation"},
	{7, "Physical and information security"},
}

// Label names the element with its number: "3 Training and awareness raising".
func (e Element) Label() string { return strconv.Itoa(e.Number) + " " + e.Title }

// Label names element n with its number, "" when there is no element n.
func Label(n int) string {
	if n < 1 || n > len(Elements) {
		return ""
	}
	return Elements[n-1].Label()
}
