package postcheck

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// requiredLiterals returns strings one of which occurs, lower-cased, in any
// text the expression matches, or ok false when no such set is known. Check
// uses it to skip a pattern whose words are nowhere in a post, which spares
// most of the regular expression work: big alternations of words are slow in
// Go's engine, and most posts contain few of their words.
func requiredLiterals(expr string) (lits []string, ok bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	return literals(re.Simplify())
}

func literals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			// The text is matched lower-cased in ASCII only, so a literal
			// with a non-ASCII cased letter cannot be looked for safely.
			if r >= 0x80 && unicode.SimpleFold(r) != r {
				return nil, false
			}
		}
		return []string{asciiLower(string(re.Rune))}, true
	case syntax.OpCapture, syntax.OpPlus:
		return literals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return literals(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			l, ok := literals(sub)
			if !ok {
				return nil, false
			}
			out = append(out, l...)
		}
		return out, true
	case syntax.OpConcat:
		// Any one child's set is required; keep the one whose shortest
		// literal is longest, which filters best.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			l, ok := literals(sub)
			if !ok {
				continue
			}
			if m := minLen(l); m > bestLen {
				best, bestLen = l, m
			}
		}
		return best, best != nil
	}
	return nil, false
}

func minLen(ss []string) int {
	m := -1
	for _, s := range ss {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}

// mayMatch reports whether one of the literals occurs in the lower-cased
// text; with no literals known it must assume a match.
func mayMatch(lits []string, ok bool, lower string) bool {
	if !ok {
		return true
	}
	for _, l := range lits {
		if strings.Contains(lower, l) {
			return true
		}
	}
	return false
}
