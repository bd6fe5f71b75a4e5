package resolve

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// Candidate is a person a Source found: a client, or one of a client's
// associates (then ClientID, Name and Status are the client's).
type Candidate struct {
	ClientID      string
	Name          string
	Status        framekeeper.ClientStatus
	AssociateName string // empty for the client
	IsAssociate   bool

	parsed *parsedName // the person's name, when the Source parsed it already
}

// personName is the name a candidate goes by: the associate's or the client's.
func (c Candidate) personName() parsedName {
	if c.parsed != nil {
		return *c.parsed
	}
	if c.IsAssociate {
		return parseName(c.AssociateName, false)
	}
	return parseName(c.Name, false)
}

// Source finds candidates without loading the roster. Index implements it
// in memory; a database implements it with two indexed queries.
type Source interface {
	// ByIdentity returns the clients and associates holding an identity
	// whose IdentityKey is value. No match is no error.
	ByIdentity(ctx context.Context, kind framekeeper.IdentityKind, value string) ([]Candidate, error)
	// ByNameTokens returns at most limit clients and associates whose
	// NameKeys share at least one of tokens, those sharing the most first,
	// ties in ClientID order.
	ByNameTokens(ctx context.Context, tokens []string, limit int) ([]Candidate, error)
}

// DefaultLimit is how many candidates per name the Resolver scores.
const DefaultLimit = 64

// Confidences of exact matches.
const (
	exactSole      = 1.0  // every matching identity is one person's
	exactPreferred = 0.9  // the client's own over associates, or more identifiers
	exactByName    = 0.85 // a tie between people broken by the sender's name
	exactArbitrary = 0.6  // a tie nothing breaks: lowest ClientID
)

// Resolver recognises senders against a Source. It holds no state of its
// own and is safe for concurrent use when its Source is.
type Resolver struct {
	Source Source
	Limit  int // candidates scored per name; DefaultLimit when 0
}

// NewResolver returns a Resolver over src.
func NewResolver(src Source) *Resolver { return &Resolver{Source: src} }

// Unknown is the result for a sender nobody matched.
func Unknown() triage.SenderResult {
	return triage.SenderResult{Relationship: triage.Unknown, Match: triage.MatchNone}
}

// Resolve says who the sender is: an exact match when one of their
// identifiers is on the roster, else a fuzzy match on their name (or a name
// read from their handle or email address) at or above Threshold, else
// unknown. An error is the Source's.
func (r *Resolver) Resolve(ctx context.Context, s triage.Sender) (triage.SenderResult, error) {
	res, ok, err := r.exact(ctx, s)
	if err != nil || ok {
		return res, err
	}
	return r.fuzzy(ctx, s)
}

// senderID is one identifier of the sender, as a Source is asked for it.
type senderID struct {
	kind framekeeper.IdentityKind
	key  string
}

func senderIDs(s triage.Sender) []senderID {
	var ids []senderID
	add := func(kind framekeeper.IdentityKind, v string) {
		if strings.TrimSpace(v) == "" {
			return
		}
		key, err := IdentityKey(kind, v)
		if err != nil {
			return
		}
		ids = append(ids, senderID{kind, key})
	}
	add(framekeeper.IdentityEmail, s.Email)
	add(framekeeper.IdentityPhone, s.Phone)
	if s.Handle != "" {
		// A profile URL names its platform, more surely than the channel's
		// label does; a bare handle takes the label's.
		kind, ok := platformFromURL(s.Handle)
		if !ok {
			kind, ok = platformKind(s.Platform)
		}
		if ok {
			add(kind, s.Handle)
		}
	}
	return ids
}

// group is everyone an identifier matched who would give the same result.
type group struct {
	clientID string
	status   framekeeper.ClientStatus
	assoc    bool
	ids      int      // how many of the sender's identifiers matched
	names    []string // the people's names, to break ties by name
}

