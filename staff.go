package framekeeper

import (
	"net/mail"
	"strings"
	"time"
)

// Role is what a staff member may do. Every route checks it.
type Role string

// The four roles of the contract.
const (
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleTherapist  Role = "therapist"
	RoleFrontDesk  Role = "front_desk"
)

// Roles lists the roles in order of reach.
func Roles() []Role { return []Role{RoleAdmin, RoleSupervisor, RoleTherapist, RoleFrontDesk} }

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	for _, x := range Roles() {
		if r == x {
			return true
		}
	}
	return false
}

// Staff is a person (or an API integration) who works in the practice.
type Staff struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a staff member before it is saved.
func (s *Staff) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	s.Email = strings.ToLower(strings.TrimSpace(s.Email))
	if s.Name == "" {
		return Invalid("name", "Name is required.")
	}
	if _, err := mail.ParseAddress(s.Email); err != nil || strings.ContainsAny(s.Email, "<> ") {
		return Invalid("email", "Email %q is not a valid address.", s.Email)
	}
	if !s.Role.Valid() {
		return Invalid("role", "Role must be admin, supervisor, therapist or front_desk.")
	}
	return nil
}

// Actor is whoever makes a request: a logged-in staff member or an API token's
// owner. Permission helpers below take it so handlers read as sentences.
type Actor struct {
	StaffID string
	Name    string
	Role    Role
}

// CanManageStaff: only admins add, change or deactivate staff.
func (a Actor) CanManageStaff() bool { return a.Role == RoleAdmin }

// CanSeeAllClients: everyone but a therapist sees the whole roster; a
// therapist sees their own caseload.
func (a Actor) CanSeeAllClients() bool { return a.Role != RoleTherapist }

// CanReadChart: front desk handles names and contact details, never chart
// content.
func (a Actor) CanReadChart() bool { return a.Role != RoleFrontDesk }

// CanWriteChart: clinicians and supervisors write notes; admins may too, as
// practice owners are often clinicians.
func (a Actor) CanWriteChart() bool { return a.Role != RoleFrontDesk }

// CanReadAccessLog: who looked at which record is for admins and supervisors.
func (a Actor) CanReadAccessLog() bool { return a.Role == RoleAdmin || a.Role == RoleSupervisor }

// CanAccessClient reports whether the actor may see this client at all.
func (a Actor) CanAccessClient(c *Client) bool {
	return a.CanSeeAllClients() || (c.TherapistID != "" && c.TherapistID == a.StaffID)
}
