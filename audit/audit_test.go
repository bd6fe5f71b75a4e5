package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/audit"
	"github.com/framekeeper/framekeeper/intake/exports"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/triage"
)

// roster holds clients who appear in the export samples of
// intake/exports/testdata, and one who appears in none.
func roster() *resolve.Index {
	id := func(k framekeeper.IdentityKind, v string) framekeeper.Identity {
		return framekeeper.Identity{Kind: k, Value: v}
	}
	return resolve.NewIndex([]framekeeper.Client{
		{ID: "c_sam", Name: "Sam Lee", Status: framekeeper.StatusCurrent},
		{ID: "c_river", Name: "River Walker", Status: framekeeper.StatusFormer, Identities: []framekeeper.Identity{id(framekeeper.IdentityInstagram, "river.walks")}},
		{ID: "c_mind", Name: "Mina Dorsey", Status: framekeeper.StatusCurrent, Identities: []framekeeper.Identity{id(framekeeper.IdentityInstagram, "mindful.mornings")}},
		{ID: "c_x", Name: "Xavier Quill", Status: framekeeper.StatusCurrent, Identities: []framekeeper.Identity{id(framekeeper.IdentityX, "3001969357")}},
		{ID: "c_jose", Name: "José García", Status: framekeeper.StatusFormer, Identities: []framekeeper.Identity{id(framekeeper.IdentityEmail, "jose@example.com")}},
		{ID: "c_none", Name: "Nobody Anywhere", Status: framekeeper.StatusCurrent},
	})
}

func TestFindingsPerPlatform(t *testing.T) {
	ix := roster()
	resolveFn := func(_ context.Context, s triage.Sender) (triage.SenderResult, error) { return ix.Resolve(s), nil }
	tests := []struct {
		file, platform, owner string
		finding               string
		kind                  triage.Kind
		clients               []string
	}{
		{"your_friends.json", "facebook", "tess@practice.example", audit.TherapistConnected, triage.AccidentalConnection, []string{"c_jose", "c_sam"}},
		{"followers_1.json", "instagram", "practice", audit.ClientFollowsPractice, triage.PageLike, []string{"c_river"}},
		{"following.json", "instagram", "tess@practice.example", audit.TherapistFollowsClient, triage.AccidentalConnection, []string{"c_mind"}},
		{"follower.js", "x", "practice", audit.ClientFollowsPractice, triage.PageLike, []string{"c_x"}},
		{"Connections.csv", "linkedin", "tess@practice.example", audit.TherapistConnected, triage.AccidentalConnection, []string{"c_jose"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "intake", "exports", "testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ex, err := exports.Parse(tt.platform, tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			r, err := audit.Find(context.Background(), ex, tt.owner, resolveFn)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.ClientID)
				if f.Finding != tt.finding || f.Interaction.Kind != tt.kind || string(f.Interaction.Channel) != tt.platform {
					t.Errorf("finding %+v: want %s as %s", f, tt.finding, tt.kind)
				}
				if err := f.Interaction.Validate(); err != nil {
					t.Errorf("interaction invalid: %v", err)
				}
			}
			if len(got) != len(tt.clients) {
				t.Fatalf("clients found %v, want %v (%d people in the file)", got, tt.clients, r.People)
			}
			for i := range got {
				if got[i] != tt.clients[i] {
					t.Errorf("clients found %v, want %v", got, tt.clients)
				}
			}
		})
	}
}

func TestCheckOwner(t *testing.T) {
	for owner, ok := range map[string]bool{"practice": true, "PRACTICE": true, "tess@practice.example": true, "": false, "tess": false, "a@b, c@d": false} {
		if _, err := audit.CheckOwner(owner); (err == nil) != ok {
			t.Errorf("CheckOwner(%q) = %v", owner, err)
		}
	}
}
