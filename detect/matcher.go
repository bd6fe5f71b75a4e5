package detect

import (
	"slices"
	"sort"
)

// matcher is a trie over token ids. Every rule phrase is a path; a node where
// a phrase ends lists the entries (rules) it stands for. Walking from each
// token is cheap because a text token that no phrase mentions has no id and
// stops the walk at once, and phrases are a few tokens long.
type matcher struct {
	root  []int32    // child of the root for each token id (0 = none); dense for speed
	nodes []trieNode // nodes[0] is the root
	wild  int32      // token id of '*', matching any one token
}

type trieNode struct {
	entries []int32 // indexes into Detector.entries that end here
	kids    []edge  // children below the root, sorted by token id
	wild    int32   // the '*' child, 0 if none
}

type edge struct{ id, node int32 }

// child finds the child for token id: nodes have few children, so a short
// scan of a sorted slice beats hashing.
func (n *trieNode) child(id int32) int32 {
	k := n.kids
	if len(k) > 8 {
		lo, hi := 0, len(k)
		for lo < hi {
			mid := (lo + hi) / 2
			if k[mid].id < id {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(k) && k[lo].id == id {
			return k[lo].node
		}
		return 0
	}
	for _, e := range k {
		if e.id == id {
			return e.node
		}
		if e.id > id {
			break
		}
	}
	return 0
}

// match is one phrase found in the text: entry, and tokens [i, j).
type match struct {
	entry int32
	i, j  int32
}

func newMatcher(vocabSize int, wild int32) *matcher {
	return &matcher{
		root:  make([]int32, vocabSize),
		nodes: []trieNode{{}},
		wild:  wild,
	}
}

// add inserts one phrase (token ids) for an entry. A phrase may not start
// with '*'.
func (m *matcher) add(ids []int32, entry int32) {
	node := int32(0)
	for k, id := range ids {
		var next int32
		switch {
		case k == 0:
			next = m.root[id]
		case id == m.wild:
			next = m.nodes[node].wild
		default:
			next = m.nodes[node].child(id)
		}
		if next == 0 {
			m.nodes = append(m.nodes, trieNode{})
			next = int32(len(m.nodes) - 1)
			switch {
			case k == 0:
				m.root[id] = next
			case id == m.wild:
				m.nodes[node].wild = next
			default:
				nd := &m.nodes[node]
				at := sort.Search(len(nd.kids), func(x int) bool { return nd.kids[x].id > id })
				nd.kids = slices.Insert(nd.kids, at, edge{id, next})
			}
		}
		node = next
	}
	for _, e := range m.nodes[node].entries {
		if e == entry {
			return
		}
	}
	m.nodes[node].entries = append(m.nodes[node].entries, entry)
}

type frame struct{ node, pos int32 }

// scan appends every phrase occurrence in toks to s.matches.
func (m *matcher) scan(toks []token, s *scratch) {
	n := int32(len(toks))
	for i := int32(0); i < n; i++ {
		id := toks[i].id
		if id < 0 {
			continue
		}
		child := m.root[id]
		if child == 0 {
			continue
		}
		stack := append(s.stack[:0], frame{child, i + 1})
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			nd := &m.nodes[f.node]
			for _, e := range nd.entries {
				s.matches = append(s.matches, match{entry: e, i: i, j: f.pos})
			}
			// A phrase does not run across a sentence end ("I can. I…").
			if f.pos >= n || toks[f.pos].sent != toks[i].sent {
				continue
			}
			if next := toks[f.pos].id; next >= 0 && len(nd.kids) > 0 {
				if c := nd.child(next); c != 0 {
					stack = append(stack, frame{c, f.pos + 1})
				}
			}
			if nd.wild != 0 {
				stack = append(stack, frame{nd.wild, f.pos + 1})
			}
		}
		s.stack = stack
	}
}
