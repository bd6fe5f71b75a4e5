package storage_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
)

// fixture is a practice with an admin, two therapists and a front desk.
type fixture struct {
	db                  *storage.DB
	url                 string
	admin, t1, t2, desk framekeeper.Actor
}

func newFixture(t *testing.T, engine string) *fixture {
	t.Helper()
	ctx := context.Background()
	url := storagetest.URL(t, engine)
	db := storagetest.OpenURL(t, url)
	admin := &framekeeper.Staff{Name: "Ada Admin", Email: "ada@example.org", Role: framekeeper.RoleAdmin}
	if _, err := db.SetupPractice(ctx, "Harbor Counseling", admin, "x"); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, url: url, admin: actor(admin)}
	for _, s := range []struct {
		to   *framekeeper.Actor
		name string
		role framekeeper.Role
	}{{&f.t1, "Tess One", framekeeper.RoleTherapist}, {&f.t2, "Theo Two", framekeeper.RoleTherapist}, {&f.desk, "Dana Desk", framekeeper.RoleFrontDesk}} {
		st := &framekeeper.Staff{Name: s.name, Email: strings.ToLower(strings.Fields(s.name)[0]) + "@example.org", Role: s.role}
		if err := db.CreateStaff(ctx, st, ""); err != nil {
			t.Fatal(err)
		}
		*s.to = actor(st)
	}
	return f
}

func actor(s *framekeeper.Staff) framekeeper.Actor {
	return framekeeper.Actor{StaffID: s.ID, Name: s.Name, Role: s.Role}
}

func forEachEngine(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine)) })
	}
}

func TestClients(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := &framekeeper.Client{Name: "  Zoë   Ångström ", Status: "current", Identities: []framekeeper.Identity{
			{Kind: "email", Value: "Zoe.A@Example.COM"}, {Kind: "phone", Value: "(415) 555-0134"}, {Kind: "instagram", Value: "@ZoeA"},
		}, Associates: []framekeeper.Associate{{Name: "Max Ångström", Relation: "brother", Identities: []framekeeper.Identity{{Kind: "phone", Value: "+1 415 555 0199"}}}}}
		if err := f.db.CreateClient(ctx, f.t1, c); err != nil {
			t.Fatal(err)
		}
		if c.TherapistID != f.t1.StaffID {
			t.Errorf("therapist's new client assigned to %q, want %q", c.TherapistID, f.t1.StaffID)
		}
		got, err := f.db.FindClientByID(ctx, f.t1, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Zoë Ångström" {
			t.Errorf("name = %q", got.Name)
		}
		want := []framekeeper.Identity{{Kind: "email", Value: "zoe.a@example.com"}, {Kind: "instagram", Value: "zoea"}, {Kind: "phone", Value: "+14155550134"}}
		if len(got.Identities) != len(want) {
			t.Fatalf("identities = %v, want %v", got.Identities, want)
		}
		for i := range want {
			if got.Identities[i] != want[i] {
				t.Errorf("identity %d = %v, want %v", i, got.Identities[i], want[i])
			}
		}
		if len(got.Associates) != 1 || got.Associates[0].Identities[0].Value != "+14155550199" {
			t.Errorf("associates = %+v", got.Associates)
		}

		// The other therapist cannot see it; the front desk can.
		if _, err := f.db.FindClientByID(ctx, f.t2, c.ID); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Errorf("other therapist reading: err = %v, want not_found", err)
		}
		if _, err := f.db.FindClientByID(ctx, f.desk, c.ID); err != nil {
			t.Errorf("front desk reading: %v", err)
		}

		// A second client cannot claim the same email, and nothing of it is left.
		dup := &framekeeper.Client{Name: "Someone Else", Identities: []framekeeper.Identity{{Kind: "phone", Value: "+1 212 555 0100"}, {Kind: "email", Value: "zoe.a@example.com"}}}
		if err := f.db.CreateClient(ctx, f.admin, dup); framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Fatalf("duplicate identity: err = %v, want conflict", err)
		}
		if list, total, _ := f.db.FindClients(ctx, f.admin, framekeeper.ClientFilter{Query: "someone"}); total != 0 || len(list) != 0 {
			t.Errorf("half-written client left behind: %d", total)
		}

		// Lists: search by name and identity; caseload filter.
		other := &framekeeper.Client{Name: "Bob Baker", Status: "former", TherapistID: f.t2.StaffID}
		if err := f.db.CreateClient(ctx, f.desk, other); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			actor framekeeper.Actor
			q     string
			want  int
		}{{f.admin, "", 2}, {f.admin, "zoe.a@", 1}, {f.admin, "ångström", 1}, {f.admin, "baker", 1}, {f.t1, "", 1}, {f.t2, "zoë", 0}, {f.admin, "50%_", 0}} {
			_, total, err := f.db.FindClients(ctx, tc.actor, framekeeper.ClientFilter{Query: tc.q})
			if err != nil || total != tc.want {
				t.Errorf("FindClients(%s, %q) = %d, %v; want %d", tc.actor.Name, tc.q, total, err, tc.want)
			}
		}

		// Update: status and identities replace; a therapist cannot reassign.
		st := framekeeper.StatusFormer
		ids := []framekeeper.Identity{{Kind: "x", Value: "@zoe_x"}}
		up, err := f.db.UpdateClient(ctx, f.t1, c.ID, framekeeper.ClientUpdate{Status: &st, Identities: &ids})
		if err != nil {
			t.Fatal(err)
		}
		if up.Status != "former" || len(up.Identities) != 1 || up.Identities[0].Value != "zoe_x" {
			t.Errorf("updated = %+v", up)
		}
		other2 := f.t2.StaffID
		if _, err := f.db.UpdateClient(ctx, f.t1, c.ID, framekeeper.ClientUpdate{TherapistID: &other2}); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Errorf("therapist reassigning: err = %v, want forbidden", err)
		}
		// The old email is free again.
		if err := f.db.CreateClient(ctx, f.admin, &framekeeper.Client{Name: "New Owner", Identities: []framekeeper.Identity{{Kind: "email", Value: "zoe.a@example.com"}}}); err != nil {
			t.Errorf("reusing a released email: %v", err)
		}
	})
}

