package web

import (
	"github.com/vigil-icp/vigil/internal/vocab"
	"github.com/vigil-icp/vigil/templates/components"
)

// options offers a closed set of the domain as the choices of a select.
func options[T ~string](terms vocab.Terms[T]) []components.Option {
	out := make([]components.Option, len(terms))
	for i, t := range terms {
		out[i] = components.Option{Value: string(t.Value), Label: t.Label}
	}
	return out
}

// labelled is a value that names itself for people, such as a role.
type labelled interface {
	~string
	Label() string
}

// labelledOptions offers values that name themselves as the choices of a
// select.
func labelledOptions[T labelled](values []T) []components.Option {
	out := make([]components.Option, len(values))
	for i, v := range values {
		out[i] = components.Option{Value: string(v), Label: v.Label()}
	}
	return out
}