func (r *Resolver) exact(ctx context.Context, s triage.Sender) (triage.SenderResult, bool, error) {
	ids := senderIDs(s)
	type gk struct {
		client string
		assoc  bool
	}
	byKey := map[gk]*group{}
	var groups []*group
	for _, id := range ids {
		cands, err := r.Source.ByIdentity(ctx, id.kind, id.key)
		if err != nil {
			return triage.SenderResult{}, false, err
		}
		counted := map[gk]bool{}
		for _, c := range cands {
			k := gk{c.ClientID, c.IsAssociate}
			g := byKey[k]
			if g == nil {
				g = &group{clientID: c.ClientID, status: c.Status, assoc: c.IsAssociate}
				byKey[k] = g
				groups = append(groups, g)
			}
			if !counted[k] {
				counted[k] = true
				g.ids++
			}
			n := c.Name
			if c.IsAssociate {
				n = c.AssociateName
			}
			if !slices.Contains(g.names, n) {
				g.names = append(g.names, n)
			}
		}
	}
	if len(groups) == 0 {
		return triage.SenderResult{}, false, nil
	}
	// A client's own identity before an associate's, more identifiers
	// before fewer, then ClientID: deterministic whatever the Source's order.
	rank := func(a, b *group) int {
		if a.assoc != b.assoc {
			if !a.assoc {
				return -1
			}
			return 1
		}
		if a.ids != b.ids {
			return b.ids - a.ids
		}
		return cmp.Compare(a.clientID, b.clientID)
	}
	slices.SortFunc(groups, rank)
	win, conf := groups[0], exactSole
	if len(groups) > 1 {
		second := groups[1]
		if win.assoc != second.assoc || win.ids > second.ids {
			conf = exactPreferred
		} else if g := breakTieByName(s, groups); g != nil {
			win, conf = g, exactByName
		} else {
			conf = exactArbitrary
		}
	}
	return result(win.clientID, win.status, win.assoc, triage.MatchExact, conf), true, nil
}

// breakTieByName picks, among the groups tied with the first, the one whose
// names best match the sender's name, if one stands out above Threshold.
func breakTieByName(s triage.Sender, groups []*group) *group {
	name := s.Name
	if name == "" {
		if n, display := emailName(s.Email); display {
			name = n
		}
	}
	sp := parseName(name, false)
	if sp.full < 2 {
		return nil
	}
	var best *group
	bestScore, second := 0.0, 0.0
	for _, g := range groups {
		if g.assoc != groups[0].assoc || g.ids != groups[0].ids {
			break
		}
		sc := 0.0
		for _, n := range g.names {
			sc = max(sc, scoreNames(sp, parseName(n, false)))
		}
		switch {
		case sc > bestScore:
			best, bestScore, second = g, sc, bestScore
		case sc > second:
			second = sc
		}
	}
	if bestScore < Threshold || bestScore-second < tieMargin {
		return nil
	}
	return best
}

// nameSource is a name to match and how much it is worth: a name as given,
// or one read from a handle or an email address.
type nameSource struct {
	name   parsedName
	weight float64
}

func senderNames(s triage.Sender) []nameSource {
	var out []nameSource
	add := func(p parsedName, w float64) {
		if p.full >= 2 {
			out = append(out, nameSource{p, w})
		}
	}
	add(parseName(s.Name, false), 1)
	if s.Email != "" {
		if n, display := emailName(s.Email); display {
			if s.Name == "" {
				add(parseName(n, false), 1)
			}
		} else {
			add(parseName(n, true), derivedDiscount)
		}
	}
	if s.Handle != "" {
		add(parseName(handleText(s.Handle), true), derivedDiscount)
	}
	return out
}

// handleText strips a profile URL down to the handle, keeping its case so
// "ZoeAngstrom" can be split into words.
func handleText(h string) string {
	h = strings.TrimSpace(h)
	if _, ok := platformFromURL(h); ok {
		if i := indexFold(h, ".com/"); i >= 0 {
			h = h[i+len(".com/"):]
		}
		if indexFold(h, "in/") == 0 {
			h = h[len("in/"):]
		}
	}
	if i := strings.IndexAny(h, "?#/"); i >= 0 {
		h = h[:i]
	}
	return strings.TrimPrefix(h, "@")
}

