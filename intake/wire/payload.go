// Package wire holds the small JSON helpers the webhook parsers share:
// identifiers that providers send as strings or numbers, and text made safe
// to hand on.
package wire

import (
	"encoding/json"
	"strings"
)

// ID is an identifier a provider sends as a string, or in some fields and
// test payloads as a number.
type ID string

// UnmarshalJSON accepts a string, a number or null.
func (i *ID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*i = ID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*i = ID(n.String())
	return nil
}

// Clean makes sure text handed on is valid UTF-8.
func Clean(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
