package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/storage"
	"github.com/framekeeper/framekeeper/storage/storagetest"
	"github.com/framekeeper/framekeeper/triage"
)

// TestRosterAgreesWithIndex: the database's resolver source gives the same
// answers as the in-memory index, on a roster where many people share
// names, so a tie is never read as a single match.
func TestRosterAgreesWithIndex(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		first := []string{"Debra", "Maria", "José", "Zoë", "Robert", "Li", "Amara", "Sean", "Priya", "Tomás", "Anna", "Kwame"}
		last := []string{"Gutierrez", "Smith", "Ångström", "Nowak", "Okafor", "Chen", "Díaz", "Murphy", "Haddad", "Kim"}
		var clients []framekeeper.Client
		for i := 0; i < 8000; i++ {
			// Most names repeat; a few are unique.
			name := first[i%len(first)] + " " + last[(i/len(first))%len(last)]
			if i%97 == 0 {
				name = fmt.Sprintf("%s Uniquename%d", first[i%len(first)], i)
			}
			clients = append(clients, framekeeper.Client{Name: name, Status: "current",
				Identities: []framekeeper.Identity{{Kind: "email", Value: fmt.Sprintf("p%d@example.org", i)}}})
		}
		if err := f.db.BulkLoadClients(ctx, clients); err != nil {
			t.Fatal(err)
		}
		loaded, _, err := f.db.FindClients(ctx, f.admin, framekeeper.ClientFilter{Limit: 500})
		if err != nil || len(loaded) == 0 {
			t.Fatal(err)
		}
		var all []framekeeper.Client
		for off := 0; ; off += 500 {
			page, _, err := f.db.FindClients(ctx, f.admin, framekeeper.ClientFilter{Limit: 500, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				all = append(all, *c)
			}
			if len(page) < 500 {
				break
			}
		}
		ix := resolve.NewIndex(all)
		db := resolve.NewResolver(f.db.Roster())
		senders := []string{"Debra Gutierrez", "Maria Smith", "Jose Angstrom", "Bob Nowak", "Zoe Okafor", "Tomas Diaz", "Priya Uniquename388", "Anna Uniquename970", "Amara Uniquename7954", "Kwame Haddad"}
		for _, name := range senders {
			want := ix.Resolve(triage.Sender{Name: name})
			got, err := db.Resolve(ctx, triage.Sender{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			if got.ClientID != want.ClientID || got.Match != want.Match {
				t.Errorf("%q: database says %+v, index says %+v", name, got, want)
			}
		}
	})
}

// TestDerivedKeysRefreshedOnOpen: name keys made by an older
// resolve.NameKeys (here single words, as version 1 made them) and
// identities without a lookup key (stored before there were any) get
// today's keys when the database is opened, for clients and associates,
// and senders are found again by name and by identifier.
func TestDerivedKeysRefreshedOnOpen(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storagetest.URL(t, engine)
			db, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			var clients []framekeeper.Client
			for i := range 2500 { // more than one batch of the refresh
				l := fmt.Sprintf("%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26)
				clients = append(clients, framekeeper.Client{Name: "P" + l + " Q" + l, Status: "current"})
			}
			clients = append(clients, framekeeper.Client{Name: "Zoë Ångström", Status: "former",
				Identities: []framekeeper.Identity{{Kind: "email", Value: "Zoe.Angstrom@gmail.com"}},
				Associates: []framekeeper.Associate{{Name: "Kwame Okafor", Relation: "brother",
					Identities: []framekeeper.Identity{{Kind: "phone", Value: "+44 7700 900123"}}}}})
			if err := db.BulkLoadClients(ctx, clients); err != nil {
				t.Fatal(err)
			}
			db.Close()

			raw := storagetest.Raw(t, url)
			for _, q := range []string{`DELETE FROM client_name_keys`,
				`INSERT INTO client_name_keys (key, client_id, associate) SELECT 'zoe', id, '' FROM clients`,
				`UPDATE client_identities SET lookup_key = ''`,
				`UPDATE associate_identities SET lookup_key = ''`,
				`UPDATE settings SET value = '{"name":1,"identity":0}' WHERE key = 'derived_keys'`} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db, err = storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var stale, total int
			if err := raw.QueryRow(`SELECT COUNT(*) FROM client_name_keys WHERE key = 'zoe'`).Scan(&stale); err != nil {
				t.Fatal(err)
			}
			if err := raw.QueryRow(`SELECT COUNT(*) FROM client_name_keys`).Scan(&total); err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, c := range clients {
				want += len(resolve.NameKeys(c.Name))
				for _, a := range c.Associates {
					want += len(resolve.NameKeys(a.Name))
				}
			}
			if stale != 0 || total != want {
				t.Errorf("after reopening: %d stale keys, %d keys, want 0 and %d", stale, total, want)
			}
			r := resolve.NewResolver(db.Roster())
			for name, want := range map[string]triage.Relationship{"Zoe Angstrom": triage.Former, "Kwame Okafor": triage.Relative, "Pdaa Qdaa": triage.Current} {
				got, err := r.Resolve(ctx, triage.Sender{Name: name})
				if err != nil || got.Relationship != want || got.Match != triage.MatchFuzzy {
					t.Errorf("Resolve(%q) = %+v, %v; want a fuzzy %s", name, got, err, want)
				}
			}
			for _, s := range []triage.Sender{{Email: "zoeangstrom+news@googlemail.com"}, {Phone: "+44 (0)7700 900 123"}} {
				got, err := r.Resolve(ctx, s)
				if err != nil || got.Match != triage.MatchExact {
					t.Errorf("Resolve(%+v) = %+v, %v; want an exact match", s, got, err)
				}
			}
		})
	}
}

// TestAnalyzeKeepsNoHistograms: after ANALYZE the SQLite database holds
// per-index statistics but no sqlite_stat4 histograms, with which SQLite
// would re-plan every prepared lookup each time its bound value changes.
func TestAnalyzeKeepsNoHistograms(t *testing.T) {
	ctx := context.Background()
	url := storagetest.URL(t, "sqlite")
	db, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var clients []framekeeper.Client
	for i := range 3000 {
		clients = append(clients, framekeeper.Client{Name: fmt.Sprintf("Client Number%c", 'a'+i%26), Status: "current",
			Identities: []framekeeper.Identity{{Kind: "phone", Value: fmt.Sprintf("+1415555%04d", i)}}})
	}
	if err := db.BulkLoadClients(ctx, clients); err != nil {
		t.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	raw := storagetest.Raw(t, url)
	var stat1, stat4 int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM sqlite_stat1`).Scan(&stat1); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT COUNT(*) FROM sqlite_stat4`).Scan(&stat4); err != nil && !strings.Contains(err.Error(), "no such table") {
		t.Fatal(err)
	}
	if stat1 == 0 || stat4 != 0 {
		t.Errorf("after Analyze: %d sqlite_stat1 rows (want some), %d sqlite_stat4 rows (want none)", stat1, stat4)
	}
}
