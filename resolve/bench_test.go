package resolve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

var (
	benchFirst = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
		William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel
		Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew
		Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah
		Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy
		Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole
		Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel
		Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane José Zoë
		Łukasz Søren Chloé Anaïs Björn Jürgen Renée Noémie Iñaki Zoltán Małgorzata`)
	benchLast = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
		Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
		White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
		Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
		Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
		Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
		Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
		Castillo Sanders Patel Myers Long Ross Foster Jiménez Müller Østergaard Nowak Kowalczyk Dubois
		Lefèvre Çelik Yılmaz Szabó Novák Ångström Ó'Connor Fitzgerald Kowalski Schröder Peña Núñez`)
)

// benchRoster generates n clients with unique identifiers and common names,
// a fifth of them with a relative, plus one client with a rare name.
func benchRoster(n int) []framekeeper.Client {
	rng := rand.New(rand.NewPCG(1, 2))
	clients := make([]framekeeper.Client, 0, n+1)
	statuses := []framekeeper.ClientStatus{"current", "former", "prospective"}
	for i := range n {
		first, last := benchFirst[rng.IntN(len(benchFirst))], benchLast[rng.IntN(len(benchLast))]
		c := framekeeper.Client{
			ID:     fmt.Sprintf("c%07d", i),
			Name:   first + " " + last,
			Status: statuses[rng.IntN(len(statuses))],
			Identities: []framekeeper.Identity{
				{Kind: "email", Value: fmt.Sprintf("client.%d@gmail.com", i)},
				{Kind: "phone", Value: fmt.Sprintf("+1 %03d 555 %04d", 201+i/10000, i%10000)},
				{Kind: "instagram", Value: fmt.Sprintf("@user%d", i)},
			},
		}
		if i%5 == 0 {
			c.Associates = []framekeeper.Associate{{
				Name:       benchFirst[rng.IntN(len(benchFirst))] + " " + last,
				Relation:   "parent",
				Identities: []framekeeper.Identity{{Kind: "phone", Value: fmt.Sprintf("+1 %03d 556 %04d", 201+i/10000, i%10000)}},
			}}
		}
		clients = append(clients, c)
	}
	clients = append(clients, framekeeper.Client{ID: "rare", Name: "Zoë Ångström-Lindqvist", Status: "current"})
	return clients
}

var benchIndex = sync.OnceValue(func() *Index { return NewIndex(benchRoster(100_000)) })

func benchResolve(b *testing.B, s triage.Sender, want triage.Match) {
	ix := benchIndex()
	if got := ix.Resolve(s); got.Match != want {
		b.Fatalf("Resolve(%+v) = %+v, want match %s", s, got, want)
	}
	b.ReportAllocs()
	start, ok := cpuTime()
	n := 0
	for b.Loop() {
		ix.Resolve(s)
		n++
	}
	if end, _ := cpuTime(); ok && n > 0 {
		b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
	}
}

func BenchmarkResolveExactEmail(b *testing.B) {
	benchResolve(b, triage.Sender{Email: "Client.4242+therapy@GMAIL.com"}, triage.MatchExact)
}

func BenchmarkResolveExactPhone(b *testing.B) {
	benchResolve(b, triage.Sender{Phone: "(205) 555-1234"}, triage.MatchExact)
}

func BenchmarkResolveExactHandle(b *testing.B) {
	benchResolve(b, triage.Sender{Platform: "instagram", Handle: "https://instagram.com/User4242"}, triage.MatchExact)
}

func BenchmarkResolveExactRelativePhone(b *testing.B) {
	benchResolve(b, triage.Sender{Phone: "+1 205 556 1235"}, triage.MatchExact)
}

func BenchmarkResolveFuzzyRareName(b *testing.B) {
	benchResolve(b, triage.Sender{Name: "Zoe Angstrom Lindqvist"}, triage.MatchFuzzy)
}

func BenchmarkResolveFuzzyTypo(b *testing.B) {
	benchResolve(b, triage.Sender{Name: "Zoe Angstrom-Lindqvsit"}, triage.MatchFuzzy)
}

// A common name: hundreds of candidates share a token, several the full
// name, so the answer is a tie (unknown) after scoring DefaultLimit of them.
func BenchmarkResolveFuzzyCommonName(b *testing.B) {
	benchResolve(b, triage.Sender{Name: "Maria Garcia"}, triage.MatchNone)
}

func BenchmarkResolveUnknown(b *testing.B) {
	benchResolve(b, triage.Sender{Name: "Harriet Vane", Email: "hv@oxford.example", Phone: "+44 20 7946 0958"}, triage.MatchNone)
}

func BenchmarkNewIndex100k(b *testing.B) {
	clients := benchRoster(100_000)
	b.ReportAllocs()
	for b.Loop() {
		NewIndex(clients)
	}
}
