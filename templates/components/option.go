package components

// Option is one choice of a select.
type Option struct {
	Value, Label string
}

// Form is what a form was filled with and what was wrong with it, for
// showing it again.
type Form struct {
	Values map[string]string
	Errors map[string]string
	Error  string
}

// V returns the typed value of a field.
func (f Form) V(name string) string { return f.Values[name] }

// E returns the error of a field.
func (f Form) E(name string) string { return f.Errors[name] }

// Link is a page of the site that a message leads to.
type Link struct{ Text, Href string }
