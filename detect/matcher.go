package detect

// matcher is a trie over token ids. Every rule phrase is a path; a node where
// a phrase ends lists the entries (rules) it stands for. Walking from each
// token is cheap because a text token that no phrase mentions has no id and
// stops the walk at once, and phrases are a few tokens long.
type matcher struct {
	root  []int32          // child of the root for each token id (0 = none); dense for speed
	edges map[uint64]int32 // (node<<32 | token id) → child node, below the root
	nodes []trieNode       // nodes[0] is the root
	wild  int32            // token id of '*', matching any one token
}

type trieNode struct {
	entries []int32 // indexes into Detector.entries that end here
	wild    bool    // has a '*' child
}

// match is one phrase found in the text: entry, and tokens [i, j).
type match struct {
	entry int32
	i, j  int32
}

func edgeKey(node, id int32) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(id)) }

func newMatcher(vocabSize int, wild int32) *matcher {
	return &matcher{
		root:  make([]int32, vocabSize),
		edges: map[uint64]int32{},
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
		if k == 0 {
			next = m.root[id]
		} else {
			next = m.edges[edgeKey(node, id)]
		}
		if next == 0 {
			m.nodes = append(m.nodes, trieNode{})
			next = int32(len(m.nodes) - 1)
			if k == 0 {
				m.root[id] = next
			} else {
				m.edges[edgeKey(node, id)] = next
				if id == m.wild {
					m.nodes[node].wild = true
				}
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
			if f.pos >= n {
				continue
			}
			if next := toks[f.pos].id; next >= 0 {
				if c, ok := m.edges[edgeKey(f.node, next)]; ok {
					stack = append(stack, frame{c, f.pos + 1})
				}
			}
			if nd.wild {
				if c, ok := m.edges[edgeKey(f.node, m.wild)]; ok {
					stack = append(stack, frame{c, f.pos + 1})
				}
			}
		}
		s.stack = stack
	}
}
