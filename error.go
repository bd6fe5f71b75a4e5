// Package framekeeper holds the domain types shared by every part of the
// product: the application error, staff and roles, clients and their
// identities, and chart entries. It imports only the standard library; the
// adapters (storage, web, intake, mail) depend on it, never the reverse.
package framekeeper

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to one HTTP status in one table.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	EUNSUPPORTED  = "unsupported_media_type"
	ERATELIMITED  = "rate_limited"
)

// Error is the application error. Message is safe to show to a user; Fields
// holds per-field messages for invalid input.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an invalid-input error naming one field.
func Invalid(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// ErrorCode returns the code of an application error, EINTERNAL for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// WithCode returns e with another code, keeping its message and fields.
func (e *Error) WithCode(code string) *Error {
	e.Code = code
	return e
}
