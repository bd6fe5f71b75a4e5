package policy

// Profile is the practice's identity and contact details, the placeholders of
// the seed template. Channels lists the ways to reach the practice between
// sessions, in the order the practice prefers them.
type Profile struct {
	PracticeName   string    `json:"practice_name"`
	TherapistNames []string  `json:"therapist_names,omitempty"`
	OfficeAddress  string    `json:"office_address,omitempty"`
	OfficePhone    string    `json:"office_phone,omitempty"`
	AdminEmail     string    `json:"admin_email,omitempty"`
	Website        string    `json:"website,omitempty"`
	BoardName      string    `json:"board_name,omitempty"`
	BoardContact   string    `json:"board_contact,omitempty"`
	CrisisText     string    `json:"crisis_text,omitempty"`
	Channels       []Channel `json:"channels,omitempty"`
}

// Channel is one way of reaching the practice between sessions.
type Channel struct {
	Kind  string `json:"kind"`  // phone, email, text, portal, …
	Value string `json:"value"` // the number or address
	Note  string `json:"note,omitempty"`
}

// DefaultCrisisText is used when a profile names no crisis resources.
const DefaultCrisisText = "If you are in crisis or thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline), or call 911 or go to the nearest emergency room."
