package screenapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// DecodeQuery reads a query from r: one JSON object with no field that
// Query lacks. Errors: Invalid, naming the field where it can; an error of
// r itself (such as a body over its limit) is returned as it is.
func DecodeQuery(r io.Reader) (Query, error) {
	var q Query
	return q, decodeStrict(r, &q, "")
}

// DecodeBatch reads a batch from r as DecodeQuery reads a query. Each query
// is read on its own, so that an error names its place, as in
// names[3].min_score. Errors: as DecodeQuery's.
func DecodeBatch(r io.Reader) (Batch, error) {
	var raw struct {
		Names []json.RawMessage `json:"names"`
	}
	if err := decodeStrict(r, &raw, ""); err != nil {
		return Batch{}, err
	}
	b := Batch{Names: make([]Query, len(raw.Names))}
	for i, q := range raw.Names {
		if err := decodeStrict(bytes.NewReader(q), &b.Names[i], fmt.Sprintf("names[%d]", i)); err != nil {
			return Batch{}, err
		}
	}
	return b, nil
}

// decodeStrict reads one JSON value from r into v, refusing fields v lacks;
// at is where the value is in the request body ("" for the whole body).
func decodeStrict(r io.Reader, v any, at string) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, next := dec.Token(); next != io.EOF {
			return InvalidField("", "The request body holds more than one JSON value.")
		}
		return nil
	}
	var (
		syntax    *json.SyntaxError
		wrongType *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return InvalidField("", "The request body is empty: send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return InvalidField("", "The request body ends before its JSON is complete.")
	case errors.As(err, &syntax):
		return InvalidField("", "The request body is not valid JSON (at byte %d): %s.", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &wrongType):
		field := fieldAt(at, wrongType.Field)
		return InvalidField(field, "%s must be %s, not a JSON %s.", cmp.Or(field, "The request body"), jsonTypeName(wrongType.Type), wrongType.Value)
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field = fieldAt(at, strings.Trim(field, `"`))
		return InvalidField(field, "Unknown field %q.", field)
	}
	return err
}

// fieldAt names field of the value at at: names[3].kind.
func fieldAt(at, field string) string {
	switch {
	case at == "":
		return field
	case field == "":
		return at
	}
	return at + "." + field
}

// jsonTypeName says in JSON's words what a field of Go type t takes.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}
