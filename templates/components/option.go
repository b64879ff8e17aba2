package components

// Option is one choice of a select.
type Option struct {
	Value, Label string
}
