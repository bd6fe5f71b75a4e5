package resolve

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// Index is a roster held in memory, for the offline triage command and for
// tests. It is a Source, so it resolves with the same code as a database.
// It is read-only once built and safe for concurrent use.
type Index struct {
	people []Candidate        // clients and associates, in ClientID order
	ids    map[string][]int32 // identityMapKey → people
	names  map[string][]int32 // NameKeys → people, ascending
	counts sync.Pool          // *scratch, for ByNameTokens
	res    Resolver
}

// scratch is ByNameTokens' working memory: a counter per person, all zero
// between calls, and the people touched.
type scratch struct {
	counts  []uint16
	touched []int32
}

func identityMapKey(kind framekeeper.IdentityKind, key string) string {
	return string(kind) + "\x00" + key
}

// NewIndex builds an index of clients and their associates. Identities that
// do not normalise are left out, as a roster file need not be validated.
func NewIndex(clients []framekeeper.Client) *Index {
	ix := &Index{ids: map[string][]int32{}, names: map[string][]int32{}}
	sorted := slices.Clone(clients)
	slices.SortStableFunc(sorted, func(a, b framekeeper.Client) int { return cmp.Compare(a.ID, b.ID) })
	for _, c := range sorted {
		ix.add(Candidate{ClientID: c.ID, Name: c.Name, Status: c.Status}, c.Name, c.Identities)
		for _, a := range c.Associates {
			ix.add(Candidate{ClientID: c.ID, Name: c.Name, Status: c.Status, AssociateName: a.Name, IsAssociate: true}, a.Name, a.Identities)
		}
	}
	n := len(ix.people)
	ix.counts.New = func() any { return &scratch{counts: make([]uint16, n)} }
	ix.res = Resolver{Source: ix}
	return ix
}

func (ix *Index) add(c Candidate, name string, ids []framekeeper.Identity) {
	p := int32(len(ix.people))
	pn := parseName(name, false)
	c.parsed = &pn // parsed once here, not on every Resolve
	ix.people = append(ix.people, c)
	for _, id := range ids {
		key, err := IdentityKey(id.Kind, id.Value)
		if err != nil {
			continue
		}
		k := identityMapKey(id.Kind, key)
		if l := ix.ids[k]; len(l) == 0 || l[len(l)-1] != p {
			ix.ids[k] = append(l, p)
		}
	}
	for _, k := range NameKeys(name) {
		ix.names[k] = append(ix.names[k], p)
	}
}

// Len is the number of people indexed: clients and associates.
func (ix *Index) Len() int { return len(ix.people) }

// Resolve says who the sender is; see Resolver.Resolve.
func (ix *Index) Resolve(s triage.Sender) triage.SenderResult {
	res, err := ix.res.Resolve(context.Background(), s)
	if err != nil {
		// The index's own lookups cannot fail.
		return Unknown()
	}
	return res
}

// ByIdentity implements Source.
func (ix *Index) ByIdentity(_ context.Context, kind framekeeper.IdentityKind, value string) ([]Candidate, error) {
	ps := ix.ids[identityMapKey(kind, value)]
	out := make([]Candidate, len(ps))
	for i, p := range ps {
		out[i] = ix.people[p]
	}
	return out, nil
}

// ByNameTokens implements Source: people are ranked by how many of tokens
// they share, then by position (ClientID order).
func (ix *Index) ByNameTokens(_ context.Context, tokens []string, limit int) ([]Candidate, error) {
	if limit <= 0 || len(ix.people) == 0 {
		return nil, nil
	}
	sc := ix.counts.Get().(*scratch)
	counts, touched := sc.counts, sc.touched[:0]
	maxCount := uint16(0)
	seen := map[string]bool{}
	for _, t := range tokens {
		if seen[t] {
			continue
		}
		seen[t] = true
		for _, p := range ix.names[t] {
			if counts[p] == 0 {
				touched = append(touched, p)
			}
			if counts[p] < 0xffff {
				counts[p]++
			}
			maxCount = max(maxCount, counts[p])
		}
	}
	// Find the lowest count that still fits within limit, then sort only
	// the people at or above it.
	hist := make([]int, int(maxCount)+1)
	for _, p := range touched {
		hist[counts[p]]++
	}
	floor, n := int(maxCount), 0
	for ; floor > 1; floor-- {
		if n += hist[floor]; n >= limit {
			break
		}
	}
	// Above the floor, by count then position; at the floor (a tie that
	// may be long, the bearers of one common surname) the first by
	// position fill what is left.
	var sel, tied []int32
	for _, p := range touched {
		switch c := int(counts[p]); {
		case c > floor:
			sel = append(sel, p)
		case c == floor:
			tied = append(tied, p)
		}
	}
	slices.SortFunc(sel, func(a, b int32) int {
		if counts[a] != counts[b] {
			return int(counts[b]) - int(counts[a])
		}
		return int(a - b)
	})
	slices.Sort(tied)
	sel = append(sel, tied...)
	if len(sel) > limit {
		sel = sel[:limit]
	}
	out := make([]Candidate, len(sel))
	for i, p := range sel {
		out[i] = ix.people[p]
	}
	for _, p := range touched {
		counts[p] = 0
	}
	sc.touched = touched
	ix.counts.Put(sc)
	return out, nil
}
