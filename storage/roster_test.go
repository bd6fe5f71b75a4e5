package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
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
