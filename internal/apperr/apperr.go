// Package apperr is Vigil's one application error type. Services return it with
// a code and a message that is safe to show to the user; the web layer maps the
// code to an HTTP status in one place.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for the caller.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Forbidden       Code = "forbidden"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	TooManyRequests Code = "too_many_requests"
	Internal        Code = "internal"
)

// Error is an application error. Fields holds per-field messages for forms.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	// RetryAfter tells a throttled client when to try again.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// New returns an error with a code and a safe message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Validation returns an Invalid error carrying field messages.
func Validation(fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: "Please correct the highlighted fields.", Fields: fields}
}

// CodeOf returns the code of err, Internal for errors that are not application
// errors, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Message returns the safe message of err; internal errors get a generic text.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong."
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
