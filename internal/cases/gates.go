package cases

import "context"

// Check is one line of a case's readiness checklist.
type Check struct {
	Name   string
	OK     bool
	Why    string // what is missing, when not OK
	FixURL string // where to put it right
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

func check(name string, ok bool, why, fix string) Check {
	if ok {
		return Check{Name: name, OK: true}
	}
	return Check{Name: name, Why: why, FixURL: fix}
}

// BasicGates are the case's own conditions: who, what, where and the
// end-use statement.
func BasicGates() []Gate {
	return []Gate{
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			return check("Destination set", f.Destination != nil,
				"Choose the destination country.", "/cases/"+f.ID+"/edit"), nil
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
			return check("Consignee and end user named", why == "", why, "/cases/"+f.ID+"#parties"), nil
		}),
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			return check("Items listed", len(f.Items) > 0, "Add at least one item.", "/cases/"+f.ID+"#items"), nil
		}),
		GateFunc(func(_ context.Context, f *Case) (Check, error) {
			ok := false
			for _, a := range f.Attachments {
				ok = ok || (a.Kind == "end_use_statement" && a.Current())
			}
			return check("End-use statement on file", ok, "Upload the signed end-use statement.", "/cases/"+f.ID+"#documents"), nil
		}),
	}
}
