package importer

import (
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format names the markup an input is written in.
type Format string

// The formats Import understands.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

type blockKind int

const (
	paragraph blockKind = iota
	heading
	listItem
)

// block is one unit of document structure: a heading, a paragraph or a list
// item. label is a run-in heading ("Email: I only…") that scopes the block.
type block struct {
	kind  blockKind
	text  string
	label string
}

var (
	htmlSniffRE = regexp.MustCompile(`(?i)^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<(?:!doctype )?html)`)
	htmlTagRE   = regexp.MustCompile(`(?i)</?(?:p|div|h[1-6]|br|li|ul|ol|body|head|table|span|a|section|article|strong|em)\b[^>]*>`)
	mdSignalRE  = regexp.MustCompile(`(?m)^#{1,6}\s+\S|^\s*[-*+]\s+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\n]*\)|^(?:=+|-{3,})\s*$|^>\s`)
)

// DetectFormat decides how to read an input: by the file extension when it
// names one, otherwise by sniffing the content.
func DetectFormat(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".md", ".markdown", ".mdown", ".mkd":
		return FormatMarkdown
	}
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	s := string(head)
	if htmlSniffRE.MatchString(s) || len(htmlTagRE.FindAllStringIndex(s, 20)) >= 6 {
		return FormatHTML
	}
	if len(mdSignalRE.FindAllStringIndex(s, 10)) >= 2 {
		return FormatMarkdown
	}
	return FormatText
}

// line is one physical line before paragraphs are rebuilt. kind is heading or
// listItem when markup says so; otherwise the layout heuristics decide.
type line struct {
	text string
	kind blockKind
}

// textLines turns plain text into lines, recognising bullets and numbers.
func textLines(s string) []line {
	raw := strings.Split(s, "\n")
	out := make([]line, 0, len(raw))
	for _, r := range raw {
		if m := bulletRE.FindStringSubmatch(r); m != nil {
			out = append(out, line{text: m[1], kind: listItem})
			continue
		}
		out = append(out, line{text: r})
	}
	return out
}

var (
	bulletRE   = regexp.MustCompile(`^\s*(?:[-*+•o▪◦]|\d{1,2}[.)]|[a-zA-Z][.)]|\((?:[a-z]|[ivx]{1,4}|\d{1,2})\))\s+(\S.*)$`)
	atxRE      = regexp.MustCompile(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	setextRE   = regexp.MustCompile(`^\s{0,3}(?:=+|-+)\s*$`)
	fenceRE    = regexp.MustCompile("^\\s{0,3}(?:```|~~~)")
	quoteRE    = regexp.MustCompile(`^\s{0,3}>\s?`)
	tableSepRE = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	imageRE    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\(([^)]*)\)`)
	refLinkRE  = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	linkDefRE  = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s+\S+`)
	strongRE   = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(?:\*\*|__)`)
	emStarRE   = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	emUnderRE  = regexp.MustCompile(`(^|[^\w])_(\S(?:[^_]*?\S)?)_([^\w]|$)`)
	codeRE     = regexp.MustCompile("`([^`]*)`")
	inlineTag  = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	escapeRE   = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>])`)
)

// markdownLines strips Markdown to lines of text, keeping headings and list
// items as structure.
func markdownLines(s string) []line {
	raw := strings.Split(s, "\n")
	out := make([]line, 0, len(raw))
	inFence := false
	for _, r := range raw {
		if fenceRE.MatchString(r) {
			inFence = !inFence
			out = append(out, line{})
			continue
		}
		if inFence {
			out = append(out, line{text: r})
			continue
		}
		if setextRE.MatchString(r) {
			// An underline makes the line above a heading; a lone rule is a break.
			if n := len(out); n > 0 && strings.TrimSpace(out[n-1].text) != "" && out[n-1].kind == paragraph {
				out[n-1].kind = heading
			}
			out = append(out, line{})
			continue
		}
		if linkDefRE.MatchString(r) || tableSepRE.MatchString(r) && strings.Contains(r, "|") {
			continue
		}
		for quoteRE.MatchString(r) {
			r = quoteRE.ReplaceAllString(r, "")
		}
		l := line{text: r}
		if m := atxRE.FindStringSubmatch(r); m != nil {
			l = line{text: m[1], kind: heading}
		} else if m := bulletRE.FindStringSubmatch(r); m != nil {
			l = line{text: m[1], kind: listItem}
		} else if strings.Count(r, "|") >= 2 {
			l = line{text: tableRow(r), kind: listItem}
		}
		l.text = stripInline(l.text)
		out = append(out, l)
	}
	return out
}

// tableRow reads a Markdown table row as "first cell: other cells", so a
// row like "| Texting | scheduling only |" reads as a labelled statement.
func tableRow(r string) string {
	var cells []string
	for _, c := range strings.Split(strings.Trim(strings.TrimSpace(r), "|"), "|") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	if len(cells) < 2 {
		return strings.Join(cells, " ")
	}
	return cells[0] + ": " + strings.Join(cells[1:], "; ")
}

// stripInline removes inline Markdown: links keep their text, images and
// tags go, emphasis marks go.
func stripInline(s string) string {
	s = imageRE.ReplaceAllString(s, "")
	s = linkRE.ReplaceAllString(s, "$1")
	s = refLinkRE.ReplaceAllString(s, "$1")
	s = codeRE.ReplaceAllString(s, "$1")
	s = inlineTag.ReplaceAllString(s, " ")
	s = strongRE.ReplaceAllString(s, "$2")
	s = emStarRE.ReplaceAllString(s, "$1")
	s = emUnderRE.ReplaceAllString(s, "$1$2$3")
	s = escapeRE.ReplaceAllString(s, "$1")
	return s
}

// linesToBlocks rebuilds paragraphs from hard-wrapped lines. A paragraph
// ends at a blank line after a finished sentence; a line that only continues
// a sentence joins it even across a blank line, as PDF exports insert blank
// lines at page and column breaks.
func linesToBlocks(ls []line) []block {
	var out []block
	var cur []string
	curKind := paragraph
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{kind: curKind, text: joinWrapped(cur)})
		}
		cur, curKind = nil, paragraph
	}
	gap, prevEnds := true, true
	for i, l := range ls {
		t := strings.TrimSpace(strings.ReplaceAll(l.text, "\t", " "))
		if t == "" {
			gap = true
			continue
		}
		switch {
		case l.kind == heading:
			flush()
			out = append(out, block{kind: heading, text: t})
			prevEnds = true
			gap = false
			continue
		case l.kind == listItem:
			flush()
			cur, curKind = []string{t}, listItem
		case (prevEnds || gap && nextText(ls, i) == "" && len(strings.Fields(t)) <= 5 && titleish(strings.Fields(t))) && looksLikeHeading(t, nextText(ls, i)):
			flush()
			out = append(out, block{kind: heading, text: t})
			prevEnds, gap = true, false
			continue
		default:
			if len(cur) > 0 && gap && prevEnds {
				flush()
			}
			cur = append(cur, t)
		}
		prevEnds = endsSentence(t)
		gap = false
	}
	flush()
	return out
}

// nextText returns the next line after i ("" when it is blank or absent).
func nextText(ls []line, i int) string {
	if i+1 < len(ls) {
		return strings.TrimSpace(ls[i+1].text)
	}
	return ""
}

// joinWrapped joins wrapped lines, closing words hyphenated at a line end.
func joinWrapped(ls []string) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			prev := ls[i-1]
			switch {
			case strings.HasSuffix(prev, "-") && len(prev) > 1 && isLetter(prev[len(prev)-2]) && startsLower(l):
				s := b.String()
				b.Reset()
				b.WriteString(s[:len(s)-1])
			case strings.HasSuffix(prev, "/"):
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	// Runs of spaces are kept: they are the word breaks of letter-spaced
	// PDF text ("d e c l i n e  i t"), closed up later.
	return strings.TrimSpace(b.String())
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// endsSentence reports whether a line ends a sentence (or a label).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"')]* `)
	if s == "" {
		return true
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':', ';':
		return true
	}
	return false
}

