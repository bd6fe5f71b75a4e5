package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/triage"
)

// The demo login, printed at start. Only ever used on a demo database.
const (
	demoEmail    = "demo@harborlane.example"
	demoPassword = "framekeeper-demo"
)

func cmdDemo(ctx context.Context, env *Env, args []string) error {
	cfg := defaultConfig()
	if err := cfg.fromEnv(env.Getenv); err != nil {
		return err
	}
	cfg.DB = env.Getenv("FRAMEKEEPER_DB") // the demo never reuses the default file by accident
	fs := newFlags(env, "demo", "demo [--addr HOST:PORT] [--db URL]",
		"Creates a demo practice with fictional staff and clients in a fresh database (a new temporary SQLite\nfile, or URL if given and empty) and serves it, printing the URL and a demo login.")
	cfg.serverFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.DB == "" {
		dir, err := os.MkdirTemp("", "framekeeper-demo-")
		if err != nil {
			return err
		}
		cfg.DB = "sqlite:" + filepath.Join(dir, "demo.db")
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	db, err := storage.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	err = seedDemo(ctx, db)
	db.Close()
	if err != nil {
		return err
	}
	app := NewApp(cfg, env.Stderr)
	defer app.Close()
	if err := app.Open(ctx); err != nil {
		return err
	}
	if err := seedDemoInteractions(ctx, app.pipeline); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Framekeeper demo is running at %s\n  Sign in as %s with password %s\n  Database: %s\n  Press Ctrl-C to stop.\n",
		app.URL(), demoEmail, demoPassword, redactURL(cfg.DB))
	return app.Run(ctx)
}

// seedDemo fills an empty database with a fictional practice. It refuses a
// database that already holds people, so a real practice is never touched.
func seedDemo(ctx context.Context, db *storage.DB) error {
	if n, err := db.CountStaff(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("the database already holds a practice; the demo needs an empty one")
	}
	hash, err := auth.HashPassword(demoPassword, auth.DefaultParams)
	if err != nil {
		return err
	}
	admin := &framekeeper.Staff{Name: "Morgan Reyes", Email: demoEmail, Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Harbor Lane Counseling", admin, hash); err != nil {
		return err
	}
	staff := map[string]*framekeeper.Staff{}
	for _, s := range []framekeeper.Staff{
		{Name: "Dr. Priya Nair", Email: "priya@harborlane.example", Role: framekeeper.RoleSupervisor},
		{Name: "Sam Okafor", Email: "sam@harborlane.example", Role: framekeeper.RoleTherapist},
		{Name: "Lena Fischer", Email: "lena@harborlane.example", Role: framekeeper.RoleTherapist},
		{Name: "Jordan Lee", Email: "frontdesk@harborlane.example", Role: framekeeper.RoleFrontDesk},
	} {
		s := s
		if err := db.CreateStaff(ctx, &s, hash); err != nil {
			return err
		}
		staff[s.Email] = &s
	}
	sam, lena := staff["sam@harborlane.example"], staff["lena@harborlane.example"]
	as := func(s *framekeeper.Staff) framekeeper.Actor {
		return framekeeper.Actor{StaffID: s.ID, Name: s.Name, Role: s.Role}
	}
	id := func(kind framekeeper.IdentityKind, v string) framekeeper.Identity {
		return framekeeper.Identity{Kind: kind, Value: v}
	}
	clients := []struct {
		by    *framekeeper.Staff
		c     framekeeper.Client
		notes []string
	}{
		{sam, framekeeper.Client{Name: "Avery Thompson", Status: "current", Identities: []framekeeper.Identity{
			id("email", "avery.thompson@example.com"), id("phone", "+1 (503) 555-0142"), id("instagram", "@avery.t")},
			Associates: []framekeeper.Associate{{Name: "Chris Thompson", Relation: "spouse", Identities: []framekeeper.Identity{id("phone", "+1 503 555 0143")}}}},
			[]string{"Intake completed. Reviewed the social media policy together; questions answered.", "Session 2. Client asked about texting to reschedule; explained the email option."}},
		{sam, framekeeper.Client{Name: "José Álvarez", Status: "current", Identities: []framekeeper.Identity{
			id("email", "jalvarez@example.net"), id("facebook", "jose.alvarez.pdx")}},
			[]string{"Intake completed."}},
		{sam, framekeeper.Client{Name: "Mei Chen", Status: "current", Identities: []framekeeper.Identity{id("phone", "503-555-0177"), id("x", "@meichen")}}, nil},
		{lena, framekeeper.Client{Name: "Noah Williams", Status: "current", Identities: []framekeeper.Identity{
			id("email", "noah.w@example.org"), id("linkedin", "noah-williams-pdx")}},
			[]string{"Intake completed. Client prefers phone contact between sessions."}},
		{lena, framekeeper.Client{Name: "Zoë Ångström", Status: "current", Identities: []framekeeper.Identity{id("email", "zoe@example.se"), id("phone", "+46 70 123 45 67")}}, nil},
		{lena, framekeeper.Client{Name: "Ruth Abernathy", Status: "former", Identities: []framekeeper.Identity{id("email", "ruth.a@example.com")}},
			[]string{"Final session. Treatment goals met; discussed returning if needed."}},
		{sam, framekeeper.Client{Name: "Marcus Green", Status: "former", Identities: []framekeeper.Identity{id("phone", "+1 971 555 0110"), id("facebook", "marcus.green.77")}}, nil},
		{lena, framekeeper.Client{Name: "Isabel Ortiz", Status: "prospective", Identities: []framekeeper.Identity{id("email", "isabel.ortiz@example.com")}}, nil},
		{sam, framekeeper.Client{Name: "Daniel Kim", Status: "prospective", Identities: []framekeeper.Identity{id("phone", "+1 503 555 0199")}}, nil},
	}
	for _, x := range clients {
		c := x.c
		if err := db.CreateClient(ctx, as(x.by), &c); err != nil {
			return fmt.Errorf("demo client %s: %w", c.Name, err)
		}
		for _, n := range x.notes {
			if err := db.AppendRecord(ctx, as(x.by), &framekeeper.RecordEntry{ClientID: c.ID, Text: n}); err != nil {
				return err
			}
		}
	}
	// The policy in force: the comprehensive template (seed 002) with the
	// demo practice's details.
	pol := policy.DemoPolicy().Clone()
	pol.Profile = policy.Profile{
		PracticeName:   "Harbor Lane Counseling",
		TherapistNames: []string{"Dr. Priya Nair", "Sam Okafor, LPC", "Lena Fischer, LCSW"},
		OfficeAddress:  "48 Harbor Lane, Suite 3, Portland, OR 97201",
		OfficePhone:    "(503) 555-0100",
		AdminEmail:     "office@harborlane.example",
		Website:        "https://harborlane.example",
		BoardName:      "Oregon Board of Licensed Professional Counselors and Therapists",
		BoardContact:   "(503) 555-0190",
		CrisisText:     policy.DefaultCrisisText,
		Channels: []policy.Channel{
			{Kind: "phone", Value: "(503) 555-0100"},
			{Kind: "email", Value: "office@harborlane.example", Note: "for scheduling and other practical matters"},
		},
	}
	if _, err := db.Policies().Publish(ctx, as(admin), pol, "First version of our social media policy.", time.Time{}); err != nil {
		return fmt.Errorf("demo policy: %w", err)
	}
	return nil
}

