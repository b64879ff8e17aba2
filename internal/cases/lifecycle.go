package cases

// Action moves a case from one status to another.
type Action string

const (
	ActSubmit  Action = "submit"
	ActApprove Action = "approve" // the final approval: enough valid approvals are in
	ActReject  Action = "reject"
	ActHold    Action = "hold"
	ActReturn  Action = "return"
	ActClose   Action = "close"
	ActBlock   Action = "block"
	ActReopen  Action = "reopen"  // content of an approved case changed: it needs approval again
	ActRelease Action = "release" // what blocked the case was undone: it starts again as a draft
)

// Transition is one row of the life-cycle table.
type Transition struct {
	From   Status
	Action Action
	To     Status
}

// Transitions is the case life cycle. Anything not listed is refused.
var Transitions = []Transition{
	{Draft, ActSubmit, Submitted},
	{Submitted, ActApprove, Approved},
	{Submitted, ActReject, Rejected},
	{Submitted, ActHold, OnHold},
	{Submitted, ActReturn, Draft},
	{OnHold, ActReturn, Draft},
	{Approved, ActClose, Closed},
	{Approved, ActReturn, Draft},
	{Approved, ActReopen, Submitted},
	{Draft, ActBlock, Blocked},
	{Submitted, ActBlock, Blocked},
	{OnHold, ActBlock, Blocked},
	{Approved, ActBlock, Blocked},
	{Blocked, ActRelease, Draft},
}

// Next returns the status that action leads to from from, and whether the
// life cycle allows it.
func Next(from Status, action Action) (Status, bool) {
	for _, t := range Transitions {
		if t.From == from && t.Action == action {
			return t.To, true
		}
	}
	return "", false
}
