package framekeeper

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ClientStatus is where a client stands with the practice.
type ClientStatus string

// The client statuses of the contract.
const (
	StatusCurrent     ClientStatus = "current"
	StatusFormer      ClientStatus = "former"
	StatusProspective ClientStatus = "prospective"
)

// Valid reports whether s is a known status.
func (s ClientStatus) Valid() bool {
	return s == StatusCurrent || s == StatusFormer || s == StatusProspective
}

// Client is a person on the practice's roster.
type Client struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Status      ClientStatus `json:"status"`
	TherapistID string       `json:"therapist_id,omitempty"`
	Identities  []Identity   `json:"identities"`
	Associates  []Associate  `json:"associates"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Associate is a relative, friend or other person close to a client. A message
// from an associate resolves to the relationship "relative".
type Associate struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Relation   string     `json:"relation,omitempty"`
	Identities []Identity `json:"identities"`
}

// Limits on what one client record may hold, so a request cannot grow a row
// without bound.
const (
	maxNameLen     = 200
	maxIdentities  = 50
	maxAssociates  = 50
	maxRelationLen = 100
)

// Validate normalises and checks a client before it is saved.
func (c *Client) Validate() error {
	name, err := validName("name", c.Name)
	if err != nil {
		return err
	}
	c.Name = name
	if c.Status == "" {
		c.Status = StatusCurrent
	}
	if !c.Status.Valid() {
		return Invalid("status", "Status must be current, former or prospective.")
	}
	if len(c.Identities) > maxIdentities {
		return Invalid("identities", "A client may have at most %d identities.", maxIdentities)
	}
	ids, err := normaliseIdentities("identities", c.Identities)
	if err != nil {
		return err
	}
	c.Identities = ids
	if len(c.Associates) > maxAssociates {
		return Invalid("associates", "A client may have at most %d associates.", maxAssociates)
	}
	for i := range c.Associates {
		if err := c.Associates[i].validate(i); err != nil {
			return err
		}
	}
	return nil
}

func (a *Associate) validate(i int) error {
	field := "associates[" + strconv.Itoa(i) + "]"
	name, err := validName(field+".name", a.Name)
	if err != nil {
		return err
	}
	a.Name = name
	a.Relation = strings.TrimSpace(a.Relation)
	if utf8.RuneCountInString(a.Relation) > maxRelationLen {
		return Invalid(field+".relation", "Relation is too long.")
	}
	ids, err := normaliseIdentities(field+".identities", a.Identities)
	if err != nil {
		return err
	}
	a.Identities = ids
	return nil
}

func validName(field, s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", Invalid(field, "Name is required.")
	case !utf8.ValidString(s):
		return "", Invalid(field, "Name is not valid UTF-8.")
	case utf8.RuneCountInString(s) > maxNameLen:
		return "", Invalid(field, "Name is longer than %d characters.", maxNameLen)
	}
	return s, nil
}

func normaliseIdentities(field string, in []Identity) ([]Identity, error) {
	out := make([]Identity, 0, len(in))
	seen := map[Identity]bool{}
	for i, id := range in {
		n, err := NormaliseIdentity(id.Kind, id.Value)
		if err != nil {
			return nil, Invalid(field+"["+strconv.Itoa(i)+"]", "%s", ErrorMessage(err))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// ClientFilter selects clients for a list. TherapistID restricts to one
// caseload; Query matches names and identity values.
type ClientFilter struct {
	Query       string
	Status      ClientStatus
	TherapistID string
	Offset      int
	Limit       int
}

// ClientUpdate changes some fields of a client; nil fields stay as they are.
// Identities, when given, replace the client's whole list.
type ClientUpdate struct {
	Name        *string       `json:"name"`
	Status      *ClientStatus `json:"status"`
	TherapistID *string       `json:"therapist_id"`
	Identities  *[]Identity   `json:"identities"`
	Associates  *[]Associate  `json:"associates"`
}

// Apply returns a copy of c with the update applied (not yet validated).
func (u ClientUpdate) Apply(c Client) Client {
	if u.Name != nil {
		c.Name = *u.Name
	}
	if u.Status != nil {
		c.Status = *u.Status
	}
	if u.TherapistID != nil {
		c.TherapistID = *u.TherapistID
	}
	if u.Identities != nil {
		c.Identities = *u.Identities
	}
	if u.Associates != nil {
		c.Associates = *u.Associates
	}
	return c
}
