package resolve

import (
	"slices"
	"unicode/utf8"
)

// Threshold is the lowest name-based confidence reported as a match; below
// it the sender is unknown.
const Threshold = 0.80

// Scores of name evidence. A name is never as good as an identifier, so a
// perfect name match is worth nameCeiling, below the 1.0 of an exact match.
const (
	nameCeiling     = 0.95 // two or more tokens, all equal
	nicknameSim     = 0.93 // "Bob" for "Robert"
	typoSim         = 0.88 // one edit (Damerau: a transposition is one edit)
	typo2Sim        = 0.80 // two edits in a long token (seven letters or more)
	strongSim       = nicknameSim
	extraTokenCost  = 0.03 // a middle name only the candidate has: senders often drop them
	senderExtraCost = 0.06 // a word of the sender's the candidate lacks: stronger evidence against
	extraInitCost   = 0.01 // an initial only one side gives
	compatInitCost  = 0.005
	conflictCost    = 0.20 // both sides have unexplained middle names: different people
	derivedDiscount = 0.95 // a name read from a handle or email address
	ambiguityFloor  = 0.70 // a runner-up above this lowers the winner's confidence
	ambiguityWeight = 0.5
	tieMargin       = 0.005 // scores closer than this are a tie: no match
)

// tokenSim scores two full tokens: 1 when equal, nicknameSim when they can
// be the same given name, typoSim/typo2Sim for small typos, else 0.
func tokenSim(a, b token) float64 {
	if a.raw == b.raw {
		return 1
	}
	best := typoScore(a.raw, b.raw)
	for _, x := range a.canon {
		for _, y := range b.canon {
			if x == y {
				return nicknameSim
			}
			// A typo in a nickname's canonical form ("Robrt" for "Bob").
			if s := typoScore(x, y) * nicknameSim; s > best && (x != a.raw || y != b.raw) {
				best = s
			}
		}
	}
	return best
}

// typoScore allows one edit when both tokens have three or more letters and
// one has four or more, and two edits when both have seven or more; shorter
// names differing by a letter ("Jon"/"Jan", "Tom"/"Tim") are different names.
func typoScore(a, b string) float64 {
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	lo, hi := min(la, lb), max(la, lb)
	if lo < 3 || hi < 4 || hi-lo > 2 {
		return 0
	}
	switch d := osaDistance(a, b, 2); {
	case d == 1:
		return typoSim
	case d == 2 && lo >= 7:
		return typo2Sim
	}
	return 0
}

// osaDistance is the optimal string alignment distance (Damerau-Levenshtein
// where each substring is edited once): insertions, deletions,
// substitutions and transpositions of adjacent letters each cost one. It
// stops counting above limit and then returns limit+1.
func osaDistance(a, b string, limit int) int {
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows: the one before last is needed for transpositions. Names
	// are short, so the rows usually live on the stack.
	var rows [3][33]int
	var prev2, prev, cur []int
	if n := len(rb) + 1; n <= len(rows[0]) {
		prev2, prev, cur = rows[0][:n], rows[1][:n], rows[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// NameScore says how likely two names belong to the same person, in [0, 1];
// the first is the sender's. It folds case and diacritics, ignores order,
// punctuation and titles, resolves nicknames and forgives small typos. At
// least two given names or surnames must correspond, one of them exactly or
// as a nickname, so a first name alone, or initials, never match. Middle
// names or initials that only one side gives cost a little, a word only the
// sender gives twice as much as one only the candidate has (a roster holds
// full names; senders shorten them, rarely lengthen them), so a candidate
// matching every word with a typo beats one missing a word. Middle names on
// both sides that differ ("Mary Ann Smith", "Mary Beth Smith") cost enough
// to fall below Threshold.
func NameScore(sender, candidate string) float64 {
	return scoreNames(parseName(sender, false), parseName(candidate, false))
}

// pair is one candidate correspondence between a sender and a candidate token.
type pair struct {
	i, j int
	sim  float64
}

func scoreNames(s, c parsedName) float64 {
	if s.full < 2 || c.full < 2 {
		return 0
	}
	// Greedy assignment, best pairs first: names are short and a
	// token's best partner is nearly always unambiguous.
	var pairBuf [maxNameTokens * maxNameTokens]pair
	pairs := pairBuf[:0]
	for i, a := range s.toks {
		for j, b := range c.toks {
			if a.kind == fullToken && b.kind == fullToken {
				if sim := tokenSim(a, b); sim > 0 {
					pairs = append(pairs, pair{i, j, sim})
				}
			} else if a.kind == minorToken && b.kind == minorToken && a.raw == b.raw {
				pairs = append(pairs, pair{i, j, 1})
			}
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int {
		switch {
		case x.sim > y.sim:
			return -1
		case x.sim < y.sim:
			return 1
		}
		return 0
	})
	var usedBufS, usedBufC [maxNameTokens]bool
	usedS, usedC := usedBufS[:len(s.toks)], usedBufC[:len(c.toks)]
	matched, strong := 0, false
	sum := 0.0
	for _, p := range pairs {
		if usedS[p.i] || usedC[p.j] {
			continue
		}
		usedS[p.i], usedC[p.j] = true, true
		if s.toks[p.i].kind != fullToken {
			continue
		}
		matched++
		sum += p.sim
		strong = strong || p.sim >= strongSim
	}
	if matched < 2 || !strong {
		return 0
	}
	score := nameCeiling * sum / float64(matched)

	// An initial explains a leftover token or initial with the same first
	// letter on the other side ("J." and "Jane").
	explain := func(a parsedName, usedA []bool, b parsedName, usedB []bool) {
		for i, t := range a.toks {
			if usedA[i] || t.kind != initialToken {
				continue
			}
			for j, u := range b.toks {
				if !usedB[j] && u.kind != minorToken && firstRune(u.raw) == firstRune(t.raw) {
					usedA[i], usedB[j] = true, true
					score -= compatInitCost
					break
				}
			}
		}
	}
	explain(s, usedS, c, usedC)
	explain(c, usedC, s, usedS)

	left := func(p parsedName, used []bool, fullCost float64) (n int) {
		for i, t := range p.toks {
			if used[i] {
				continue
			}
			switch t.kind {
			case fullToken:
				score -= fullCost
			case initialToken:
				score -= extraInitCost
			case minorToken:
				score -= extraInitCost
				continue // a particle alone is no conflict
			}
			n++
		}
		return n
	}
	if ls, lc := left(s, usedS, senderExtraCost), left(c, usedC, extraTokenCost); ls > 0 && lc > 0 {
		score -= conflictCost
	}
	return clamp01(score)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func clamp01(x float64) float64 {
	switch {
	case x < 0 || x != x:
		return 0
	case x > 1:
		return 1
	}
	return x
}
