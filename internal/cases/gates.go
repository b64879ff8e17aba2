package cases

import "context"

// Check is one line of a case's readiness checklist.
type Check struct {
	Name string
	OK   bool
	Why  string // what is missing, when not OK
	Fix  Target // where to put it right, when not OK
}

// Section is a part of a case that a check can send people to.
type Section string

const (
	SectionDetails    Section = "details" // destination, end user, end use
	SectionParties    Section = "parties"
	SectionItems      Section = "items"
	SectionDocuments  Section = "documents"
	SectionScreening  Section = "screening"
	SectionAssessment Section = "assessment"
	// SectionLists is the sanctions lists themselves, which no one case
	// holds: its Target names no case.
	SectionLists Section = "lists"
)

// Target is what to put right for a check to pass: a section of a case, or
// the sanctions lists (SectionLists, no case).
type Target struct {
	Case    string
	Section Section
}

// Gate is one condition a case must meet before submission and approval.
// Later capabilities (screening, classification, licences, human-rights
// assessment, training) register their own.
type Gate interface {
	Check(ctx context.Context, f *Case) (Check, error)
}

// GateFunc adapts a function to Gate.
type GateFunc func(ctx context.Context, f *Case) (Check, error)

// Check runs the function.
func (g GateFunc) Check(ctx context.Context, f *Case) (Check, error) { return g(ctx, f) }

// Readiness runs every gate in order.
func Readiness(ctx context.Context, gates []Gate, f *Case) ([]Check, error) {
	out := make([]Check, 0, len(gates))
	for _, g := range gates {
		c, err := g.Check(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Ready reports whether every check passed.
func Ready(checks []Check) bool {
	for _, c := range checks {
		if !c.OK {
			return false
		}
	}
	return true
}

// CheckOf is the check name: passed when ok, else missing why, to be put
// right at fix. Gates of other capabilities build their checks with it.
func CheckOf(name string, ok bool, why string, fix Target) Check {
	if ok {
		return Check{Name: name, OK: true}
	}
	return Check{Name: name, Why: why, Fix: fix}
}

// BasicGates are the case's own conditions: who, what, where and the
// end-use statement.
func BasicGates() []Gate {
	return []Gate{
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			return CheckOf("Destination and end-user type set", f.Destination != nil && f.EndUserType != "",
				detailsMissing(f), Target{f.ID, SectionDetails}), nil
		}),
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			has := map[string]bool{}
			for _, p := range f.Parties {
				has[p.Role] = true
			}
			why := ""
			switch {
			case !has["consignee"] && !has["end_user"]:
				why = "Add the consignee and the end user."
			case !has["consignee"]:
				why = "Add the consignee."
			case !has["end_user"]:
				why = "Add the end user."
			}
			return CheckOf("Consignee and end user named", why == "", why, Target{f.ID, SectionParties}), nil
		}),
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			return CheckOf("Items listed", len(f.Items) > 0, "Add at least one item.", Target{f.ID, SectionItems}), nil
		}),
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			ok := false
			for _, a := range f.Attachments {
				ok = ok || (a.Kind == "end_use_statement" && a.Current())
			}
			return CheckOf("End-use statement on file", ok, "Upload the signed end-use statement.",
				Target{f.ID, SectionDocuments}), nil
		}),
	}
}

// detailsMissing says which of the details the gates need is missing. The
// end-user type is needed because a state end user makes the human-rights
// assessment required: left empty, it would let a case avoid it.
func detailsMissing(f *Case) string {
	switch {
	case f.Destination == nil && f.EndUserType == "":
		return "Choose the destination country and the end-user type."
	case f.Destination == nil:
		return "Choose the destination country."
	case f.EndUserType == "":
		return "Choose the end-user type: a state end user makes the human-rights assessment required."
	}
	return ""
}

// keptKey keeps one kind of value in a context.
type keptKey[T any] struct{}

type kept[T any] struct {
	caseID  string
	version int64
	value   T
}

// Keep returns ctx keeping v, worked out for f as it is now, so that the
// gates and the page that show f within one request work it out once. Each
// type of value is kept apart.
func Keep[T any](ctx context.Context, f *Case, v T) context.Context {
	return context.WithValue(ctx, keptKey[T]{}, kept[T]{caseID: f.ID, version: f.Version, value: v})
}

// Kept returns the value of type T that ctx keeps for f at its version.
func Kept[T any](ctx context.Context, f *Case) (T, bool) {
	k, ok := ctx.Value(keptKey[T]{}).(kept[T])
	if !ok || k.caseID != f.ID || k.version != f.Version {
		var zero T
		return zero, false
	}
	return k.value, true
}
