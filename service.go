package framekeeper

import (
	"context"
	"time"
)

// The services below are what the web and command-line surfaces need. The
// storage package implements them; handlers depend on these interfaces only.
// Every method that touches a client takes the Actor and enforces the
// caseload and role rules itself, so no surface can forget them.

// ClientService manages the roster.
type ClientService interface {
	CreateClient(ctx context.Context, actor Actor, c *Client) error
	FindClientByID(ctx context.Context, actor Actor, id string) (*Client, error)
	FindClients(ctx context.Context, actor Actor, f ClientFilter) ([]*Client, int, error)
	UpdateClient(ctx context.Context, actor Actor, id string, u ClientUpdate) (*Client, error)
}

// RecordService keeps each client's append-only chart and the access log.
type RecordService interface {
	AppendRecord(ctx context.Context, actor Actor, e *RecordEntry) error
	FindRecords(ctx context.Context, actor Actor, clientID string) ([]RecordEntry, error)
	FindAccessLog(ctx context.Context, actor Actor, clientID string, limit int) ([]AccessEvent, error)
}

// StaffService manages staff accounts.
type StaffService interface {
	CreateStaff(ctx context.Context, s *Staff, passwordHash string) error
	FindStaffByID(ctx context.Context, id string) (*Staff, error)
	ListStaff(ctx context.Context) ([]*Staff, error)
	UpdateStaff(ctx context.Context, s *Staff, passwordHash string) error
}

// AuthService stores login sessions and API tokens by the hash of their
// secret, and counts failed logins.
type AuthService interface {
	StaffCredentials(ctx context.Context, email string) (*Staff, string, error)
	RecordLoginFailure(ctx context.Context, email, ip string) error
	LoginFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP int, err error)
	CreateSession(ctx context.Context, tokenHash, staffID string, ttl time.Duration) error
	SessionActor(ctx context.Context, tokenHash string) (Actor, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	TokenActor(ctx context.Context, tokenHash string) (Actor, error)
}

// PracticeService reads and sets up the practice this installation serves.
type PracticeService interface {
	FindPractice(ctx context.Context) (*Practice, error)
	SetupPractice(ctx context.Context, name string, admin *Staff, passwordHash string) (*Practice, error)
	NeedsSetup(ctx context.Context) (bool, error)
}

// AgendaService keeps each client's next-session agenda.
type AgendaService interface {
	FindAgenda(ctx context.Context, actor Actor, clientID string, all bool) ([]AgendaItem, error)
	AddAgendaItem(ctx context.Context, actor Actor, a *AgendaItem) error
	CloseAgendaItem(ctx context.Context, actor Actor, clientID, itemID, note string) (AgendaItem, error)
}

// AlertService keeps crisis alerts and the on-call rota.
type AlertService interface {
	OpenAlerts(ctx context.Context) ([]Alert, error)
	AcknowledgeAlert(ctx context.Context, actor Actor, id string) error
	OnCall(ctx context.Context) ([]*Staff, error)
	SetOnCall(ctx context.Context, actor Actor, staffIDs []string) error
}
