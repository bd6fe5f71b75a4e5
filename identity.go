package framekeeper

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// IdentityKind names where an identity lives: an email address, a phone
// number, or a handle on one of the platforms.
type IdentityKind string

// The identity kinds of the contract.
const (
	IdentityEmail     IdentityKind = "email"
	IdentityPhone     IdentityKind = "phone"
	IdentityFacebook  IdentityKind = "facebook"
	IdentityInstagram IdentityKind = "instagram"
	IdentityX         IdentityKind = "x"
	IdentityLinkedIn  IdentityKind = "linkedin"
)

// Identity is one way a person shows up on a channel. Value is normalised:
// emails case-folded, phones in E.164, handles lower case without "@".
type Identity struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// DefaultPhoneRegion is assumed for numbers written without a country code.
const DefaultPhoneRegion = "US"

// NormaliseIdentity returns the canonical form of an identity, so that the
// same person written two ways matches exactly.
func NormaliseIdentity(kind IdentityKind, value string) (Identity, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return Identity{}, Errorf(EINVALID, "Identity value is required.")
	}
	if !utf8.ValidString(v) || len(v) > 320 {
		return Identity{}, Errorf(EINVALID, "Identity value is not valid.")
	}
	switch kind {
	case IdentityEmail:
		e, err := NormaliseEmail(v)
		if err != nil {
			return Identity{}, err
		}
		return Identity{kind, e}, nil
	case IdentityPhone:
		p, err := NormalisePhone(v)
		if err != nil {
			return Identity{}, err
		}
		return Identity{kind, p}, nil
	case IdentityFacebook, IdentityInstagram, IdentityX, IdentityLinkedIn:
		h := NormaliseHandle(v)
		if h == "" || strings.IndexFunc(h, unicode.IsSpace) >= 0 {
			return Identity{}, Errorf(EINVALID, "Handle %q is not valid.", value)
		}
		return Identity{kind, h}, nil
	}
	return Identity{}, Errorf(EINVALID, "Identity kind must be email, phone, facebook, instagram, x or linkedin.")
}

// NormaliseEmail parses an address (with or without a display name) and
// case-folds it.
func NormaliseEmail(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", Errorf(EINVALID, "Email %q is not a valid address.", s)
	}
	return strings.ToLower(a.Address), nil
}

// NormalisePhone parses a phone number to E.164.
func NormalisePhone(s string) (string, error) {
	n, err := phonenumbers.Parse(s, DefaultPhoneRegion)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", Errorf(EINVALID, "Phone number %q is not valid.", s)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// NormaliseHandle lower-cases a platform handle and strips a leading "@" and
// a profile URL prefix.
func NormaliseHandle(s string) string {
	h := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"https://", "http://", "www."} {
		h = strings.TrimPrefix(h, p)
	}
	for _, p := range []string{"facebook.com/", "instagram.com/", "x.com/", "twitter.com/", "linkedin.com/in/"} {
		h = strings.TrimPrefix(h, p)
	}
	h = strings.TrimSuffix(h, "/")
	return strings.TrimPrefix(h, "@")
}
