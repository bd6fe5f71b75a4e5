package resolve_test

import (
	"fmt"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/triage"
)

func ExampleIndex_Resolve() {
	ix := resolve.NewIndex([]framekeeper.Client{{
		ID: "c_1", Name: "Zoë Ångström", Status: framekeeper.StatusFormer,
		Identities: []framekeeper.Identity{{Kind: framekeeper.IdentityPhone, Value: "+1 415 555 0134"}},
		Associates: []framekeeper.Associate{{Name: "Max Ångström", Relation: "brother"}},
	}})
	for _, s := range []triage.Sender{
		{Phone: "(415) 555-0134"},
		{Name: "Zoe Angstrom"},
		{Name: "Max Angstrom"},
		{Name: "Zoe"},
	} {
		r := ix.Resolve(s)
		fmt.Printf("%-8s %-8s %-6s %.2f\n", r.ClientID, r.Relationship, r.Match, r.Confidence)
	}
	// Output:
	// c_1      former   exact  1.00
	// c_1      former   fuzzy  0.95
	// c_1      relative fuzzy  0.95
	//          unknown  none   0.00
}

func ExampleNameKeys() {
	fmt.Println(resolve.NameKeys("Bob Nowak"))
	// Output:
	// [nowak obert nowak rbert nowak rober nowak robert nowak robet nowak robrt nowak roert robert noak robert nowa robert nowak robert nowk robert nwak robert owak]
}