// seedDemoInteractions sends a few everyday interactions through the real
// pipeline, so the inbox, agendas and charts have something to show.
func seedDemoInteractions(ctx context.Context, p *intake.Pipeline) error {
	for _, in := range []triage.Interaction{
		{ID: "demo-fr-1", Kind: triage.FriendRequest, Channel: triage.ChannelFacebook, From: triage.Sender{Name: "José Álvarez", Platform: "facebook", Handle: "jose.alvarez.pdx"}},
		{ID: "demo-sms-1", Kind: triage.SMS, Channel: triage.ChannelSMS, From: triage.Sender{Phone: "+1 503 555 0142"}, Text: "Running about 10 minutes late, sorry!"},
		{ID: "demo-email-1", Kind: triage.Email, Channel: triage.ChannelEmail, From: triage.Sender{Name: "Noah Williams", Email: "noah.w@example.org"},
			Text: "Since our last session the panic attacks have come back most nights and I am not sleeping."},
		{ID: "demo-follow-1", Kind: triage.Follow, Channel: triage.ChannelX, From: triage.Sender{Platform: "x", Handle: "@meichen"}},
		{ID: "demo-review-1", Kind: triage.Review, Channel: triage.ChannelReviewSite, From: triage.Sender{Name: "M. G."}, Text: "Kind and professional. The front desk was quick to help with my insurance forms."},
		{ID: "demo-dm-1", Kind: triage.FriendRequest, Channel: triage.ChannelInstagram, From: triage.Sender{Name: "Ruth Abernathy"}},
	} {
		if _, _, err := p.Submit(ctx, in, nil); err != nil {
			return fmt.Errorf("demo interaction %s: %w", in.ID, err)
		}
	}
	return nil
}
