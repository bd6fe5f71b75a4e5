package mailparse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText renders an HTML body as plain text for reading and triage:
// the text of the document, with line breaks where blocks end, list items
// marked, and script, style and other invisible content dropped.
func HTMLToText(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil { // html.Parse accepts any input; this is for a failing reader
		return normalise(src)
	}
	var b strings.Builder
	walkHTML(&b, doc)
	return tidy(b.String())
}

func walkHTML(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(collapse(n.Data))
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
		if hasAttr(n, "hidden") {
			return
		}
		if style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", "")); strings.Contains(style, "display:none") {
			return // preheaders and tracking text hidden from the reader
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Title, atom.Noscript, atom.Template, atom.Svg, atom.Object, atom.Iframe:
			return
		case atom.Br:
			b.WriteString("\n")
			return
		case atom.Img:
			if alt := attr(n, "alt"); strings.TrimSpace(alt) != "" {
				b.WriteString(collapse(alt))
			}
			return
		case atom.Li:
			b.WriteString("\n- ")
		case atom.Td, atom.Th:
			b.WriteString(" ")
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.DataAtom)
	if block {
		b.WriteString("\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkHTML(b, c)
	}
	if block {
		b.WriteString("\n")
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Blockquote, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Tr,
		atom.Hr, atom.Address, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Main, atom.Nav, atom.Aside:
		return true
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// collapse turns runs of white space (including the non-breaking space
// mail editors scatter) into one space, as a browser does.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// tidy trims each line and keeps at most one blank line in a row.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