func TestRecordsAndVerify(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := &framekeeper.Client{Name: "Cara Client"}
		if err := f.db.CreateClient(ctx, f.t1, c); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, text := range []string{"First session.", "Second session: discussed the friend request.", "Third."} {
			e := &framekeeper.RecordEntry{ClientID: c.ID, Text: text}
			if err := f.db.AppendRecord(ctx, f.t1, e); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		fix := &framekeeper.RecordEntry{ClientID: c.ID, Text: "Correction: second session date.", Amends: ids[1]}
		if err := f.db.AppendRecord(ctx, f.t1, fix); err != nil {
			t.Fatal(err)
		}
		if fix.Kind != framekeeper.RecordCorrection {
			t.Errorf("kind = %q, want correction", fix.Kind)
		}
		if err := f.db.AppendRecord(ctx, f.t1, &framekeeper.RecordEntry{ClientID: c.ID, Text: "x", Amends: "re_nope"}); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("amending a missing entry: %v", err)
		}
		if err := f.db.AppendRecord(ctx, f.desk, &framekeeper.RecordEntry{ClientID: c.ID, Text: "x"}); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Errorf("front desk writing: %v", err)
		}
		if _, err := f.db.FindRecords(ctx, f.desk, c.ID); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Errorf("front desk reading chart: %v", err)
		}
		if err := f.db.AppendRecord(ctx, f.t2, &framekeeper.RecordEntry{ClientID: c.ID, Text: "x"}); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
			t.Errorf("other therapist writing: %v", err)
		}
		es, err := f.db.FindRecords(ctx, f.t1, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 4 || es[0].Text != "First session." || es[3].Amends != ids[1] {
			t.Fatalf("chart = %+v", es)
		}
		for i, e := range es {
			if e.Seq != int64(i+1) {
				t.Errorf("entry %d seq = %d", i, e.Seq)
			}
		}
		if n, p, err := f.db.VerifyRecords(ctx); err != nil || p != nil || n != 4 {
			t.Fatalf("VerifyRecords = %d, %v, %v; want 4 intact", n, p, err)
		}

		// The access log names who read the chart.
		log, err := f.db.FindAccessLog(ctx, f.admin, c.ID, 0)
		if err != nil || len(log) == 0 || log[0].StaffID != f.t1.StaffID || log[0].Action != "read_chart" {
			t.Errorf("access log = %+v, %v", log, err)
		}
		if _, err := f.db.FindAccessLog(ctx, f.t1, c.ID, 0); framekeeper.ErrorCode(err) != framekeeper.EFORBIDDEN {
			t.Errorf("therapist reading access log: %v", err)
		}

		// A backup of SQLite is a database that verifies.
		if !f.db.IsPostgres() {
			path := filepath.Join(t.TempDir(), "copy.db")
			if err := f.db.Backup(ctx, path); err != nil {
				t.Fatal(err)
			}
			cp, err := storage.Open(ctx, "sqlite:"+path)
			if err != nil {
				t.Fatal(err)
			}
			if n, p, err := cp.VerifyRecords(ctx); err != nil || p != nil || n != 4 {
				t.Errorf("backup verify = %d, %v, %v", n, p, err)
			}
			cp.Close()
		}

		// Tampering with a row directly is detected and named.
		raw := storagetest.Raw(t, f.url)
		if _, err := raw.Exec(storagetest.Rebind(f.url, `UPDATE record_entries SET text = ? WHERE id = ?`), "Second session: nothing happened.", ids[1]); err != nil {
			t.Fatal(err)
		}
		_, p, err := f.db.VerifyRecords(ctx)
		if err != nil || p == nil || p.EntryID != ids[1] || !strings.Contains(p.Reason, "altered") {
			t.Fatalf("after tampering: problem = %v, err = %v; want %s altered", p, err, ids[1])
		}
	})
}

func TestLoginFailuresAndTokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		before := f.db.Now().Add(-1)
		for range 3 {
			if err := f.db.RecordLoginFailure(ctx, "ada@example.org", "10.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
		byEmail, byIP, err := f.db.LoginFailures(ctx, "ada@example.org", "10.0.0.2", before)
		if err != nil || byEmail != 3 || byIP != 0 {
			t.Errorf("LoginFailures = %d, %d, %v", byEmail, byIP, err)
		}
		if _, err := f.db.CreateAPIToken(ctx, "hash1", f.t1.StaffID); err != nil {
			t.Fatal(err)
		}
		a, err := f.db.TokenActor(ctx, "hash1")
		if err != nil || a.StaffID != f.t1.StaffID || a.Role != framekeeper.RoleTherapist {
			t.Errorf("TokenActor = %+v, %v", a, err)
		}
		if _, err := f.db.TokenActor(ctx, "nope"); framekeeper.ErrorCode(err) != framekeeper.EUNAUTHORIZED {
			t.Errorf("unknown token: %v", err)
		}
		if err := f.db.CreateSession(ctx, "s1", f.t1.StaffID, 3600e9); err != nil {
			t.Fatal(err)
		}
		// Deactivating a staff member ends their sessions and tokens.
		st, _ := f.db.FindStaffByID(ctx, f.t1.StaffID)
		st.Active = false
		if err := f.db.UpdateStaff(ctx, st, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.TokenActor(ctx, "hash1"); err == nil {
			t.Error("token of a deactivated staff member still works")
		}
		if _, err := f.db.SessionActor(ctx, "s1"); err == nil {
			t.Error("session of a deactivated staff member still works")
		}
	})
}

// The storage type serves every domain service.
var (
	_ framekeeper.ClientService   = (*storage.DB)(nil)
	_ framekeeper.RecordService   = (*storage.DB)(nil)
	_ framekeeper.StaffService    = (*storage.DB)(nil)
	_ framekeeper.AuthService     = (*storage.DB)(nil)
	_ framekeeper.PracticeService = (*storage.DB)(nil)
)

func TestSetupOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if need, err := f.db.NeedsSetup(ctx); err != nil || need {
			t.Errorf("NeedsSetup after setup = %v, %v", need, err)
		}
		_, err := f.db.SetupPractice(ctx, "Other", &framekeeper.Staff{Name: "Mallory", Email: "m@example.org", Role: framekeeper.RoleAdmin}, "h")
		if framekeeper.ErrorCode(err) != framekeeper.ECONFLICT {
			t.Errorf("second setup: err = %v, want conflict", err)
		}
		p, err := f.db.FindPractice(ctx)
		if err != nil || p.Slug != "harbor-counseling" || p.Name != "Harbor Counseling" {
			t.Errorf("practice = %+v, %v", p, err)
		}
	})
}