// looksLikeHeading decides whether a free-standing line of plain text is a
// section heading: short, not a sentence, balanced brackets, and either
// followed by a blank line or written in title case or capitals.
func looksLikeHeading(t, next string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 10 || len(t) > 90 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '(' && r != '[' {
		return false
	}
	last := t[len(t)-1]
	if strings.ContainsRune(".,;!?", rune(last)) {
		return false
	}
	if !balanced(t) {
		return false
	}
	r, _ = utf8.DecodeRuneInString(next)
	return next == "" || last == ':' || titleish(words) || strings.ToUpper(t) == t && strings.ToLower(t) != t ||
		len(words) <= 8 && unicode.IsUpper(r)
}

// balanced reports whether every bracket opened in s is closed in s; a line
// like "Messaging (SMS Mobile Phone &" is a wrapped sentence, not a heading.
func balanced(s string) bool {
	return strings.Count(s, "(") == strings.Count(s, ")") && strings.Count(s, "[") == strings.Count(s, "]")
}

var minorWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "for": true,
	"to": true, "in": true, "on": true, "by": true, "with": true, "at": true, "as": true, "&": true, "/": true, "vs": true}

// titleish reports whether most significant words are capitalised.
func titleish(words []string) bool {
	sig, caps := 0, 0
	for _, w := range words {
		w = strings.Trim(w, `"'()[]:-/`)
		if w == "" || minorWords[strings.ToLower(w)] {
			continue
		}
		sig++
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps++
		}
	}
	return sig > 0 && caps*10 >= sig*7
}

// splitLabels turns run-in headings ("Search Engines: Your counselor will…")
// into labels, so the label scopes the sentences that follow it.
func splitLabels(bs []block) []block {
	out := make([]block, 0, len(bs))
	for _, b := range bs {
		if b.kind != heading {
			if label, rest, ok := runInLabel(b.text); ok {
				if b.kind == paragraph {
					out = append(out, block{kind: heading, text: label})
					b.text = rest
				} else {
					b.label, b.text = label, rest
				}
			} else if b.kind == paragraph && looksLikeHeading(b.text, "") && titleish(strings.Fields(b.text)) {
				// A short title-case paragraph (an HTML <p><b>Email</b></p>) is a heading.
				b.kind = heading
			}
		}
		out = append(out, b)
	}
	return out
}

var sentenceInLabelRE = regexp.MustCompile(`[.!?]\s+[A-Z]`)

func runInLabel(s string) (label, rest string, ok bool) {
	i := strings.Index(s, ": ")
	if i <= 0 || i > 100 {
		return "", "", false
	}
	label, rest = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
	if rest == "" || len(strings.Fields(label)) > 12 || sentenceInLabelRE.MatchString(label) || !balanced(label) {
		return "", "", false
	}
	r, _ := utf8.DecodeRuneInString(label)
	if !unicode.IsUpper(r) && r != '(' {
		return "", "", false
	}
	r, _ = utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '(' && r != '[' {
		return "", "", false
	}
	return label, rest, true
}