// indexFold finds an ASCII substring ignoring case, by byte offset in s
// (strings.ToLower may change lengths, so its offsets would not do).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// scored is a candidate with its best name score.
type scored struct {
	c     Candidate
	score float64
}

func (r *Resolver) fuzzy(ctx context.Context, s triage.Sender) (triage.SenderResult, error) {
	limit := r.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	type pk struct {
		client, assoc string
		isAssoc       bool
	}
	names := senderNames(s)
	if tie, err := r.exactTie(ctx, names, limit); err != nil || tie {
		return Unknown(), err
	}
	best := map[pk]int{}
	var all []scored
	for _, ns := range names {
		cands, err := r.Source.ByNameTokens(ctx, nameKeys(ns.name), limit)
		if err != nil {
			return triage.SenderResult{}, err
		}
		for _, c := range cands {
			sc := scoreNames(ns.name, c.personName()) * ns.weight
			if sc <= 0 {
				continue
			}
			k := pk{c.ClientID, c.AssociateName, c.IsAssociate}
			if i, ok := best[k]; ok {
				all[i].score = max(all[i].score, sc)
				continue
			}
			best[k] = len(all)
			all = append(all, scored{c, sc})
		}
	}
	if len(all) == 0 {
		return Unknown(), nil
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if a.c.IsAssociate != b.c.IsAssociate {
			if !a.c.IsAssociate {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.c.ClientID, b.c.ClientID), cmp.Compare(a.c.AssociateName, b.c.AssociateName))
	})
	win := all[0]
	if win.score < Threshold {
		return Unknown(), nil
	}
	conf := win.score
	if len(all) > 1 {
		// Two clients (or two associates) with the same name are a tie
		// nothing here can break. A client and an associate of another
		// client with the same name are likely one person, the client.
		for _, o := range all[1:] {
			if o.c.IsAssociate == win.c.IsAssociate && win.score-o.score < tieMargin {
				return Unknown(), nil
			}
		}
		conf -= ambiguityWeight * max(0, all[1].score-ambiguityFloor)
	}
	if conf < Threshold {
		return Unknown(), nil
	}
	return result(win.c.ClientID, win.c.Status, win.c.IsAssociate, triage.MatchFuzzy, clamp01(conf)), nil
}

// exactTie reports whether two clients match the sender's name as well as
// any name can (nameCeiling at the best weight): a tie nothing else could
// break, so the answer is unknown without reading the candidates within a
// typo, which for a common name on a large roster are most of a lookup.
func (r *Resolver) exactTie(ctx context.Context, names []nameSource, limit int) (bool, error) {
	const tieProbe = 4
	top := 0.0
	for _, ns := range names {
		top = max(top, ns.weight)
	}
	found := map[string]bool{}
	for _, ns := range names {
		if ns.weight < top {
			continue
		}
		// The people sharing every exact key come first, so a few
		// candidates show a tie; finding none here proves nothing, and the
		// full search follows.
		cands, err := r.Source.ByNameTokens(ctx, exactNameKeys(ns.name), min(limit, tieProbe))
		if err != nil {
			return false, err
		}
		for _, c := range cands {
			if !c.IsAssociate && scoreNames(ns.name, c.personName())*ns.weight >= nameCeiling*top {
				found[c.ClientID] = true
			}
		}
		if len(found) >= 2 {
			return true, nil
		}
	}
	return false, nil
}

func result(clientID string, status framekeeper.ClientStatus, assoc bool, m triage.Match, conf float64) triage.SenderResult {
	rel := triage.Relative
	if !assoc {
		switch status {
		case framekeeper.StatusFormer:
			rel = triage.Former
		case framekeeper.StatusProspective:
			rel = triage.Prospective
		default:
			// An unset or unreadable status is treated as current, the
			// status whose rules are strictest.
			rel = triage.Current
		}
	}
	return triage.SenderResult{ClientID: clientID, Relationship: rel, Match: m, Confidence: conf}
}
