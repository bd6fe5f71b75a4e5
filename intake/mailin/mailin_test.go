package mailin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/intake"
	"github.com/framekeeper/framekeeper/intake/mailin"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/triage"
)

const practiceAddr = "intake@harbor.example"

type fixture struct {
	db       *storage.DB
	pipeline *intake.Pipeline
	intake   *mailin.Intake
	admin    framekeeper.Actor
}

// newFixture is a practice whose policy does not use email and sends a
// redirect reply, with one client on the roster, so a client's email gets
// an automatic reply unless something forbids it.
func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, engine)
	hash, err := auth.HashPassword("a long test password", auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	admin := &framekeeper.Staff{Name: "Ada Admin", Email: "ada@harbor.example", Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Harbor", admin, hash); err != nil {
		t.Fatal(err)
	}
	actor := framekeeper.Actor{StaffID: admin.ID, Name: admin.Name, Role: admin.Role}
	tmpl, _ := policy.TemplateByID(policy.TemplateComprehensive)
	p := tmpl.Policy.Clone()
	p.Stances[policy.Email] = "not_used"
	if _, err := db.Policies().Publish(ctx, actor, p, "Email is not used.", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSetting(ctx, actor, "triage", intake.Settings{RedirectReplies: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []framekeeper.Client{
		{Name: "Carla Client", Status: framekeeper.StatusCurrent, Identities: []framekeeper.Identity{{Kind: framekeeper.IdentityEmail, Value: "carla@mail.example"}}},
		{Name: "Otto Other", Status: framekeeper.StatusCurrent, Identities: []framekeeper.Identity{{Kind: framekeeper.IdentityEmail, Value: "otto@mail.example"}}},
	} {
		if err := db.CreateClient(ctx, actor, &c); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pl := &intake.Pipeline{Store: db, Context: storage.TriageContext{DB: db, PublicURL: "http://localhost"},
		Resolve: resolve.NewResolver(db.Roster()).Resolve, Detector: detect.Default(), Log: log, Workers: 1}
	return &fixture{db: db, pipeline: pl, admin: actor,
		intake: &mailin.Intake{Pipeline: pl, Recipients: mailin.ParseRecipients(practiceAddr + ", @staff.harbor.example"), Log: log}}
}

func (f *fixture) interactions(t *testing.T) []intake.Stored {
	t.Helper()
	list, _, err := f.db.FindInteractions(context.Background(), f.admin, intake.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func message(id, from, subject, body string, extra ...string) string {
	h := "From: " + from + "\r\nTo: " + practiceAddr + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + ">\r\nDate: Mon, 2 Jun 2025 09:00:00 +0000\r\n"
	for _, e := range extra {
		h += e + "\r\n"
	}
	return h + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
}

func startSMTP(t *testing.T, in *mailin.Intake) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &mailin.Listener{Intake: in, Domain: "harbor.example"}
	go l.Serve(ln)
	t.Cleanup(func() { l.Close() })
	return ln.Addr().String()
}

func TestSMTPIntake(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			addr := startSMTP(t, f.intake)
			msg := message("m1@mail.example", "Carla Client <carla@mail.example>", "Thursday", "Can we move Thursday to 3pm?")
			for i := 0; i < 2; i++ { // the second is a redelivery
				if err := smtp.SendMail(addr, nil, "carla@mail.example", []string{practiceAddr}, []byte(msg)); err != nil {
					t.Fatalf("send %d: %v", i, err)
				}
			}
			list := f.interactions(t)
			if len(list) != 1 {
				t.Fatalf("got %d interactions, want 1", len(list))
			}
			st := list[0]
			if st.Input.ID != "m1@mail.example" || st.Input.From.Email != "carla@mail.example" || st.Input.To != practiceAddr || st.Decision == nil {
				t.Fatalf("stored %+v decision %v", st.Input, st.Decision)
			}
			if st.Decision.Sender.Match != triage.MatchExact {
				t.Errorf("sender match %s, want exact", st.Decision.Sender.Match)
			}
			if !bytes.Contains(st.Raw, []byte("Can we move Thursday")) {
				t.Errorf("raw message not kept")
			}
			// The reply is threaded and marked automatic.
			out, err := f.db.FindOutbox(context.Background(), st.ID, 10)
			if err != nil || len(out) != 1 {
				t.Fatalf("outbox: %v %d", err, len(out))
			}
			var meta map[string]string
			json.Unmarshal(out[0].Meta, &meta)
			if meta["in_reply_to"] != "<m1@mail.example>" || meta["auto_submitted"] != "auto-replied" {
				t.Errorf("reply meta %v", meta)
			}

			// A stranger's address is refused at RCPT with 550, and nothing
			// is stored.
			err = smtp.SendMail(addr, nil, "carla@mail.example", []string{"someone@elsewhere.example"}, []byte(message("m2@mail.example", "carla@mail.example", "x", "y")))
			var te *textproto.Error
			if !errors.As(err, &te) || te.Code != 550 {
				t.Errorf("foreign recipient: %v, want 550", err)
			}
			// A whole configured domain is accepted.
			if err := smtp.SendMail(addr, nil, "otto@mail.example", []string{"tess@staff.harbor.example"}, []byte(message("m3@mail.example", "otto@mail.example", "Hi", "Running late today."))); err != nil {
				t.Errorf("domain recipient: %v", err)
			}
			if n := len(f.interactions(t)); n != 2 {
				t.Errorf("got %d interactions, want 2", n)
			}
		})
	}
}

func TestSMTPRefusesOversizedMessage(t *testing.T) {
	f := newFixture(t, "sqlite")
	f.intake.MaxBytes = 4 << 10
	addr := startSMTP(t, f.intake)
	big := message("big@mail.example", "carla@mail.example", "big", strings.Repeat(strings.Repeat("x", 70)+"\r\n", 120))
	err := smtp.SendMail(addr, nil, "carla@mail.example", []string{practiceAddr}, []byte(big))
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 552 {
		t.Errorf("oversized: %v, want 552", err)
	}
	if n := len(f.interactions(t)); n != 0 {
		t.Errorf("stored %d interactions", n)
	}
}

// TestNoAutoReplyToAutomaticMail: RFC 3834 — an Auto-Submitted message, a
// list message, a bounce and mail from the practice's own address are never
// answered; a person is answered at most once a day.
func TestNoAutoReplyToAutomaticMail(t *testing.T) {
	f := newFixture(t, "sqlite")
	ctx := context.Background()
	deliver := func(envFrom, raw string) intake.Stored {
		t.Helper()
		st, err := f.intake.Deliver(ctx, envFrom, practiceAddr, []byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	replies := func(st intake.Stored) (pending, cancelled int) {
		out, err := f.db.FindOutbox(ctx, st.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out {
			if m.Kind != "email" {
				continue
			}
			switch m.Status {
			case framekeeper.OutboxPending:
				pending++
			case framekeeper.OutboxCancelled:
				cancelled++
			}
		}
		return
	}
	tests := []struct {
		name, envFrom, raw string
	}{
		{"auto-submitted", "otto@mail.example", message("a1@mail.example", "otto@mail.example", "Out of office", "I am away.", "Auto-Submitted: auto-replied")},
		{"auto-generated", "otto@mail.example", message("a2@mail.example", "otto@mail.example", "Notice", "Reminder.", "Auto-Submitted: auto-generated")},
		{"list", "otto@mail.example", message("a3@mail.example", "otto@mail.example", "Digest", "News.", "List-Id: <news.mail.example>")},
		{"bounce", "<>", message("a4@mail.example", "otto@mail.example", "Undelivered", "Returned.")},
		{"own address", "intake@harbor.example", message("a5@mail.example", "Practice <intake@harbor.example>", "Loop", "Hello.")},
	}
	for _, tt := range tests {
		st := deliver(tt.envFrom, tt.raw)
		if st.Input.Automatic == "" {
			t.Errorf("%s: not marked automatic", tt.name)
		}
		if st.Decision == nil || st.Decision.Reply != nil || st.Decision.Has(triage.ActReply) {
			t.Errorf("%s: decision replies: %+v", tt.name, st.Decision)
		}
		if p, c := replies(st); p+c != 0 {
			t.Errorf("%s: %d replies queued", tt.name, p+c)
		}
	}

	// A person gets one automatic reply a day, however often they write.
	first := deliver("carla@mail.example", message("p1@mail.example", "carla@mail.example", "Hello", "Are you in today?"))
	second := deliver("carla@mail.example", message("p2@mail.example", "carla@mail.example", "Hello again", "Are you in tomorrow?"))
	if p, _ := replies(first); p != 1 {
		t.Errorf("first message: %d pending replies, want 1", p)
	}
	if p, c := replies(second); p != 0 || c != 1 {
		t.Errorf("second message the same day: %d pending, %d cancelled; want 0 and 1", p, c)
	}
}

// imapServer runs the in-process IMAP server of go-imap with one user.
func imapServer(t *testing.T) (addr string, user *imapmemserver.User) {
	t.Helper()
	mem := imapmemserver.New()
	user = imapmemserver.NewUser("desk@harbor.example", "imap-secret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       nopLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), user
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

func appendMessage(t *testing.T, u *imapmemserver.User, mailbox, raw string) {
	t.Helper()
	if _, err := u.Append(mailbox, literal{strings.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

type literal struct {
	*strings.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

func TestIMAPPoller(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			ctx := context.Background()
			addr, user := imapServer(t)
			acct, err := mailin.ParseIMAPURL("imap://desk%40harbor.example:imap-secret@" + addr + "/INBOX")
			if err != nil {
				t.Fatal(err)
			}
			p := &mailin.Poller{Account: acct, Intake: f.intake, Cursors: f.db}
			if n, err := p.Check(ctx); err != nil || n != 0 {
				t.Fatalf("check: %d %v", n, err)
			}
			appendMessage(t, user, "INBOX", message("i1@mail.example", "Carla Client <carla@mail.example>", "Hello", "Is the office open on Friday?"))
			appendMessage(t, user, "INBOX", message("i2@mail.example", "otto@mail.example", "Forms", "I sent the intake form."))
			for i, want := range []int{2, 0} { // poll twice: still once
				n, err := p.Poll(ctx)
				if err != nil || n != want {
					t.Fatalf("poll %d: took %d, err %v; want %d", i, n, err, want)
				}
			}
			list := f.interactions(t)
			if len(list) != 2 {
				t.Fatalf("got %d interactions, want 2", len(list))
			}
			for _, st := range list {
				if st.Decision == nil || st.Input.Channel != triage.ChannelEmail {
					t.Errorf("interaction %s: %+v", st.ID, st)
				}
			}
			appendMessage(t, user, "INBOX", message("i3@mail.example", "otto@mail.example", "Late", "Running ten minutes late."))
			if n, err := p.Poll(ctx); err != nil || n != 1 {
				t.Fatalf("third poll: %d %v", n, err)
			}
			// The server renumbers the mailbox: every message is read
			// again, and de-duplication by Message-ID keeps them single.
			validity, last, _, _ := f.db.MailCursor(ctx, acct.Key())
			if last != 3 {
				t.Errorf("cursor at %d, want 3", last)
			}
			if err := f.db.SaveMailCursor(ctx, acct.Key(), validity+1, last); err != nil {
				t.Fatal(err)
			}
			if _, err := p.Poll(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(f.interactions(t)); n != 3 {
				t.Errorf("after renumbering: %d interactions, want 3", n)
			}
			// A wrong password fails the check.
			bad := *p
			bad.Account.Password = "wrong"
			if _, err := bad.Check(ctx); err == nil {
				t.Error("wrong password: check passed")
			}
		})
	}
}

func TestRecipients(t *testing.T) {
	r := mailin.ParseRecipients("Intake@Harbor.example, @staff.harbor.example; other.example")
	for addr, want := range map[string]bool{
		"intake@harbor.example": true, "<INTAKE@harbor.example>": true, "x@staff.harbor.example": true, "y@other.example": true,
		"intake@harbor.example.evil": false, "x@harbor.example": false, "": false, "@": false, "nobody": false,
	} {
		if got := r.Accepts(addr); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", addr, got, want)
		}
	}
	if (mailin.Recipients{}).Accepts("a@b.example") {
		t.Error("no configured address accepts mail")
	}
	if got := r.String(); got != "intake@harbor.example, @staff.harbor.example, @other.example" {
		t.Errorf("String() = %q", got)
	}
}

func FuzzParseRecipients(f *testing.F) {
	f.Add("intake@x.org, @y.org z.org", "a@y.org")
	f.Fuzz(func(t *testing.T, list, addr string) {
		r := mailin.ParseRecipients(list)
		if r.Accepts(addr) && !strings.Contains(addr, "@") {
			t.Errorf("accepted %q without @", addr)
		}
	})
}
